"""Small pieces: highlighting, article segments, filters as query strings, map placement, the cache."""

from __future__ import annotations

from urllib.parse import parse_qsl

from steppe.web.data.articles import segments
from steppe.web.data.common import EventFilters, split_values
from steppe.web.data.events import highlight
from steppe.web.data.indicators import sparkline
from steppe.web.db import Database
from steppe.web.geo import event_country, location_country, numeric_code
from steppe.web.security import content_security_policy, style_hashes


def test_highlight_marks_trigger_and_search_terms() -> None:
    parts = highlight("Turkey delivered drones; more drones later.", ["delivered"], ["DRONES"])
    assert "".join(p["text"] for p in parts) == "Turkey delivered drones; more drones later."
    assert [(p["text"], p["mark"]) for p in parts if p["mark"]] == [
        ("delivered", "trigger"), ("drones", "hit"), ("drones", "hit")]
    assert highlight(None) == [{"text": "", "mark": None}]
    assert highlight("a.b", [None, ""], ["."]) == [{"text": "a", "mark": None}, {"text": ".", "mark": "hit"},
                                                   {"text": "b", "mark": None}]


def test_segments_cover_the_text_with_overlapping_spans() -> None:
    text = "0123456789"
    segs = segments(text, [(2, 6, "a"), (4, 8, "b")])
    assert "".join(s["text"] for s in segs) == text
    assert [(s["start"], s["end"], s["events"], s["anchor"]) for s in segs] == [
        (0, 2, [], None), (2, 4, ["a"], "a"), (4, 6, ["a", "b"], "b"), (6, 8, ["b"], None), (8, 10, [], None)]


def test_filters_round_trip_through_the_query_string() -> None:
    f = EventFilters(since="2024", category=["meeting", "exercise"], actor=["TUR"], q="a&b", min_sources=2,
                     include_rejected=True)
    pairs = parse_qsl(f.query_string(order="sources"))
    assert ("category", "meeting") in pairs and ("category", "exercise") in pairs and ("q", "a&b") in pairs
    assert ("include_rejected", "true") in pairs and ("order", "sources") in pairs
    assert split_values(["a,b", " c ", ""]) == ["a", "b", "c"] and split_values(None) == []


def test_map_placement() -> None:
    assert location_country("Shusha") == "AZE" and location_country("Atlantis") is None
    assert event_country({"location": "Dushanbe", "actor": [{"code": "TUR"}]}) == ("TJK", "location")
    assert event_country({"location": None, "actor": [{"code": "OTS"}, {"code": "KAZ"}]}) == ("KAZ", "actor")
    assert event_country({"actor": [{"code": "EU"}], "recipient": [{"code": "USA"}]}) == ("USA", "recipient")
    assert event_country({"actor": [{"code": "OTS"}]}) == (None, None)
    assert numeric_code("AZE") == "031" and numeric_code("ZZZ") is None


def test_sparkline_and_style_hashes() -> None:
    assert sparkline([]) == ""
    points = sparkline([{"count": 0}, {"count": 4}], width=10, height=10)
    assert points == "0.0,8.0 10.0,2.0"
    hashes = style_hashes('<style>b{}</style><svg style="max-width:9px"></svg>')
    assert len(hashes) == 2
    policy = content_security_policy(hashes)
    assert "'unsafe-hashes'" in policy and all(f"'sha256-{h}'" in policy for h in hashes)
    assert "unsafe-hashes" not in content_security_policy()


def test_cache_lasts_until_a_write(db_copy) -> None:
    db = Database(db_copy)
    calls = []
    try:
        assert db.cached("k", lambda: calls.append(1) or len(calls)) == 1
        assert db.cached("k", lambda: calls.append(1) or len(calls)) == 1
        with db.write() as store:
            store.con.execute("UPDATE clusters SET review = review")
        assert db.cached("k", lambda: calls.append(1) or len(calls)) == 2
        try:
            with db.write() as store:
                store.con.execute("UPDATE clusters SET review = 'rejected'")
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
        with db.read() as store:  # rolled back
            assert store.query("SELECT count(*) AS n FROM clusters WHERE review = 'rejected'")[0]["n"] == 0
    finally:
        db.close()
