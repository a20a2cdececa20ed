"""The event coder: triggers → frames → events with roles, status, date, location and evidence.

Rules only, over one pass of two automata (actors, lexicon) per article:

* a trigger is a verb or noun of a frame (events.yaml); a light verb ("held", "signed") takes
  the frame of the theme noun it governs ("talks", "a pact"), one event per distinct theme;
* a noun names an event only when the sentence has a finite verb and the noun is anchored:
  a date, an owner in its noun phrase, an eventive verb ("was held"), named participants after
  it, or a plan ("plans for a treaty"); abstract nouns ("cooperation", "war") need more;
* roles come from position (roles.py) mapped by the frame's pattern (joint, directed, inverse);
* status comes from cues before the trigger in its clause (will, plans to; not; could);
* the date is the temporal expression nearest the trigger in its clause, skipping those that
  belong to another noun ("the 2020 Karabakh war"), else the discourse when the sentence refers
  back ("the summit", "he");
* speech verbs make a statement only for an official speaker; they are attribution when they
  report another event ("…, the ministry said").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from datetime import date

from steppe.extract.clauses import Clauses, is_passive
from steppe.extract.dates import anchor_date
from steppe.extract.discourse import continues, fold_into, implicit_actors, note_orgs, remember, salient_org
from steppe.extract.gazetteer import ORG, PERSON, WEAPON, Gazetteer, Match
from steppe.extract.lexicon import Frame, Lexicon, Tag
from steppe.extract.mentions import Mention, build_mentions
from steppe.extract.roles import antecedent, group_from, parts, quote_spans
from steppe.extract.sentences import Sentence, split_sentences
from steppe.extract.speech import speaker_of, speech_type, threat_target
from steppe.extract.state import Coded, Ctx, Discourse, Trigger
from steppe.extract.status import IN_TIME_ADJUNCT, OBLIGATION, OFFERED_GAP, absorb, cue_before, status_of
from steppe.extract.text import MONEY, fold, initials, words
from steppe.extract.timing import after_ref, date_for, timex_free
from steppe.model import Entity, Event

COOPERATIVE = {"meeting", "agreement", "arms_transfer", "defence_industry", "exercise", "military_aid",
               "intelligence", "institutional", "economic"}
SPLIT_PER_PARTNER = {"arms_transfer", "military_aid", "defence_industry"}
SPLIT_IF_PLURAL = {"agreement", "exercise", "economic"}
_EVENTIVE_WORDS = ("took place|take place|takes place|taking place|was held|were held|is held|are held|occurred|"
                   "occurs|convened|happened|began|ended|opened|concluded|was signed|were signed|was adopted|"
                   "were adopted|was launched|was formed|was created|was established|brought together|adopted|"
                   "signed|formalised|formalized|"
                   # "were engaged in ethnic cleansing", "carried out air strikes": the act itself
                   "engaged in|carried out|carries out|perpetrated|"
                   # "parliament approved the deployment of troops": a decision makes the act it names
                   "approved|authorised|authorized|ordered|extended")
# only whether it is found counts (the order of the words does not)
_EVENTIVE = re.compile(r"\b(?=" + initials(_EVENTIVE_WORDS) + r")(?:" + words(_EVENTIVE_WORDS)
                       + r"|committed(?!\s+(?:to|itself|themselves)))\b", re.I)
# Bullet points and headline fragments report no event unless they have a clear finite verb.
_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|did|does|do|can|could|may|"
                     r"might|shall|should|must|\w{3,}ed(?!\s+(?:to|by|with|in|on)\b)|met|held|sold|bought|sent|"
                     r"took|made|gave|led|began|brought|left|struck|fought|won|lost|said|told|became|came|went|"
                     r"got|saw)\b")
_BULLET = re.compile(r"\s*(?:[•▪◦●‣∙·*–—-]|\d{1,2}[.)])\s")
_CLOSING = frozenset(".!?”\"')]")


def _fragment(s: str) -> bool:
    r"""A bullet point, or text that does not end like a sentence (what `[^.!?”"')\]]\s*$` finds,
    tested on the last character instead of searched for at every position)."""
    return bool(_BULLET.match(s)) or (s != "" and (s[-1].isspace() or s[-1] not in _CLOSING))
# a mention attached to a noun: "the admission of Russia", "talks between X and Y", "a deal with China"
_ATTACHED = re.compile(r"^\s*(?:of|between|with|by|from|to|among)\s+(?:the\s+|a\s+|an\s+)?"
                       r"(?:[A-Z][\w’'.-]*\s+|[a-z]+(?:al|ic|ish|ian|ese|ary|ive)\s+){0,3}$")
_ECONOMIC = re.compile(r"(?:\b(?:energy|commercial|trade|investment|gas|oil|mining|minerals?|business|economic|"
                       r"financial|loan|credit|transport|railway|pipeline)|(?:US\$|\$|€|£)\s?[\d.,]+\s*(?:million|"
                       r"billion|bn|m)?)\s+(?:[\w-]+\s+)?(?:agreements?|deals?|contracts?|memorand\w*|accords?)\b",
                       re.I)
_MONEY = re.compile(MONEY, re.I)
_OFFER_VERB = re.compile(r"\b(?:offer(?:ed|s)?|promis(?:ed|es)|pledg(?:ed|es))\b", re.I)
_AMOUNT_BEFORE = re.compile(r"(?:" + MONEY + r")\s+(?:in|of|worth of|for)\s+(?:[\w-]+\s+){0,3}$", re.I)
_CONDITION = re.compile(r"\b(?:unless|or face|or else|if\b(?! possible))", re.I)
_PLURAL = re.compile(r"(?:s|ies)$", re.I)
_LIST_GAP = re.compile(r"^[\w’'-]*(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+)(?:[\w’'-]+\s+){0,3}$",
                       re.I)
# plural nouns that name one gathering ("held talks with A and B" is one set of talks)
_COLLECTIVE_MEETING = re.compile(r"\b(?:talks|consultations|negotiations|discussions|summits?)\b", re.I)
_BILATERAL = re.compile(r"\bbilateral\b|\bseparate\b|\bone-on-one\b", re.I)
# the organisation a joint act is held under: "exercises under the banner of the OTS", "under CSTO auspices"
_UNDER = re.compile(r"\b(?:under|within)\s+(?:the\s+)?(?:(?:banner|auspices|aegis|umbrella|framework|flag)\s+of\s+"
                    r"(?:the\s+)?)?$", re.I)
_AT_GATHERING = re.compile(r"\b(?:at|during|on the sidelines of|addressing|told)\s+(?:the|this|that|its|a)\s+"
                           r"(?:[\w-]+\s+){0,3}(?:summit|session|congress|council meeting|heads of state meeting)\b",
                           re.I)
_DECIDED = re.compile(r"\b(?:announced|announces|decided|decides|ordered|orders|approved|approves)\b(?:\s+\w+){0,3}"
                      r"\s+(?:it|that|they|he|she)?\s*(?:would|will)\b", re.I)
_ATTRIBUTION = re.compile(r"(?:,|\s[–—])\s+(?:(?:according to|citing)\s+[^,;]{2,80}|(?!(?:and|but|while|which|who)\b)"
                          r"[^,;]{2,80}?\s+(?:said|says|reported|reports|told|announced|stated|claimed|confirmed|"
                          r"added|noted|wrote|posted|tweeted)(?:\s+(?:on|in)\s+(?:his|her|its|their|the)\s+[\w-]+(?:\s+[\w-]+)?"
                          r"|\s+(?:on\s+)?[A-Z]?[a-z]+)?)\s*[.”\"]*\s*$")
_EACH = re.compile(r"\b(?:each|separately|respectively)\b(?!\s+other)", re.I)
_CHARTER = re.compile(r"^\W*(?:charter|statute|constitution|founding document)s?\b", re.I)
_THING_SUBJECT = re.compile(r"\b(?:borders|frontiers|lines|roads|rivers|routes|pipelines|railways|interests|"
                            r"paths|ends|worlds|cultures|civilisations|civilizations)\s+$", re.I)
_IN_SERIES = (r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|follow-up|\d+(?:st|nd|rd|th)|"
              r"upcoming|annual)")
_SERIES = re.compile(r"\b" + _IN_SERIES + r"\s+(?:[\w-]+\s+)?$", re.I)  # before the gathering noun
_SERIES_OBJECT = re.compile(r"\s+(?:a|an|the|its)\s+" + _IN_SERIES + r"\b", re.I)  # "to host a follow-up"
_BROKER = re.compile(r"\bunder\s+(?:the\s+)?(?:supervision|mediation|auspices|sponsorship|patronage)\s+of\s+"
                     r"(?:the\s+)?$", re.I)
_BROKER_AFTER = re.compile(r"^\s*(?:'s\s+|’s\s+)?(?:supervision|mediation|auspices|sponsorship|patronage)\b", re.I)
_UNDER_BEFORE = re.compile(r"\bunder\s+(?:the\s+)?$", re.I)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_UNDER_AFTER = re.compile(r"^\s*(?:'s\s+|’s\s+)?(?:banner|auspices|aegis|umbrella|framework|flag)\b", re.I)
WINDOW = 150  # characters after a light verb searched for its theme (lists of themes run long)
SHORT_LIGHT = re.compile(r"^(?:ha(?:ve|s|d|ving)|ma(?:ke|kes|de|king)|pa(?:y|ys|id|ying)|open\w*|join\w*|"
                         r"receiv\w*|get|got|gets)$", re.I)
_DETERMINER = re.compile(r"^(?:a|an|the|its|their|his|her|our|your|my|this|that|these|those|of|in|for|on|with|"
                         r"by|from|at|any|no|each|every|some|such|new|further|major|key|main|military|"
                         r"defence|defense|security|arms|economic|political|strategic|bilateral|regional|"
                         r"\w+(?:al|ic|ish|ian|ese|ary|ive|ful|ous|ent|ant|ern|i))$", re.I)
_AFTER_PARTICIPLE = re.compile(r"\s+(?:in|on|at|by|from|to|over|into|under|last|this|during|after|for|with|since|"
                               r"earlier|yesterday|today|before|near|outside|inside|across|through)\b|\s*[,.;)]",
                               re.I)
_ARTICLE = re.compile(r"^(?:a|an|the|this|that|these|those|its|their|his|her|our|any|each|every|some|no)$", re.I)
_VERB_BEFORE = re.compile(r"^(?:will|would|can|could|may|might|shall|should|must|to|do|does|did|not|never|"
                          r"i|we|they|you|he|she|it|who|which|that|also|jointly|now|then|and|or)$", re.I)
_IRREGULAR_PAST = {"met", "held", "sold", "bought", "sent", "took", "made", "gave", "led", "began", "brought",
                   "left", "struck", "fought", "won", "lost", "said", "told", "lent", "built", "shot", "sought",
                   "paid", "got", "given", "taken", "begun", "undertook", "undertaken", "spoke", "spoken", "wrote",
                   "written", "withdrew", "withdrawn", "drew", "drawn", "threw", "thrown", "froze", "frozen", "broke",
                   "broken", "chose", "chosen", "swore", "sworn", "flew", "flown", "rose", "fell", "kept", "spent",
                   "stood", "understood", "forbade", "forbidden", "overran", "overrun", "foresaw", "foreseen"}


def extract_events(text: str, published: str | None, gaz: Gazetteer, lex: Lexicon,
                   today: date | None = None, calendar: dict | None = None) -> list[Event]:
    """All events of one article text (not yet merged); evidence offsets index `text`. `calendar`
    carries the months of gatherings from one article of a document to the next."""
    folded = fold(text)
    ref = anchor_date(published, text, today)
    gm = gaz.find(text, folded)
    lm = sorted(lex.scan(folded), key=lambda x: x[0])
    gm_starts = [m.start for m in gm]
    lm_starts = [x[0] for x in lm]
    disc = Discourse(published=bool(published))
    if calendar is not None:
        disc.calendar = calendar
    events: list[Event] = []
    for sent in split_sentences(text):
        matches = [Match(m.start - sent.start, m.end - sent.start, m.entries)
                   for m in gm[bisect_left(gm_starts, sent.start): bisect_left(gm_starts, sent.end)]
                   if m.end <= sent.end]
        tags = [(s - sent.start, e - sent.start, t)
                for s, e, t in lm[bisect_left(lm_starts, sent.start): bisect_left(lm_starts, sent.end)]
                if e <= sent.end]
        new, ctx = code_sentence(sent, matches, tags, lex, ref, disc)
        if new and events and continues(sent, new[0], disc):
            fold_into(events[-1], new.pop(0), sent)
        events.extend(new)
        remember(ctx, new, disc)
    return events


def code_sentence(sent: Sentence, matches: list[Match], tags: list[tuple[int, int, tuple[Tag, ...]]],
                  lex: Lexicon, ref: date | None, disc: Discourse) -> tuple[list[Event], Ctx]:
    """The events of one sentence, and what was read from it (for the discourse)."""
    s = sent.text
    if sent.paragraph != disc.para:
        disc.para = sent.paragraph
        disc.para_date = None
        disc.para_years = False
    mentions = build_mentions(s, matches, tags, lex.locatives, lex.groups)
    note_orgs(mentions, disc)
    _mark_event_places(s, mentions, tags)
    triggers, themes, cues = _read_tags(s, tags, mentions)
    if not triggers:  # no event without a trigger: the discourse needs only the sentence and its mentions
        return [], Ctx(sent, s, mentions, [], Clauses(s), triggers, themes, cues, [], lex, ref, disc, False)
    ctx = Ctx(sent, s, mentions, None, Clauses(s), triggers, themes, cues, quote_spans(s), lex, ref, disc,
              not _fragment(s) or bool(_FINITE.search(s)), timex_context=disc.para_date or disc.doc_date)
    coded: list[Coded] = []
    consumed: set[tuple[int, int]] = set()
    for trig in triggers:  # light verbs with the theme nouns they govern
        if trig.light:
            coded.extend(_code_light(ctx, trig, consumed))
    for trig in sorted(triggers, key=lambda t: t.pos != "verb"):
        if trig.span in consumed or not trig.frames or any(c.anchor == trig.span for c in coded):
            continue
        if trig.pos != "verb" and any(c.frame.absorbs_theme and c.theme and c.theme[0] <= trig.start < c.theme[1]
                                      for c in coded):
            continue  # "ended mediation efforts", "postponed the summit": the talks did not take place
        c = _code_trigger(ctx, trig)
        if c is not None:
            coded.append(c)
            consumed.add(trig.span)
    _share_subjects(ctx, coded)
    coded = absorb(ctx, coded)
    out: list[Event] = []
    for c in sorted(coded, key=lambda c: (c.frame.category in ("agreement", "economic"), c.anchor)):
        ctx.sentence_events = out
        out.extend(_finish(ctx, c))
    _gathering_of_signatories(s, out)
    out = _drop_back_references(s, out)
    out = _drop_rejected_objects(ctx, out)
    out = _drop_partial_copies(s, out, ctx.clauses)
    out.sort(key=lambda e: e.trigger and s.find(e.trigger))
    return out, ctx


_DEFENCE_TOPIC = re.compile(r"\b(?:drones?|UAVs?|weapons?|arms|military|defen[cs]e|missiles?|ammunition|armou?red|"
                            r"warships?|fighter jets?|helicopters?)\b", re.I)
_IN_TITLE_CASE_NAME = re.compile(r"[A-Z][\w’'-]*\s+$")
# a participle only: a finite demand ("demanded a truce") absorbs its content in `absorb`
_DEMANDED = re.compile(r"\b(?:calling for|urging|demanding|pressing for)\s+"
                       r"(?:(?:the|a|an|more|further|closer|greater|deeper|stronger|new|its|their)\s+)*"
                       r"(?:[\w-]+\s+){0,2}$", re.I)


def _gathering_of_signatories(s: str, events: list[Event]) -> None:
    """'Xi and the five Central Asian leaders signed the declaration at the China–Central Asia summit': those
    who sign at a gathering take part in it."""
    for ev in events:
        at = s.find(ev.trigger) if ev.trigger else -1
        if ev.category != "meeting" or at < 0 or not IN_TIME_ADJUNCT.search(s[max(0, at - 60):at]):
            continue
        for other in events:
            if other.category == "agreement" and other.status == ev.status and ev.participants < other.participants:
                known = {a.code for a in ev.actor}
                ev.actor = ev.actor + [a for a in other.actor if a.code not in known]


def _drop_partial_copies(s: str, events: list[Event], clauses: Clauses) -> list[Event]:
    """Two codings of one act in a sentence ('approved a deal for Azerbaijan' from the verb and from the
    noun): keep the one that names more of its parties."""
    kept = []
    for ev in events:
        if any(
                other is not ev and other.category == ev.category and other.event_type == ev.event_type
                and other.status == ev.status and other.date == ev.date and ev.participants < other.participants
                and _same_clause(s, clauses, ev, other) for other in events):
            continue
        kept.append(ev)
    return kept


def _same_clause(s: str, clauses: Clauses, a: Event, b: Event) -> bool:
    """Two triggers of one clause code one act ('approved a deal for Azerbaijan to buy turbines'); two clauses
    two acts ('approved the creation of a fund and granted Turkmenistan observer status')."""
    at, bt = s.find(a.trigger) if a.trigger else -1, s.find(b.trigger) if b.trigger else -1
    return at < 0 or bt < 0 or clauses.index(at) == clauses.index(bt)


def _drop_rejected_objects(ctx: Ctx, events: list[Event]) -> list[Event]:
    """'Yemen rejected a U.S. request', 'would not meet the kidnappers' demands', 'suspended export permits':
    what a refusal, demand, threat or sanction names as its object is part of it, not a new event."""
    s = ctx.s

    def object_of(ev: Event, types: tuple[str, ...], reach: int) -> bool:
        at = s.find(ev.trigger) if ev.trigger else -1
        if at <= 0:
            return False
        for head in events:
            if head is ev or head.event_type not in types or not head.trigger:
                continue
            h_at = s.find(head.trigger)
            end = h_at + len(head.trigger)
            if h_at >= 0 and 0 < at - end <= reach and _OBJECT_GAP.match(s[end:at]):
                return True
        return False

    kept = []
    for ev in events:
        t = ev.event_type
        inside = (t not in ("REJECT", "REQUEST", "THREATEN") and object_of(ev, ("REJECT", "REQUEST", "THREATEN"), 60)) \
            or (t in ("AID", "COOPERATE", "SUPPORT", "AGREE") and object_of(ev, ("SANCTION",), 40)) \
            or (t in ("REQUEST", "AGREE", "SUPPORT") and object_of(ev, ("REJECT",), 40))
        if not inside:
            kept.append(ev)
    return kept


_OBJECT_GAP = re.compile(r"^\s+(?:[\w.’'-]+\s+){0,7}$")
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that)\s+$", re.I)


def _drop_back_references(s: str, events: list[Event]) -> list[Event]:
    """'Tokayev visited Moscow, describing the trip as ...': 'the trip' is the visit already coded."""
    kept = []
    for ev in events:
        at = s.find(ev.trigger) if ev.trigger else -1
        definite = at > 0 and _BACK_REFERENCE.search(s[max(0, at - 6):at])
        same = definite and any(
            other is not ev and other.category == ev.category and other.trigger != ev.trigger
            and ev.participants <= other.participants
            and s.find(other.trigger) < at for other in events)
        if not same:
            kept.append(ev)
    return kept


_COORDINATED = ("while", "and", "but", "as well as", "whereas", "whilst")


def _share_subjects(ctx: Ctx, coded: list[Coded]) -> None:
    """'Turkey signed pacts with X, while exporting UAVs to Y', 'welcomed them and spoke of ...': a verb
    without its own subject shares the subject of the verb before it in the sentence."""
    done: list[Coded] = []
    for c in sorted(coded, key=lambda c: c.anchor):
        if not c.parts.subject and not c.nominal and done:
            kind = ctx.clauses.kind(c.anchor[0])
            gap = ctx.s[done[-1].anchor[1]:c.anchor[0]]
            if kind in _COORDINATED or re.search(r"\band\s+(?:\w+ly\s+)?$", gap) or \
                    ctx.s[c.anchor[0]:c.anchor[1]].split()[0].endswith("ing"):
                prev = next((d for d in reversed(done) if d.parts.subject), None)
                if prev is not None:
                    c.parts.subject = list(prev.parts.subject)
        done.append(c)


# ---------------------------------------------------------------- reading tags

def _read_tags(s: str, tags, mentions: list[Mention] | None = None):
    triggers: dict[tuple[int, int], Trigger] = {}
    themes: list[tuple[int, int, str]] = []
    cues: list[tuple[int, int, str]] = []
    for start, end, ts in tags:
        for t in ts:
            if t.kind == "trigger":
                tr = triggers.get((start, end))
                if tr is None:
                    tr = triggers[(start, end)] = Trigger(start, end, [], t.pos, text=s[start:end])
                if t.value not in tr.frames:
                    tr.frames.append(t.value)
                if t.pos == "verb" or (t.pos == "noun" and tr.pos == "weak"):
                    tr.pos = t.pos
            elif t.kind == "light":
                tr = triggers.get((start, end))
                if tr is None:
                    tr = triggers[(start, end)] = Trigger(start, end, [], "verb", text=s[start:end])
                cls = t.value.split(":", 1)[0]
                if cls not in tr.light:
                    tr.light.append(cls)
                tr.pos = "verb"
            elif t.kind == "theme":
                themes.append((start, end, t.value))
            elif t.kind == "cue":
                cues.append((start, end, t.value))
    spans = sorted(triggers, key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[Trigger] = []
    for sp in spans:  # longest triggers win over those they contain ("held talks" over "talks")
        if any(k.start <= sp[0] and sp[1] <= k.end for k in kept):
            continue
        tr = triggers[sp]
        if tr.pos == "verb" and any(m.codes and m.start < tr.end and tr.start < m.end for m in mentions or []):
            # a verb form inside a name: "the United States"; but a gathering named as a body ("the 7th
            # Consultative Meeting ... took place") is a meeting noun
            tr = _as_noun(s, tr, tags)
            if tr is None or not any(f.startswith("meeting.") for f in tr.frames):
                continue
        if tr.pos == "verb" and s[max(0, tr.start - 1):tr.start] in ("-", "–"):
            continue  # "UN-brokered", "Russia-led": a compound adjective, not an act
        if tr.pos == "verb" and tr.text[:1].isupper() and re.match(r"\s+[A-Z]", s[tr.end:]) \
                and _IN_TITLE_CASE_NAME.search(s[max(0, tr.start - 20):tr.start]):
            continue  # "Radio Free Europe", "the Protect Our Borders Act": a word of a name
        if tr.pos == "verb" and not _verb_here(s, tr, mentions or []):
            tr = _as_noun(s, tr, tags)
            if tr is None:
                continue
        if tr.pos == "verb" and _reduced_relative(s, tr, kept):
            continue
        if tr.pos == "verb" and _generic_present(s, tr):
            continue
        if tr.pos == "verb" and "request" in tr.frames and re.match(r"\s+to\s+\w", s[tr.end:]) \
                and re.match(r"(?:seek|sought|want|ask)", tr.text, re.I):
            continue  # "seeks to replace", "asked to join": an intent, not a demand
        kept.append(tr)
    return kept, themes, cues


_WORDS = re.compile(r"[\w'’]+")
_ADVERB = re.compile(r"\w+ly|also|not|now|then|jointly|again|still|formally|officially", re.I)
_PLURAL_NAME = re.compile(r"[^s]s$")
_PLURAL_WORD = re.compile(r"[^s'’]s$")


def _verb_here(s: str, tr: Trigger, mentions: list[Mention]) -> bool:
    """Is a form that may be a noun used as a verb here? 'the support', 'his remarks', 'security
    partner', 'other Turkic states' are nouns; 'will support', 'Turkey exports drones' are verbs."""
    word = tr.text.split()[0].lower()
    if word.endswith("ing") and _ARTICLE_BEFORE.search(s[max(0, tr.start - 5):tr.start]):
        return False  # "the shooting deaths", "a bombing": a gerund or a modifier, no finite verb
    if word.endswith(("ed", "ing")) or word in _IRREGULAR_PAST:
        return True
    prev = _WORDS.findall(s[max(0, tr.start - 40):tr.start])
    while prev and _ADVERB.fullmatch(prev[-1]):
        prev.pop()
    if not prev:
        return True
    before = prev[-1]
    if _DETERMINER.match(before) or before.endswith(("'s", "’s")):
        return False  # "the visit", "Aliyev's visit": a noun
    before_mention = next((m for m in mentions if m.end <= tr.start and not s[m.end:tr.start].strip()), None)
    if before_mention is not None and before_mention.kind == "adjective" \
            and not _PLURAL_NAME.search(before_mention.name.strip()):
        return False  # "Arab support", "Turkish exports": a noun after an adjective (not "Palestinians reject")
    if word.endswith("s") and (before.lower().endswith("ed") or before.lower() in _IRREGULAR_PAST) \
            and before.islower():
        return False  # "suspended talks", "held talks": a plural noun, the object of the verb before it
    if word.endswith("s"):
        # "suspended export permits", "the drone strikes": a plural noun after a modifier in an object
        return not (len(prev) >= 2 and prev[-1].islower() and (
            prev[-2].lower().endswith("ed") or prev[-2].lower() in _IRREGULAR_PAST or _DETERMINER.match(prev[-2])))
    if before[:1].isupper() and len(prev) >= 2 and _DETERMINER.match(prev[-2]) \
            and not _PLURAL_WORD.search(before):
        return False  # "a U.S. request", "an Indian proposal"
    return bool(_VERB_BEFORE.match(before)) or before[:1].isupper() or before.lower().endswith("s")


