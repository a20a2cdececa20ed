"""Status of an event (occurred, future, hypothetical, negated) and how heads absorb complements."""

from __future__ import annotations

import re

from steppe.extract.roles import in_spans
from steppe.extract.state import Coded, Ctx
from steppe.extract.text import MONEY

ABSORBING = {"request", "pressure.reject", "pressure.threaten", "criticism", "support", "statement.say", "protest",
             "pressure.coerce"}

DISSOLVING = {"agreement.reach", "promise"}  # "agreed to hold drills" is the drills, planned

OBLIGATION = re.compile(r"\b(?:must|should|has to|have to|need to|needs to|ought to|is obliged to)\b", re.I)

# lower-case modals only ("May" is a month); conjunctions may open the sentence ("If Azerbaijan joins ...")
_MODALS = re.compile(r"\b(?:could|might|may|would|[Ii]f|[Uu]nless|[Ww]hether|[Pp]ossibly|[Pp]erhaps)\b")

_ATTEMPT = re.compile(r"(?:attempt|bid)", re.I)

NEG_WINDOW = 28  # characters before a trigger searched for negation

FUT_WINDOW = 70


def cue_before(ctx: Ctx, kinds: set[str], start: int, lo: int, window: int) -> tuple[int, int, str] | None:
    best = None
    q = in_spans(start, ctx.quotes)
    if q is not None and start - q[0] <= 2:
        q = None  # a quoted name ("plans for a “Treaty on ...”"): the cue outside governs it
    for cs, ce, kind in ctx.cues:
        if kind in kinds and lo <= cs and ce <= start and start - ce <= window and in_spans(cs, ctx.quotes) == q:
            if best is None or cs > best[0]:
                best = (cs, ce, kind)
    return best


_COMMA_SEMI = re.compile(r"[,;]")
_HYP_VERB = re.compile(r"\b(?:to|of|is|are|were)\b")
_NEAR_PLAN = re.compile(r"\b(possible|potential|prospective|proposed|planned|future)\s+(?:\w+\s+){0,2}$", re.I)
_TO_BEFORE = re.compile(r"\bto\s+$")


def status_of(ctx: Ctx, c: Coded) -> str:
    """The cue nearest before the trigger in its clause decides: negation, plan, or condition."""
    s = ctx.s
    start = c.anchor[0]
    c0, _ = ctx.clauses.span(start)
    found: list[tuple[int, str]] = []
    neg = cue_before(ctx, {"negation"}, start, c0, 12 if c.nominal else NEG_WINDOW)
    if neg and not _COMMA_SEMI.search(s[neg[1]:start]):
        found.append((neg[1], "negated"))
    fut = cue_before(ctx, {"future"}, start, c0, FUT_WINDOW)
    if c.nominal and IN_TIME_ADJUNCT.search(s[max(0, start - 50):start]):
        # "are expected to sign a deal during Aliyev's visit to Astana": the visit is as planned as the deal
        planned = cue_before(ctx, {"future"}, start, 0, 160)
        if planned is not None:
            found.append((planned[1], "future"))
    # a plan governs the first trigger after it ("offered to negotiate after the invasion": not the invasion)
    if fut and not any(fut[1] <= t.start and t.end <= start for t in ctx.triggers if t.span != c.anchor
                       and t.pos == "verb"):
        found.append((fut[1], "future"))
    hyp = cue_before(ctx, {"hypothetical"}, start, c0, 45)
    if hyp and c.frame.event_type in ("ASSAULT", "COERCE") and _ATTEMPT.match(s[hyp[0]:hyp[1]]):
        hyp = None  # "attempted to assassinate", "a bid to seize the town": the attempt is itself the attack
    if hyp and _HYP_VERB.search(s[hyp[0]:hyp[1]]):
        found.append((hyp[1], "hypothetical"))  # "ambitions to merge", "priorities were to secure"
    head = s[c0:start]
    modal = [m for m in _MODALS.finditer(head) if in_spans(c0 + m.start(), ctx.quotes) == in_spans(start, ctx.quotes)]
    if any(m.group(0).lower() in ("if", "unless", "whether") for m in modal):
        found.append((start, "hypothetical"))  # "whether Uzbekistan will sign": the condition governs the plan
    if modal:
        m = modal[-1]
        if m.group(0) == "would" and any(k == "report" for _, _, k in ctx.cues):
            found.append((c0 + m.end(), "future"))  # "Iraq said it would allow ...": a promise
        else:
            found.append((c0 + m.end(), "hypothetical"))
    if c.nominal:
        near = _NEAR_PLAN.search(s[max(0, start - 40):start])
        if near:
            kind = "hypothetical" if near.group(1).lower() in ("possible", "potential") else "future"
            found.append((start, kind))
    if not found:
        # "are expected to meet later this month to agree on the border": the purpose of a plan is planned
        if _TO_BEFORE.search(s[max(0, start - 4):start]) and any(
                k == "future" and ce <= start for _, ce, k in ctx.cues):
            return "future"
        return "occurred"
    return max(found)[1]


