"""The REST API over the demo database: filters, paging and stable order, details, errors."""

from __future__ import annotations

import pytest

from steppe.store.queries import search_events
from steppe.web.data.common import EventFilters
from steppe.web.data.search import search


def ids(items: list[dict]) -> list[str]:
    return [e["cluster_id"] for e in items]


def test_events_list_shape(client) -> None:
    body = client.get("/api/events").json()
    assert set(body) >= {"items", "total", "limit", "offset", "order", "next_offset", "filters"}
    assert body["limit"] == 50 and body["offset"] == 0 and len(body["items"]) == 50 < body["total"]
    ev = body["items"][0]
    for key in ("cluster_id", "category", "event_type", "status", "date", "n_sources", "evidence", "article_id",
                "article_title", "actor", "recipient", "review", "url", "reader_url"):
        assert key in ev
    assert all({"code", "display"} <= set(a) for a in ev["actor"])
    dates = [e["date"] for e in body["items"] if e["date"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("order", ["date", "date_asc", "sources", "confidence"])
def test_paging_is_stable_and_never_overlaps(client, order: str) -> None:
    whole = client.get("/api/events", params={"limit": 1000, "order": order}).json()
    pages: list[str] = []
    offset = 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 37, "offset": offset, "order": order}).json()
        assert body["total"] == whole["total"]
        pages += ids(body["items"])
        offset = body["next_offset"]
    assert pages == ids(whole["items"]) and len(set(pages)) == whole["total"]


def test_filters_each_hold(client) -> None:
    def items(**params) -> list[dict]:
        body = client.get("/api/events", params={"limit": 1000, **params}).json()
        assert body["total"] == len(body["items"])
        return body["items"]

    assert {e["category"] for e in items(category=["meeting", "exercise"])} == {"meeting", "exercise"}
    assert ids(items(category="meeting,exercise")) == ids(items(category=["meeting", "exercise"]))
    assert {e["status"] for e in items(status="future")} == {"future"}
    assert {e["event_type"] for e in items(event_type="AID")} == {"AID"}
    assert all(e["date"] is None or "2024" <= e["date"][:4] <= "2024" for e in items(since="2024", until="2024"))
    assert all("TUR" in [a["code"] for a in e["actor"]] for e in items(actor="tur"))
    assert all("RUS" in [a["code"] for a in e["recipient"]] for e in items(recipient="RUS"))
    assert all("KAZ" in [a["code"] for a in e["actor"] + e["recipient"]] for e in items(participant="KAZ"))
    assert all(e["n_sources"] >= 2 for e in items(min_sources=2))
    assert items(min_sources=2)
    drones = items(q="DRONE")
    assert drones and all("drone" in client.get(f"/api/events/{e['cluster_id']}").text.lower() for e in drones)
    combined = items(category="arms_transfer", actor="TUR", q="drone")
    assert combined and all(e["category"] == "arms_transfer" for e in combined)


def test_search_matches_the_store_query(client) -> None:
    """The web's page-first search gives search_events' rows, in its order (on the demo data)."""
    db = client.app.state.db
    cases = [EventFilters(), EventFilters(category=["meeting"]), EventFilters(since="2022", until="2024-06"),
             EventFilters(actor=["TUR"], status=["occurred"]), EventFilters(q="summit", min_sources=1),
             EventFilters(participant=["RUS"], include_rejected=True)]
    with db.read() as store:
        for f in cases:
            for order in ("date", "sources", "date_asc", "confidence"):
                mine = search(store, f, limit=40, offset=5, order=order)
                theirs = search_events(store, **f.search_kwargs(), limit=40, offset=5, order=order)
                assert mine["total"] == theirs["total"]
                assert mine["items"] == theirs["items"], (f, order)


def test_text_search_takes_wildcards_literally(client) -> None:
    hits = client.get("/api/events", params={"q": "window.__xss"}).json()["items"]
    assert len(hits) == 1 and "<script>" in hits[0]["evidence"]
    assert client.get("/api/events", params={"q": "100%_"}).json()["total"] == 0


def test_hostile_text_is_only_a_value(client) -> None:
    r = client.get("/api/events", params={"q": "'; DROP TABLE clusters; --", "actor": "X') OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/events").json()["total"] > 0


@pytest.mark.parametrize("params", [{"since": "2024-5"}, {"until": "yesterday"}, {"limit": 0}, {"limit": 5000},
                                    {"offset": -1}, {"order": "random"}, {"min_sources": "many"}])
def test_bad_parameters_are_json_422(client, params: dict) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["status"] == 422 and err["message"] and err["details"]


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/events/nope/reviews", "/api/articles/nope",
                                  "/api/actors/NOPE", "/api/indicators/nope", "/api/nothing"])
