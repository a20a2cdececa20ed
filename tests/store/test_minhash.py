"""MinHash signatures: whatever mix of known and new sentences a text has, and whatever the state of
the per-process caches, its signature is datasketch's."""

from __future__ import annotations

import random

import pytest

from steppe.store import minhash
from steppe.store.minhash import minhash_values, shingles

SENTENCES = [
    "Azerbaijan and Türkiye held joint military exercises near Baku on 12 September 2023.",
    "The U.S. envoy met officials in Astana at 9 a.m. on Tuesday.",
    "Growth was 3.5 per cent!",
    "Why?",
    "Yes.",
    "No way.",
    "ΟΔΟΣ ΠΡΟΣ ΤΟΝ ΣΤΑΘΜΟ.",
    "Leaders of the Organization of Turkic States held a summit in Gabala.",
    "“We will cooperate,” the minister said… and left.",
    "Kazakhstan signed a defence-industry agreement with Türkiye on the joint production of drones.",
    "A heading without a full stop\n",
    "...",
    "Tashkent",
    "",
]


def _texts(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        parts = [rng.choice(SENTENCES) for _ in range(rng.randint(0, 9))]
        if rng.random() < 0.3:  # a sentence seen nowhere else
            parts.insert(rng.randint(0, len(parts)), f"Unique sentence number {rng.randint(0, 10**9)} here.")
        out.append(rng.choice([" ", "\n\n", "  ", "\n"]).join(parts))
    return out


def _datasketch(text: str):
    from datasketch import MinHash

    m = MinHash(num_perm=128)
    m.update_batch(list(shingles(text)))
    return m.hashvalues


def _empty_caches() -> None:
    for cache in (minhash._WORD_IDS, minhash._GRAM_HASHES):
        cache.clear()


@pytest.mark.parametrize("grams, block", [(minhash.GRAM_CACHE, minhash.MINHASH_BLOCK), (40, 7)])
def test_signatures_are_datasketch_signatures(monkeypatch: pytest.MonkeyPatch, grams: int, block: int) -> None:
    """Also with caches small enough to be emptied, and blocks smaller than a text's shingles."""
    monkeypatch.setattr(minhash, "GRAM_CACHE", grams)
    monkeypatch.setattr(minhash, "MINHASH_BLOCK", block)
    _empty_caches()
    for text in _texts(random.Random(7), 400):
        assert (minhash_values(text) == _datasketch(text)).all(), repr(text)
    _empty_caches()
