"""Statements: an official speaker, the topic of the speech, and its PLOVER type from its content."""

from __future__ import annotations

import re

from steppe.extract.mentions import Mention
from steppe.extract.roles import antecedent
from steppe.extract.state import Coded, Ctx


def speaker_of(ctx: Ctx, c: Coded) -> tuple[list[Mention], list[Mention], str | None]:
    """Speaker and topic of a speech verb; quotes are content, never the speaker."""
    s = ctx.s
    start, end = c.anchor
    before = s[:start].rstrip()
    quote = None
    speaker: list[Mention] = []
    content_span = (end, len(s))
    closing = re.search(r"[”\"],?\s*$|[,.]\s*[”\"]\s*$", before)
    qspans = [q for q in ctx.quotes if q[1] <= start + 1]
    if closing and qspans:
        qa, qb = qspans[-1]
        quote = s[qa:qb]
        content_span = (qa, qb)
        after = [m for m in ctx.mentions if end <= m.start <= end + 60 and (m.official or m.kind == "pronoun")]
        gap_words = s[end:after[0].start].split() if after else []
        if after and len(gap_words) <= 3:
            speaker = [after[0]]
        else:
            pre = [m for m in ctx.mentions if qb <= m.start and m.end <= start]
            speaker = pre[-1:] if pre else []
    elif qspans and c.parts.subject and 0 < start - qspans[-1][1] <= 90 and re.match(
            r"^\s*[,.]?\s*$", s[qspans[-1][1]:c.parts.subject[0].start]):
        # '"We will never allow it," Turkmen Foreign Minister Meredov told the Assembly': the quote is the content
        speaker = c.parts.subject
        qa, qb = qspans[-1]
        quote = s[qa:qb]
        content_span = (qa, qb)
    else:
        speaker = c.parts.subject
        c1 = ctx.clauses.span(start)[1]
        while c1 < len(s) and ctx.clauses.kind(c1) in ("–", "—", "-"):
            c1 = ctx.clauses.span(c1)[1]  # "spoke of the role of these firms – and Türkiye – in ...": an aside
        content_span = (end, c1)  # the speech's own clause: "..., while X said"
    speaker = [m for m in speaker if (m.official and m.codes) or (m.kind == "pronoun" and m.detail == "person")]
    if not speaker or not _official(ctx, speaker):
        return [], [], None
    topic = [m for m in ctx.mentions if content_span[0] <= m.start < content_span[1] and not m.place
             and m not in speaker and m.kind != "role" and (m.codes or m.detail in ("thing", "org"))]
    if quote is None:
        quote_in_content = next((q for q in ctx.quotes if q[0] >= end), None)
        quote = s[quote_in_content[0]:quote_in_content[1]] if quote_in_content else s[end:]
    speaker_codes = {code for m in speaker for code in m.codes}
    topic = [m for m in topic if m.kind == "pronoun" or not set(m.codes) <= speaker_codes]
    return speaker, topic, quote


def _official(ctx: Ctx, ms: list[Mention]) -> bool:
    for m in ms:
        if m.kind == "pronoun":
            if antecedent(m, ctx.mentions) is not None or ctx.disc.person is not None:
                return True
        elif m.official and m.codes:
            return True
    return False


_POSITIVE = re.compile(r"\b(?:key|important|importance|authoritative|main|strategic|partner|friend|"
                       r"friendship|brother|brotherhood|success|successful|welcome|support|supports|"
                       r"unity|solidarity|great|tremendous|vital|centre|center|guarantor|vector|priority|"
                       r"respect|respects|pivotal|stronger|strength|strengthen|positive|promising|event|help|"
                       r"helping|benefit|opportunity|opportunities|welcome|welcomed|praise|historic|pillar|cornerstone|"
                       r"essential|crucial|indispensable|reliable|valuable|fair|constructive|fruitful|pleased|glad|satisfied|"
                       r"grateful|thanked|congratulated|congratulate)\b", re.I)


_NEGATIVE = re.compile(r"\b(?:unacceptable|out of the question|impossible|oppose|opposes|opposition|"
                       r"reject|rejects|against|never|dangerous|hostile|illegal|violation|interference)\b", re.I)


_URGE = re.compile(r"\b(?:should|must|need to|needs to|ought to|call(?:ed|s)? for|urg(?:e|ed|ing)|"
                   r"further increased|be increased|be strengthened)\b", re.I)


# "expressed interest in retaking the airbase", "said it was ready to strike": intent to use force is a threat
_HOSTILE_INTENT = re.compile(r"\b(?:interest in|intention to|intend(?:s|ed)? to|plans? to|ready to|prepared to|"
                             r"will|would|could)\s+(?:\w+\s+){0,2}?(?:retak|re-tak|seiz|captur|occup|strik|attack|invad|bomb|"
                             r"destroy|annex|shell|blockad)\w*", re.I)


_CONCERN = re.compile(r"^\W*(?:(?:its|his|her|their|deep|serious|grave)\s+)*(?:concern|alarm|displeasure|"
                      r"dissatisfaction|disapproval|regret)\b", re.I)


def threat_target(ctx: Ctx, start: int) -> list[Mention]:
    """Whom a threat is aimed at: the first party or place after the hostile verb ('interest in retaking the
    Bagram Airbase in Afghanistan' is aimed at Afghanistan)."""
    m = _HOSTILE_INTENT.search(ctx.s, start)
    if m is None:
        return []
    after = [x for x in ctx.mentions if m.end() <= x.start <= m.end() + 60 and x.codes]
    return after[:1]


def speech_type(content: str) -> str | None:
    text = content[:300]
    if _NEGATIVE.search(text):
        return "REJECT"
    if _HOSTILE_INTENT.search(text):
        return "THREATEN"
    if _CONCERN.match(text):
        return "ACCUSE"  # "expressed concern over the growing Turkish military presence": disapproval
    if _URGE.search(text):
        return "REQUEST"
    if _POSITIVE.search(text):
        return "SUPPORT"
    return None
