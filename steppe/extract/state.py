"""The working state of the coder: triggers, events under construction, one sentence's context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from steppe.extract.clauses import Clauses
from steppe.extract.dates import Timex, find_timexes
from steppe.extract.lexicon import Frame, Lexicon
from steppe.extract.mentions import Mention
from steppe.extract.roles import Parts
from steppe.extract.sentences import Sentence
from steppe.model import Event


@dataclass
class Trigger:
    start: int
    end: int
    frames: list[str]
    pos: str  # verb | noun | weak
    light: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Discourse:
    """What earlier sentences tell later ones: last person, organisation, participants, dates."""

    person: Mention | None = None
    org: str | None = None
    org_counts: dict[str, int] = field(default_factory=dict)
    participants: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    para: int = -1
    para_date: str | None = None
    doc_date: str | None = None
    last_event: Event | None = None
    last_event_para: int = -1
    participants_para: int = -1  # the paragraph the participants were named in
    meeting_date: str | None = None  # the date of the last dated gathering ("during the summit" later)
    # month of each gathering by (year, place or organisation), shared by the articles of a document:
    # "In October 2025 the OTS met in Gabala" lets "the 2025 Gabala summit" be dated to the month
    calendar: dict[tuple[str, str], str | None] = field(default_factory=dict)
    gatherings: dict[str, set[str]] = field(default_factory=dict)  # this article's meetings by place: months
    # the news peg: the date of the first dated event of the article's opening paragraph ("On 14-15
    # November the leaders met in Tashkent"), the article's "now" when it carries no publication date
    peg: str | None = None
    peg_para: int | None = None
    para_years: bool = False  # the paragraph names a year: it tells another time than the peg
    published: bool = True


@dataclass
class Coded:
    """An event under construction, with the spans it was built from."""

    frame: Frame
    anchor: tuple[int, int]
    theme: tuple[int, int] | None
    parts: Parts
    nominal: bool = False
    status: str = ""
    plural: bool = False


@dataclass
class Ctx:
    """Everything known about one sentence while it is coded."""

    sent: Sentence
    s: str
    mentions: list[Mention]
    found_timexes: list[Timex] | None  # None: found when first asked for (see `timexes`)
    clauses: Clauses
    triggers: list[Trigger]
    themes: list[tuple[int, int, str]]
    cues: list[tuple[int, int, str]]
    quotes: list[tuple[int, int]]
    lex: Lexicon
    ref: date | None
    disc: Discourse
    finite: bool
    sentence_events: list[Event] = field(default_factory=list)  # events already finished in this sentence
    memo: dict = field(default_factory=dict)  # searches over the whole sentence, done once for all its triggers
    timex_context: str | None = None  # the discourse's date when the sentence was reached

    @property
    def timexes(self) -> list[Timex]:
        """The sentence's temporal expressions, found on first use: many sentences lose all their
        triggers before any date is asked for."""
        if self.found_timexes is None:
            self.found_timexes = find_timexes(self.s, self.ref, context=self.timex_context)
        return self.found_timexes
