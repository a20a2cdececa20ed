"""Length-preserving folding (case, accents, quotes) so offsets in folded text are offsets in the text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A sum of money: "US$ 2.7 billion", "$200 million", "12 million euros" (used by several rules)
MONEY = (r"(?:US\$|\$|€|£)\s?[\d.,]+\s*(?:million|billion|bn|m)\b"
         r"|\b[\d.,]+\s*(?:million|billion)\s+(?:dollars|euros|yuan|roubles|rubles)\b")

# A year of recent history, not part of a longer number, range or sum: "2019", not "$2019" or "2019-20"
# (written with the digits first so that `re` can skip to a 1 or a 2 instead of testing every position)
RECENT_YEAR = r"(?:1(?<![\d$-]1)9[5-9]|2(?<![\d$-]2)0[0-4])\d(?![\d-])"


def words(alternatives: str) -> str:
    """The '|'-separated words as one group factored by shared prefixes ("after|although" ->
    "a(?:fter|lthough)"): `re` tries the alternatives of a group one after another, so a long list
    costs an attempt per word at every position, the factored group one per character. It matches
    the same words; where one word begins another the longer is tried first, which changes nothing
    when a word boundary or a space must follow (the only use here)."""
    root: dict = {}
    for word in alternatives.split("|"):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _tree(root) + ")"


def initials(alternatives: str) -> str:
    """A character class of the first letters of the '|'-separated words, in both cases: a look-ahead
    with it lets `re` leave a position at once where none of the words can start."""
    first = sorted({w[0] for w in alternatives.split("|")})
    return "[" + "".join(first) + "".join(c.upper() for c in first if c.upper() != c) + "]"


def _tree(node: dict) -> str:
    branches = [re.escape(ch) + _tree(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"


# Letters whose decomposition does not yield an ASCII base letter, and punctuation variants.
_SPECIAL = {
    "ı": "i", "İ": "i", "ə": "a", "Ə": "a", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "ß": "s", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o", "ð": "d", "þ": "t", "ʻ": "'", "ʼ": "'", "‘": "'",
    "’": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-",
    "‐": "-", "‑": "-", "‒": "-", "−": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": " ",
}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80, 0x2100):
        ch = chr(cp)
        if ch in _SPECIAL:
            table[cp] = _SPECIAL[ch]
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base.lower()
        elif len(ch.lower()) != 1:
            table[cp] = ch
    for ch, rep in _SPECIAL.items():
        table[ord(ch)] = rep
    return table


# what the table can change: non-ASCII characters and the backtick (translating only these runs
# gives the same string as translating all of it, three times faster on news text)
_MAPPED_RUN = re.compile(r"[^\x00-\x5f\x61-\x7f]+")


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(_table())


def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes/dashes without changing the string's length."""
    out = _MAPPED_RUN.sub(_translate_run, text).lower()
    if len(out) != len(text):  # a character outside the table changed length on lowering
        out = "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_table()))
    return out


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
