"""Analyst reviews through the API: stored with who and when, applied at once, read by watch and
brief, and still in force after a re-ingest."""

from __future__ import annotations

from pathlib import Path

from steppe.store.queries import event_view
from tests.web.conftest import XSS_DOC, make_client


def first(client, **params) -> dict:
    return client.get("/api/events", params={"limit": 1, "order": "sources", **params}).json()["items"][0]


def post(client, event_id: str, body: dict, **headers: str):
    return client.post(f"/api/events/{event_id}/reviews", json=body, headers=headers)


def test_correct_category_is_stored_and_applied(writer) -> None:
    ev = first(writer, category="meeting")
    r = post(writer, ev["cluster_id"], {"action": "correct", "field": "category", "value": "exercise",
                                        "reviewer": "ayla", "note": "a drill"})
    assert r.status_code == 201
    review = r.json()
    assert review["reviewer"] == "ayla" and review["created_at"] and review["value"] == "exercise"
    detail = writer.get(f"/api/events/{ev['cluster_id']}").json()
    assert detail["category"] == "exercise" and detail["review"] == "corrected"
    assert [(x["action"], x["field"], x["reviewer"]) for x in detail["reviews"]] == [("correct", "category", "ayla")]
    listed = writer.get("/api/events", params={"category": "exercise", "limit": 1000}).json()["items"]
    assert ev["cluster_id"] in [e["cluster_id"] for e in listed]
    with writer.app.state.db.read() as store:  # what watch and the brief read
        seen = {e["cluster_id"]: e for e in event_view(store)}
    assert seen[ev["cluster_id"]]["category"] == "exercise"


def test_corrected_actors_from_a_list_or_text(writer) -> None:
    ev = first(writer)
    assert post(writer, ev["cluster_id"], {"action": "correct", "field": "actor", "value": "tur, aze",
                                           "reviewer": "b"}).status_code == 201
    assert [a["code"] for a in writer.get(f"/api/events/{ev['cluster_id']}").json()["actor"]] == ["TUR", "AZE"]
    assert post(writer, ev["cluster_id"], {"action": "correct", "field": "recipient", "value": ["RUS"],
                                           "reviewer": "b"}).status_code == 201
    assert [a["code"] for a in writer.get(f"/api/events/{ev['cluster_id']}").json()["recipient"]] == ["RUS"]


def test_reject_hides_the_event_and_the_brief_follows(writer) -> None:
    ev = first(writer)
    before = writer.get("/api/events").json()["total"]
    assert post(writer, ev["cluster_id"], {"action": "reject"}, **{"X-Steppe-Reviewer": "header name"}
                ).status_code == 201
    assert writer.get("/api/events").json()["total"] == before - 1
    again = writer.get("/api/events", params={"include_rejected": "true", "limit": 1000}).json()["items"]
    assert {e["cluster_id"]: e["review"] for e in again}[ev["cluster_id"]] == "rejected"
    history = writer.get(f"/api/events/{ev['cluster_id']}/reviews").json()
    assert history[-1]["reviewer"] == "header name"
    brief = writer.get("/api/briefs").json()
    assert brief["totals"]["events"] == before - 1
    assert post(writer, ev["cluster_id"], {"action": "confirm", "reviewer": "c"}).status_code == 201
    assert writer.get(f"/api/events/{ev['cluster_id']}").json()["review"] == "confirmed"


def test_board_is_recomputed_after_a_review(writer) -> None:
    db = writer.app.state.db
    writer.get("/api/indicators")
    version = db.version
    post(writer, first(writer)["cluster_id"], {"action": "confirm", "reviewer": "d"})
    assert db.version == version + 1  # the cached board is keyed by this


def test_invalid_reviews_are_refused(writer) -> None:
    ev = first(writer)["cluster_id"]
    cases = [({"action": "correct", "field": "category", "value": "picnic", "reviewer": "e"}, 400),
             ({"action": "correct", "field": "colour", "value": "red", "reviewer": "e"}, 400),
             ({"action": "correct", "field": "date", "value": "last spring", "reviewer": "e"}, 400),
             ({"action": "correct", "field": "actor", "value": ["  "], "reviewer": "e"}, 400),
             ({"action": "delete", "reviewer": "e"}, 422),
             ({"action": "confirm"}, 422),  # no reviewer
             ({"action": "confirm", "reviewer": "e", "extra": 1}, 422),
             ({"action": "confirm", "reviewer": "x" * 101}, 422)]
    for body, status in cases:
        r = post(writer, ev, body)
        assert r.status_code == status, body
        assert r.json()["error"]["status"] == status
    assert post(writer, "nope", {"action": "confirm", "reviewer": "e"}).status_code == 404
    assert writer.get(f"/api/events/{ev}").json()["reviews"] == []


def test_corrections_survive_reingest(db_copy: Path, tmp_path: Path) -> None:
    from steppe.demo import demo_corpus
    from steppe.ingest_db import ingest

    with make_client(db_copy) as c:
        ev = first(c, category="agreement")
        assert post(c, ev["cluster_id"], {"action": "correct", "field": "date", "value": "2020-01-02",
                                          "reviewer": "f"}).status_code == 201
    extra = tmp_path / "xss.jsonl"
    extra.write_text(__import__("json").dumps(XSS_DOC) + "\n", encoding="utf-8")
    inputs = [str(p) for p in sorted(demo_corpus().iterdir()) if p.is_dir()] + [str(extra)]
    ingest(inputs, db_copy)
    with make_client(db_copy) as c:
        again = c.get(f"/api/events/{ev['cluster_id']}").json()
        assert again["date"] == "2020-01-02" and again["review"] == "corrected"
        assert again["reviews"][0]["reviewer"] == "f"
