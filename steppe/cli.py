"""The `steppe` command line: one command per stage, each a thin shell over the library.

Exit codes: 0 ok, 1 some input failed (the rest was processed), 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from steppe.errors import InputError, SteppeError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="steppe: strategic warning from open sources on Turkic-states security cooperation.")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class ListFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


Paths = Annotated[list[Path], typer.Argument(help="Files or folders: text, HTML, .jsonl, RSS/Atom, WARC.",
                                             show_default=False)]
DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")]


def report_error(error: InputError | SteppeError) -> None:
    """One line on standard error naming the input; never a traceback."""
    err.print(f"error: {error}", markup=False)


def _progress(total: int | None, label: str) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _out_line(text: str) -> None:
    sys.stdout.write(text + "\n")


@app.command("articles")
def articles_cli(paths: Paths, format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.jsonl,
                 workers: WorkersOpt = 1) -> None:
    """Print the articles found in PATHs (boilerplate removed, pages split), without storing them.

    Example: steppe articles --format jsonl ../shared/corpus/seeds > articles.jsonl
    """
    from steppe.run import process_paths

    failed = 0
    rows = []
    for outcome in process_paths([str(p) for p in paths], workers=workers, extract=False):
        if outcome.error:
            report_error(outcome.error)
            failed += 1
            continue
        for art in outcome.articles:
            if format is ListFormat.jsonl:
                _out_line(json.dumps(art.record(), ensure_ascii=False))
            else:
                rows.append(art)
    if format is ListFormat.table:
        table = Table("doc", "#", "title", "author", "published", "words")
        for a in rows:
            table.add_row(Path(a.doc).name, str(a.index), a.title or "", a.author or "", a.published or "",
                          str(len(a.text.split())))
        out.print(table)
    raise typer.Exit(1 if failed else 0)


@app.command("events")
def events_cli(paths: Paths, format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.jsonl,
               workers: WorkersOpt = 1) -> None:
    """Print the events extracted from PATHs (one JSON object per line), without storing them.

    Example: steppe events --format jsonl ../shared/corpus/seeds > events.jsonl
    """
    from steppe.pipeline import document_events
    from steppe.run import process_paths

    failed = 0
    table = Table("doc", "date", "category", "type", "status", "actor", "recipient", "evidence")
    # JSON lines are written where the events are extracted (the worker processes with --workers)
    render = _event_lines if format is ListFormat.jsonl else None
    for outcome in process_paths([str(p) for p in paths], workers=workers, render=render):
        if outcome.error:
            report_error(outcome.error)
            failed += 1
            continue
        for line in outcome.lines or ():
            _out_line(line)
        for rec in document_events(outcome.articles):
            if format is ListFormat.jsonl:
                _out_line(json.dumps(rec, ensure_ascii=False))
            else:
                table.add_row(Path(rec["doc"]).name, rec["date"] or "", rec["category"], rec["event_type"] or "",
                              rec["status"], ",".join(e["code"] for e in rec["actor"]),
                              ",".join(e["code"] for e in rec["recipient"]), rec["evidence"][:80])
    if format is ListFormat.table:
        out.print(table)
    raise typer.Exit(1 if failed else 0)


def _event_lines(articles: list) -> list[str]:
    """The JSON lines of a document's events (`steppe events --format jsonl`)."""
    from steppe.pipeline import document_events

    return [json.dumps(rec, ensure_ascii=False) for rec in document_events(articles)]


