"""MinHash by cached segments: whatever mix of known and new sentences a text has, its signature is
datasketch's."""

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
    for cache in (minhash._SEGMENTS, minhash._SEEN, minhash._TRIPLES, minhash._WORD_IDS, minhash._GRAM_HASHES):
        cache.clear()


@pytest.mark.parametrize("segments, triples, block", [
    (minhash.SEGMENT_CACHE, minhash.TRIPLE_CACHE, minhash.MINHASH_BLOCK), (12, 5, minhash.MINHASH_BLOCK), (400, 50, 7)])
def test_signatures_by_segments_are_datasketch_signatures(monkeypatch: pytest.MonkeyPatch,
                                                          segments: int, triples: int, block: int) -> None:
    """Also with caches small enough to be emptied, and blocks smaller than a segment's shingles."""
    monkeypatch.setattr(minhash, "SEGMENT_CACHE", segments)
    monkeypatch.setattr(minhash, "TRIPLE_CACHE", triples)
    monkeypatch.setattr(minhash, "MINHASH_BLOCK", block)
    minhash._MINS.clear()  # a table of SEGMENT_CACHE rows
    _empty_caches()
    paths = {"whole": 0, "segments": 0}
    whole, from_segments = minhash._whole, minhash._from_segments
    monkeypatch.setattr(minhash, "_whole", lambda low: paths.__setitem__("whole", paths["whole"] + 1) or whole(low))
    monkeypatch.setattr(minhash, "_from_segments", lambda low, entries: paths.__setitem__(
        "segments", paths["segments"] + 1) or from_segments(low, entries))
    for text in _texts(random.Random(7), 400):
        assert (minhash_values(text) == _datasketch(text)).all(), repr(text)
    assert paths["segments"] > 50 and paths["whole"] > 10  # both ways taken
    _empty_caches()
    minhash._MINS.clear()


def test_a_text_cut_into_one_word_segments() -> None:
    """Shingles across cuts that span three segments (segments of a single word)."""
    _empty_caches()
    text = "Alpha. Beta. Gamma delta. Epsilon! Zeta eta theta. Iota."
    for _ in range(3):  # hashed whole, then its segments cached, then from the cache
        assert (minhash_values(text) == _datasketch(text)).all()
    assert all(s in minhash._SEGMENTS for s in minhash._CUT.split(text.lower()))
    _empty_caches()
