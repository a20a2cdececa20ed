"""Actor mentions of a sentence: gazetteer matches joined with role nouns ("Kazakh President
Kassym-Jomart Tokayev" is one mention of KAZ, sector GOV), groups, pronouns and places."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from steppe.extract.gazetteer import ADJ, CAPITAL, COMPANY, ORG, PERSON, PLACE, STATE, WEAPON, Entry, Match
from steppe.extract.lexicon import Tag
from steppe.extract.text import initials, words

# Words allowed between the parts of one compound mention: "Russia's foreign ministry",
# "the Kazakh president, Kassym-Jomart Tokayev", "President of Azerbaijan Ilham Aliyev".
_GLUE = re.compile(r"^(?:\s*(?:['’]s|['’]|,|the|of|and deputy|top|senior|chief|then|former|acting|new|"
                   r"incoming|outgoing|deputy|first|vice|\s)\s*)*$", re.I)
_ADJ_WORDS = re.compile(r"^(?:\s+(?!and\b|or\b|to\b|of\b|in\b)[a-z][a-z-]+){1,2}\s+$")
_NAME_AFTER = re.compile(r"(?:\s+(?:[A-Z][\w.'’-]*|al-\w+|bin|ibn|de|van|von))+")
_OF_PLACE = re.compile(r"^\s+(?:(?:based|stationed|operating|living|deployed|working|serving|residing|fighting|groups?|"
                       r"members|leaders|forces|supporters|activists|officials|parties|figures|units)\s+)?"
                       r"(?:in|from|of)\s+(?:the\s+)?$", re.I)
_PREPOSITIONS = ("of|in|at|near|from|to|for|with|by|between|among|against|on|into|under|about|toward|towards|"
                 "across|within|over|via|through|along|around|inside|outside|including|like|such as|than|as|and|"
                 "or|nor|versus|vs|alongside|despite|except|unlike|after|before|during|amid|without|per|beyond|"
                 "behind|upon|regarding|concerning|following")
# the preposition right before a mention, at the start of a word (only the word is read: group 1)
_PREP = re.compile(r"(?<!\w)(?=" + initials(_PREPOSITIONS) + r")((?i:" + words(_PREPOSITIONS) + r"))\s+"
                   r"(?:(?i:the|a|an)\s+)?(?:(?:current|former|new|senior|top|local|several|both|other|many|some|"
                   r"all|most|neighbouring|neighboring|armed|regional|two|three|four|five|[a-z]+(?:al|ic|ive|ous|ern|"
                   r"ful|ish|ian|ese|ary|i))\s+){0,2}$")
_GERUND_OBJECT = re.compile(r"\b(?:for|by|of|after|while|without)\s+(?:\w+ly\s+)?\w+ing\s+(?:the\s+)?$", re.I)
_EXPLETIVE = re.compile(r"\s+(?:is|was|has been|had been|seems|seemed|appears|appeared|remains|remained|would be|"
                        r"will be|may be|might be)\s+(?:[\w-]+\s+){0,4}?(?:that|to|whether|for|how)\b"
                        r"|\s+(?:comes|came|come|boils|boiled) (?:to|down to)\b", re.I)  # "when it comes to"
_CLAUSE_OPENING = re.compile(r"(?:^\W*|\b(?:when|after|before|because|as|since|and|but|that|while|if|where|which|"
                             r"once|until)\s+|,\s+)$", re.I)
_PEOPLE_OF = re.compile(r"\b(?:inhabitants|residents|people|citizens|population|villagers|townspeople)\s+of\s+"
                        r"(?:the\s+)?$", re.I)
_MODIFIER_COMPOUND = re.compile(r"[-–](?:member|backed|based|allied|style|sponsored|funded|brokered|mediated|"
                                r"friendly|leaning|born)\b", re.I)
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)s?\b(?!\s+(?:service|guards?|troops|forces|police|agency|"
                           r"officials|officers|units?|patrols?|committee|department|control)\b)", re.I)
_ETHNIC_IN = re.compile(r"\s+(?:(?:living|resident)\s+)?(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|"
                        r"(?:north|south)[-]?(?:east|west)(?:ern)?\s+)?$", re.I)
_QUANTITY = re.compile(r"\b(?:thousands|hundreds|dozens|millions|scores|tens of thousands|hundreds of thousands|"
                       r"one third|a third|two thirds|half|a quarter|part|most|some|all|many|"
                       r"a group|groups|a number|a delegation|delegations|members|supporters|some|many|most|"
                       r"several|leaders|representatives|officials|a team|teams)\s+of\s+(?:the\s+)?$", re.I)
_COORD_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:the\s+)?$", re.I)


@dataclass
class Mention:
    """An actor (or place) named in a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    codes: tuple[str, ...]
    name: str
    kind: str  # state adjective capital person org company weapon place group pronoun members role
    sector: str | None = None
    entries: tuple[Entry, ...] = ()
    prep: str | None = None  # the preposition right before it
    possessive: bool = False
    subject_slot: bool = False  # a pronoun opening a clause ("... when it signed"): likely a subject
    place: bool = False  # a location, not a participant
    official: bool = False  # may speak for a state or organisation
    detail: str | None = None  # pronoun class, weapon kind, org kind
    roles: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.codes[0]