@app.command("ingest")
def ingest_cli(paths: Paths, db: DbOpt = Path("steppe.duckdb"), workers: WorkersOpt = 1,
               batch: Annotated[int, typer.Option("--batch", min=1, help="Documents per transaction.")] = 200
               ) -> None:
    """Read PATHs, extract events and store everything with provenance in the database.

    Re-ingesting the same input adds nothing; near-duplicate articles are stored once with all
    their sources. Example: steppe ingest --db news.duckdb feeds/ archive.warc.gz
    """
    from steppe.ingest_db import ingest

    try:
        result, failed = ingest([str(p) for p in paths], db, workers=workers, batch=batch,
                                on_error=report_error, progress=_progress(None, "ingest"))
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(1) from None
    err.print(f"{db}: {result.documents} new documents ({result.skipped_documents} already stored), "
              f"{result.articles} articles, {result.duplicates} duplicates, {result.events} events"
              + (f"; {failed} inputs failed" if failed else ""), markup=False)
    raise typer.Exit(1 if failed else 0)


@app.command("brief")
def brief_cli(db: DbOpt = Path("steppe.duckdb"),
              since: Annotated[str | None, typer.Option("--since", help="First event date (YYYY[-MM[-DD]]).")] = None,
              until: Annotated[str | None, typer.Option("--until", help="Last event date (YYYY[-MM[-DD]]).")] = None,
              format: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
              output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")] = None,
              ) -> None:
    """Write an intelligence brief from the stored events, every sentence cited.

    Example: steppe brief --db steppe.duckdb --since 2024-01 --format html -o brief.html
    """
    from steppe.report.brief import build_brief, render_brief

    _check_db(db)
    try:
        brief = build_brief(db, since=since, until=until)
        text = render_brief(brief, format.value)
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(2 if "date" in str(exc) else 1) from None
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)
    else:
        sys.stdout.write(text)


@app.command("demo")
def demo_cli(db: DbOpt = Path("steppe-out/demo.duckdb"),
             out_dir: Annotated[Path, typer.Option("--out", help="Folder for the brief.")] = Path("steppe-out"),
             ) -> None:
    """Ingest the built-in demo corpus into a fresh database and write the brief (HTML and Markdown).

    Example: steppe demo --out steppe-out
    """
    from steppe.demo import run_demo

    try:
        summary = run_demo(db, out_dir, on_error=report_error, progress=_progress(None, "demo"))
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(1) from None
    for line in summary:
        out.print(line, markup=False)


class WatchFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("watch")
def watch_cli(db: DbOpt = Path("steppe.duckdb"),
              watchlist: Annotated[Path | None, typer.Option("--watchlist", help="Watchlist YAML "
                                                             "(default: OTS defence cooperation).")] = None,
              as_of: Annotated[str | None, typer.Option("--as-of", help="Evaluate at this date "
                                                        "(default: the latest event).")] = None,
              format: Annotated[WatchFormat, typer.Option("--format", "-f")] = WatchFormat.table,
              alerts: Annotated[bool, typer.Option("--alerts", help="Only indicators that crossed a threshold "
                                                   "since the last run.")] = False,
              ) -> None:
    """Evaluate the watchlist's indicators: count, baseline, trend, level and evidence; keep the run
    so that `--alerts` shows what crossed a threshold since the previous one.

    Example: steppe watch --db news.duckdb --format json --alerts
    """
    from steppe.store.store import Store
    from steppe.watch.alerts import run_watch

    _check_db(db)
    try:
        with Store(db) as store:
            report = run_watch(store, watchlist, as_of)
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(2 if "--as-of" in str(exc) else 1) from None
    if format is WatchFormat.json:
        _out_line(json.dumps(report.as_dict(alerts_only=alerts), ensure_ascii=False, default=str))
        return
    if alerts:
        if not report.alerts:
            out.print(f"No indicator crossed a threshold since the last run (as of {report.as_of}).", markup=False)
        for a in report.alerts:
            out.print(f"ALERT {a['name']}: {a['previous_level']} -> {a['level']} ({a['count']} events in "
                      f"{a['window']['start']}..{a['window']['end']}, baseline {a['baseline']})", markup=False)
            for e in a["events"][:10]:
                out.print(f"  {e['date']} {e['category']} {','.join(e['actor'])}->{','.join(e['recipient'])}: "
                          f"{(e['evidence'] or '')[:100]}", markup=False)
        return
    table = Table("indicator", "level", "trend", "count", "baseline", "window", "top evidence",
                  title=f"{report.watchlist.name}, as of {report.as_of}")
    for st in report.states:
        top = st.evidence[0] if st.evidence else None
        last = st.last_seen[0] if st.last_seen and not top else None
        shown = (f"{top['date']}: {(top['evidence'] or '')[:70]}" if top else
                 f"last seen {last['date']}: {(last['evidence'] or '')[:60]}" if last else "none recorded")
        table.add_row(st.name, st.level, st.trend, str(st.count), f"{st.baseline:.1f}",
                      f"{st.current[0]}..{st.current[1]}", shown)
    out.print(table)


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    plover = "plover"