def test_unknown_things_are_json_404(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["status"] == 404


def test_event_detail_has_all_evidence_and_sources(client) -> None:
    top = client.get("/api/events", params={"order": "sources", "limit": 1}).json()["items"][0]
    ev = client.get(f"/api/events/{top['cluster_id']}").json()
    assert ev["cluster_id"] == top["cluster_id"] and len(ev["reports"]) == ev["n_reports"] >= 2
    for r in ev["reports"]:
        assert r["evidence"] and "".join(p["text"] for p in r["evidence_parts"]) == r["evidence"]
        assert r["sources"] and r["reader_url"].startswith(f"/articles/{r['article_id']}")
        assert r["article_title"] is not None or r["article_doc"]
    assert ev["reviews"] == []
    assert isinstance(ev["followed_by"], list)


def test_actors(client) -> None:
    body = client.get("/api/actors").json()
    top = body["items"][0]
    assert top["code"] in {"TUR", "AZE", "KAZ"} and top["n_events"] >= top["as_actor"] > 0
    assert client.get("/api/actors", params={"q": "kazakh"}).json()["items"][0]["code"] == "KAZ"
    kaz = client.get("/api/actors/kaz").json()
    assert kaz["name"] == "Kazakhstan" and kaz["events"] and kaz["counterparts"] and kaz["categories"]


def test_network(client) -> None:
    net = client.get("/api/network").json()
    codes = {n["code"] for n in net["nodes"]}
    assert {"TUR", "AZE", "RUS"} <= codes
    assert all(lk["source"] in codes and lk["target"] in codes and lk["kind"] in ("on", "with")
               for lk in net["links"])
    heavy = client.get("/api/network", params={"min_weight": 3}).json()
    assert 0 < len(heavy["links"]) < len(net["links"])
    ego = client.get("/api/network", params={"participant": "IRN"}).json()
    assert "IRN" in {n["code"] for n in ego["nodes"]} and len(ego["nodes"]) < len(net["nodes"])


def test_timeline_and_map(client) -> None:
    tl = client.get("/api/timeline").json()
    dates = [e["date"] for e in tl["items"]]
    assert dates and all(dates) and dates == sorted(dates)
    assert sum(c["count"] for c in tl["categories"]) == len(tl["items"])
    only = client.get("/api/timeline", params={"category": "exercise"}).json()
    assert {e["category"] for e in only["items"]} == {"exercise"}
    m = client.get("/api/map").json()
    by_code = {c["code"]: c for c in m["countries"]}
    assert by_code["AZE"]["numeric"] == "031" and by_code["AZE"]["name"] == "Azerbaijan"
    assert m["placed"] + m["unplaced"] == m["total"]
    assert sum(c["count"] for c in m["countries"]) == m["placed"]


def test_indicators(client) -> None:
    from steppe.watch.rules import load_watchlist

    board = client.get("/api/indicators").json()
    wl = load_watchlist()
    assert [i["id"] for i in board["indicators"]] == [i.id for i in wl.indicators]
    ind = board["indicators"][0]
    assert {"count", "baseline", "trend", "level", "series", "evidence", "sparkline"} <= set(ind)
    assert len(ind["series"]) == wl.indicators[0].baseline + 1
    detail = client.get(f"/api/indicators/{ind['id']}").json()
    assert detail["series"] == ind["series"] and detail["runs"] == [] and "window_events" in detail
    earlier = client.get(f"/api/indicators/{ind['id']}", params={"as_of": "2023-01-15"}).json()
    assert earlier["as_of"] == "2023-01-15" and earlier["current"]["start"] <= "2023-01-15"


def test_indicator_history_includes_recorded_watch_runs(db_copy) -> None:
    from steppe.store.store import Store
    from steppe.watch.alerts import run_watch
    from tests.web.conftest import make_client

    with Store(db_copy) as store:
        report = run_watch(store)
    with make_client(db_copy) as c:
        first = report.states[0]
        runs = c.get(f"/api/indicators/{first.id}").json()["runs"]
        assert len(runs) == 1 and runs[0]["count"] == first.count and runs[0]["level"] == first.level


def test_articles(client) -> None:
    page = client.get("/api/articles", params={"limit": 5}).json()
    assert len(page["items"]) == 5 and page["total"] >= 49
    art = client.get(f"/api/articles/{page['items'][0]['article_id']}").json()
    assert "".join(s["text"] for s in art["segments"]) == art["text"]
    for ev in art["events"]:
        if ev["located"]:
            anchored = [s for s in art["segments"] if s["anchor"] == ev["event_id"]]
            assert len(anchored) == 1
    found = client.get("/api/articles", params={"q": "Gabala"}).json()
    assert found["total"] >= 1 and found["items"][0]["n_events"] >= 0


def test_briefs_on_demand(client) -> None:
    data = client.get("/api/briefs", params={"since": "2024"}).json()
    assert data["period"][0] == "2024" and data["executive"] and data["sources"]
    assert "events" not in data and "states" not in data
    html = client.get("/api/briefs", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "<h2" in html.text
    csp = html.headers["content-security-policy"]
    assert "'sha256-" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
    md = client.get("/api/briefs", params={"format": "md", "until": "2023"})
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("#")
    assert client.get("/api/briefs", params={"format": "pdf"}).status_code == 422


def test_meta_and_openapi(client) -> None:
    meta = client.get("/api/meta").json()
    assert "meeting" in meta["categories"] and meta["counts"]["clusters"] > 0
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/reviews", "/api/actors",
                 "/api/network", "/api/indicators", "/api/indicators/{indicator_id}", "/api/articles",
                 "/api/articles/{article_id}", "/api/briefs", "/api/timeline", "/api/map"):
        assert path in spec["paths"], path
    assert not any(p.startswith("/events") or p == "/" for p in spec["paths"])  # pages stay out of the API
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("page", ["/", "/events", "/events?category=meeting&since=2024&order=sources", "/timeline",
                                  "/network", "/map", "/articles", "/articles?q=drone", "/actors", "/actors/TUR",
                                  "/brief?since=2024"])
def test_pages_render_with_their_json_twin(client, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    twin = r.text.split('<link rel="alternate" type="application/json" href="', 1)[1].split('"', 1)[0]
    assert twin.startswith("/api/")
    assert client.get(twin.replace("&amp;", "&")).status_code == 200


def test_page_errors_are_pages(client) -> None:
    r = client.get("/events/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "no event" in r.text
    assert client.get("/events?since=soon").status_code == 422
    assert client.get("/events?offset=x").status_code == 422