def build_mentions(sentence: str, matches: list[Match], tags: list[tuple[int, int, tuple[Tag, ...]]],
                   locatives: frozenset[str], groups: dict[str, tuple[str, ...]]) -> list[Mention]:
    """Mentions of one sentence from its gazetteer matches and lexicon tags (sentence offsets)."""
    sector_spans = [(s, e, t.value) for s, e, ts in tags for t in ts if t.kind == "sector"]
    sector_spans = _longest(sector_spans)
    out: list[Mention] = []
    for m in matches:
        out.append(_from_match(sentence, m))
    for s, e, ts in tags:
        for t in ts:
            if t.kind == "group":
                codes = groups[t.value]
                out.append(Mention(s, e, codes, sentence[s:e], "group", "GOV", official=True))
            elif t.kind == "pronoun":
                out.append(Mention(s, e, (), sentence[s:e], "pronoun", detail=t.value))
    named = [(m.start, m.end) for m in out if m.codes]
    out = [m for m in out if m.codes or not any(a < m.end and m.start < b for a, b in named)]
    out = _drop_overlaps(out)
    out = _merge_roles(sentence, out, sector_spans)
    for mn in out:
        before = sentence[max(0, mn.start - 40): mn.start]
        # both patterns end in whitespace: a mention opening the sentence or after a bracket needs no search
        spaced = before[-1:].isspace()
        pm = _PREP.search(before) if spaced else None
        mn.prep = pm.group(1).lower() if pm else None
        if mn.prep is None and spaced and _GERUND_OBJECT.search(before):
            mn.prep = "gerund"  # "sanctioned two banks for helping Russia": Russia is no object of the sanction
        if mn.prep == "of" and _QUANTITY.search(before):
            mn.prep = None  # "thousands of Iraqi Kurds", "a group of Moroccan diplomats": the group acts
        elif mn.prep == "of" and _PEOPLE_OF.search(before) and mn.kind in (STATE, PLACE, CAPITAL, ADJ):
            mn.prep = None  # "inhabitants of the Golan Heights threatened": the people of a place act
            mn.sector = "CVL"
        if mn.kind == "pronoun":
            mn.subject_slot = bool(_CLAUSE_OPENING.search(sentence[max(0, mn.start - 12):mn.start]))
        if mn.kind == "pronoun" and mn.name.lower() == "it" and _EXPLETIVE.match(sentence, mn.end):
            mn.detail = "expletive"  # "It is notable that ...": no one acts
        tail = sentence[mn.end: mn.end + 2]
        mn.possessive = tail.startswith(("'s", "’s")) or (tail[:1] in "'’" and mn.name.endswith("s"))
        if mn.kind == PLACE:
            mn.place = True
        elif mn.kind in (CAPITAL, STATE) and mn.prep in locatives and mn.sector in (None, "GOV") \
                and not mn.roles:
            mn.place = True
        elif mn.kind == ORG and mn.prep in locatives and re.fullmatch(r"[A-Z][a-z]+", mn.name.strip()):
            mn.place = True  # "met in Brussels": the seat as a place, not the organisation
        if _MODIFIER_COMPOUND.match(sentence, mn.end) or (mn.kind == ADJ and _BORDER_AFTER.match(sentence, mn.end)):
            mn.place = True  # "NATO-member Norway", "Syrian-backed militias", "near the Thai border": not a party
    _ethnic_groups_by_residence(sentence, out)
    # a coordinated mention shares its head's preposition: "aid for Romania and Poland"
    for a, b in zip(out, out[1:], strict=False):
        if b.prep in ("and", "or") and a.prep not in (None, "and", "or") and _COORD_GAP.match(sentence[a.end:b.start]):
            b.prep = a.prep
    _mark_place_qualifiers(sentence, out)
    _mark_unknown_officials(sentence, out)
    return out