@app.command("export")
def export_cli(format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
               output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
               db: DbOpt = Path("steppe.duckdb"),
               since: Annotated[str | None, typer.Option("--since", help="First event date.")] = None,
               until: Annotated[str | None, typer.Option("--until", help="Last event date.")] = None,
               ) -> None:
    """Export merged events with their sources as CSV, JSON lines, Parquet or PLOVER JSON.

    Example: steppe export --db news.duckdb --format plover -o events.json
    """
    from steppe.store.export import export_events
    from steppe.store.store import Store

    _check_db(db)
    try:
        with Store(db, read_only=True) as store:
            n = export_events(store, format.value, output, since, until)
    except (SteppeError, OSError) as exc:
        report_error(exc if isinstance(exc, SteppeError) else SteppeError(f"{output}: {exc}"))
        raise typer.Exit(1) from None
    err.print(f"wrote {n} events to {output}", markup=False)


@app.command("serve")
def serve_cli(db: DbOpt = Path("steppe.duckdb"),
              host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
              port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
              token: Annotated[str | None, typer.Option("--token", envvar="STEPPE_TOKEN",
                                                        help="Access token; required off loopback.")] = None,
              ) -> None:
    """Serve the analyst workbench (dashboard and REST API, OpenAPI at /docs) over the database.

    Example: steppe serve --db news.duckdb --port 8000
    """
    from steppe.web.serve import serve

    _check_db(db)
    try:
        serve(db, host=host, port=port, token=token)
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(2 if "token" in str(exc) else 1) from None


@app.command("bench")
def bench_cli(sentences: Annotated[int, typer.Option("--sentences", min=1000, help="Corpus size in sentences.")]
              = 50000,
              json_path: Annotated[Path | None, typer.Option("--json", help="Also write the figures here.")] = None,
              ) -> None:
    """Measure throughput (sentences/s, docs/s with 1 and 2 workers), peak memory and ingest speed.

    Example: steppe bench --sentences 50000 --json bench.json
    """
    from steppe.bench import run_bench

    try:
        run_bench(sentences, json_path, console=out)
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(1) from None


@app.command("spark-events")
def spark_events_cli(input_path: Annotated[str, typer.Argument(metavar="INPUT", help="JSONL or Parquet documents.")],
                     output_path: Annotated[str, typer.Argument(metavar="OUTPUT", help="Parquet folder for events.")],
                     master: Annotated[str, typer.Option("--master", help="Spark master URL.")] = "local[2]",
                     ) -> None:
    """Extract events on Apache Spark with the same per-document function, writing Parquet.

    Example: steppe spark-events docs.jsonl events.parquet --master local[2]
    """
    from steppe.scale.spark import spark_events

    try:
        summary = spark_events(input_path, output_path, master=master)
    except SteppeError as exc:
        report_error(exc)
        raise typer.Exit(1) from None
    err.print(summary, markup=False)


def _check_db(db: Path) -> None:
    if not db.exists():
        report_error(SteppeError(f"{db}: no such database (run `steppe ingest --db {db} PATH...` first)"))
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point alias
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