_TOKENS = re.compile(r"[\w'’]+|[^\w\s]")
_BEFORE_GERUND = re.compile(r"(?:while|and|or|but|by|in|on|after|before|of|for|from|without|"
                            r"is|are|was|were|been|be|\w+ly)")
_AUX = re.compile(r"(?:is|are|was|were|be|been|being|has|have|had|not|also|jointly|recently|\w+ly|"
                  r"and|or|but|who|which|that|then)", re.I)


def _reduced_relative(s: str, tr: Trigger, earlier: list[Trigger]) -> bool:
    """'weapons seized last year', 'the curfew imposed in Sudan', 'a factory producing drones': a
    participle after a noun, with the clause's verb before it, describes that noun; it is no new event."""
    word = tr.text.split()[0]
    if word.lower().endswith("ing"):
        prev = _TOKENS.findall(s[max(0, tr.start - 30):tr.start])
        return bool(prev and prev[-1].isalpha() and prev[-1].islower() and any(t.pos == "verb" for t in earlier)
                    and not _BEFORE_GERUND.fullmatch(prev[-1]))
    if not word.lower().endswith("ed"):
        return False
    prev = _TOKENS.findall(s[max(0, tr.start - 40):tr.start])
    if not prev:
        return False
    before = prev[-1]
    aux = _AUX.fullmatch(before)
    if not (before.isalpha() and before.islower() and not aux):
        return False
    # a participle is followed by a preposition or a time, a main verb by its object ("demanded that")
    if not _AFTER_PARTICIPLE.match(s, tr.end):
        return False
    # "weapons seized last year" after the clause's verb; "a letter handed over to the UN" after a determiner
    return any(t.pos == "verb" for t in earlier) or (len(prev) >= 2 and bool(_ARTICLE.match(prev[-2])))


