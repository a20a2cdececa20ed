"""The event coder on sentences written for these tests: categories, PLOVER types, roles, status,
dates, splitting and merging, and what is not an event."""

from __future__ import annotations

import pytest

from steppe.extract.events import extract_events
from steppe.extract.gazetteer import load_gazetteer
from steppe.extract.lexicon import load_lexicon
from steppe.extract.merge import merge_events


def code(text: str, published: str | None = "2024-06-15") -> list[dict]:
    events = merge_events(extract_events(text, published, load_gazetteer(), load_lexicon()))
    return [e.record("t") for e in events]


def one(text: str, published: str | None = "2024-06-15", category: str | None = None) -> dict:
    evs = [e for e in code(text, published) if category is None or e["category"] == category]
    assert len(evs) == 1, evs
    return evs[0]


def codes(entities: list[dict]) -> list[str]:
    return sorted(e["code"] for e in entities)


@pytest.mark.parametrize("text,category,etype,actor,recipient", [
    ("Baykar delivered Bayraktar TB2 drones to the Kyrgyz border service in March.",
     "arms_transfer", "AID", ["TUR"], ["KGZ"]),
    ("Kazakhstan bought Turkish Anka drones last year.", "arms_transfer", "AID", ["TUR"], ["KAZ"]),
    ("Azerbaijan and Türkiye held joint military exercises near Baku on 10 May 2024.",
     "exercise", "COOPERATE", ["AZE", "TUR"], []),
    ("Uzbekistan and Türkiye signed a memorandum on defence industry cooperation in Ankara.",
     "agreement", "SUPPORT", ["TUR", "UZB"], []),
    ("Russia's foreign ministry criticised Azerbaijan on Monday over the closure of a news agency.",
     "criticism", "ACCUSE", ["RUS"], ["AZE"]),
    ("President Ilham Aliev visited Tashkent on 21 August 2023.", "meeting", "CONSULT", ["AZE"], ["UZB"]),
    ("Iran opened a factory producing Ababil-2 drones in Dushanbe in May 2022.",
     "defence_industry", "COOPERATE", ["IRN"], ["TJK"]),
    ("The Organization of Turkic States granted observer status to Hungary in 2018.",
     "institutional", "SUPPORT", ["OTS"], ["HUN"]),
    ("Moscow imposed sanctions on Georgian wine producers in 2006.", "pressure", "SANCTION", ["RUS"], ["GEO"]),
    ("Azerbaijani forces shelled Armenian positions on Tuesday.", "conflict", "ASSAULT", ["AZE"], ["ARM"]),
])
def test_events_category_type_and_roles(text, category, etype, actor, recipient):
    ev = one(text, category=category)
    assert ev["event_type"] == etype
    assert codes(ev["actor"]) == actor
    assert codes(ev["recipient"]) == recipient
    assert ev["evidence"] == text


@pytest.mark.parametrize("text,status,etype", [
    ("Kazakhstan plans to hold joint drills with Uzbekistan in September.", "future", "AGREE"),
    ("Azerbaijan offered to host the next meeting of defence ministers.", "future", "AGREE"),
    ("Kyrgyzstan is expected to sign a defence agreement with Türkiye next year.", "future", "AGREE"),
    ("Turkmenistan did not sign the declaration on military cooperation with Russia.", "negated", "REJECT"),
    ("Kazakhstan refused to join the exercises led by Russia.", "negated", "REJECT"),
])
def test_events_status(text, status, etype):
    evs = code(text)
    assert evs, text
    assert evs[0]["status"] == status and evs[0]["event_type"] == etype


def test_events_hypothetical_and_opinion_are_not_events():
    assert code("Closer ties with Ankara could draw Russian criticism in the future.") == []
    assert code("Jane Doe, an analyst at a think tank, said the bloc is becoming a military alliance.") == []
    assert code("Turkish influence in Central Asia is growing.") == []


def test_events_statement_needs_an_official_speaker():
    ev = one("Kazakh President Kassym-Jomart Tokayev praised the Organization of Turkic States on Friday.")
    assert ev["category"] == "statement" and ev["event_type"] == "SUPPORT"
    assert codes(ev["actor"]) == ["KAZ"] and codes(ev["recipient"]) == ["OTS"]


def test_events_one_actor_several_partners_split():
    evs = code("Türkiye sold Bayraktar drones to Kyrgyzstan and Turkmenistan in 2021.")
    pairs = sorted((codes(e["actor"])[0], codes(e["recipient"])[0]) for e in evs if e["category"] == "arms_transfer")
    assert pairs == [("TUR", "KGZ"), ("TUR", "TKM")]


def test_events_repeated_mentions_merged_within_a_document():
    text = ("The Organization of Turkic States held a summit in Bishkek on 6 November 2024. "
            "At the summit, leaders discussed transport.\n\nThe Bishkek summit was the eleventh.")
    meetings = [e for e in code(text) if e["category"] == "meeting"]
    assert len(meetings) == 1 and meetings[0]["date"] == "2024-11-06"


def test_events_dates_relative_to_publication():
    assert one("Uzbekistan and Kazakhstan signed an allied treaty last week.", "2022-12-29")["date"] == "2022-12"
    assert one("Tajikistan and Iran held talks on Friday.", "2024-06-15")["date"] == "2024-06-14"
    assert one("Kyrgyzstan received Akinci drones in October.", "2024-06-15",
               category="arms_transfer")["date"] == "2023-10"
    assert one("Azerbaijan and Uzbekistan signed a treaty this year.", "2024-06-15")["date"] == "2024"


def test_events_date_of_the_paragraph_carries_to_the_next_sentence():
    text = ("The OTS held its summit in Astana on 3 November 2023. During the summit, President Ilham Aliyev "
            "called for deeper cooperation in the defence industry.")
    request = one(text, category="statement")
    assert request["event_type"] == "REQUEST" and request["date"] == "2023-11-03"


def test_events_actor_spelling_variants_and_metonyms():
    for text in ("Mirziyoev met Tokayev in Tashkent in 2023.", "Mirziyoyev met Toqaev in Tashkent in 2023."):
        assert codes(one(text)["actor"]) == ["KAZ", "UZB"]
    ev = one("Ankara and Baku signed a protocol on intelligence cooperation in 2021.")
    assert codes(ev["actor"]) == ["AZE", "TUR"] and ev["category"] == "agreement"
    assert one("The Turkic Council was renamed in 2021.")["actor"][0]["code"] == "OTS"


def test_events_contract_fields():
    ev = one("Türkiye delivered Akinci drones to Azerbaijan in September 2021.", category="arms_transfer")
    for key in ("doc", "category", "event_type", "mode", "context", "actor", "recipient", "date", "status",
                "location", "evidence", "confidence"):
        assert key in ev
    assert ev["context"] == ["military"] and 0 < ev["confidence"] <= 1
    assert ev["actor"][0] == {"code": "TUR", "name": "Türkiye", "sector": "GOV"}