# "during Aliyev's visit", "at the second China–Central Asia summit": a gathering named in a time adjunct
IN_TIME_ADJUNCT = re.compile(r"\b(?:at|during|on the sidelines of|ahead of)\s+(?:\S+\s+){0,4}$", re.I)
# words that make a quotation a position rather than the report of an act
_STANCE = re.compile(r"\b(?:will|would|never|not|must|should|cannot|won't|shall)\b", re.I)
# "During a press conference in September, Trump said ...": the comma closes an opening adjunct, so the
# speech verb after it is the main clause, not an attribution of the adjunct's event
_OPENING_ADJUNCT = re.compile(r"^\W*(?:during|at|after|following|on the sidelines of|in|on|before|amid|speaking at)\s"
                              r"[^,;]+,\s*(?:\S+\s+){0,6}$", re.I)
# between an offer and what is offered: the recipient's name, an article, a sum, a modifier or two
OFFERED_GAP = re.compile(r"^\s*(?:(?:the\s+)?[A-Z][\w.’'-]*\s+){0,3}(?:a|an|the|its|new)?\s*(?:(?:" + MONEY + r")\s+)?"
                         r"(?:[a-z-]+\s+){0,2}$")
_ADJUNCT = re.compile(r"^\s*(?:during|at|in|on|after|before|following|amid|since|until|ahead of|on the sidelines of)"
                      r"\b", re.I)
# between a verb and its object noun: an article and a few lower-case modifiers, no name, no preposition
_OBJECT_GAP = re.compile(r"^\s*(?:a|an|the|its|their|his|her|our|new|further)?(?:\s+(?!during|at|in|on|after|before|"
                         r"following|of|for|with|by|to)[a-z][\w-]*){0,3}\s*$")
_DISSOLVE_GAP = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:to|on|upon)\s+(?:\S+\s+){0,3}$")
_COMPLEMENT = re.compile(r"^\W*(?:\w+\W+){0,4}?(?:to|that|for|on|of)\b|^\s*(?:to|that)\b", re.I)


_CONTRAST = re.compile(r";|\bwhile\b|\bbut\b|\bwhereas\b")


