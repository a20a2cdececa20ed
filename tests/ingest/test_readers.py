"""Every input kind reads into documents; every kind of bad input becomes a one-line InputError."""

from __future__ import annotations

from pathlib import Path

from steppe.errors import InputError
from steppe.ingest.readers import read_paths
from tests.conftest import FIXTURES, write_jsonl, write_warc


def _read(*paths):
    return list(read_paths([str(p) for p in paths]))


def test_readers_plain_text(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text("Kazakhstan and Türkiye signed an agreement on Tuesday.\n", encoding="utf-8")
    (doc,) = _read(p)
    assert doc.kind == "text" and doc.doc == str(p) and "Türkiye" in doc.raw


def test_readers_html_by_extension_and_by_content(tmp_path: Path):
    (doc,) = _read(FIXTURES / "page.html")
    assert doc.kind == "html"
    sniffed = tmp_path / "page.txt"
    sniffed.write_text((FIXTURES / "page.html").read_text(), encoding="utf-8")
    (doc2,) = _read(sniffed)
    assert doc2.kind == "html"


def test_readers_folder_recursive_skips_unknown_files(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("One sentence about Baku.", encoding="utf-8")
    (tmp_path / "y.html").write_text("<html><body><p>Text.</p></body></html>", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "README.md").write_text("docs", encoding="utf-8")
    docs = _read(tmp_path)
    assert sorted(Path(d.doc).name for d in docs) == ["x.txt", "y.html"]


def test_readers_jsonl_records_and_bad_lines(tmp_path: Path):
    p = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a1", "text": "Turkey sold drones to Kyrgyzstan.", "published": "2021-10-01", "title": "T"},
        {"id": "a2", "text": ""},
    ])
    with open(p, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write('{"id": "a3", "text": "Second good line."}\n')
    items = _read(p)
    docs = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.doc for d in docs] == ["a1", "a3"]
    assert docs[0].published == "2021-10-01" and docs[0].kind == "prepared"
    assert [e.line for e in errors] == [2, 3]
    assert all(str(p) in str(e) for e in errors)
    assert "not valid JSON" in str(errors[1])


def test_readers_feed_entries():
    items = _read(FIXTURES / "feed.xml")
    assert len(items) == 2
    first = items[0]
    assert first.doc == "https://test.example/2024/08/uzbek-azeri-treaty"
    assert first.published == "2024-08-22" and first.author == "Kamil Rzayev"
    assert "allied relations" in first.raw and first.kind == "fragment"
    assert items[1].published == "2024-09-02"


def test_readers_warc_and_warc_gz(tmp_path: Path):
    html = (FIXTURES / "page.html").read_text()
    for gz, name in ((True, "crawl.warc.gz"), (False, "crawl.warc")):
        p = write_warc(tmp_path / name, [("https://a.example/1", html), ("https://a.example/2", html)], gz=gz)
        docs = _read(p)
        assert [d.doc for d in docs] == ["https://a.example/1", "https://a.example/2"]
        assert all(d.kind == "html" and d.source == str(p) for d in docs)


def test_readers_bad_inputs_name_the_file(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    broken_warc = tmp_path / "broken.warc.gz"
    broken_warc.write_bytes(b"\x1f\x8b\x08\x00garbage")
    feed = tmp_path / "bad.rss"
    feed.write_text("<rss><channel><title>x</title></channel></rss>")
    missing = tmp_path / "missing.txt"
    for path, words in ((empty, "empty"), (binary, "binary"), (broken_warc, "WARC"), (feed, "feed"),
                        (missing, "no such")):
        (err,) = _read(path)
        assert isinstance(err, InputError), path
        assert str(path) in str(err) and words in str(err)
        assert "\n" not in str(err)


def test_readers_latin1_page_is_decoded(tmp_path: Path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Le président Tokaïev a visité Ankara en décembre dernier pour des entretiens.".encode("latin-1"))
    (doc,) = _read(p)
    assert "Tokaïev" in doc.raw


def test_readers_huge_file_refused(tmp_path: Path, monkeypatch):
    from steppe.ingest import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    p = tmp_path / "huge.txt"
    p.write_text("word " * 1000)
    (err,) = _read(p)
    assert isinstance(err, InputError) and "too large" in str(err)


def test_readers_random_bytes_without_nul_are_refused(tmp_path: Path):
    import random

    rnd = random.Random(7)
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(rnd.choice(range(1, 256)) for _ in range(5000)))
    (err,) = _read(p)
    assert isinstance(err, InputError) and str(p) in str(err)
