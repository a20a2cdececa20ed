"""What earlier sentences tell later ones: people, organisations, participants, dates."""

from __future__ import annotations

import re

from steppe.extract.gazetteer import ORG, PERSON
from steppe.extract.mentions import Mention
from steppe.extract.sentences import Sentence
from steppe.extract.state import Coded, Ctx, Discourse
from steppe.extract.text import RECENT_YEAR
from steppe.extract.timing import REFERS_BACK
from steppe.model import Entity, Event

_ANAPHORIC_START = re.compile(r"^\W*(?:that|this|these|those|it|they|their|its|the two|both|a further|"
                              r"the same|such|then|later|afterwards|subsequently|in turn|in addition|additionally|"
                              r"moreover|furthermore|also)\b", re.I)

_GATHERING_SUBJECT = re.compile(r"^\W*(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:summit|meeting|session|council|"
                                r"gathering)\s+(?:also\s+|then\s+|further\s+)?\w+ed\b", re.I)
_RELATIVE_PARTIES = re.compile(r"\s*,?\s*(?:which|that)\s+(?:\w+\s+){0,2}?(?:involved|included|brought together|"
                               r"gathered|drew|united)\b", re.I)
_ABSTRACT_SUBJECT = re.compile(r"^\W*(?:[A-Z][^,]{0,40},\s*)?(?:the\s+)?(?:\w+\s+){0,3}?(?:cooperation|ties|relations|"
                               r"partnership|collaboration)\s+(?:has|have|had)\b", re.I)

_YEAR = re.compile(RECENT_YEAR)

_EVENT_NP = re.compile(r"^\W*(?:the|this|that)\s+(?:event|meeting|summit|talks|gathering|forum|conference|"
                       r"session|visit|drills|exercises?|participants|delegations|delegates)\b", re.I)


def note_orgs(mentions: list[Mention], disc: Discourse) -> None:
    for m in mentions:
        # "the OTS leaders": a role noun joined to the organisation still names it
        igo = m.sector == "IGO" or any(e.sector == "IGO" for e in m.entries)
        if m.kind == ORG and igo and m.codes and not m.place:
            disc.org = m.code
            disc.org_counts[m.code] = disc.org_counts.get(m.code, 0) + 1


def salient_org(disc: Discourse) -> str | None:
    if not disc.org_counts:
        return disc.org
    best = max(disc.org_counts.values())
    tops = [o for o, n in disc.org_counts.items() if n == best]
    return disc.org if disc.org in tops else tops[0]


def implicit_actors(ctx: Ctx, c: Coded) -> list[Entity]:
    """Actors the sentence leaves unsaid: the organisation a summit belongs to; the parties of the
    previous event when the sentence refers back to it ('That was followed by a protocol')."""
    disc = ctx.disc
    s = ctx.s
    cat = c.frame.category
    involved = _RELATIVE_PARTIES.match(s, c.anchor[1])
    if involved and c.nominal:
        # "The drills, which involved 1,500 troops from Turkey and Azerbaijan, ended": the parties it names
        end = ctx.clauses.span(involved.end())[1]
        named = [m for m in ctx.mentions if involved.end() <= m.start < end and m.codes and not m.place]
        if named:
            return [Entity(code, m.name, m.sector) for m in named for code in m.codes]
    if cat in ("institutional", "agreement") and _GATHERING_SUBJECT.match(s) and (org := salient_org(disc)):
        return [Entity(org, org, "IGO")]  # "The summit also granted Turkmenistan observer status": the organisation
    here = [m for m in ctx.mentions if m.kind == ORG and m.sector == "IGO" and m.codes and not m.place]
    if cat in ("meeting", "institutional", "agreement", "exercise", "defence_industry") and here:
        return [Entity(here[0].code, here[0].name, "IGO")]
    # "agreements were signed during the Kazakh president's visit to Beijing": the visit's parties
    visit = [e for e in ctx.sentence_events if e.category == "meeting"]
    if cat in ("agreement", "economic") and visit:
        return list(visit[-1].actor) + list(visit[-1].recipient)
    # "cooperation has developed through joint exercises": the relation of the parties named before
    if disc.participants and disc.participants_para == ctx.sent.paragraph \
            and cat in ("agreement", "meeting", "exercise", "intelligence", "defence_industry", "economic",
                        "military_aid") \
            and (_ANAPHORIC_START.match(s) or REFERS_BACK.search(s) or _ABSTRACT_SUBJECT.search(s)):  # searched last
        return [Entity(code, code, None) for code in disc.participants]
    if cat in ("meeting", "institutional", "agreement", "defence_industry") and (
            (c.nominal and cat != "agreement") or re.search(r"\bmember|\bleaders\b|\bpresidents\b|\bheads of state\b",
                                                            s, re.I)):
        org = salient_org(disc)
        if org:
            return [Entity(org, org, "IGO")]
    return []


def continues(sent: Sentence, ev: Event, disc: Discourse) -> bool:
    """'The event brought together officials from X, Y and Z': the previous sentence's meeting."""
    last = disc.last_event
    return (last is not None and disc.last_event_para in (sent.paragraph, sent.paragraph - 1)
            and last.category == ev.category
            and ev.category == "meeting" and bool(_EVENT_NP.match(sent.text)))


def fold_into(prev: Event, ev: Event, sent: Sentence) -> None:
    codes = {e.code for e in prev.actor}
    prev.actor = prev.actor + [e for e in ev.actor if e.code not in codes]
    prev.evidence = prev.evidence + " " + ev.evidence
    prev.end = ev.end
    prev.date = prev.date or ev.date
    prev.location = prev.location or ev.location


def remember(ctx: Ctx, events: list[Event], disc: Discourse) -> None:
    """Carry people, dates and participants to the next sentences."""
    sent = ctx.sent
    for m in ctx.mentions:
        if m.kind == PERSON or (m.official and m.roles and m.codes):
            disc.person = m
    # only the dates of events carry over: a year named in passing ("independent since 1992") does not
    dated = [e.date for e in events if e.date]
    met = [e.date for e in events if e.date and e.category == "meeting" and e.status == "occurred"]
    if met:
        disc.meeting_date = met[-1]
    for e in events:
        if e.category == "meeting" and e.date and len(e.date) >= 7:
            keys = [e.location.lower()] if e.location else []
            for key in keys:
                disc.gatherings.setdefault(key, set()).add(e.date[:7])
            keys += [a.code for a in e.actor if a.sector == "IGO"]
            for key in keys:
                known = disc.calendar.get((e.date[:4], key), e.date[:7])
                disc.calendar[(e.date[:4], key)] = known if known == e.date[:7] else None  # two months: unsure
    if dated:
        disc.para_date = dated[-1]
        disc.doc_date = dated[-1]
    if _YEAR.search(ctx.s):
        disc.para_years = True
    if events and disc.peg_para is None:
        disc.peg_para = sent.paragraph
    if disc.peg is None and sent.paragraph == disc.peg_para:
        disc.peg = next((e.date for e in events if e.date and len(e.date) >= 7 and e.status == "occurred"), None)
    if events:
        last = events[-1]
        disc.participants = tuple(dict.fromkeys([e.code for e in last.actor] + [e.code for e in last.recipient]))
        disc.subject = tuple(e.code for e in last.actor)
        disc.last_event = last
        disc.last_event_para = sent.paragraph
        disc.participants_para = sent.paragraph
    else:
        states = [m.code for m in ctx.mentions if m.codes and not m.place and m.kind in ("state", "adjective")]
        if len(set(states)) >= 2:
            disc.participants = tuple(dict.fromkeys(states))
            disc.participants_para = sent.paragraph
