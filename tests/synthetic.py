"""Synthetic news for store and watch tests: distinct documents (so that near-duplicate detection
keeps them apart) that each report one event."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = ("harvest river lantern copper orchard violin meadow granite falcon tundra pepper canyon saddle "
         "quartz willow ember glacier ribbon thimble parsley mosaic anchor cobalt juniper plateau hazel "
         "marble nutmeg oyster pebble quiver raven sable tinder umber velvet walnut yarrow zephyr basil "
         "cedar dune fennel garnet heron iris jasper kelp lilac maple nectar olive").split()


def filler(rng: random.Random, sentences: int = 3) -> str:
    """Unrelated sentences of random words: they keep each document distinct, and name no actor."""
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, 9)
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def write_docs(path: Path, docs: list[dict], seed: int = 1) -> Path:
    """docs: dicts with id, text (the event sentence), published, optional source; filler is appended."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            rec = dict(d)
            rec["text"] = d["text"] + "\n\n" + filler(rng)
            fh.write(json.dumps(rec) + "\n")
    return path
