"""Who is who around a trigger: subject, objects by preposition, noun-phrase owners, antecedents.

Shallow and positional by design (no parser): English news prose puts the subject first in its
clause, marks most other roles with a preposition, and packs owners into the noun phrase
("Kyrgyzstan's acquisition", "Iranian drone production facilities", "the Armenia–Azerbaijan deal").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from steppe.extract.clauses import Clauses
from steppe.extract.gazetteer import ORG, PERSON, WEAPON
from steppe.extract.mentions import Mention
from steppe.extract.text import MONEY

# between coordinated mentions; an unknown name may follow a role ("Libyan leader Muammar Gaddafi and ...")
_COORD = re.compile(r"(?:\s+[A-Z][\w.'’-]+){0,4}\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|&\s*|as well as\s+)"
                    r"(?:the\s+)?\s*")
# what may stand between an owner and its noun inside one noun phrase
_NP_GAP = re.compile(r"^\s*(?:\s*(?:['’]s?|[-–—]|the|a|an|its|their|new|first|second|third|latest|recent|"
                     r"joint|bilateral|trilateral|[A-Z][\w.’'-]*|\d+(?:st|nd|rd|th)?|"
                     r"(?!during\b|including\b|following\b|regarding\b|concerning\b|according\b|amid\b)"
                     r"[a-z]+(?:al|ic|ed|ary|ive|"
                     r"ian|ese|ish|i|ary|ing)|drone|drones|defence|defense|military|security|arms|"
                     r"energy|trade|gas|oil|border|transit|naval|air|industry|production|intelligence|"
                     r"strategic|partnership|cooperation|friendship)\s*)*$")
_IN_ADJUNCT = re.compile(r"\b(?:during|at|in|on|after|before|following|amid|since|until|of|ahead of)\s+"
                         r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,3}$", re.I)
# "were engaged in ethnic cleansing", "took part in the exercise": "in" marks what the subject does
_TAKES_PART = re.compile(r"\b(?:engag\w*|involved|participat\w*|t[ao]ok\s+part|tak(?:e|es|ing)\s+part)\s+in\s+"
                         r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,3}$", re.I)
# "wrote on his social media", "said in her speech": the speaker's own channel, not a party
_OWN_ADJUNCT = re.compile(r"\b(?:on|in|at|via|through|during)\s+(?:his|her)\s$", re.I)
# "announced 12 million euros in security assistance": the sum's "in" names what it is, not a time or place
_AMOUNT_IN = re.compile(r"(?:" + MONEY + r")\s+in\s+(?:[\w-]+\s+){0,3}$", re.I)
_ATTACHED = re.compile(r"^\s*(?:(?:of|between|with|by|from|to|for|among|and|,)\s+(?:the\s+|a\s+|an\s+)?"
                       r"(?:[A-Z][\w’'.-]*\s+|[a-z]+(?:al|ic|ish|ian|ese|ary|ive)\s+|(?:troops|forces|soldiers|units|"
                       r"personnel|peacekeepers|servicemen)\s+){0,4})+$")
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))


@dataclass
class Parts:
    """Mentions around one trigger, by role."""

    subject: list[Mention]
    direct: list[Mention]
    to: list[Mention]
    with_: list[Mention]
    of: list[Mention]
    from_: list[Mention]
    agent: list[Mention]
    origin: list[Mention]


def quote_spans(s: str) -> list[tuple[int, int]]:
    """Character spans of quotations (curly or straight double quotes)."""
    spans = []
    for open_q, close_q in _QUOTE_PAIRS:
        i = 0
        while True:
            a = s.find(open_q, i)
            if a < 0:
                break
            b = s.find(close_q, a + 1)
            if b < 0:
                break
            spans.append((a, b + 1))
            i = b + 1
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for a, b in spans:
        if a <= pos < b:
            return (a, b)
    return None


def acting(m: Mention) -> bool:
    return bool(m.codes or (m.kind == "pronoun" and m.detail != "expletive") or m.kind == "official") \
        and not m.place and m.kind != "role"


_THE = re.compile(r"(?i)\bthe\b")


def subject(s: str, start: int, mentions: list[Mention], clauses: Clauses,
            quotes: list[tuple[int, int]]) -> list[Mention]:
    """The first mention group of the clause before `start` not governed by a preposition.

    Mentions inside a quotation are not the subject of a trigger outside it, and vice versa."""
    c0, _ = clauses.span(start)
    q = in_spans(start, quotes)
    cands = [m for m in mentions if c0 <= m.start and m.end <= start and acting(m)
             and in_spans(m.start, quotes) == q and m.kind != WEAPON]
    for m in cands:
        # a mention opening its clause is its subject even after a conjunction ("a day after Azerbaijan
        # launched ...", where "after" heads the clause, not a phrase)
        opening = c0 > 0 and not _THE.sub("", s[c0:m.start]).strip(" ,")
        if m.prep is None or m.possessive or opening:
            return group_from(m, mentions, s)
    kind = clauses.kind(start)
    if kind in ("which", "who", "whom", "whose", ", which", ", who"):
        near = [m for m in mentions if m.end <= c0]
        head = re.search(r"([\w-]+)\W*(?:who|whom)\s*$", s[max(0, c0 - 40):c0], re.I)
        if head and head.group(1).islower() and not any(m.end >= c0 - len(head.group(0)) and m.codes for m in near):
            return []  # "fighting with guerrillas who overran it": the antecedent is unnamed, not an earlier party
        ante = [m for m in near if acting(m)]
        if ante:
            return [ante[-1]]
    word = s[start:start + 30].split()[0] if s[start:start + 30].split() else ""
    if word.endswith("ing") and cands:
        return [cands[-1]]  # a gerund: "the role of Türkiye in supporting Azerbaijan"
    return []


def group_from(first: Mention, mentions: list[Mention], s: str) -> list[Mention]:
    """A mention with those coordinated with it: 'Kazakhstan and Uzbekistan', 'X, Y and Z'."""
    group = [first]
    idx = mentions.index(first)
    j = idx + 1
    while j < len(mentions):
        prev, cur = group[-1], mentions[j]
        if not _COORD.fullmatch(s[prev.end:cur.start]) or not acting(cur):
            break
        nxt = mentions[j + 1] if j + 1 < len(mentions) else None
        if cur.kind == "pronoun" and cur.name.lower() in ("his", "her", "their", "its") and nxt is not None \
                and not s[cur.end:nxt.start].strip() and acting(nxt):
            cur, j = nxt, j + 1  # "the Kazakh minister and his Turkish counterpart": the counterpart
        group.append(cur)
        j += 1
    return group


_NP_BREAK = re.compile(r"[,;:()]")


def owners(s: str, start: int, mentions: list[Mention], quotes: list[tuple[int, int]]) -> list[Mention]:
    """Mentions inside the noun phrase before a noun trigger: possessives, adjectives, modifiers."""
    out = []
    for m in reversed(mentions):
        if m.end > start:
            continue
        if start - m.end > 60:
            break
        gap = s[m.end:start]
        if not _NP_GAP.match(gap) or _NP_BREAK.search(gap):
            break
        if m.kind == "pronoun" and m.name.lower() not in ("its", "their", "his", "her", "our"):
            break  # "it followed Trump's meetings": a subject pronoun owns no noun phrase
        if acting(m) and m.kind != WEAPON:
            out.append(m)
    out.reverse()
    return out


def objects(s: str, end: int, mentions: list[Mention], clauses: Clauses) -> list[Mention]:
    _, c1 = clauses.span(max(0, end - 1))
    return [m for m in mentions if end <= m.start and m.end <= c1 and acting(m)]


def origins(mentions: list[Mention], c0: int, c1: int, theme: tuple[int, int] | None,
            s: str) -> list[Mention]:
    """Who made the weapon or owns the technology: 'Turkish drones', 'Bayraktar TB2', 'Iranian plants'."""
    out = []
    for m in mentions:
        if not (c0 <= m.start < c1) or not m.codes:
            continue
        if m.kind == WEAPON:
            out.append(m)
        elif m.kind in ("adjective", "company") and theme and m.end <= theme[0] and theme[0] - m.end <= 30 \
                and _NP_GAP.match(s[m.end:theme[0]]):
            out.append(m)
    return out


def parts(s: str, start: int, end: int, mentions: list[Mention], clauses: Clauses, passive: bool,
          nominal: bool, theme: tuple[int, int] | None, quotes: list[tuple[int, int]]) -> Parts:
    """Sort the mentions around a trigger into roles."""
    if nominal:
        subj = owners(s, start, mentions, quotes)
        head = s[max(0, start - 60):start]
        if not subj and (not _IN_ADJUNCT.search(head) or _TAKES_PART.search(head) or _AMOUNT_IN.search(head)):
            # "X speeded up the withdrawal", "negotiators return to Geneva for talks": the noun is
            # the object of the clause's verb, whose subject takes part (not so in "he spoke during
            # the summit", where the noun only dates the clause)
            subj = [m for m in subject(s, start, mentions, clauses, quotes) if m.end < start - 3]
    else:
        subj = subject(s, start, mentions, clauses, quotes)
    here = in_spans(start, quotes)
    objs = [m for m in objects(s, end, mentions, clauses) if in_spans(m.start, quotes) == here
            and not _OWN_ADJUNCT.search(s[max(0, m.start - 12):m.end + 1])]
    if nominal:
        # a noun takes only the mentions attached to it: "talks with X", "the summit of X", not the
        # rest of the clause ("after the Washington summit, Tokayev visited Moscow")
        objs = [m for m in objs if m.start - end <= 60 and _ATTACHED.match(s[end:m.start])]
    c0, c1 = clauses.span(start)
    origin = origins(mentions, c0, c1, theme, s)
    agent = [m for m in objs if m.prep == "by"]
    if passive:
        subj, patient = agent, subj
    else:
        patient = []
    direct = [m for m in objs if m.prep in (None, "and") and m.kind != WEAPON and m not in origin]
    if nominal and not subj:
        # "criticism in Russian media", "condemnation from Beijing": the source of a statement noun
        subj = [m for m in mentions if end <= m.start <= end + 30 and (m.official or m.roles) and not m.place
                and re.match(r"^\s*(?:in|from|by)\s+(?:the\s+)?$", s[end:m.start])][:1]
    return Parts(
        subject=subj,
        direct=patient + direct,
        to=[m for m in objs if m.prep in ("to", "for", "toward", "towards", "against", "on", "into", "at")],
        with_=[m for m in objs if m.prep in ("with", "between", "among", "alongside")],
        of=[m for m in objs if m.prep == "of" and m.kind != WEAPON],
        from_=[m for m in objs if m.prep == "from"],
        agent=agent,
        origin=origin,
    )


def antecedent(pronoun: Mention, mentions: list[Mention]) -> Mention | None:
    """A pronoun's antecedent inside the same sentence, when there is one before it. A subject before
    it wins over a later mention inside a prepositional phrase ('Kazakhstan expanded ties with Türkiye
    when it signed ...': it is Kazakhstan)."""
    if pronoun.detail == "thing" and pronoun.name.lower() == "it" and pronoun.subject_slot:
        bare = [m for m in mentions if m.end <= pronoun.start and m.prep is None and not m.place and m.codes
                and _fits(pronoun, m)]
        if bare:
            return bare[-1]
    for m in reversed(mentions):
        if m.end > pronoun.start or m.place:
            continue
        if pronoun.detail == "plural" and m.kind in ("pronoun", "group") and m.detail in ("members", None) \
                and m is not pronoun:
            return m  # "the member states ... they called for"
        if pronoun.detail == "plural" and m.kind == "adjective" and m.codes and re.search(r"[^s]s$", m.name.strip()):
            return m  # "Bosnian Serbs said their forces had withdrawn"
        if not m.codes:
            continue
        if pronoun.detail == "person" and (m.kind == PERSON or (m.official and m.roles)):
            return m
        if pronoun.detail == "org" and m.kind == ORG and m.sector == "IGO":
            return m
        if pronoun.detail == "thing" and m.kind in ("state", "capital", ORG, "group"):
            return m
    return None


def _fits(pronoun: Mention, m: Mention) -> bool:
    if pronoun.detail == "person":
        return m.kind == PERSON or bool(m.official and m.roles)
    return m.kind in ("state", "capital", ORG, "group")
