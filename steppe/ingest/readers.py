"""Read inputs (files, folders, JSON lines, RSS/Atom feeds, WARC archives) into Documents.

Every failure becomes an InputError naming the file (and line), yielded in place of the
document so a batch carries on past bad inputs.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from steppe.errors import InputError
from steppe.model import Document

MAX_BYTES = 20 * 1024 * 1024  # a single page larger than this is not an article
MAX_RECORD_BYTES = 5 * 1024 * 1024  # one JSON line, feed entry or WARC response

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".xml", ".rss", ".atom"}
WARC_EXT = {".warc"}

Item = Document | InputError


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | InputError]:
    """Expand PATHs: files as given, folders recursively (sorted, known extensions only)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for sub in sorted(p.rglob("*")):
                if sub.is_file() and not any(part.startswith(".") for part in sub.relative_to(p).parts):
                    # Markdown files in a folder are usually its documentation, not pages
                    if file_kind_by_name(sub) is not None and sub.suffix.lower() != ".md":
                        yield sub
        elif p.is_file():
            yield p
        else:
            yield InputError(str(given), "no such file or folder")


def file_kind_by_name(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".warc.gz") or name.endswith(".warc"):
        return "warc"
    ext = path.suffix.lower()
    if ext in TEXT_EXT:
        return "text"
    if ext in HTML_EXT:
        return "html"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in FEED_EXT:
        return "feed"
    return None


def sniff_kind(head: bytes) -> str:
    """Guess a file's kind from its first bytes when the name does not say."""
    if head[:2] == b"\x1f\x8b" or head.startswith(b"WARC/"):
        return "warc"
    low = head[:2048].lstrip().lower()
    if low.startswith(b"<?xml") or low.startswith(b"<rss") or low.startswith(b"<feed"):
        if b"<rss" in low or b"<feed" in low or b"<rdf" in low:
            return "feed"
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or b"<body" in low[:2048]:
        return "html"
    if low.startswith(b"{"):
        return "jsonl"
    return "text"