def _generic_present(s: str, tr: Trigger) -> bool:
    """'extremists who oppose their governments and travel to Afghanistan': simple present in a
    relative clause describes what a group does, not an event."""
    word = tr.text.split()[0].lower()
    if word.endswith(("ed", "ing")) or word in _IRREGULAR_PAST:
        return False
    head = s[:tr.start]
    rel = max(head.rfind(" who "), head.rfind(" which "), head.rfind(", who "))
    if rel < 0 or re.search(r"[;.]", head[rel:]):
        return False
    between = head[rel:]
    return not re.search(r"\b(?:will|would|has|have|had|did|was|were|is|are|to)\b", between)


def _as_noun(s: str, tr: Trigger, tags) -> Trigger | None:
    """The same span read as a noun: keep it only if the lexicon lists it as a noun too."""
    nouns = [t.value for a, b, ts in tags if (a, b) == tr.span for t in ts
             if t.kind == "trigger" and t.pos in ("noun", "weak")]
    if not nouns:
        return None
    weak = all(t.pos == "weak" for a, b, ts in tags if (a, b) == tr.span for t in ts
               if t.kind == "trigger" and t.pos in ("noun", "weak"))
    return Trigger(tr.start, tr.end, nouns, "weak" if weak else "noun", [], tr.text)


