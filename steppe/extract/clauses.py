"""Shallow clause structure: clause boundaries, passive voice and complement links between triggers."""

from __future__ import annotations

import re
from bisect import bisect_right

from steppe.extract.text import words

# Where one clause ends and another begins. Relative pronouns start a clause of their own so that
# the subject of "which was formed in 2009" is not the subject of the sentence.
_CONJUNCTIONS = ("while|whereas|whilst|but|although|though|however|yet|as well as|where|after which|before|after|"
                 "since|because|when|whereby|so that|thereby")
_BOUNDARY = re.compile(
    r"(?=[;,\s])"  # every boundary starts with one of these: skip other positions at once
    # and is a semicolon, a dash or a word starting with one of these letters (the first letters of the
    # words below): most spaces fail here, before the alternatives are tried one by one
    r"(?=;|\s[–—-]|,?\s+[abchstwy])(?:"
    r";|\s[–—]\s|\s-\s|,?\s+" + words(_CONJUNCTIONS) + r"\s+"
    r"|,\s+(?:which|who|whose|whom|and|as)\s+|\s+(?:which|who|whom)\s+"
    # a second verb phrase: "signed the declaration and admitted the Turkish Cypriot administration"
    r"|\s+and\s+(?=(?:also\s+|then\s+|later\s+)?[a-z]{3,}ed\s+(?:(?:the|a|an|its|their|to|on|with|\d)\b|(?-i:[A-Z])))"
    # a second clause with its own pronoun subject: "such a summit had been held ... and it followed ..."
    r"|\s+and\s+(?=(?-i:it|they|he|she|we)\s+[a-z]{3,}(?:ed|s)\b)"
    # a reduced relative: "banks accused of helping Russia", "two men suspected of spying for Iran"
    r"|\s+(?=(?:accused|suspected|charged|convicted)\s+of\s))",
    re.I,
)
# "a platform that represents Ankara's initiative": a relative clause after a noun (not the complement
# of a verb of saying or thinking, "said that ...", which stays in the clause of its verb)
_RELATIVE_THAT = re.compile(r"(?<=[a-z])\s+that\s+(?=(?:\w+ly\s+|also\s+|not\s+)?(?:is|are|was|were|has|have|had|"
                            r"will|would|can|could|may|might|should|must|\w+s|\w+ed)\b)")
_NOT_NOUN = re.compile(r"(?:ed|\bsaid|\bsays|\bsay|\btold|\btells|\bthinks?|\bbelieves?|\bargues?|\bnotes?|"
                       r"\bshows?|\bmeans?|\bsuggests?|\bclaims?|\bwarns?|\binsists?|\bhopes?|\bexpects?|"
                       r"\bknows?|\bfeels?|\bfears?|\bseems?|\bso|\bsuch|\bnow|\bgiven|\bknown|\bshown|"
                       r"\bwrites?|\bwrote|\bfinds?|\bfound|\bsees?|\bsaw|\bis|\bwas|\bare|\bwere)$", re.I)
_LIST_END = re.compile(r",\s+(?:and|or)\s+$", re.I)


def _list_item_before(sentence: str, pos: int) -> bool:
    """Is the text before a ', and' a short list item that itself follows a comma ('A, B, and C')?"""
    prev = sentence.rfind(",", 0, pos)
    if prev < 0:
        return False
    item = sentence[prev + 1:pos]
    return 0 < len(item.split()) <= 6 and not re.search(r"[;:]|\b(?:and|or|which|who|that)\b", item, re.I)


_BE = re.compile(r"\b(?:is|are|was|were|been|being|be|get|got|gets)\s+(?:\w+ly\s+|also\s+|not\s+|now\s+)?$", re.I)
_PARTICIPLE = re.compile(r"(?:ed|en|wn|ht|ld|lt|nt|ne|un|ung|ade|id)$", re.I)


class Clauses:
    """Boundaries of the clauses of one sentence, as character offsets."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._cuts: list[int] | None = None  # found when first asked for (many sentences need none)
        self._kinds: list[str] = []

    @property
    def cuts(self) -> list[int]:
        """Offsets where the clauses start, the first 0."""
        if self._cuts is None:
            return self._cut()
        return self._cuts

    @property
    def kinds(self) -> list[str]:
        """What opens each clause ("start", a conjunction, "which", "that" ...)."""
        if self._cuts is None:
            self._cut()
        return self._kinds

    def _cut(self) -> list[int]:
        sentence = self.sentence
        cuts = [0]
        kinds: list[str] = ["start"]
        for m in _BOUNDARY.finditer(sentence):
            if _LIST_END.match(m.group(0)) and _list_item_before(sentence, m.start()):
                continue  # "pacts, intelligence agreements, and exercises": the last item of a list
            if not m.group(0).strip() and _BE.search(sentence[max(0, m.start() - 30):m.start() + 1]):
                continue  # "has been accused of": the main verb in the passive, not a reduced relative
            cuts.append(m.end())
            kinds.append(m.group(0).strip(" ,").lower())
        for m in (_RELATIVE_THAT.finditer(sentence) if "that" in sentence else ()):  # a literal "that" in every match
            if not _NOT_NOUN.search(sentence[max(0, m.start() - 12):m.start()]):
                cuts.append(m.end())
                kinds.append("that")
        order = sorted(range(len(cuts)), key=lambda i: cuts[i])
        self._cuts = [cuts[i] for i in order]
        self._kinds = [kinds[i] for i in order]
        return self._cuts

    def index(self, pos: int) -> int:
        return bisect_right(self.cuts, pos) - 1

    def span(self, pos: int) -> tuple[int, int]:
        i = self.index(pos)
        start = self.cuts[i]
        end = self.cuts[i + 1] if i + 1 < len(self.cuts) else len(self.sentence)
        return start, end

    def kind(self, pos: int) -> str:
        return self.kinds[self.index(pos)]


def is_passive(sentence: str, start: int, end: int) -> bool:
    """A verb trigger in the passive: a form of 'be' before a participle ('was signed', 'were held')."""
    word = sentence[start:end].split()[0]
    if not _PARTICIPLE.search(word):
        return False
    return bool(_BE.search(sentence[max(0, start - 40):start]))


def between(sentence: str, a: int, b: int) -> str:
    return sentence[a:b] if a < b else ""
