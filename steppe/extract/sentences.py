"""Split article text into sentences with character offsets and paragraph numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens ending in a period that do not end a sentence when a capitalised word follows.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep pres amb st jr sr rev hon no nos vol
vs etc inc ltd co corp dept univ est approx jan feb mar apr jun jul aug sep sept oct nov dec fig
e.g i.e u.s u.k u.n u.s.a e.u a.m p.m al
""".split())

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARA = re.compile(r"\n\s*\n|\n")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")  # U.S, U.N


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`; paragraphs (lines) never share a sentence."""
    out: list[Sentence] = []
    pos = 0
    para = 0
    for m in list(_PARA.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        _split_block(text, pos, end, para, out)
        if m:
            pos = m.end()
            para += 1
    return out


def _split_block(text: str, start: int, end: int, para: int, out: list[Sentence]) -> None:
    block = text[start:end]
    cut = 0
    for m in _BOUNDARY.finditer(block):
        if not _real_boundary(block, m.start(), m.group(0)):
            continue
        _add(text, start + cut, start + m.end(), para, out)
        cut = m.end()
    _add(text, start + cut, end, para, out)


def _real_boundary(block: str, at: int, punct: str) -> bool:
    if not punct.startswith("."):
        return True
    # the word before the stop: the run of [\w.] ending at `at` (what re.search(r"([\w.]+)$", block[:at])
    # finds, without scanning the whole block for every stop)
    stop = at - 1 if block[at - 1:at] == "\n" else at  # "$" also matches before a final newline
    i = stop
    while i > 0 and ((c := block[i - 1]).isalnum() or c == "_" or c == "."):
        i -= 1
    if i == stop:
        return True
    token = block[i:stop].lower().rstrip(".")
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():  # an initial: "Svante E. Cornell"
        return False
    if _DOTTED.fullmatch(token):  # U.S, U.N
        return False
    return True


def _add(text: str, start: int, end: int, para: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, para, text[start:end]))
