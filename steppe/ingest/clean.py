"""Boilerplate removal and article splitting for pages as plain text.

A page copied from a browser holds furniture around the article (log-in and ad lines, the title
and lede repeated, date lines, image credits, newsletter and navigation lists, author bios) and
sometimes several articles, one per byline. The rules work on classified lines (see lines.py):

* the body starts at the first prose line, moved past any date line, byline or repeated
  headline found among the next few lines (sites print title, lede, title, standfirst, date);
* it ends at an end marker (author bio, paywall prompt, related-articles box) or at a run of
  three or more short lines that are neither headings nor bullets (menus, footers);
* junk and credit lines are dropped inside the body, and so are repeats of earlier lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from steppe.ingest.lines import Line, byline_names, classify_lines, norm

HEADER_LOOKAHEAD = 5  # non-blank lines after the first prose line searched for header markers
NAV_RUN = 3  # this many short non-heading lines in a row end an article
CONTENT = ("prose", "bullet", "heading")


@dataclass
class Piece:
    """One article cut from a page: title, byline, date line and body paragraphs."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date_line: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def split_page(text: str, page: bool = True) -> list[Piece]:
    """Cut a page into articles. `page=False` is for text that is already an article body
    (JSON lines, feed entries, HTML main text): only junk lines and bios are dropped there."""
    lines = classify_lines(text)
    bylines = [ln for ln in lines if ln.kind == "byline" and _prose_follows(lines, ln.no)]
    pieces: list[Piece] = []
    if len(bylines) >= 2:
        starts = [b.no for b in bylines]
        header = lines[: starts[0]]
        for k, start in enumerate(starts):
            stop = starts[k + 1] if k + 1 < len(starts) else len(lines)
            piece = _extract(lines[start + 1: stop], page=page, single=False)
            piece.author = byline_names(lines[start].text)
            if k == 0 and page:
                piece.title = piece.title or _pick_title(header, lines)
            if piece.paragraphs:
                pieces.append(piece)
        return pieces
    heads = _dated_headlines(lines) if page and not bylines else []
    if len(heads) >= 2:
        # a digest page: several articles, each under its own headline and date line
        for k, start in enumerate(heads):
            stop = heads[k + 1] if k + 1 < len(heads) else len(lines)
            piece = _extract(lines[start:stop], page=True, single=False)
            if piece.paragraphs:
                pieces.append(piece)
        if len(pieces) >= 2:
            return pieces
        pieces = []
    piece = _extract(lines, page=page, single=True)
    if bylines and not piece.author:
        piece.author = byline_names(bylines[0].text)
    return [piece] if piece.paragraphs else []


def _dated_headlines(lines: list[Line]) -> list[int]:
    """Line numbers of headlines printed right above a date line and followed by prose."""
    out = []
    content = [ln for ln in lines if ln.kind != "blank"]
    for i, ln in enumerate(content[:-1]):
        nxt = content[i + 1]
        if ln.kind in ("short", "prose") and 3 <= ln.words <= 20 and not ln.text.endswith(".") \
                and not _menu_like(ln.text) and nxt.kind == "date" and _prose_follows(lines, nxt.no, within=2):
            out.append(ln.no)
    return out


def _prose_follows(lines: list[Line], at: int, within: int = 4) -> bool:
    seen = 0
    for ln in lines[at + 1:]:
        if ln.kind == "blank" or ln.kind == "credit":
            continue
        if ln.kind == "prose":
            return True
        seen += 1
        if seen >= within:
            return False
    return False


def _extract(lines: list[Line], page: bool, single: bool) -> Piece:
    piece = Piece()
    if not lines:
        return piece
    start = _body_start(lines) if page else 0
    if start is None:
        return piece
    header = [ln for ln in lines if ln.no < lines[start].no]
    if page:
        piece.title = _pick_title(header, lines)
        for ln in header:
            if ln.kind == "date" and piece.date_line is None:
                piece.date_line = ln.text
            elif ln.kind == "byline" and piece.author is None:
                piece.author = byline_names(ln.text)
        if piece.author is None:
            piece.author = _name_by_date(header, piece.title)
    body = lines[start:]
    # Section headings printed just above the body ("Executive Summary") belong to it.
    lead: list[Line] = []
    if page:
        title_seen = piece.title is None
        for ln in header:
            if piece.title and norm(ln.text) == norm(piece.title):
                title_seen = True
            elif title_seen and ln.kind == "heading":
                lead.append(ln)
    seen = {norm(piece.title)} if piece.title else set()
    kept: list[str] = []
    run = 0
    pending: list[Line] = []
    prose_seen = False
    for ln in lead + body:
        kind = ln.kind
        if kind == "blank":
            continue
        if kind == "end" and (prose_seen or not page):
            break
        if kind == "byline" and prose_seen and not single:
            break
        if piece.author and prose_seen and _is_bio(ln.text, piece.author):
            break
        if piece.author is None and prose_seen and page and _ANONYMOUS_BIO.match(ln.text):
            break
        if kind in ("junk", "credit", "end", "byline"):
            run += kind == "junk"
            if run >= NAV_RUN and page and prose_seen:
                break
            continue
        if kind == "date":
            if piece.date_line is None and not prose_seen:
                piece.date_line = ln.text
            continue
        if kind == "short":
            run += 1
            pending.append(ln)
            if run >= NAV_RUN and page and prose_seen:
                pending = []
                break
            continue
        # content line: short lines held back since the last content line were subheads
        for p in pending:
            _keep(p.text, kept, seen)
        pending = []
        run = 0
        prose_seen = prose_seen or kind == "prose"
        _keep(ln.text, kept, seen)
    if not page:
        for p in pending:
            _keep(p.text, kept, seen)
    piece.paragraphs = kept
    return piece


