"""End-to-end: the real server over the demo database, driven in Debian's chromium with Playwright.
Skipped cleanly when /usr/bin/chromium is absent. Screenshots land in artifacts/ at the repo root."""

from __future__ import annotations

import httpx

from tests.web.conftest import LiveServer, copy_db


def api(server: LiveServer, path: str, **params) -> dict:
    r = httpx.get(server.url + path, params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def test_board_loads_on_demo_data(live_server: LiveServer, page) -> None:
    board = api(live_server, "/api/indicators")
    page.goto(live_server.url + "/")
    cards = page.locator("#board article.card")
    assert cards.count() == len(board["indicators"]) > 0
    assert board["watchlist"]["name"] in page.locator("h1").inner_text()
    first = board["indicators"][0]
    card = page.locator(f"article[data-indicator='{first['id']}']")
    assert first["name"] in card.inner_text()
    assert card.locator("svg.spark polyline").count() == 1
    page.problems.assert_none()


def test_filtering_the_event_table(live_server: LiveServer, page, shot) -> None:
    page.goto(live_server.url + "/events")
    total = int(page.locator("#event-count").inner_text().split()[0])
    shot(page, "all")
    page.select_option("select[name=category]", "arms_transfer")
    page.fill("input[name=q]", "drone")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*category=arms_transfer*")
    shown = int(page.locator("#event-count").inner_text().split()[0])
    expected = api(live_server, "/api/events", category="arms_transfer", q="drone")["total"]
    assert 0 < shown == expected < total
    rows = page.locator("#events tbody tr[data-event]")
    assert rows.count() == shown
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.get_attribute("data-category") == "arms_transfer"
        assert "drone" in row.locator("mark.hit").first.inner_text().lower()  # the search term is highlighted
    page.problems.assert_none()


def test_opening_an_events_evidence(live_server: LiveServer, page, shot) -> None:
    page.goto(live_server.url + "/events?category=arms_transfer&order=sources")
    first = page.locator("#events tbody tr[data-event]").first
    event_id = first.get_attribute("data-event")
    first.locator("a.event-link").click()
    page.wait_for_url(f"**/events/{event_id}")
    detail = api(live_server, f"/api/events/{event_id}")
    quotes = page.locator("#reports blockquote.evidence")
    assert quotes.count() == len(detail["reports"]) > 0
    assert quotes.first.inner_text().strip() == detail["reports"][0]["evidence"].strip()
    assert page.locator("#reports blockquote.evidence mark.trigger").count() >= 1
    shot(page, "event")
    page.locator("#reports a.reader-link").first.click()
    page.wait_for_url("**/articles/**")
    focus = page.locator("#article-text mark.focus")
    assert focus.count() >= 1
    assert detail["reports"][0]["evidence"][:40] in page.locator("#article-text").inner_text()
    page.problems.assert_none()


def test_review_correction_persists_after_reload(live_server: LiveServer, page, shot) -> None:
    event = api(live_server, "/api/events", category="meeting", order="sources", limit=1)["items"][0]
    page.goto(live_server.url + f"/events/{event['cluster_id']}")
    assert page.locator("#event-category").inner_text() == "meeting"
    page.fill("#reviewer", "Analyst Ayla")
    page.check("input[name=action][value=correct]")
    page.select_option("#review-field", "category")
    page.fill("#review-value", "exercise")
    page.fill("textarea[name=note]", "a joint drill, not a meeting")
    shot(page, "form")
    with page.expect_navigation():
        page.click("#review-form button[type=submit]")
    assert page.locator("#event-category").inner_text() == "exercise"
    page.reload()
    assert page.locator("#event-category").inner_text() == "exercise"
    assert "corrected" in page.locator("#event-heading").inner_text()
    history = page.locator("#review-history").inner_text()
    assert "Analyst Ayla" in history and "exercise" in history
    stored = api(live_server, f"/api/events/{event['cluster_id']}")
    assert stored["category"] == "exercise" and stored["review"] == "corrected"
    assert stored["reviews"][-1]["reviewer"] == "Analyst Ayla"
    page.problems.assert_none()


def test_evidence_with_a_script_tag_renders_as_text(live_server: LiveServer, page, shot) -> None:
    found = api(live_server, "/api/events", q="alert('xss')")["items"]
    assert found, "the test article's event is in the database"
    event = found[0]
    page.goto(live_server.url + "/events?q=alert('xss')")
    row = page.locator(f"tr[data-event='{event['cluster_id']}'] td.evidence")
    assert "<script>window.__xss = 1; alert('xss')</script>" in row.inner_text()
    assert page.locator("td.evidence script").count() == 0
    shot(page, "table")
    page.goto(live_server.url + f"/events/{event['cluster_id']}")
    assert "<script>" in page.locator("#reports").inner_text()
    page.goto(live_server.url + event["reader_url"])
    assert "<script>window.__xss_title = 1</script>" in page.locator("#article-title").inner_text()
    assert "<script>window.__xss = 1;" in page.locator("#article-text").inner_text()
    assert page.evaluate("typeof window.__xss === 'undefined' && typeof window.__xss_title === 'undefined'")
    page.problems.assert_none()  # no alert dialog, no error


def test_timeline_brush_selects_a_period(live_server: LiveServer, page) -> None:
    page.goto(live_server.url + "/timeline")
    page.wait_for_selector("#app svg circle.dot")
    before = page.locator("#selected-events li").count()
    box = page.locator("#app svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=8)
    page.mouse.up()
    page.wait_for_function("document.querySelector('#selection').textContent.includes('–')")
    after = page.locator("#selected-events li").count()
    assert 0 < after < before
    assert "since=" in page.locator("#selection-link").get_attribute("href")
    page.problems.assert_none()


def test_network_and_map_render(live_server: LiveServer, page, shot) -> None:
    page.goto(live_server.url + "/network")
    page.wait_for_selector("#app svg g.node")
    assert page.locator("#app svg g.node").count() > 5
    page.locator("#app svg g.node[data-code='TUR']").dispatch_event("click")
    assert "events" in page.locator("#node-panel").inner_text()
    shot(page, "network")
    page.goto(live_server.url + "/map")
    page.wait_for_selector("#app svg circle.bubble")
    assert page.locator("#app svg path.land").count() > 100
    bubble = page.locator("#app svg circle.bubble[data-code='AZE']")
    assert bubble.count() == 1
    bubble.dispatch_event("click")  # smaller neighbours may sit on top of it
    assert "Azerbaijan" in page.locator("#country-panel h2").inner_text()
    page.problems.assert_none()


def test_api_docs_render_under_the_policy(live_server: LiveServer, page) -> None:
    page.goto(live_server.url + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 10
    page.problems.assert_none()


def test_token_in_the_address_sets_a_session_cookie(browser, demo_db, tmp_path, shot) -> None:
    token = "s3cret-token-for-tests"
    with LiveServer(copy_db(demo_db, tmp_path), token=token) as server:
        context = browser.new_context()
        pg = context.new_page()
        try:
            response = pg.goto(server.url + "/events")
            assert response.status == 401
            shot(pg, "refused")
            pg.goto(server.url + "/events?token=" + token)
            assert pg.url == server.url + "/events"  # the token left the address
            assert pg.locator("#events").count() == 1
            cookie = next(c for c in context.cookies() if c["name"] == "steppe_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["value"] != token
            pg.goto(server.url + "/timeline")  # scripts and API calls ride on the cookie
            pg.wait_for_selector("#app svg circle.dot")
            shot(pg, "timeline")
        finally:
            context.close()


def test_brief_renders_on_demand(live_server: LiveServer, page) -> None:
    page.goto(live_server.url + "/brief?since=2024")
    frame = page.frame_locator("#brief-frame")
    assert "Executive Summary" in frame.locator("body").inner_text(timeout=60000)
    assert "Sources" in frame.locator("body").inner_text()
    page.problems.assert_none()  # its inline styles pass the policy by hash, nothing else does
