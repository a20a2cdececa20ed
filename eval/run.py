#!/usr/bin/env python3
"""Evaluate steppe against the shared gold data and print the scorer's figures.

    python eval/run.py                 # articles + events on the dev pages, PLOVER gold sentences
    python eval/run.py --gate          # also fail (exit 1) when a figure drops below eval/baseline.json
    python eval/run.py --details       # list missed and spurious events

The gold data and the scorer live in ../shared (not part of this repository); when they are
absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STEPPE_SHARED", ROOT.parent / "shared"))
BASELINE = ROOT / "eval" / "baseline.json"


def steppe_cmd() -> list[str]:
    return [sys.executable, "-m", "steppe"]


def run(cmd: list[str], out: Path | None = None) -> str:
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if res.returncode not in (0, 1):
        sys.exit(f"command failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr}")
    if out is not None:
        out.write_text(res.stdout, encoding="utf-8")
    return res.stdout


def score(kind: str, gold: Path, pred: Path, extra: list[str] | None = None) -> dict:
    text = run([sys.executable, str(SHARED / "eval" / "score.py"), kind, "--gold", str(gold), "--pred",
                str(pred), "--json", *(extra or [])])
    return json.loads(text)


def evaluate(details: bool = False) -> dict[str, dict]:
    seeds = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    gsr_gold = SHARED / "benchmarks" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        run([*steppe_cmd(), "articles", "--format", "jsonl", *map(str, seeds)], t / "articles.jsonl")
        run([*steppe_cmd(), "events", "--format", "jsonl", *map(str, seeds)], t / "events.jsonl")
        run([sys.executable, str(SHARED / "eval" / "score.py"), "gsr-input", "--gold", str(gsr_gold)],
            t / "gsr.jsonl")
        run([*steppe_cmd(), "events", "--format", "jsonl", str(t / "gsr.jsonl")], t / "gsr-events.jsonl")
        figures = {
            "articles": score("articles", SHARED / "eval" / "dev", t / "articles.jsonl"),
            "events": score("events", SHARED / "eval" / "dev", t / "events.jsonl"),
            "gsr": score("gsr", gsr_gold, t / "gsr-events.jsonl"),
        }
    if not details:
        for key in ("missed_examples", "spurious_examples"):
            figures["events"].pop(key, None)
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gate", action="store_true", help="compare with eval/baseline.json floors")
    ap.add_argument("--details", action="store_true", help="show missed and spurious events")
    args = ap.parse_args()
    if not (SHARED / "eval" / "score.py").exists():
        print(f"no gold data at {SHARED}; nothing to evaluate")
        return 0
    figures = evaluate(args.details)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.gate:
        floors = json.loads(BASELINE.read_text())
        bad = []
        for part, keys in floors.items():
            for key, floor in keys.items():
                got = figures[part].get(key)
                if got is None or got < floor:
                    bad.append(f"{part}.{key}: {got} < {floor}")
        if bad:
            print("regressions:\n  " + "\n  ".join(bad))
            return 1
        print("all figures at or above eval/baseline.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