_SPACES = re.compile(r"\s+")


def _mark_event_places(s: str, mentions: list[Mention], tags) -> None:
    """'the Astana summit', 'the Samarkand declaration': a city naming an event is a place."""
    places = [m for m in mentions if m.kind in ("capital", "place") and not m.roles]
    if not places:  # most sentences: no need to collect the event nouns
        return
    nouns = {a for a, _, ts in tags if any(t.kind == "theme" and t.value in ("meeting", "document") for t in ts)}
    for m in places:
        rest = s[m.end:m.end + 2]
        nxt = _SPACES.match(s[m.end:])
        if nxt and (m.end + nxt.end()) in nouns and not rest.startswith(("'", "’")):
            m.place = True


# ---------------------------------------------------------------- frames

def _ordered(fids: list[str], lex: Lexicon) -> list[str]:
    if len(fids) < 2:
        return fids
    return sorted(fids, key=lambda f: lex.rank.get(f, 999))


def _theme(ctx: Ctx, frame: Frame, trig: Trigger, passive: bool) -> tuple[int, int] | None:
    """Where the frame's theme is for this trigger, or None when it is missing."""
    if frame.theme is None:
        return trig.span
    c0, c1 = ctx.clauses.span(trig.start)
    if ctx.clauses.kind(trig.start) in ("which", "who", ", which", ", who"):
        c0 = max(0, c0 - 60)  # "a Council ..., which was formed in 2009": the antecedent is the theme
    if trig.pos != "verb":
        lo, hi = max(c0, trig.start - 60), min(c1, trig.end + WINDOW)
    else:
        # forces may be the subject of an intransitive verb: "troops remained on alert", "units massed"
        lo, hi = (c0, c1) if passive or frame.theme in ("troops", "peacekeeping") else (trig.end, c1)
    for ts, te, cls in ctx.themes:
        if cls != frame.theme:
            continue
        if lo <= ts and te <= hi and (ts, te) != trig.span:
            return (ts, te)
        if ts <= trig.start and trig.end <= te and trig.pos != "verb":
            return (ts, te)
    kinds = {"weapon": ("weapon",), "person": (PERSON,), "body": (ORG,)}.get(frame.theme, ())
    for m in ctx.mentions:
        if frame.theme == "person" and m.possessive and m.kind == PERSON:
            continue  # "welcomed President Reagan's statement": the statement is welcomed, not the man
        if lo <= m.start and m.end <= hi and frame.theme == "person" and m.kind == "pronoun" \
                and re.search(r"leaders|presidents|heads|ministers", m.name, re.I):
            return (m.start, m.end)  # "hosted the leaders of Kazakhstan, Kyrgyzstan, ..."
        if lo <= m.start and m.end <= hi and (m.kind in kinds or (
                frame.theme == "person" and m.roles and set(m.roles) & {"GOV", "MIL", "COM"})):
            return (m.start, m.end)
    return None


def _anchored(ctx: Ctx, trig: Trigger, frame: Frame) -> bool:
    """Does a noun name a specific event here (not a trend, a plan in general, a category)?"""
    if not ctx.finite:
        return False  # headlines and bullet fragments: no event is reported without a verb
    s = ctx.s
    c0, c1 = ctx.clauses.span(trig.start)
    dated = any(c0 <= t.start < c1 and t.value and timex_free(ctx, t, trig) for t in ctx.timexes)
    owners = _owners_of(ctx, trig)
    owned = bool(owners)
    if trig.pos != "weak":
        if owned and frame.category == "meeting" and all(m.kind == ORG for m in owners):
            owned = False  # "the APEC forum", "the OTS council": the organisation, not a meeting
        if dated or owned:
            return True  # the other anchors are looked for only when these two fail
    after = [m for m in ctx.mentions if trig.end <= m.start <= trig.end + 40 and m.codes and not m.place
             and _ATTACHED.match(s[trig.end:m.start])]
    key = ("eventive", c0, c1)
    eventive = ctx.memo.get(key)
    if eventive is None:  # one search per clause, whatever the number of its nouns
        eventive = ctx.memo[key] = bool(_EVENTIVE.search(s[c0:c1]))
    if not eventive and c1 < len(s) and ctx.clauses.kind(c1) in ("which", "who") and "," in s[c1 - 8:c1]:
        # "The drills, which involved troops from X and Y, ended on Thursday": the verb follows the aside
        eventive = bool(_EVENTIVE.search(s[c1:]))
    if _means_of_cooperation(s, trig.start):
        return True  # "cooperation has developed through joint exercises and intelligence sharing"
    offer = _OFFER_VERB.search(s, c0, trig.start)
    if offer and OFFERED_GAP.match(s[offer.end():trig.start]):
        return True  # "Beijing offered Kyrgyzstan a $200 million loan": the loan offered
    if trig.pos == "weak" and _AMOUNT_BEFORE.search(s[max(0, trig.start - 60):trig.start]):
        return True  # "announced 12 million euros in border security assistance": a sum makes it one act
    if trig.pos == "weak":
        sourced = frame.category in ("criticism", "statement") and any(
            m.official or m.roles for m in ctx.mentions if trig.end <= m.start <= trig.end + 30
            and re.match(r"^\s*(?:in|from|by)\s+(?:the\s+)?$", s[trig.end:m.start]))
        # "the adoption of a Charter": the theme the noun governs identifies it as well as a party does
        themed = frame.theme is not None and any(
            cls == frame.theme and 0 < ts - trig.end <= 16
            and re.fullmatch(r"\s+of\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}[“\"]?",
                             s[trig.end:ts])
            for ts, _, cls in ctx.themes)
        return (dated and (owned or bool(after) or themed)) or (eventive and (owned or bool(after))) or sourced
    cue = cue_before(ctx, {"future"}, trig.start, c0, 25)
    planned = cue is not None and not any(t.pos == "verb" and cue[1] <= t.start < trig.start for t in ctx.triggers)
    return eventive or bool(after) or planned or _summit_modifier(ctx, trig)


# "cooperation has developed through military exchanges, joint exercises, intelligence sharing and ...": the
# listed forms of a relation are what its parties did (a list of nouns after the verb, no other clause)
_MEANS = re.compile(r"\b(?:cooperation|ties|relations|partnership|collaboration)\s+(?:\w+\s+){0,2}?"
                    r"(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?(?:developed|grown|expanded|deepened|intensified|evolved|"
                    r"progressed|advanced|included|involved|taken the form of|materiali[sz]ed)\s+"
                    r"(?:through|via|by way of|in the form of|including|with)?\s*", re.I)
_LIST_GAP = re.compile(r"^(?:[\w’'-]+\s*|,\s*|and\s+|the\s+)*$", re.I)


def _means_of_cooperation(s: str, start: int) -> bool:
    last = None
    for found in _MEANS.finditer(s, 0, start):
        last = found
    return last is not None and bool(_LIST_GAP.match(s[last.end():start]))


_ANCHOR_ONLY = re.compile(r"\b(?:since|ever since|until|till)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
                          r"(?:[\w’'.-]+\s+){0,4}$", re.I)
_BACKGROUND = re.compile(r"\b(?:following|after|amid|in the wake of|in response to|because of|due to|"
                         r"in retaliation for|despite)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,4}$",
                         re.I)


_BETWEEN_WITH = re.compile(r"\s+(?:between|with)\s+")


def _background(ctx: Ctx, trig: Trigger) -> bool:
    """A noun in a causal or temporal adjunct names the background of the sentence's main event (but
    'after talks between Erdogan and Aliyev' still reports the talks: their parties are named)."""
    if _BETWEEN_WITH.match(ctx.s[trig.end:trig.end + 12]) and any(
            m.codes and trig.end < m.start <= trig.end + 40 for m in ctx.mentions):
        return False
    if _ANCHOR_ONLY.search(ctx.s[max(0, trig.start - 60):trig.start]) and not any(
            0 <= t.start - trig.end <= 15 for t in ctx.timexes if t.value):
        return True  # "since Russia's invasion of Ukraine": an event named only as a time anchor (but
        # "since its founding in 2009" dates and reports the founding)
    if not _BACKGROUND.search(ctx.s[max(0, trig.start - 60):trig.start]):
        return False
    return any(t.pos == "verb" and t.frames and t.start < trig.start for t in ctx.triggers)