def decode_bytes(data: bytes, source: str) -> str:
    """Decode page bytes: UTF-8 first, then the best guess of charset_normalizer."""
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file (NUL bytes), not a text, HTML, feed or JSON-lines page")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_error = exc
    # Windows-1252 (a superset of Latin-1 for text) is by far the most common legacy web encoding;
    # guessing among all code pages on a short page is less reliable than trying it first.
    try:
        text = data.decode("cp1252")
        if not any("\x80" <= ch <= "\x9f" for ch in text) and _looks_like_text(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, f"cannot decode: not UTF-8 ({first_error.reason} at byte "
                                 f"{first_error.start}) and no other encoding fits")
    text = str(best)
    if not _looks_like_text(text):
        raise InputError(source, "binary or garbled file: not a text, HTML, feed or JSON-lines page")
    bad = sum(1 for ch in text[:20000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t\f"))
    if bad > max(5, len(text[:20000]) // 50):
        raise InputError(source, f"cannot decode: text guessed as {best.encoding} is mostly garbage")
    return text


def _looks_like_text(text: str) -> bool:
    """Mostly letters, digits, spaces and punctuation: what a page of prose is made of."""
    sample = text[:20000]
    if not sample:
        return False
    good = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in ".,;:!?'\"()-–—/%&<>=#*@[]{}_+|$€£’“”‘«»…·")
    return good / len(sample) >= 0.9


def read_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Yield a Document per input unit, or an InputError per unreadable one."""
    for entry in iter_files(paths):
        if isinstance(entry, InputError):
            yield entry
            continue
        yield from read_file(entry)


def read_file(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        size = path.stat().st_size
        kind = file_kind_by_name(path)
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    if size == 0 or not head.strip():
        yield InputError(source, "empty file")
        return
    if kind is None:
        kind = sniff_kind(head)
    if kind == "warc":
        yield from read_warc(path)
        return
    if kind == "jsonl":
        yield from read_jsonl(path)
        return
    if size > MAX_BYTES:
        yield InputError(source, f"file too large ({size / 1e6:.1f} MB > {MAX_BYTES // 2**20} MiB); "
                                 "split it or give it as JSON lines")
        return
    try:
        data = path.read_bytes()
        if kind == "feed":
            yield from read_feed(data, source)
            return
        text = decode_bytes(data, source)
    except InputError as err:
        yield err
        return
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    if not text.strip():
        yield InputError(source, "empty file")
        return
    if kind == "text" and sniff_kind(text[:4096].encode("utf-8", "replace")) == "html":
        kind = "html"
    yield Document(doc=source, raw=text, kind=kind, source=source)


def read_jsonl(path: Path) -> Iterator[Item]:
    """One document per line: {"id", "text", optional "published", "title", "url", "author", "source"}."""
    source = str(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            found = False
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                if len(line) > MAX_RECORD_BYTES:
                    yield InputError(source, f"line too large ({len(line) / 1e6:.1f} MB)", n)
                    continue
                try:
                    rec = json.loads(line.decode("utf-8-sig"))
                except UnicodeDecodeError as exc:
                    yield InputError(source, f"not UTF-8 ({exc.reason})", n)
                    continue
                except json.JSONDecodeError as exc:
                    yield InputError(source, f"not valid JSON: {exc.msg} (column {exc.colno})", n)
                    continue
                doc = document_from_record(rec, source, n)
                found = found or isinstance(doc, Document)
                yield doc
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")


def document_from_record(rec: object, source: str, line: int) -> Item:
    if not isinstance(rec, dict):
        return InputError(source, "a JSON line must be an object with 'id' and 'text'", line)
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(source, "record has no 'text' string", line)
    rid = rec.get("id")
    doc_id = str(rid) if rid not in (None, "") else f"{source}:{line}"

    def opt(key: str) -> str | None:
        val = rec.get(key)
        return str(val) if val not in (None, "") else None

    published = opt("published") or opt("date")
    return Document(doc=doc_id, raw=text, kind="prepared", source=source, url=opt("url"),
                    title=opt("title"), author=opt("author"), published=published,
                    publisher=opt("source") or opt("publisher"))


def read_feed(data: bytes, source: str) -> Iterator[Item]:
    """Each RSS/Atom entry becomes a document: full content when present, else the summary."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        yield InputError(source, f"not a readable RSS/Atom feed ({reason or 'no entries'})")
        return
    publisher = (parsed.get("feed") or {}).get("title")
    for i, entry in enumerate(entries):
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry["content"]), key=len)
        if not body:
            body = entry.get("summary", "") or ""
        if not body.strip():
            yield InputError(source, f"feed entry {i + 1} has no text")
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        link = entry.get("link")
        doc_id = link or entry.get("id") or f"{source}#{i + 1}"
        author = (entry.get("author_detail") or {}).get("name") or entry.get("author")
        yield Document(doc=doc_id, raw=body, kind="fragment", source=source, url=link,
                       title=entry.get("title"), author=author, published=published,
                       publisher=publisher)


def read_warc(path: Path) -> Iterator[Item]:
    """HTML responses (and resource records) of a WARC or WARC.gz archive."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    count = 0
    try:
        with open(path, "rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                if record.rec_type not in ("response", "resource"):
                    continue
                ctype = ""
                if record.http_headers is not None:
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{n}"
                data = record.content_stream().read(MAX_RECORD_BYTES + 1)
                if len(data) > MAX_RECORD_BYTES:
                    yield InputError(source, f"WARC record {uri} too large", n)
                    continue
                try:
                    text = decode_bytes(data, f"{source}#{uri}")
                except InputError as err:
                    yield err
                    continue
                count += 1
                # WARC-Date is the crawl time, not publication: the page's own date is read later.
                yield Document(doc=uri, raw=text, kind="html", source=source, url=uri)
    except ArchiveLoadFailed as exc:
        yield InputError(source, f"not a readable WARC archive ({str(exc).splitlines()[0]})")
        return
    except (OSError, EOFError, ValueError) as exc:
        yield InputError(source, f"broken WARC archive after {count} pages ({exc})")
        return
    if count == 0:
        yield InputError(source, "WARC archive holds no HTML responses")
