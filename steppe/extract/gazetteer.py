"""The actor knowledge base (steppe/data/actors/*.tsv) compiled into one Aho-Corasick automaton.

An alias may name several entries ("Astana" is Kazakhstan's capital and a city; "Aliyev" two
presidents); matching keeps them all and later stages choose by role and date.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from steppe.errors import DataError
from steppe.extract.text import fold
from steppe.resources import data_path, read_tsv, split_cell

# entry kinds
STATE, ADJ, CAPITAL, PERSON, ORG, COMPANY, WEAPON, PLACE = (
    "state", "adjective", "capital", "person", "org", "company", "weapon", "place")


@dataclass(frozen=True)
class Entry:
    """One thing an alias can name."""

    code: str
    name: str
    kind: str
    sector: str | None = None
    role: str | None = None  # person: head_of_state, foreign_minister, ...; org: igo, nsa, ...
    start: str | None = None  # tenure, ISO partial
    end: str | None = None
    detail: str | None = None  # weapon kind, org members, company sector


class Match(NamedTuple):
    """An alias found in text: character span and the entries it may name (a named tuple: one is
    made for every alias in the text, and again per sentence, and tuples are the cheapest to make)."""

    start: int
    end: int
    entries: tuple[Entry, ...]

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}


@dataclass
class Gazetteer:
    automaton: ahocorasick.Automaton
    orgs: dict[str, Entry] = field(default_factory=dict)
    states: dict[str, Entry] = field(default_factory=dict)
    size: int = 0

    def display(self, code: str) -> str:
        """A readable name for a code: 'TUR' -> 'Türkiye', 'OTS' -> 'Organization of Turkic States'."""
        entry = self.states.get(code) or self.orgs.get(code)
        return entry.name if entry else code

    def find(self, text: str, folded: str | None = None) -> list[Match]:
        """Longest, leftmost, non-overlapping alias matches on word boundaries."""
        folded = fold(text) if folded is None else folded
        found: list[tuple[int, int, tuple[Entry, ...]]] = []
        n = len(folded)
        for end_idx, (length, entries, rule, alias) in self.automaton.iter(folded):
            start = end_idx - length + 1
            end = end_idx + 1
            # is_word_char, inlined (most matches are inside words: "us" in "thus")
            if start > 0 and ((c := folded[start - 1]).isalnum() or c == "_"):
                continue
            if end < n and ((c := folded[end]).isalnum() or c == "_" or c == "$"):
                continue  # "US$ 8 billion" names a currency, not the United States
            surface = text[start:end]
            if rule == "exact" and surface != alias:
                continue
            if rule == "cap" and not surface[:1].isupper():
                continue
            found.append((start, end, entries))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        out: list[Match] = []
        last = -1
        for start, end, entries in found:
            if start < last:
                continue
            out.append(Match(start, end, entries))
            last = end
        return out


RULES = ("any", "cap", "exact")  # from loosest to strictest


def case_rule(alias: str) -> str:
    """All-capital short aliases (US, UN, OTS) need exact case; capitalised ones a capital initial."""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "exact"
    if alias[:1].isupper():
        return "cap"
    return "any"


def actor_folders(folder: str | None = None) -> tuple[Path, ...]:
    """The built-in actor folder, then any analyst folders named in $STEPPE_ACTORS (os.pathsep-separated),
    whose rows add to (and for the same alias, extend) the built-in ones."""
    if folder:
        return (Path(folder),)
    extra = [Path(p) for p in os.environ.get("STEPPE_ACTORS", "").split(os.pathsep) if p.strip()]
    return (data_path("actors"), *extra)


_FOLDERS: dict[tuple[str | None, str], tuple[Path, ...]] = {}


def load_gazetteer(folder: str | None = None) -> Gazetteer:
    """Compile every TSV of the actor folders (default: steppe/data/actors plus $STEPPE_ACTORS)."""
    # called once per article: remember the folders of each setting rather than rebuild (and rehash) the paths
    key = (folder, os.environ.get("STEPPE_ACTORS", ""))
    roots = _FOLDERS.get(key)
    if roots is None:
        roots = _FOLDERS[key] = actor_folders(folder)
    return _compile(roots)


@lru_cache(maxsize=4)
def _compile(roots: tuple[Path, ...]) -> Gazetteer:
    if not any((r / "states.tsv").exists() for r in roots):
        raise DataError(f"{roots[0]}: no states.tsv: the actor knowledge base is missing")
    table: dict[str, tuple[str, str, dict[Entry, None]]] = {}
    orgs: dict[str, Entry] = {}
    states: dict[str, Entry] = {}

    def add(alias: str, entry: Entry) -> None:
        alias = alias.strip()
        if len(alias) < 2:
            return
        key = fold(alias)
        rule = case_rule(alias)
        if key in table:
            old_rule, old_alias, entries = table[key]
            entries[entry] = None
            if RULES.index(old_rule) >= RULES.index(rule):
                rule, alias = old_rule, old_alias
            table[key] = (rule, alias, entries)
        else:
            table[key] = (rule, alias, {entry: None})

    for root in roots:
        _load_folder(root, add, orgs, states)

    automaton = ahocorasick.Automaton()
    for key, (rule, alias, entries) in table.items():
        automaton.add_word(key, (len(key), tuple(entries), rule, alias))
    automaton.make_automaton()
    return Gazetteer(automaton=automaton, orgs=orgs, states=states, size=len(table))


def _load_folder(root: Path, add, orgs: dict[str, Entry], states: dict[str, Entry]) -> None:
    for row in _rows(root / "states.tsv"):
        names = split_cell(row["names"])
        if not names:
            continue
        state = Entry(row["code"], names[0], STATE, "GOV")
        states[row["code"]] = state
        for alias in names:
            add(alias, state)
        for alias in split_cell(row.get("adjectives", "")):
            add(alias, Entry(row["code"], names[0], ADJ))
        for alias in split_cell(row.get("capitals", "")):
            add(alias, Entry(row["code"], names[0], CAPITAL, "GOV", detail=alias))
    for row in _rows(root / "people.tsv"):
        entry = Entry(row["code"], row["name"], PERSON, "GOV", role=row.get("role") or None,
                      start=row.get("from") or None, end=row.get("to") or None)
        for alias in [row["name"], *split_cell(row.get("aliases", ""))]:
            add(alias, entry)
    for row in _rows(root / "organisations.tsv"):
        names = split_cell(row["names"])
        if not names:
            continue
        kind = row.get("kind") or "igo"
        entry = Entry(row["code"], names[0], ORG, "IGO" if kind in ("igo", "body") else kind.upper(),
                      role=kind, detail=row.get("members") or None)
        if kind in ("igo", "body"):
            orgs[row["code"]] = entry
        for alias in names:
            add(alias, entry)
    for row in _rows(root / "companies.tsv"):
        names = split_cell(row["names"])
        entry = Entry(row["code"], names[0], COMPANY, "COM", detail=row.get("sector") or None)
        for alias in names:
            add(alias, entry)
    for row in _rows(root / "weapons.tsv"):
        names = split_cell(row["names"])
        entry = Entry(row["code"], names[0], WEAPON, "MIL", detail=row.get("kind") or None,
                      role=row.get("maker") or None)
        for alias in names:
            add(alias, entry)
    for row in _rows(root / "places.tsv"):
        names = split_cell(row["names"])
        entry = Entry(row["code"], names[0], PLACE, detail=row.get("kind") or None)
        for alias in names:
            add(alias, entry)



def _rows(path: Path) -> list[dict[str, str]]:
    return read_tsv(path) if path.exists() else []