_NEXT_WORD = re.compile(r"(\s+)(?:([\w-]+)\s+)?")


def _modifier(ctx: Ctx, trig: Trigger) -> bool:
    """A noun that modifies the head noun after it ('cooperation platform', 'production facility' is one
    trigger, but 'defence cooperation agreement' names an agreement, not cooperation)."""
    m = _NEXT_WORD.match(ctx.s[trig.end:])
    if not m:
        return False
    starts = {trig.end + len(m.group(1))}
    if m.group(2):
        starts.add(trig.end + m.end())
    return any(a in starts or (a <= trig.start and trig.end < b)  # "a military cooperation plan"
               for a, b, cls in ctx.themes if cls in ("document", "body", "meeting"))


_SUMMIT_BEFORE = re.compile(r"\b(?:summit|meeting)(?:['’]s)?\s+(?:\w+\s+)?$", re.I)


def _summit_modifier(ctx: Ctx, trig: Trigger) -> bool:
    """'the summit declaration', 'the summit's declaration': a document of a known event."""
    return bool(_SUMMIT_BEFORE.search(ctx.s[max(0, trig.start - 30):trig.start]))


def _refers_back(ctx: Ctx, trig: Trigger) -> bool:
    """A bare definite gathering ('the meeting', 'the summit') after one was reported: a reference back."""
    if ctx.disc.last_event is None or ctx.disc.last_event.category != "meeting":
        return False
    if not re.search(r"(?:^|\b)(?:the|this|that)\s+$", ctx.s[max(0, trig.start - 6):trig.start], re.I):
        return False
    attached = [m for m in ctx.mentions if trig.end <= m.start <= trig.end + 40 and m.codes
                and _ATTACHED.match(ctx.s[trig.end:m.start])]
    dated = any(abs(t.start - trig.end) <= 30 for t in ctx.timexes if t.value and t.kind == "explicit")
    return not attached and not dated and not _owners_of(ctx, trig)


def _past_form(text: str) -> bool:
    word = text.split()[0].lower()
    return word.endswith("ed") or word in _IRREGULAR_PAST


def _owners_of(ctx: Ctx, trig: Trigger) -> list[Mention]:
    from steppe.extract.roles import owners

    return owners(ctx.s, trig.start, ctx.mentions, ctx.quotes)


def _code_trigger(ctx: Ctx, trig: Trigger) -> Coded | None:
    if not ctx.finite and not _past_form(trig.text):
        return None  # a bullet or headline fragment: "pressure on member states" names no act
    if trig.pos == "verb" and _THING_SUBJECT.search(ctx.s[max(0, trig.start - 30):trig.start]):
        return None  # "where their borders meet", "as interests clash": things, not parties, act
    passive = trig.pos == "verb" and is_passive(ctx.s, trig.start, trig.end)
    for fid in _ordered(trig.frames, ctx.lex):
        frame = ctx.lex.frames[fid]
        spot = _theme(ctx, frame, trig, passive)
        if spot is None:
            continue
        nominal = trig.pos != "verb"
        if nominal and (_modifier(ctx, trig) or _topic_of_document(ctx, trig.start, frame)):
            return None  # "a defence cooperation agreement", "an agreement on intelligence cooperation"
        if nominal and _DEMANDED.search(ctx.s[max(0, trig.start - 50):trig.start]):
            return None  # "a declaration calling for closer defence cooperation": what is asked for, not done
        if nominal and _background(ctx, trig):
            return None  # "... following the shooting deaths of two Israelis": the cause, reported before
        if nominal and not _anchored(ctx, trig, frame):
            return None
        if nominal and frame.category == "meeting" and _refers_back(ctx, trig):
            return None  # "The meeting came on the same day ...": the meeting reported before
        p = parts(ctx.s, trig.start, trig.end, ctx.mentions, ctx.clauses, passive, nominal, spot, ctx.quotes)
        return Coded(frame, trig.span, spot, p, nominal=nominal, plural=bool(_PLURAL.search(trig.text)))
    return None


def _code_light(ctx: Ctx, trig: Trigger, consumed: set[tuple[int, int]]) -> list[Coded]:
    """A light verb with each theme noun it governs: 'concluded pacts and exercises' is two events."""
    s = ctx.s
    passive = is_passive(s, trig.start, trig.end) or (
        # "the OTS Charter adopted in 2024": a participle right after its theme, a reduced passive
        trig.text.split()[0].lower().endswith("ed")
        and any(te <= trig.start and not s[te:trig.start].strip() and cls in trig.light for _, te, cls in ctx.themes))
    c0, c1 = ctx.clauses.span(trig.start)
    reach = 30 if SHORT_LIGHT.match(trig.text.split()[0]) else WINDOW
    lo, hi = (max(c0, trig.start - reach), trig.start) if passive else (trig.end, min(c1, trig.end + reach))
    out: list[Coded] = []
    seen: set[str] = set()
    if not passive:
        hi = _list_end(ctx, lo, hi, c1)
    for ts, te, cls in sorted(ctx.themes):
        if cls not in trig.light or not (lo <= ts and te <= hi):
            continue
        noun = next((n for n in ctx.triggers if n.pos != "verb" and (n.start <= ts and te <= n.end
                                                                     or ts <= n.start and n.end <= te)), None)
        frame = None
        for fid in _ordered(noun.frames if noun else [], ctx.lex):
            f = ctx.lex.frames[fid]
            if f.theme is None or f.category == "agreement":
                frame = f
                break
        frame = frame or _frame_for_class(cls, ctx.lex)
        if frame is None or frame.id in seen or frame.speech or (
                frame.category in ("statement", "criticism", "pressure")
                and frame.id not in ("investigate", "protest")):
            continue
        if _topic_of_document(ctx, ts, frame):
            continue
        seen.add(frame.id)
        p = parts(s, trig.start, trig.end, ctx.mentions, ctx.clauses, passive, False, (ts, te), ctx.quotes)
        out.append(Coded(frame, trig.span, (ts, te), p, plural=bool(_PLURAL.search(s[ts:te]))))
        if noun:
            consumed.add(noun.span)
    if out:
        consumed.add(trig.span)
    return out


def _list_end(ctx: Ctx, lo: int, hi: int, c1: int) -> int:
    """'concluded pacts, intelligence-sharing agreements, and military exercises': a light verb reaches
    every theme of a list that starts within its reach."""
    inside = [te for ts, te, _ in ctx.themes if lo <= ts and te <= hi]
    if not inside:
        return hi
    end = max(inside)
    for ts, te, _ in sorted(ctx.themes):
        if te <= end:
            continue
        if ts < end or (te <= c1 and _LIST_GAP.match(ctx.s[end:ts])):
            end = te
        elif ts > end:
            break
    return max(hi, end)


_CLASS_FRAME = {"document": "agreement.noun", "meeting": "meeting.talk", "exercise": "exercise",
                "production": "industry.produce", "body": "institution.found", "intelligence": "intelligence",
                "probe": "investigate", "protest": "protest", "attack": "assault", "war": "assault",
                "economy": "economic.deal"}


def _frame_for_class(cls: str, lex: Lexicon) -> Frame | None:
    fid = _CLASS_FRAME.get(cls)
    return lex.frames.get(fid) if fid else None


def _topic_of_document(ctx: Ctx, start: int, frame: Frame) -> bool:
    """'an agreement on intelligence cooperation': the topic of a document is not an event of its own."""
    if frame.category == "agreement":
        return False
    c0, _ = ctx.clauses.span(start)
    doc = sorted(t for t in ctx.themes if t[2] == "document" and c0 <= t[0] and t[1] <= start and start - t[1] <= 90)
    if not doc:
        return False
    gap = ctx.s[doc[-1][1]:start]
    if re.search(r"[;:]|\b(?:while|but|whereas|during|amid|after|before|when|on the sidelines of)\b", gap):
        return False  # "signed a memorandum on X during Aliyev's visit": the visit is no topic of the memorandum
    if not gap.strip(" -"):
        return True  # "a defence-cooperation agreement"
    if any(doc[-1][1] <= t.start < start for t in ctx.triggers if t.pos == "verb"):
        return False  # a verb in between: "the communiqué of the summit, Azerbaijan offered to host drills"
    # the topic marker must follow the document: "an agreement on X", "a deal that includes X, and Y"
    head = doc[-1][1] + len(gap) - len(gap.lstrip())
    return any(a == head or (head <= a <= head + 12 and b <= start and not ctx.s[head:a].strip(" ,"))
               for a, b, k in ctx.cues if k == "topic")


# ---------------------------------------------------------------- roles to entities