def absorb(ctx: Ctx, coded: list[Coded]) -> list[Coded]:
    """Heads that take a complement: 'agreed to hold drills' is the drills (planned);
    'urged X to deepen cooperation' is the request; 'said X must stop' is a demand;
    '…, the ministry said' is attribution of the events before it."""
    s = ctx.s
    coded = sorted(coded, key=lambda c: c.anchor)
    drop: set[int] = set()
    for i, head in enumerate(coded):
        if i in drop:
            continue
        if head.frame.speech and i > 0 and re.search(r"[,”\"]\s*(?:\S+\s+){0,6}$", s[:head.anchor[0]]) \
                and not _OPENING_ADJUNCT.match(s[:head.anchor[0]]):
            before = [k for k in range(i) if k not in drop and not coded[k].frame.speech]
            quoted = [k for k in before if in_spans(coded[k].anchor[0], ctx.quotes)]
            stance = all(_STANCE.search(s[q[0]:q[1]]) for q in
                         {in_spans(coded[k].anchor[0], ctx.quotes) for k in quoted} if q is not None)
            if before and len(quoted) == len(before) and stance:
                # '"We will never allow it," the minister told the UN': a position, stated; the speech is the act
                drop.update(quoted)
            elif before:
                drop.add(i)  # "..., the White House announced Tuesday": attribution
                continue
        for j in range(i + 1, len(coded)):
            comp = coded[j]
            gap = s[head.anchor[1]:comp.anchor[0]]
            if len(gap) > 90 or _CONTRAST.search(gap):
                break
            to_in_head = s[head.anchor[0]:head.anchor[1]].lower().endswith(" to") and not gap.strip()
            if head.frame.id in DISSOLVING and (_DISSOLVE_GAP.match(gap) or to_in_head) and (
                    not comp.nominal or re.match(r"^\s*(?:\w+\s+){0,2}?(?:on|upon)\b", gap)) \
                    and not re.match(r"^\s*(?:on|upon)\s+\w+day\b", gap):
                drop.add(i)
                comp.status = "future"
                if not comp.parts.subject:
                    comp.parts.subject = head.parts.subject
                break
            if head.frame.id == "promise" and comp.nominal and not head.nominal and OFFERED_GAP.match(gap) \
                    and re.match(r"(?:offer|promis|pledg)", s[head.anchor[0]:head.anchor[1]], re.I):
                # "Beijing offered Kyrgyzstan a $200 million loan": the loan, planned, to whom it was offered
                drop.add(i)
                comp.status = "future"
                comp.parts.subject = comp.parts.subject or head.parts.subject
                comp.parts.to = comp.parts.to + [m for m in head.parts.direct if m.start < comp.anchor[0]]
                break
            if head.frame.id == "pressure.reject" and re.match(r"(?:refus|declin)", s[head.anchor[0]:head.anchor[1]],
                                                             re.I) and _DISSOLVE_GAP.match(gap) and not comp.nominal:
                drop.add(i)  # "refused to join the exercises": the exercises, negated (a refusal, PLOVER REJECT)
                comp.status = "negated"
                if not comp.parts.subject:
                    comp.parts.subject = head.parts.subject
                break
            if head.frame.speech and not comp.nominal and comp.frame.id in ABSORBING and not comp.frame.speech:
                drop.add(i)  # "he said ..., urging members to ...": one act of speech, the specific one
                break
            if head.frame.speech and comp.nominal and _OBJECT_GAP.match(gap):
                drop.add(i)  # "announced a suspension of air links", "declared a ceasefire": the act announced
                if not comp.parts.subject:
                    comp.parts.subject = head.parts.subject
                break
            content = comp.nominal or bool(_COMPLEMENT.search(gap)) or j > i + 1
            if head.frame.id in ABSORBING and not head.frame.speech and not comp.frame.speech \
                    and not re.search(r"[,;:]", gap) and not _ADJUNCT.match(gap) and content:
                # "rejected a fresh offer from Kabul for direct talks", "demanded the withdrawal of forces":
                # everything in the object of a demand, refusal, threat or accusation is its content
                drop.add(j)
                continue
            if head.nominal and head.frame.category == "agreement" and (comp.frame.id in ABSORBING or
                                                                         comp.frame.speech) and len(gap) <= 12:
                drop.add(i)  # "issued a declaration demanding ...": the document carries a demand
                break
            if not head.frame.speech and not head.nominal and comp.frame.id in ("request", "statement.say", "support") \
                    and re.search(r",\s*$", gap) and s[comp.anchor[0]:comp.anchor[1]].split()[0].endswith("ing"):
                drop.add(j)  # "demonstrated in Kirkuk, calling for independence": the purpose of the act
                break
            if head.frame.speech and not comp.frame.speech and OBLIGATION.search(gap):
                drop.add(j)  # "said US forces must ensure security to allow ...": all of it is the demand
                continue
            if not head.nominal and not head.frame.speech and head.frame.id not in DISSOLVING \
                    and comp.frame.event_type == "CONCEDE" and not comp.nominal and re.search(r"\bto\s+$", gap):
                drop.add(j)  # "resigned to allow elections", "opened the bridge to allow aid": the purpose
                continue
            if _discussion(head, s) and len(gap) <= 40:
                drop.add(j)  # "discussed institutionalising a platform": the topic of talks
                break
            if not _COMPLEMENT.search(gap):
                continue
            if head.frame.speech and not comp.frame.speech and not OBLIGATION.search(s[head.anchor[1]:]):
                drop.add(i)  # attribution: the reported event stands, not the speech
                if not comp.parts.subject:
                    comp.parts.subject = head.parts.subject
            elif head.frame.id in ABSORBING or head.frame.speech or head.frame.id in DISSOLVING:
                drop.add(j)
            elif _discussion(head, s):
                drop.add(j)  # "discussed institutionalising a platform": the topic of talks
            break
    return [c for k, c in enumerate(coded) if k not in drop]


_DISCUSS = re.compile(r"(?:discuss|negotiat|consult|talk)", re.I)


def _discussion(head: Coded, s: str) -> bool:
    return bool(_DISCUSS.match(s[head.anchor[0]:head.anchor[1]]))
