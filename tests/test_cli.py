"""Every command, through the real CLI: output shapes, exit codes, bad input, idempotent ingest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from steppe.cli import app
from tests.conftest import FIXTURES, write_jsonl, write_warc

runner = CliRunner()

STORY = """Kazakhstan and Türkiye signed an agreement on the joint production of Anka drones in Astana on 10 May 2022.

The Turkish defence minister visited Bishkek last week and met Kyrgyz officials.
"""


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    jl = write_jsonl(tmp_path / "wire.jsonl", [
        {"id": "w1", "text": "Uzbekistan and Azerbaijan held joint military exercises in October 2024.",
         "published": "2024-11-02", "title": "Drills"},
    ])
    warc = write_warc(tmp_path / "crawl.warc.gz", [("https://x.example/a", (FIXTURES / "page.html").read_text())])
    return {"story": story, "jsonl": jl, "warc": warc, "feed": FIXTURES / "feed.xml", "html": FIXTURES / "page.html"}


def test_cli_help_on_every_command():
    for cmd in ("articles", "events", "ingest", "brief", "demo"):
        res = run(cmd, "--help")
        assert res.exit_code == 0, cmd
        assert "Usage" in res.output


def test_cli_bad_usage_exits_2():
    assert run("events", "--format", "xml", "x").exit_code == 2
    assert run("nosuchcommand").exit_code == 2


def test_cli_articles_jsonl_records(inputs):
    res = run("articles", "--format", "jsonl", str(inputs["story"]), str(inputs["jsonl"]))
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["doc"] for r in rows] == [str(inputs["story"]), "w1"]
    assert set(rows[0]) == {"doc", "index", "title", "author", "published", "text"}
    assert rows[1]["published"] == "2024-11-02"


def test_cli_articles_table(inputs):
    res = run("articles", "--format", "table", str(inputs["html"]))
    assert res.exit_code == 0 and "Kyrgyzstan takes delivery" in res.stdout


def test_cli_events_contract_fields(inputs):
    res = run("events", "--format", "jsonl", str(inputs["story"]))
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows, res.output
    for r in rows:
        assert set(r) >= {"doc", "category", "event_type", "mode", "context", "actor", "recipient", "date",
                          "status", "location", "evidence", "confidence"}
        assert r["evidence"] in STORY
    agreement = [r for r in rows if r["category"] == "agreement"]
    assert agreement and {e["code"] for e in agreement[0]["actor"]} == {"KAZ", "TUR"}
    assert agreement[0]["date"] == "2022-05-10"


def test_cli_events_every_input_kind(inputs):
    for key in ("jsonl", "warc", "feed", "html"):
        res = run("events", "--format", "jsonl", str(inputs[key]))
        assert res.exit_code == 0, (key, res.output)
        assert res.stdout.strip(), key


def test_cli_bad_input_one_line_and_exit_1(tmp_path: Path, inputs):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Russia criticised Türkiye on Monday."}\n{broken\n', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = run("events", str(bad), str(empty), str(inputs["story"]))
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert any(f"{bad}:2" in e for e in errors)
    assert any(str(empty) in e and "empty" in e for e in errors)
    assert "Traceback" not in res.output
    assert str(inputs["story"]) in res.stdout  # the rest of the batch carried on


def test_cli_ingest_stores_with_provenance_and_is_idempotent(tmp_path: Path, inputs):
    db = tmp_path / "s.duckdb"
    paths = [str(inputs[k]) for k in ("story", "jsonl", "warc", "feed", "html")]
    res = run("ingest", "--db", str(db), *paths)
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(db), read_only=True)
    counts1 = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
               for t in ("documents", "articles", "sources", "events", "event_actors")}
    row = con.execute("select e.evidence, e.ev_start, e.ev_end, a.text, a.source from events e "
                      "join articles a using (article_id) limit 1").fetchone()
    con.close()
    # the WARC holds the same page as page.html: one document, two sources
    assert counts1["documents"] == 5 and counts1["events"] > 0
    assert counts1["sources"] == counts1["articles"] + 1
    evidence, start, end, text, source = row
    assert text[start:end] == evidence and source
    res2 = run("ingest", "--db", str(db), *paths)
    assert res2.exit_code == 0
    con = duckdb.connect(str(db), read_only=True)
    counts2 = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in counts1}
    con.close()
    assert counts2 == counts1
    assert "0 new documents" in res2.stderr


def test_cli_ingest_bad_input_keeps_what_was_stored(tmp_path: Path, inputs):
    db = tmp_path / "s.duckdb"
    assert run("ingest", "--db", str(db), str(inputs["story"])).exit_code == 0
    junk = tmp_path / "junk.html"
    junk.write_bytes(b"\x00\x01binary\x00")
    res = run("ingest", "--db", str(db), str(junk), str(inputs["jsonl"]))
    assert res.exit_code == 1 and str(junk) in res.stderr
    con = duckdb.connect(str(db), read_only=True)
    docs = {r[0] for r in con.execute("select doc_id from documents").fetchall()}
    con.close()
    assert docs == {str(inputs["story"]), "w1"}


def test_cli_ingest_near_duplicate_stored_once_with_both_sources(tmp_path: Path):
    base = ("Azerbaijan and Türkiye held joint military exercises near Baku on 12 September 2023, the defence "
            "ministry in Baku said. The drills involved special forces, artillery units and drones from both "
            "countries and lasted for ten days. Officials said the exercises were planned last year and would be "
            "repeated in 2024 with more units taking part from the two armies.")
    a = tmp_path / "outlet-a.txt"
    b = tmp_path / "outlet-b.txt"
    a.write_text(base + "\n", encoding="utf-8")
    b.write_text(base.replace("lasted for ten days", "lasted ten days") + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert run("ingest", "--db", str(db), str(a), str(b)).exit_code == 0
    con = duckdb.connect(str(db), read_only=True)
    n_articles = con.execute("select count(*) from articles").fetchone()[0]
    srcs = {r[0] for r in con.execute("select doc_id from sources").fetchall()}
    con.close()
    assert n_articles == 1 and srcs == {str(a), str(b)}


def test_cli_brief_sections_and_citations(tmp_path: Path, inputs):
    db = tmp_path / "s.duckdb"
    run("ingest", "--db", str(db), *[str(inputs[k]) for k in ("story", "jsonl", "feed", "html")])
    out = tmp_path / "brief.md"
    res = run("brief", "--db", str(db), "--format", "md", "-o", str(out))
    assert res.exit_code == 0, res.output
    text = out.read_text()
    for section in ("Executive Summary", "Key Takeaways", "Background", "Assessment and Scenario",
                    "Indicators to Monitor", "Conclusion", "Sources"):
        assert f"## {section}" in text
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text.split("## Sources")[0])}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", text.split("## Sources")[1], re.M)}
    assert cited and cited == listed
    html = run("brief", "--db", str(db), "--format", "html")
    assert html.exit_code == 0 and "<h2>Indicators to Monitor</h2>" in html.stdout


def test_cli_brief_rejects_bad_dates_and_missing_db(tmp_path: Path):
    assert run("brief", "--db", str(tmp_path / "none.duckdb")).exit_code == 1
    db = tmp_path / "s.duckdb"
    story = tmp_path / "s.txt"
    story.write_text(STORY)
    run("ingest", "--db", str(db), str(story))
    res = run("brief", "--db", str(db), "--since", "last tuesday")
    assert res.exit_code == 2 and "--since" in res.stderr


def test_cli_demo_writes_cited_brief(tmp_path: Path):
    out = tmp_path / "out"
    res = run("demo", "--db", str(out / "demo.duckdb"), "--out", str(out))
    assert res.exit_code == 0, res.output
    html = (out / "brief.html").read_text()
    md = (out / "brief.md").read_text()
    for section in ("Executive Summary", "Key Takeaways", "Background", "Indicators to Monitor", "Conclusion",
                    "Sources"):
        assert section in html and section in md
    assert re.search(r"\[\d+\]", md)
    assert "events by category" in res.stdout


def test_cli_export_every_format(tmp_path: Path, inputs):
    db = tmp_path / "s.duckdb"
    run("ingest", "--db", str(db), str(inputs["story"]), str(inputs["jsonl"]))
    for fmt in ("csv", "jsonl", "parquet", "plover"):
        out = tmp_path / f"ev.{fmt}"
        res = run("export", "--db", str(db), "--format", fmt, "-o", str(out))
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 0
    rows = [json.loads(line) for line in (tmp_path / "ev.jsonl").read_text().splitlines()]
    assert rows and all(r["sources"] and r["sources"][0]["evidence"] for r in rows)
    plover = json.loads((tmp_path / "ev.plover").read_text())
    assert {"id", "date", "event", "mode", "context", "source", "target", "text"} <= set(plover[0])
    con = duckdb.connect()
    assert con.execute(f"select count(*) from '{tmp_path / 'ev.parquet'}'").fetchone()[0] == len(rows)
    con.close()
    assert run("export", "--db", str(db), "--format", "xml", "-o", str(tmp_path / "x")).exit_code == 2


def test_cli_brief_html_embeds_charts_and_board(tmp_path: Path):
    out = tmp_path / "o"
    assert run("demo", "--db", str(out / "d.duckdb"), "--out", str(out)).exit_code == 0
    html = (out / "brief.html").read_text()
    for caption in ("Events per month and category", "Actor network", "Indicators: counts per window"):
        assert caption in html
    assert html.count("<svg") >= 3 and "level-normal" in html