def _entities(ctx: Ctx, ms: list[Mention]) -> list[Entity]:
    out: list[Entity] = []
    disc = ctx.disc
    for m in ms:
        if m.kind == "official" and not m.codes:
            state = _state_of_sentence(ctx, m)
            if state is not None:
                out.append(Entity(state.code, m.name.strip(), "GOV"))
            continue
        if m.kind == "pronoun" and m.detail in ("plural", "members", "org"):
            owner = _owner_after(ctx, m)  # "the leaders of the OTS", "the members of the CSTO"
            if owner:
                out.extend(_entities(ctx, owner))
                continue
            group = _coordinated_before(ctx, m)  # "Iran and Tajikistan agreed to expand their ..."
            if group and m.detail == "plural":
                out.extend(_entities(ctx, group))
                continue
        if m.kind == "pronoun" and m.detail in ("thing", "plural"):
            after = _cataphor(ctx, m)  # "Since its founding in 2009, the OTS has ...": the subject that follows
            if after is not None:
                out.extend(_entities(ctx, [after]))
                continue
        if m.kind == "pronoun" and m.name.lower() == "its" and _ORG_THING.match(ctx.s, m.end):
            orgs = [o for o in ctx.mentions if o.end <= m.start and o.kind == ORG and o.codes and not o.place]
            if orgs:  # "the OTS admitted Turkmenistan at its summit": the organisation's summit
                out.extend(_entities(ctx, orgs[-1:]))
                continue
        if m.kind == "pronoun":
            ante = antecedent(m, ctx.mentions)
            if ante is not None:
                out.extend(_entities(ctx, [ante]))
            elif m.detail == "person" and disc.person is not None:
                out.extend(_entities(ctx, [disc.person]))
            elif m.detail in ("members", "org"):
                org = salient_org(disc)
                if org:
                    out.append(Entity(org, org, "IGO"))
            elif m.detail == "plural" and disc.participants:
                out.extend(Entity(code, code, None) for code in disc.participants)
            elif m.detail == "thing" and disc.subject:
                out.extend(Entity(code, code, None) for code in disc.subject)
            continue
        for code in m.codes:
            out.append(Entity(code, _display(m) if len(m.codes) == 1 else code, m.sector))
    return out


_ORG_THING = re.compile(r"\s+(?:\w+\s+){0,2}?(?:summits?|meetings?|sessions?|charter|secretariat|council|members|"
                        r"member states|chairmanship|headquarters|statute|secretary-general)\b", re.I)
_FRONTED = re.compile(r"^\W*(?:since|after|before|despite|with|in|following|during|upon|on|for|through|given)\b", re.I)


def _cataphor(ctx: Ctx, m: Mention) -> Mention | None:
    s = ctx.s
    comma = s.find(",", m.end)
    if comma < 0 or not _FRONTED.match(s) or s.find(",", 0, m.start) >= 0:
        return None
    if any(x.codes and not x.place and x.end <= m.start for x in ctx.mentions):
        return None  # an antecedent precedes it in the adjunct
    nxt = next((x for x in ctx.mentions if x.start > comma and x.codes and not x.place), None)
    if nxt is None or s[comma + 1:nxt.start].strip(" ,").lower() not in ("", "the"):
        return None
    return nxt


def _owner_after(ctx: Ctx, m: Mention) -> list[Mention]:
    s = ctx.s
    if not re.match(r"\s+of\s+(?:the\s+)?\S", s[m.end:]):
        return []
    nxt = next((x for x in ctx.mentions if x.start > m.end and x.codes and not x.place), None)
    if nxt is None or not re.fullmatch(r"\s+of\s+(?:the\s+)?", s[m.end:nxt.start]):
        return []
    return group_from(nxt, ctx.mentions, s)


def _coordinated_before(ctx: Ctx, m: Mention) -> list[Mention]:
    """The coordinated actors opening the sentence ('Iran and Tajikistan ... their'), when there are two or more."""
    first = next((x for x in ctx.mentions if x.codes and not x.place and x.prep is None and x.end <= m.start), None)
    if first is None:
        return []
    group = [x for x in group_from(first, ctx.mentions, ctx.s) if x.end <= m.start]
    return group if len(group) >= 2 else []


def _state_of_sentence(ctx: Ctx, official: Mention) -> Mention | None:
    """The country an unknown official most likely serves: the first state, demonym or city of the
    sentence that is not the target of the act ('... threatened to ban Ugandan candidates' -> UGA)."""
    for m in ctx.mentions:
        if m is official or not m.codes or m.kind not in ("state", "adjective", "capital", "place"):
            continue
        if m.prep in ("against", "to", "toward", "towards", "with", "by", "from", "between"):
            continue
        return m
    return None


def _display(m: Mention) -> str:
    if m.kind == PERSON and m.entries:
        return m.entries[0].name
    return m.name.strip()


