"""`steppe bench`: throughput, memory and ingest speed of the real CLI on a replicated corpus.

Every figure is measured from outside, on the commands a user runs: `steppe events --workers K`
and `steppe ingest --workers 2` as subprocesses, wall-clock timed with start-up included, their
peak memory read from the kernel (see steppe/scale/measure.py). The baseline is a bare regular
expression tokeniser over the same text in one process.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from steppe.errors import SteppeError
from steppe.resources import PACKAGE_DIR
from steppe.scale.corpus import Corpus, build_corpus, head_corpus, iter_texts
from steppe.scale.measure import RunStats, run_measured, steppe_command

TARGETS = {  # the targets on a 2-core machine
    "sentences_per_s_2workers": (">=", 7000.0),
    "ratio_to_tokenizer": ("<=", 25.0),
    "peak_rss_mb": ("<=", 1024.0),
    "ingest_to_events": (">=", 0.8),
}
TOKEN = r"\w+|[^\w\s]"


def run_bench(sentences: int = 50_000, json_path: Path | str | None = None,
              console: Console | None = None) -> dict[str, Any]:
    """Build a corpus of at least `sentences` sentences, measure, print a table, write JSON; returns the figures."""
    console = console or Console()
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="steppe-bench-") as tmp:
        figures = _measure(Path(tmp), sentences, console)
    figures["machine"] = machine | {"load_average_1min_end": machine_info().get("load_average_1min")}
    figures["coder"] = coder_info()
    table = render_table(figures)
    console.print(table)
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {json_path}", markup=False)
    return figures


def _measure(tmp: Path, sentences: int, console: Console) -> dict[str, Any]:
    def step(text: str) -> None:
        console.print(f"[dim]{time.strftime('%H:%M:%S')} {text}[/dim]")

    step(f"building a corpus of {sentences:,} sentences")
    corpus = build_corpus(tmp / "corpus.jsonl", sentences)
    quarter = head_corpus(corpus, tmp / "quarter.jsonl", corpus.documents // 4)
    env = _env()
    runs: dict[str, RunStats] = {}
    outputs: dict[int, str] = {}
    for k in (1, 2):
        step(f"steppe events --workers {k} ({corpus.documents:,} documents)")
        out = tmp / f"events-{k}.jsonl"
        runs[f"events_{k}"] = _check(run_measured(steppe_command("events", "--workers", str(k), str(corpus.path)),
                                                  out, env), "events")
        outputs[k] = _digest(out)
    step(f"steppe events --workers 1 on a quarter of the corpus ({quarter.documents:,} documents)")
    runs["events_1_quarter"] = _check(run_measured(steppe_command("events", "--workers", "1", str(quarter.path)),
                                                   tmp / "events-q.jsonl", env), "events")
    step("bare tokeniser")
    tok_s = tokenizer_seconds(corpus.path)
    step("steppe ingest --workers 2 into a new database")
    db = tmp / "bench.duckdb"
    runs["ingest"] = _check(run_measured(steppe_command("ingest", "--db", str(db), "--workers", "2", str(corpus.path)),
                                         tmp / "ingest.out", env), "ingest")
    stored = _stored(db)
    return _figures(corpus, quarter, runs, outputs[1] == outputs[2], tok_s, stored)


def _figures(corpus: Corpus, quarter: Corpus, runs: dict[str, RunStats], same_output: bool,
             tok_s: float, stored: dict[str, int]) -> dict[str, Any]:
    one, two = runs["events_1"], runs["events_2"]
    ingest = runs["ingest"]
    events_peak = max(r.peak_mb for k, r in runs.items() if k.startswith("events"))
    fig: dict[str, Any] = {
        "sentences_per_s_1worker": round(corpus.sentences / one.wall_s, 1),
        "sentences_per_s_2workers": round(corpus.sentences / two.wall_s, 1),
        "docs_per_s_1worker": round(corpus.documents / one.wall_s, 2),
        "docs_per_s_2workers": round(corpus.documents / two.wall_s, 2),
        "speedup_2workers": round(one.wall_s / two.wall_s, 2),
        "same_output_1_and_2_workers": same_output,
        "tokenizer_s": round(tok_s, 4),
        "ratio_to_tokenizer": round(one.wall_s / tok_s, 1),
        "peak_rss_mb": round(max(events_peak, ingest.peak_mb), 1),
        "events_peak_rss_mb": round(events_peak, 1),
        "events_1worker_peak_rss_mb": round(one.peak_mb, 1),
        "events_1worker_peak_rss_mb_quarter_corpus": round(runs["events_1_quarter"].peak_mb, 1),
        "events_2workers_peak_rss_mb": round(two.peak_mb, 1),
        "ingest_peak_rss_mb": round(ingest.peak_mb, 1),
        "ingest_docs_per_s": round(corpus.documents / ingest.wall_s, 2),
        "ingest_sentences_per_s": round(corpus.sentences / ingest.wall_s, 1),
        "ingest_workers": 2,
        "ingest_to_events": round(two.wall_s / ingest.wall_s, 3),
        "ingest_stored": stored,
        "corpus": {"documents": corpus.documents, "sentences": corpus.sentences, "characters": corpus.chars,
                   "source_articles": corpus.base_articles, "format": "jsonl",
                   "quarter_documents": quarter.documents, "quarter_sentences": quarter.sentences},
        "runs": {k: {"wall_s": round(r.wall_s, 3), "max_process_rss_mb": _r(r.max_rss_mb),
                     "tree_mb": _r(r.tree_mb)} for k, r in runs.items()},
    }
    fig["targets"] = {key: _met(fig[key], op, bound) for key, (op, bound) in TARGETS.items()}
    return fig


def tokenizer_seconds(path: Path, repeat: int = 3) -> float:
    """Median time of the bare tokeniser over the corpus texts (loaded first, not timed)."""
    texts = list(iter_texts(path))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            re.findall(TOKEN, text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def render_table(fig: dict[str, Any]) -> Table:
    c, s = fig["corpus"], fig["ingest_stored"]
    table = Table("measure", "value", "target", "met",
                  title=f"steppe bench: {c['documents']:,} docs, {c['sentences']:,} sentences, "
                        f"{fig['machine']['cpus']} CPUs")
    met = fig["targets"]

    def row(label: str, value: str, key: str | None = None) -> None:
        target = f"{TARGETS[key][0]} {TARGETS[key][1]:g}" if key else ""
        table.add_row(label, value, target, ("yes" if met[key] else "NO") if key else "")

    row("events, 1 worker", f"{fig['sentences_per_s_1worker']:,.0f} sent/s, {fig['docs_per_s_1worker']:,.0f} docs/s")
    row("events, 2 workers", f"{fig['sentences_per_s_2workers']:,.0f} sent/s, {fig['docs_per_s_2workers']:,.0f} docs/s",
        "sentences_per_s_2workers")
    row("2 workers: speed-up, order", f"{fig['speedup_2workers']:.2f}x, "
                                      f"{'same output' if fig['same_output_1_and_2_workers'] else 'OUTPUT DIFFERS'}")
    row("bare tokeniser", f"{fig['tokenizer_s']:.3f} s")
    row("events 1 worker / tokeniser", f"{fig['ratio_to_tokenizer']:.1f}x", "ratio_to_tokenizer")
    row("peak memory, all runs", f"{fig['peak_rss_mb']:,.0f} MiB", "peak_rss_mb")
    row("events memory, 1 worker", f"{fig['events_1worker_peak_rss_mb']:,.0f} MiB (quarter corpus: "
                                   f"{fig['events_1worker_peak_rss_mb_quarter_corpus']:,.0f})")
    row("events memory, 2 workers", f"{fig['events_2workers_peak_rss_mb']:,.0f} MiB")
    row("ingest memory", f"{fig['ingest_peak_rss_mb']:,.0f} MiB")
    row(f"ingest, {fig['ingest_workers']} workers", f"{fig['ingest_sentences_per_s']:,.0f} sent/s, "
                                                    f"{fig['ingest_docs_per_s']:,.1f} docs/s")
    row("ingest / events, 2 workers", f"{fig['ingest_to_events']:.2f}", "ingest_to_events")
    row("event coder", fig["coder"]["build"])
    row("stored articles, events", f"{s['articles']:,} ({s['folded']:,} folded), {s['events']:,}")
    return table


def coder_info() -> dict[str, Any]:
    """How the measured event coder runs: compiled by mypyc at install, or as Python (and why)."""
    import steppe.extract as extract

    native = extract.compiled()
    return {"compiled": native, "build": "compiled (mypyc)" if native else f"Python ({extract.WHY_PYTHON})"}


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {"cpus": os.cpu_count(), "platform": platform.platform(),
                            "python": platform.python_version(), "processor": platform.processor() or None}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        info["processor"] = model.group(1).strip() if model else info["processor"]
        mem = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(encoding="ascii"), re.M)
        info["memory_gib"] = round(int(mem.group(1)) / 2**20, 1) if mem else None
    except OSError:
        pass
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
        # other work on the machine skews every figure: say how busy it was
        info["load_average_1min"] = round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        pass
    return info


def _met(value: float, op: str, bound: float) -> bool:
    return value >= bound if op == ">=" else value <= bound


def _r(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _check(stats: RunStats, what: str) -> RunStats:
    if stats.returncode != 0:
        last = stats.stderr.strip().splitlines()[-1:] or ["no message"]
        raise SteppeError(f"bench: steppe {what} exited with {stats.returncode}: {last[0]}")
    return stats


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stored(db: Path) -> dict[str, int]:
    from steppe.store.store import Store

    with Store(db, read_only=True) as store:
        counts = store.counts()
        found = store.query("SELECT coalesce(sum(n_articles), 0) AS n FROM documents")[0]["n"]
    return {"documents": counts["documents"], "articles": counts["articles"], "events": counts["events"],
            "folded": int(found) - counts["articles"]}


def _env() -> dict[str, str]:
    """The subprocesses import the same steppe as this process, whatever the working directory."""
    env = dict(os.environ)
    root = str(PACKAGE_DIR.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env