def _keep(text: str, kept: list[str], seen: set[str]) -> None:
    key = norm(text)
    if key in seen:
        return
    seen.add(key)
    kept.append(text)


def _body_start(lines: list[Line]) -> int | None:
    """Index (into `lines`) of the first body line, skipping title, lede and date furniture."""
    idx = [i for i, ln in enumerate(lines) if ln.kind == "prose"]
    if not idx:
        idx = [i for i, ln in enumerate(lines) if ln.kind in ("bullet", "short")]
        return idx[0] if idx else None
    limit = max(8, len(lines) * 2 // 5)
    start = idx[0]
    headlines: set[str] = set()
    for ln in lines[:start]:
        if ln.kind in ("short", "prose", "heading"):
            headlines.add(norm(ln.text))
    moved = True
    while moved:
        moved = False
        seen = 0
        for j in range(start + 1, min(len(lines), start + 40)):
            ln = lines[j]
            if ln.kind == "blank":
                continue
            seen += 1
            if seen > HEADER_LOOKAHEAD or j > limit:
                break
            marker = ln.kind in ("date", "byline") or (
                ln.kind in ("short", "prose") and norm(ln.text) in headlines)
            if marker:
                nxt = next((k for k in range(j + 1, len(lines)) if lines[k].kind == "prose"), None)
                if nxt is not None:
                    for ln2 in lines[start:nxt]:
                        headlines.add(norm(ln2.text))
                    start = nxt
                    moved = True
                break
    return start


def _pick_title(header: list[Line], lines: list[Line]) -> str | None:
    """The page's headline: a line printed twice in the header, else the first headline-like one."""
    cands = [ln for ln in header if ln.kind in ("short", "prose") and 3 <= ln.words <= 30
             and not ln.text.endswith(".") and not _menu_like(ln.text)]
    counts: dict[str, int] = {}
    for ln in header:
        counts[norm(ln.text)] = counts.get(norm(ln.text), 0) + 1
    for ln in cands:
        if counts[norm(ln.text)] >= 2:
            return ln.text
    for ln in cands:
        if ln.words >= 4:
            return ln.text
    return None


def _menu_like(text: str) -> bool:
    """'Politics  Security  Economy  More' or 'News | World | Asia': a menu, not a headline."""
    parts = [p for p in re.split(r"\s{2,}|\t|\s[|·•/]\s", text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 2 for p in parts)


def _is_bio(text: str, author: str) -> bool:
    """'Jane Doe is a fellow at ...' after the body: an author bio without a label."""
    surname = author.split(",")[0].split()[-1]
    head = text[: len(author) + 40]
    if surname not in text[: len(author) + 8]:
        return False
    return (surname in head and any(w in head for w in (" is a ", " is an ", " is the ", " is director",
                                                          " is Director", " is Research", " holds ")))


# "Jane Doe is a senior fellow at ...": a bio line after the body when the byline gave no name
_ANONYMOUS_BIO = re.compile(
    r"^(?:Dr\.?\s+|Prof\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+(?:is|was|serves as)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,4}(?:fellow|professor|analyst|researcher|journalist|correspondent|editor|director|lecturer|"
    r"scholar|expert|writer|author|student|candidate|scientist|associate|consultant|adviser|advisor|reporter|"
    r"economist|historian|officer|founder|head|chair)\b")
_PERSON_LINE = re.compile(r"^(?:Dr\.?\s+|Prof\.?\s+)?[A-Z][a-zà-ÿ'’.-]+(?:\s+[A-Z][\w'’.-]*){1,3}$")


def _name_by_date(header: list[Line], title: str | None) -> str | None:
    """A name printed alone next to the date line ('Jane Doe' / 'November 20, 2025'): the author."""
    for i, ln in enumerate(header):
        if ln.kind != "short" or not _PERSON_LINE.match(ln.text) or _menu_like(ln.text):
            continue
        if title and norm(ln.text) == norm(title):
            continue
        near = [h for h in header[max(0, i - 1):i + 2] if h is not ln]
        if any(h.kind == "date" for h in near):
            return ln.text.strip()
    return None