def _dedupe(entities: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for e in entities:
        seen.setdefault(e.code, e)
    return list(seen.values())


_INVESTMENT = re.compile(r"\b(?:invest\w*|loans?|lend\w*|lent|credits?|credit line|financ\w*)\b", re.I)
_RECEIVES = re.compile(r"\b(?:secur|receiv|attract|obtain|won\b|wins?\b|got\b|gets?\b|drew|draws?\b|lur)\w*", re.I)


def _investment_roles(ctx: Ctx, c: Coded) -> tuple[list[Mention], list[Mention]] | None:
    """Money moves one way: the investor or lender acts, the state it goes to receives ('Japan lent $500
    million to Kazakhstan', 'Chinese investment in Afghanistan', 'Uzbekistan secured Chinese investment')."""
    s = ctx.s
    c0, c1 = ctx.clauses.span(c.anchor[0])
    spot = (min(c.anchor[0], (c.theme or c.anchor)[0]), max(c.anchor[1], (c.theme or c.anchor)[1]))
    money = _INVESTMENT.search(s[spot[0]:spot[1]]) or _INVESTMENT.search(s[spot[1]:min(c1, spot[1] + 60)])
    if not money:
        return None
    p = c.parts
    receiving = bool(_RECEIVES.match(s[c.anchor[0]:c.anchor[1]]))
    ahead = [m for m in ctx.mentions if m.codes and spot[1] <= m.start < c1 and m.kind in ("state", "capital")
             and re.search(r"\b(?:in|into|to|for)\s+(?:the\s+)?$", s[max(spot[1], m.start - 12):m.start])]
    origin = [m for m in ctx.mentions if m.kind == "adjective" and m.codes and c0 <= m.start < c1
              and m not in p.subject and re.match(r"\s+(?:\w+\s+){0,2}?(?:invest|loan|credit|financ|fund)",
                                                    s[m.end:m.end + 40], re.I)]
    if receiving:
        return origin, p.subject + ahead
    actor = p.subject or origin
    ahead += [m for m in p.to if m not in ahead and m.kind in ("state", "capital")]  # "offered Kyrgyzstan a loan"
    recipient = [m for m in ahead if m.codes[0] not in {a.codes[0] for a in actor if a.codes}]
    if not actor or not recipient:
        return None
    return actor, recipient


def _assign(ctx: Ctx, c: Coded) -> tuple[list[Mention], list[Mention]]:
    """Map the parts around the trigger onto actor and recipient by the frame's role pattern."""
    p, frame = c.parts, c.frame
    if frame.category == "economic":
        money = _investment_roles(ctx, c)
        if money is not None and money[0]:
            return money
    if frame.roles == "joint":
        actor = p.subject + p.with_ + p.direct + (p.of if c.nominal or frame.category == "meeting" else [])
        if frame.category in ("meeting", "exercise"):
            actor += p.from_
        if frame.category == "economic":
            actor += [m for m in p.origin if m.kind == "adjective"]
        if frame.category in ("economic", "agreement"):
            actor += [m for m in p.to if m.prep == "for"]  # "a deal for Uzbekistan to buy airliners"
        return actor, []
    if frame.roles == "inverse":
        if frame.category in ("arms_transfer", "defence_industry"):
            actor = p.from_ + p.origin + p.agent
            recipient = p.subject or p.to
            if not actor and frame.category == "defence_industry":
                return p.subject, p.to + p.with_
            return actor, recipient
        guests = p.direct + p.with_ + p.of + p.agent
        if frame.category == "meeting" and len({c for m in guests for c in m.codes} | {
                m.detail for m in guests if m.kind == "pronoun"}) >= 2:
            return p.subject + guests, []  # hosting several leaders is a summit: every one takes part
        return guests, p.subject  # host: the guest acts, the host receives
    if frame.roles == "self":
        # "suspended talks with Russia": the partner of what is called off receives
        with_ = p.with_ if frame.absorbs_theme else []
        return p.subject or p.direct, (p.direct or p.of if p.subject else []) + p.to + with_
    actor = p.subject
    # "criticised it ... over his differences with Biden": a partner named with "with" is no target of words
    with_ = [] if frame.category in ("criticism", "statement") else p.with_
    # "initiated the format of the CMHS", "condemned the killing of Afghan civilians": the object's owner
    recipient = p.direct + p.to + (p.of if c.nominal or not (p.direct or p.to) else []) + with_
    if frame.category == "arms_transfer" and not actor:
        actor = p.origin
    if frame.category == "conflict":
        recipient = recipient + [m for m in p.origin if m not in recipient]  # "destroyed an Armenian depot"
    return actor, recipient


# ---------------------------------------------------------------- finishing

def _finish(ctx: Ctx, c: Coded) -> list[Event]:
    s, frame = ctx.s, c.frame
    status = c.status or frame.status or status_of(ctx, c)
    if status == "hypothetical":
        return []
    if status == "negated" and frame.event_type in ("ASSAULT", "COERCE", "SANCTION", "THREATEN", "ACCUSE",
                                                    "MOBILIZE", "PROTEST"):
        return []  # "failed to prevent attacks", "did not threaten": nothing hostile happened
    actor_m, recip_m = _assign(ctx, c)
    if not frame.speech:
        # ", South Korea's defence ministry said Monday.": who reports an act takes no part in it
        att = _attribution(ctx)
        if att and att.start() > c.anchor[1]:
            actor_m = [m for m in actor_m if m.start < att.start()]
            recip_m = [m for m in recip_m if m.start < att.start()]
    if frame.speech:
        actor_m, recip_m, quote = speaker_of(ctx, c)
        if not actor_m:
            return []
    else:
        quote = None
    if frame.category in ("statement", "criticism", "pressure") and frame.roles == "directed" and not actor_m:
        if not (c.nominal and frame.category == "criticism"):
            return []
    actor = _dedupe(_entities(ctx, actor_m))
    recipient = _dedupe(_entities(ctx, recip_m))
    if frame.speech and not recipient and _AT_GATHERING.search(s):
        # a speech at an organisation's summit is addressed to the organisation
        orgs = [m for m in ctx.mentions if m.kind == ORG and m.sector == "IGO" and m.codes and not m.place]
        org = orgs[0].code if orgs else salient_org(ctx.disc)
        if org and org not in {a.code for a in actor}:
            recipient = [Entity(org, orgs[0].name if orgs else org, "IGO")]
    if frame.category in COOPERATIVE:
        actor = _dedupe(actor + _sponsors(ctx, c) + _hosts_of_visit(ctx, actor) + _main_subject(ctx, c))
    if frame.roles == "joint" and len(actor) == 1 and not recipient:
        actor = _dedupe(actor + _partner_of_relation(ctx, actor[0].code))
    if not actor and frame.category in COOPERATIVE:
        actor = implicit_actors(ctx, c)
    if frame.event_type == "PROTEST" and actor_m and all(
            m.sector == "MIL" or "MIL" in m.roles for m in actor_m if m.codes or m.roles):
        return []  # "Turkish commandos marched with Azerbaijani units": a parade, not a protest
    if not actor and frame.event_type == "PROTEST":
        actor = _people_of_place(ctx, c)
    bodies = {code for m in recip_m if m.kind == ORG for code in m.codes}
    if not actor and frame.id.startswith("institution.admit") and bodies:
        # "Kazakhstan was admitted to the OTS platform": the organisation admitting acts
        actor = [e for e in recipient if e.code in bodies]
        recipient = [e for e in recipient if e.code not in bodies]
    if status == "negated" and frame.roles == "inverse" and recipient:
        actor, recipient = recipient, actor  # "Azerbaijan will not join the CSTO": the one refusing acts
    elif status == "negated" and frame.roles == "joint" and c.parts.subject and len(actor) > 1:
        # "Turkmenistan declined to sign the OTS declaration": the refuser acts, the other party receives
        refusing = {e.code for e in _entities(ctx, c.parts.subject)}
        if refusing and refusing < {a.code for a in actor}:
            recipient = recipient + [a for a in actor if a.code not in refusing]
            actor = [a for a in actor if a.code in refusing]
    recipient = [e for e in recipient if e.code not in {a.code for a in actor}]
    if frame.category == "defence_industry":
        actor, recipient = _licensor(ctx, c, actor, recipient)
    if frame.category == "exercise" and frame.roles == "joint" and len(actor) == 1 and not recipient:
        # "Azerbaijani troops took part in the exercise in Konya": a foreign force drills with its host
        host = _place_state(ctx, c)
        if host and host.code != actor[0].code:
            actor = actor + [host]
    if not recipient and frame.mode == "visit" and actor and not c.nominal:
        # "Erdogan arrived in Astana for a state visit": the state of the place visited hosts
        host = _place_state(ctx, c)
        if host and host.code not in {a.code for a in actor}:
            recipient = [host]
    if not recipient and frame.category in ("defence_industry", "military_aid") and actor:
        # "Iran opened a drone factory in Dushanbe": the host country receives
        host = _place_state(ctx, c)
        if host and host.code not in {a.code for a in actor}:
            recipient = [host]
    if not actor and (not recipient or frame.mode == "visit"):
        return []  # nobody acts; a visit needs its visitor
    if frame.category == "arms_transfer" and {a.code for a in actor} == {r.code for r in recipient}:
        return []
    value = date_for(ctx, c, status)
    past = _past_form(s[c.anchor[0]:c.anchor[1]])
    if status == "occurred" and value and ctx.ref and after_ref(value, ctx.ref) and not past:
        status = "future"
    event_type = frame.event_type
    if frame.speech and event_type is None:
        event_type = speech_type(quote if quote is not None else s[c.anchor[1]:])
        if event_type is None and not OBLIGATION.search(s[c.anchor[1]:]):
            return []  # a neutral remark states no position: not an event
        if event_type == "THREATEN":
            target = threat_target(ctx, c.anchor[1])
            if target:
                recipient = [e for e in _dedupe(_entities(ctx, target)) if e.code not in {a.code for a in actor}]
    if frame.speech and event_type is None and OBLIGATION.search(s[c.anchor[1]:]):
        event_type = "REQUEST"
    hostile = event_type in ("SANCTION", "COERCE", "ASSAULT", "THREATEN", "REJECT", "REQUEST", "ACCUSE",
                             "PROTEST", "MOBILIZE")
    if status == "future":
        if _CONDITION.search(s[c.anchor[1]:]) and event_type in ("SANCTION", "COERCE", "ASSAULT", "RETREAT",
                                                                   "PROTEST"):
            event_type = "THREATEN"  # "will withdraw its troops unless ...": a threat
        elif event_type in ("ASSAULT", "SANCTION", "COERCE", "PROTEST") and not (
                event_type in ("SANCTION", "COERCE") and _DECIDED.search(s[:c.anchor[0]])):
            # "said they would boycott", "would tighten the blockade": a threat (but "announced it would
            # ban ..." is the decision itself)
            event_type = "THREATEN"
        elif not hostile:
            event_type = "AGREE"  # a plan, offer or promise (PLOVER AGREE)
    elif status == "negated" and not hostile:
        event_type = "REJECT"  # "failed to reach agreement", "will not accept refugees": a refusal
    category = frame.category
    civil = any(set(m.roles) & {"CVL", "REB"} or m.sector in ("CVL", "REB") for m in actor_m)
    if frame.id == "pressure.coerce" and civil and re.match(r"block|barricad|occup", s[c.anchor[0]:c.anchor[1]]):
        category, event_type = "criticism", "PROTEST"  # "demonstrators blocked roads": a protest
    c0, c1 = ctx.clauses.span(c.anchor[0])
    commercial = category == "agreement" and (  # only an agreement asks
        any(m.sector == "COM" or "COM" in m.roles for m in actor_m + recip_m) or bool(_MONEY.search(s[c0:c1])))
    defence_firm = category == "agreement" and (
        any(m.kind == "company" and m.detail == "defence" for m in ctx.mentions if c0 <= m.start < c1)
        or (commercial and bool(_DEFENCE_TOPIC.search(s[c0:c1]))))
    if defence_firm:
        # "signed a contract with defence firm Aselsan to produce ...": a deal of the defence industry
        category, event_type = "defence_industry", ("AGREE" if status == "future" else "COOPERATE")
    elif category == "agreement" and ((c.theme and _ECONOMIC.search(s[max(0, c.theme[0] - 40):c.theme[1]]))
                                      or commercial):
        category, event_type = "economic", ("AGREE" if status == "future" else "COOPERATE")
    if category == "agreement" and c.theme and _CHARTER.search(s[c.theme[0]:c.theme[1] + 40]):
        category = "institutional"  # a charter or statute constitutes the organisation (spec: new bodies)
    location = _location(ctx, c)
    conf = 0.35 + 0.2 * (not c.nominal) + 0.15 * bool(value) + 0.15 * bool(
        actor and (recipient or frame.roles == "joint")) + 0.1 * (c.theme is not None)
    base = Event(category=category, event_type=event_type, actor=actor, recipient=recipient,
                 mode=frame.mode, context=list(frame.context), date=value, status=status, location=location,
                 evidence=s, start=ctx.sent.start, end=ctx.sent.end, confidence=min(conf, 0.95),
                 trigger=s[c.anchor[0]:c.anchor[1]])
    return [_with_mode(e) for e in _split(c, base, ctx)]


def _attribution(ctx: Ctx) -> re.Match[str] | None:
    """_ATTRIBUTION over the sentence, searched once for all its events."""
    if "attribution" not in ctx.memo:
        ctx.memo["attribution"] = _ATTRIBUTION.search(ctx.s)
    return ctx.memo["attribution"]


_LICENCE = re.compile(r"\blicen[cs]\w*|\bunder (?:a )?licen", re.I)
_HOSTS = re.compile(r"\b(?:houses|hosts|hosted|housed|is home to|was home to|will host|would host)\s+", re.I)


def _licensor(ctx: Ctx, c: Coded, actor: list[Entity], recipient: list[Entity]) -> tuple[list[Entity],
                                                                                       list[Entity]]:
    """Licensed production and foreign plants: the state whose design or firm it is acts, the state that
    produces or houses it receives ('Kazakhstan holds a licence to build Turkish drones' is TUR → KAZ;
    'Tajikistan houses Iranian drone plants' is IRN → TJK)."""
    s = ctx.s
    here = {a.code for a in actor}
    foreign = [m for m in ctx.mentions if m.codes and not m.place
               and (m.kind == WEAPON or (m.kind in ("adjective", "company") and _before_theme_word(ctx, m)))]
    if not foreign:
        return actor, recipient
    host = None
    hm = _HOSTS.search(s, 0, max(c.anchor[0], (c.theme or c.anchor)[0]))
    if hm:
        first = next((m for m in ctx.mentions if m.start < hm.start() and m.codes and not m.place
                      and m.kind in ("state", "capital")), None)
        host = first
    licensor = [m for m in foreign if m.code not in here]
    if _LICENCE.search(s) and actor and not recipient and licensor:
        return _dedupe(_entities(ctx, licensor[:1])), actor
    if host is not None and host.code not in {m.code for m in foreign} and not recipient:
        return (actor if actor and host.code not in here else _dedupe(_entities(ctx, foreign[:1]))), \
            _dedupe(_entities(ctx, [host]))
    return actor, recipient


def _before_theme_word(ctx: Ctx, m: Mention) -> bool:
    """An origin adjective: 'Turkish UAVs', 'Iranian drone production facilities'."""
    return any(0 <= ts - m.end <= 30 and re.fullmatch(r"[\s\w-]*", ctx.s[m.end:ts]) for ts, _, cls in ctx.themes
               if cls in ("weapon", "production"))


_RELATION_WITH = re.compile(r"\b(?:ties|relations|cooperation|partnership|contacts|links|alliance|dialogue)\s+"
                            r"with\s+(?:the\s+)?$", re.I)


def _partner_of_relation(ctx: Ctx, code: str) -> list[Entity]:
    """'Kazakhstan expanded military ties with Türkiye in 2020 when it signed an agreement': a joint act with
    one named party is done with the partner of the relation the sentence is about."""
    for m in ctx.mentions:
        if m.codes and not m.place and m.code != code and _RELATION_WITH.search(ctx.s[max(0, m.start - 40):m.start]):
            return _entities(ctx, [m])
    return []


def _hosts_of_visit(ctx: Ctx, actor: list[Entity]) -> list[Entity]:
    """'Putin visited Kyrgyzstan to sign agreements': what a visitor signs, it signs with its host."""
    codes = {a.code for a in actor}
    for ev in ctx.sentence_events:
        if ev.mode == "visit" and codes & {a.code for a in ev.actor}:
            return [r for r in ev.recipient if r.code not in codes]
    return []


_LEADING_ADJUNCT = re.compile(r"^\W*(?:during|at|on the sidelines of|after|following|ahead of)\s+(?:a|an|the|his|her|"
                              r"their)?\s*(?:[\w-]+\s+){0,3}$", re.I)


def _main_subject(ctx: Ctx, c: Coded) -> list[Entity]:
    """'During a joint press conference with Starmer, Trump said ...': a joint gathering named in the
    sentence's opening adjunct includes the subject of the main clause."""
    s = ctx.s
    if not (c.nominal and c.frame.roles == "joint" and _LEADING_ADJUNCT.match(s[:c.anchor[0]])):
        return []
    comma = s.find(",", c.anchor[1])
    if comma < 0:
        return []
    after = [m for m in ctx.mentions if m.start > comma and m.codes and not m.place]
    if after and (after[0].official or after[0].kind in ("state", "capital", ORG, PERSON)) \
            and re.fullmatch(r"[\s,]*(?:the\s+)?", s[comma:after[0].start]) is not None:
        return _entities(ctx, [after[0]])
    return []


def _sponsors(ctx: Ctx, c: Coded) -> list[Entity]:
    """The organisation a joint act is held under ('drills under the banner of the OTS', 'under the OTS
    banner', 'within the framework of the SCO') takes part in it."""
    s = ctx.s
    c0, c1 = ctx.clauses.span(c.anchor[0])
    out = []
    for m in ctx.mentions:
        if m.kind != ORG or not m.codes or not (c.anchor[1] <= m.start < c1):
            continue
        before = s[max(c0, m.start - 45):m.start]
        if _UNDER.search(before) or (re.search(r"\b(?:under|within)\s+(?:the\s+)?$", before, re.I)
                                     and _UNDER_AFTER.match(s[m.end:])):
            out.extend(_entities(ctx, [m]))
    for m in ctx.mentions:  # "developed under U.S. supervision", "under the mediation of Türkiye": the broker
        if not m.codes or m.place or m.kind == ORG or not (c.anchor[1] <= m.start < c1 or c0 <= m.start < c.anchor[0]):
            continue
        before = s[max(0, m.start - 45):m.start]
        if _BROKER.search(before) or (_UNDER_BEFORE.search(before)
                                      and _BROKER_AFTER.match(s[m.end:])):
            out.extend(_entities(ctx, [m]))
    # "offered to host a second meeting", "the next summit": a numbered gathering in a series belongs
    # to the organisation the article is about
    spot = c.theme or c.anchor
    series = _SERIES.search(s[max(0, spot[0] - 30):spot[0]]) or _SERIES_OBJECT.match(s, c.anchor[1])
    if not out and c.frame.category == "meeting" and series \
            and not any(m.kind == ORG and m.codes for m in ctx.mentions if c0 <= m.start < c1):
        org = salient_org(ctx.disc)
        if org:
            out.append(Entity(org, org, "IGO"))
    return out


def _place_state(ctx: Ctx, c: Coded) -> Entity | None:
    c0, c1 = ctx.clauses.span(c.anchor[0])
    for m in ctx.mentions:
        if m.place and m.codes and c0 <= m.start < c1 and m.prep in ("in", "at", "near", "inside"):
            return Entity(m.code, m.name, None)
    return None


def _people_of_place(ctx: Ctx, c: Coded) -> list[Entity]:
    """Demonstrators with no named group: the people of the country where they protest."""
    c0, c1 = ctx.clauses.span(c.anchor[0])
    for m in ctx.mentions:
        if m.place and m.codes and c0 <= m.start < c1:
            return [Entity(m.code, m.name, "CVL")]
    return []


_PHONE = re.compile(r"\b(?:tele)?phone (?:call|conversation|talks)\b|\bby (?:tele)?phone\b|\bvideo ?(?:call|link|"
                    r"conference)\b", re.I)


def _with_mode(ev: Event) -> Event:
    if ev.category == "meeting" and ev.mode is None:
        if len(ev.participants) >= 3 or any(e.sector == "IGO" for e in ev.actor):
            ev.mode = "multilateral"
        elif re.search(r"phone|\bcall\b|video", ev.trigger, re.I) or _PHONE.search(ev.evidence):
            ev.mode = "phone"
    return ev


def _split(c: Coded, ev: Event, ctx: Ctx) -> list[Event]:
    """One actor doing the same thing separately with several partners is one event per partner;
    a plural meeting noun with several dates is one meeting per date."""
    cat = ev.category
    if cat == "meeting" and c.nominal and c.plural:
        dated = [t for t in ctx.timexes if t.value and t.kind == "explicit"]
        if len(dated) >= 2:
            out = []
            for t in dated:
                place = _place_before(ctx, t.start)
                out.append(replace(ev, date=t.value, location=place or ev.location, actor=list(ev.actor)))
            return out
    if len(ev.actor) == 1:
        if cat in SPLIT_PER_PARTNER and len(ev.recipient) >= 2:
            return [replace(ev, recipient=[r]) for r in ev.recipient]
        if cat in SPLIT_IF_PLURAL and c.plural and not c.nominal and len(ev.recipient) >= 2:
            return [replace(ev, recipient=[r]) for r in ev.recipient]
    subj = [code for m in c.parts.subject for code in m.codes]
    if len(subj) >= 2 and c.frame.roles == "joint" and _EACH.search(ctx.s[:c.anchor[0]]):
        # "Kazakhstan and Uzbekistan each expect to trade with Afghanistan": one event per subject
        others = [e for e in ev.actor if e.code not in subj]
        return [replace(ev, actor=[e for e in ev.actor if e.code == code] + others) for code in dict.fromkeys(subj)
                if others]
    separate = c.plural and not c.nominal and (cat in SPLIT_IF_PLURAL | SPLIT_PER_PARTNER or (
        cat == "meeting" and not _COLLECTIVE_MEETING.search(ctx.s[c.theme[0]:c.theme[1]] if c.theme else "")))
    if c.theme and _BILATERAL.search(ctx.s[max(0, c.theme[0] - 25):c.theme[0]]):
        separate = True  # "bilateral meetings with the leaders of A and B": one meeting per partner
    if separate and len(ev.actor) >= 3 and len(c.parts.subject) == 1:
        first = ev.actor[0]
        return [replace(ev, actor=[first, other]) for other in ev.actor[1:]]
    return [ev]


def _place_before(ctx: Ctx, pos: int) -> str | None:
    places = [m for m in ctx.mentions if m.place and m.end <= pos and pos - m.end <= 40]
    return places[-1].name if places else None


def _location(ctx: Ctx, c: Coded) -> str | None:
    c0, c1 = ctx.clauses.span(c.anchor[0])
    places = [m for m in ctx.mentions if m.place and c0 <= m.start < c1]
    if not places:
        return None
    return min(places, key=lambda m: abs(m.start - c.anchor[0])).name.strip()
