"""The trigger lexicon (data/lexicon/events.yaml, roles.yaml) compiled into one automaton.

Every phrase is stored with all its tags: a word may be a trigger of several frames, a theme
noun and a cue at once ("summit" is a meeting trigger and a meeting theme).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

from steppe.errors import DataError
from steppe.extract.text import fold
from steppe.resources import load_yaml

_VOWELS = "aeiou"


@dataclass(frozen=True)
class Frame:
    """One way of coding a trigger: category, PLOVER type, contexts, roles, optional theme."""

    id: str
    category: str
    event_type: str | None
    context: tuple[str, ...]
    roles: str
    theme: str | None = None
    mode: str | None = None
    speech: bool = False
    status: str | None = None  # a status the trigger itself implies ("invited for a visit": future)
    absorbs_theme: bool = False  # the theme is what the act undoes ("cancelled the talks"): no event of its own


@dataclass(frozen=True)
class Tag:
    """What a phrase is: kind in trigger | theme | light | cue | sector | group | pronoun | commentator."""

    kind: str
    value: str
    pos: str = ""  # verb | noun | weak (abstract noun) for triggers


@dataclass
class Lexicon:
    frames: dict[str, Frame]
    frame_order: list[str]
    automaton: ahocorasick.Automaton
    light: dict[str, set[str]] = field(default_factory=dict)  # theme class -> light verb lemmas
    themes: dict[str, str] = field(default_factory=dict)  # folded noun -> class (for lookups)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    locatives: frozenset[str] = frozenset()
    rank: dict[str, int] = field(default_factory=dict)  # frame id -> position in frame_order

    def __post_init__(self) -> None:
        self.rank = {f: i for i, f in enumerate(self.frame_order)}

    def scan(self, folded: str) -> list[tuple[int, int, tuple[Tag, ...]]]:
        """All phrase matches (start, end, tags) on word boundaries, overlaps included."""
        out = []
        n = len(folded)
        for end_idx, (length, tags) in self.automaton.iter(folded):
            start = end_idx - length + 1
            end = end_idx + 1
            # is_word_char, inlined (most matches are inside words: "he" in "the")
            if start > 0 and ((c := folded[start - 1]).isalnum() or c == "_"):
                continue
            if end < n and ((c := folded[end]).isalnum() or c == "_"):
                continue
            out.append((start, end, tags))
        return out


def verb_forms(entry: str) -> tuple[str, list[str]]:
    """'hold/held' -> ('hold', ['hold', 'holds', 'holding', 'held']); 'take part/took part' too."""
    parts = [p.strip() for p in entry.split("/") if p.strip()]
    lemma = parts[0]
    words = lemma.split(" ", 1)
    head, tail = words[0], (" " + words[1] if len(words) > 1 else "")
    forms = {lemma, _third(head) + tail, _ing(head) + tail}
    if len(parts) > 1:  # irregular past forms given: no regular past
        forms.update(parts[1:])
    else:
        forms.add(_past(head) + tail)
        if _final_cvc(head):
            # stress-final and British doublings: expelled, kidnapped, patrolled, cancelled, equipped
            forms.update({head + head[-1] + "ed" + tail, head + head[-1] + "ing" + tail})
    return lemma, sorted(forms)


def noun_forms(entry: str) -> tuple[str, list[str]]:
    """'treaty/treaties' -> ('treaty', ['treaty', 'treaties']); plural generated when not given."""
    parts = [p.strip() for p in entry.split("/") if p.strip()]
    lemma = parts[0]
    forms = {lemma, *parts[1:]}
    if len(parts) == 1 and not lemma.endswith("s") and lemma[-1:].isalpha():
        words = lemma.rsplit(" ", 1)
        last = words[-1]
        plurals = [_third(last) if last[-1:] != "y" or last[-2:-1] in _VOWELS else last[:-1] + "ies"]
        if last.endswith("o"):
            plurals.append(last + "s")  # commandos, videos (besides heroes)
        if last.endswith("man"):
            plurals = [last[:-3] + "men"]  # servicemen, tribesmen
        for plural in plurals:
            forms.add((words[0] + " " + plural) if len(words) > 1 else plural)
    return lemma, sorted(forms)


def _third(w: str) -> str:
    if w.endswith(("s", "sh", "ch", "x", "z", "o")):
        return w + "es"
    if w.endswith("y") and w[-2:-1] not in _VOWELS:
        return w[:-1] + "ies"
    return w + "s"


def _doubles(w: str) -> bool:
    groups = re.findall(r"[aeiou]+", w)
    return (len(groups) == 1 and len(w) >= 3 and w[-1] not in _VOWELS + "wxy"
            and w[-2] in _VOWELS and w[-3] not in _VOWELS)


def _final_cvc(w: str) -> bool:
    return len(w) >= 3 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS


def _past(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    if w.endswith("y") and w[-2:-1] not in _VOWELS:
        return w[:-1] + "ied"
    if _doubles(w):
        return w + w[-1] + "ed"
    return w + "ed"


def _ing(w: str) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        return w[:-1] + "ing"
    if _doubles(w):
        return w + w[-1] + "ing"
    return w + "ing"


@lru_cache(maxsize=2)
def load_lexicon() -> Lexicon:
    """Compile events.yaml and roles.yaml (cached: the automaton is built once per process)."""
    ev: dict[str, Any] = load_yaml("lexicon/events.yaml")
    roles: dict[str, Any] = load_yaml("lexicon/roles.yaml")
    table: dict[str, dict[Tag, None]] = {}

    def add(phrase: str, tag: Tag) -> None:
        key = fold(phrase.strip())
        if key:
            table.setdefault(key, {})[tag] = None

    frames: dict[str, Frame] = {}
    order: list[str] = []
    for raw in ev.get("frames", []):
        try:
            frame = Frame(id=raw["id"], category=raw["category"], event_type=raw.get("type"),
                          context=tuple(raw.get("context", [])), roles=raw.get("roles", "directed"),
                          theme=raw.get("theme"), mode=raw.get("mode"), speech=bool(raw.get("speech")),
                          status=raw.get("status"), absorbs_theme=bool(raw.get("absorbs_theme")))
        except KeyError as exc:
            raise DataError(f"events.yaml: frame {raw!r} lacks {exc}") from exc
        frames[frame.id] = frame
        order.append(frame.id)
        for entry in raw.get("verbs", []) or []:
            for form in verb_forms(str(entry))[1]:
                add(form, Tag("trigger", frame.id, "verb"))
        for entry in raw.get("nouns", []) or []:
            for form in noun_forms(str(entry))[1]:
                add(form, Tag("trigger", frame.id, "noun"))
        # abstract nouns ("cooperation", "war") name an event only with a date and an owner
        for entry in raw.get("weak_nouns", []) or []:
            for form in noun_forms(str(entry))[1]:
                add(form, Tag("trigger", frame.id, "weak"))
    themes: dict[str, str] = {}
    for cls, nouns in (ev.get("themes") or {}).items():
        for entry in nouns:
            for form in noun_forms(str(entry))[1]:
                add(form, Tag("theme", cls))
                themes[fold(form)] = cls
    light: dict[str, set[str]] = {}
    for cls, verbs in (ev.get("light") or {}).items():
        for entry in verbs:
            lemma, forms = verb_forms(str(entry))
            light.setdefault(cls, set()).add(fold(lemma))
            for form in forms:
                add(form, Tag("light", f"{cls}:{fold(lemma)}", "verb"))
    for kind in ("future_cues", "hypothetical_cues", "negation_cues"):
        for phrase in ev.get(kind, []):
            add(str(phrase), Tag("cue", kind.split("_")[0]))
    for phrase in ev.get("topic_markers", []):
        add(str(phrase), Tag("cue", "topic"))
    for entry in ev.get("reporting", []):
        for form in verb_forms(str(entry))[1]:
            add(form, Tag("cue", "report"))
    for phrase in ev.get("anaphora", []):
        add(str(phrase), Tag("cue", "anaphor"))
    for sector, nouns in (roles.get("sectors") or {}).items():
        for entry in nouns:
            for form in noun_forms(str(entry))[1]:
                add(form, Tag("sector", sector))
    for entry in roles.get("commentators", []):
        for form in noun_forms(str(entry))[1]:
            add(form, Tag("commentator", "yes"))
    groups: dict[str, tuple[str, ...]] = {}
    for i, group in enumerate(roles.get("groups", [])):
        gid = f"group{i}"
        groups[gid] = tuple(group["codes"])
        for alias in group["aliases"]:
            add(alias, Tag("group", gid))
    for kind, phrases in (roles.get("pronouns") or {}).items():
        for phrase in phrases:
            add(str(phrase), Tag("pronoun", kind))

    automaton = ahocorasick.Automaton()
    for key, tags in table.items():
        automaton.add_word(key, (len(key), tuple(tags)))
    automaton.make_automaton()
    return Lexicon(frames=frames, frame_order=order, automaton=automaton, light=light, themes=themes,
                   groups=groups, locatives=frozenset(fold(w) for w in ev.get("locatives", [])))