def _mark_unknown_officials(sentence: str, ms: list[Mention]) -> None:
    """'President Yoweri Museveni', 'Vice-President Moody Awori': a title with a name the gazetteer does
    not know is still an official; whose, the event coder infers from the sentence."""
    for m in ms:
        if m.kind == "role" and not m.codes and m.sector in ("GOV", "MIL"):
            name = _NAME_AFTER.match(sentence, m.end)
            if name and name.group(0).strip():
                m.kind = "official"
                m.official = True
                m.end = name.end()
                m.name = sentence[m.start:m.end]


def _from_match(sentence: str, m: Match) -> Mention:
    kind, codes, sector, chosen, official, detail = _pick(m.entries)
    return Mention(m.start, m.end, codes, sentence[m.start:m.end], kind, sector, chosen,
                   official=official, detail=detail)


# the reading of each alias's entries, kept by identity: the gazetteer hands out the same tuple for every
# match of an alias, and holding the tuple here keeps its id from being reused
_PICKS: dict[int, tuple[tuple[Entry, ...], tuple]] = {}


def _pick(entries: tuple[Entry, ...]) -> tuple:
    hit = _PICKS.get(id(entries))
    if hit is not None and hit[0] is entries:
        return hit[1]
    kinds = [e.kind for e in entries]
    # one alias, several things: prefer what can act (person > org > state > company > capital > adj)
    for kind in (PERSON, ORG, STATE, COMPANY, CAPITAL, ADJ, WEAPON, PLACE):
        if kind in kinds:
            chosen = tuple(e for e in entries if e.kind == kind)
            break
    first = chosen[0]
    codes = tuple(dict.fromkeys(e.code for e in chosen))
    official = first.kind in (PERSON, ORG, STATE, CAPITAL)
    sector = first.sector
    if first.kind == PERSON and first.role == "igo_head":
        sector = "IGO"
    detail = first.detail if first.kind in (WEAPON, ORG, COMPANY) else first.role
    pick = (first.kind, codes, sector, chosen, official, detail)
    if len(_PICKS) > 100_000:  # entries made outside the gazetteer (tests): do not grow without end
        _PICKS.clear()
    _PICKS[id(entries)] = (entries, pick)
    return pick


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans = sorted(spans, key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    last = -1
    for s, e, v in spans:
        if s >= last:
            out.append((s, e, v))
            last = e
    return out


def _drop_overlaps(ms: list[Mention]) -> list[Mention]:
    ms = sorted(ms, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    last = -1
    for m in ms:
        if m.start >= last:
            out.append(m)
            last = m.end
    return out


def _merge_roles(sentence: str, ms: list[Mention], sectors: list[tuple[int, int, str]]) -> list[Mention]:
    """Join state/adjective/capital mentions with adjacent role nouns and person names."""
    # Role nouns become pseudo-mentions so that they can glue to their neighbours.
    roles = [Mention(s, e, (), sentence[s:e], "role", v) for s, e, v in sectors
             if not any(m.start <= s < m.end or s <= m.start < e for m in ms)]
    items = sorted(ms + roles, key=lambda m: m.start)
    out: list[Mention] = []
    for m in items:
        prev = out[-1] if out else None
        if prev is not None and _GLUE.match(sentence[prev.end:m.start]) and _joinable(prev, m) \
                and not _place_then_subject(sentence, prev, m):
            out[-1] = _join(sentence, prev, m)
            continue
        # "French paper workers", "Syrian army officers": a demonym, a word or two, then the group
        if prev is not None and prev.kind == ADJ and m.kind == "role" and _ADJ_WORDS.match(sentence[prev.end:m.start]):
            out[-1] = _join(sentence, prev, m)
            continue
        # "officials from Turkey", "rebels in the Ivory Coast", "demonstrators in Baghdad": the group's state
        if prev is not None and prev.kind == "role" and not prev.codes and m.kind in (STATE, CAPITAL) \
                and _OF_PLACE.match(sentence[prev.end:m.start]):
            joined = _join(sentence, prev, m)
            joined.official = prev.sector in ("GOV", "MIL")
            out[-1] = joined
            continue
        out.append(m)
    # a role noun left alone ("officials", "the ministry") is kept: it may mark an official speaker
    return out


def _place_then_subject(sentence: str, a: Mention, b: Mention) -> bool:
    """'At the summit in Bishkek, Aliyev declared': a place closing an opening adjunct, then the subject."""
    return a.kind in (CAPITAL, STATE, PLACE) and "," in sentence[a.end:b.start] \
        and bool(re.search(r"\b(?:in|at|from|near|to)\s+(?:the\s+)?$", sentence[max(0, a.start - 10):a.start], re.I))


_ACTING = {STATE, ADJ, CAPITAL, PERSON, ORG, "group"}


def _joinable(a: Mention, b: Mention) -> bool:
    """May two neighbouring pieces form one actor? (The text between them is already glue.)"""
    if a.kind == "role" and b.kind == "role":
        return True
    if a.kind == "role":
        return b.kind in (PERSON, STATE, ORG) and (not b.codes or True)
    if b.kind == "role":
        return a.kind in _ACTING and not (a.kind == PERSON)
    if a.kind in (ADJ, STATE, CAPITAL, ORG) and b.kind == PERSON:
        return b.codes[0] == a.codes[0] or a.kind != ORG
    return False


def _join(sentence: str, a: Mention, b: Mention) -> Mention:
    """The joined mention takes the code of its acting part and the sector of its role noun."""
    acting = [x for x in (a, b) if x.codes]
    role_parts = a.roles + b.roles + [x.sector for x in (a, b) if x.kind == "role" and x.sector]
    if not acting:
        return Mention(a.start, b.end, (), sentence[a.start:b.end], "role", b.sector or a.sector,
                       roles=role_parts)
    main = next((x for x in acting if x.kind == PERSON), acting[0])
    country = next((x for x in acting if x.kind != PERSON), None)
    codes = country.codes if country and main.kind == PERSON and main.codes != country.codes else main.codes
    sector = next((r for r in reversed(role_parts)), None) or main.sector
    kind = main.kind if main.kind in (PERSON, ORG) else STATE
    entries = main.entries
    return Mention(a.start, b.end, codes, sentence[a.start:b.end], kind, sector, entries,
                   official=True, detail=main.detail, roles=role_parts)


def _mark_place_qualifiers(sentence: str, ms: list[Mention]) -> None:
    """'in Gabala, Azerbaijan' and 'Tashkent, Uzbekistan': the state after a place is a place too."""
    for a, b in zip(ms, ms[1:], strict=False):
        if a.place and b.kind in (STATE, CAPITAL, PLACE) and re.fullmatch(r"\s*,\s*", sentence[a.end:b.start]):
            b.place = True


def _ethnic_groups_by_residence(sentence: str, ms: list[Mention]) -> None:
    """'ethnic Albanians in south Serbia', 'the Albanians of southern Serbia': a people named with the
    state it lives in acts for that state's population, not for its kin state."""
    for a, b in zip(ms, ms[1:], strict=False):
        if a.kind != ADJ or b.kind != STATE or not b.codes or not re.search(r"[^s]s$", a.name.strip()):
            continue
        ethnic = re.search(r"\bethnic\s+$", sentence[max(0, a.start - 8):a.start], re.I)
        gap = sentence[a.end:b.start]
        if _ETHNIC_IN.fullmatch(gap) and (ethnic or re.search(r"\b(?:the)\s+$", sentence[max(0, a.start - 5):a.start],
                                                              re.I)):
            a.codes = b.codes
            a.sector = "CVL"
            b.place = True

