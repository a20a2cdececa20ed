"""Security: policy headers everywhere, no inline script, escaping, the token, the bind rule, hosts and
cross-site writes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from steppe.errors import UsageError
from steppe.web.security import COOKIE
from steppe.web.serve import bind_settings, is_loopback_host
from tests.web.conftest import make_client

WEB = Path(__file__).resolve().parents[2] / "steppe" / "web"
TOKEN = "correct-horse-battery-staple"
PAGES = ["/", "/events", "/events?q=alert", "/timeline", "/network", "/map", "/articles", "/actors", "/actors/TUR",
         "/brief", "/docs"]


def assert_policy(response) -> None:
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp, response.url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


class ScriptAudit(HTMLParser):
    """Collects inline scripts, handler attributes, style attributes and off-site resources."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not names.get("src"):
                self.problems.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"handler attribute {name}")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in ("src", "href") and value and tag in ("script", "link", "img", "iframe") and \
                    re.match(r"(https?:)?//", value):
                self.problems.append(f"off-site {name}={value}")
            if name == "href" and value and value.lower().startswith("javascript:"):
                self.problems.append("javascript: link")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append("script body")


@pytest.mark.parametrize("path", PAGES + ["/api/events", "/api/briefs?format=html", "/openapi.json",
                                          "/static/js/common.js", "/static/vendor/d3/d3.min.js", "/events/nope",
                                          "/api/events/nope", "/api/events?limit=-1"])
def test_every_response_carries_the_policy(client, path: str) -> None:
    assert_policy(client.get(path))


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_off_site_resource(client, path: str) -> None:
    audit = ScriptAudit()
    audit.feed(client.get(path).text)
    assert audit.problems == []


def test_no_cdn_in_templates_and_scripts() -> None:
    own = [p for p in (WEB / "templates").glob("*.html")] + list((WEB / "static" / "js").glob("*.js")) + \
        list((WEB / "static" / "css").glob("*.css"))
    for path in own:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), path
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and ".html(" not in text, path
    for name in ("d3/d3.min.js", "d3/LICENSE", "topojson-client/topojson-client.min.js", "topojson-client/LICENSE",
                 "world-atlas/countries-110m.json", "world-atlas/LICENSE", "swagger-ui/swagger-ui-bundle.js",
                 "swagger-ui/swagger-ui.css", "swagger-ui/LICENSE", "README.md"):
        assert (WEB / "static" / "vendor" / name).is_file(), name


def test_article_text_and_evidence_are_escaped(client) -> None:
    page = client.get("/events", params={"q": "alert('xss')"}).text
    assert "&lt;script&gt;window.__xss = 1;" in page and "<script>window.__xss" not in page
    ev = client.get("/api/events", params={"q": "alert('xss')"}).json()["items"][0]
    for path in (f"/events/{ev['cluster_id']}", f"/articles/{ev['article_id']}", "/articles"):
        html = client.get(path).text
        assert "<script>window.__xss" not in html and "&lt;script&gt;window.__xss" in html, path


def test_errors_carry_no_traceback(db_copy, monkeypatch) -> None:
    import steppe.web.routes.api_events as routes

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "list_events", boom)
    with make_client(db_copy) as c:
        r = c.get("/api/events")
        assert r.status_code == 500 and r.json() == {"error": {"status": 500, "message": "internal error"}}
        assert_policy(r)


# ---------------------------------------------------------------------- the token

def test_token_is_required_on_every_request(db_copy) -> None:
    with make_client(db_copy, token=TOKEN) as c:
        for path in ("/", "/api/events", "/static/js/common.js", "/docs", "/openapi.json"):
            r = c.get(path)
            assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", path
            assert r.json()["error"]["status"] == 401
            assert_policy(r)
        assert c.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/events", headers={"X-Steppe-Token": TOKEN}).status_code == 200
        assert c.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/events", headers={"X-Steppe-Token": TOKEN + "x"}).status_code == 401
        assert c.get("/api/events", headers={"X-Steppe-Token": "ünïcode".encode()}).status_code == 401
        assert c.get("/?token=wrong").status_code == 401


def test_token_in_the_address_sets_an_httponly_cookie_once(db_copy) -> None:
    with make_client(db_copy, token=TOKEN) as c:
        r = c.get(f"/events?category=meeting&token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/events?category=meeting"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert TOKEN not in cookie
        assert_policy(r)
        c.cookies.set(COOKIE, cookie.split(";")[0].split("=", 1)[1])
        assert c.get("/events").status_code == 200
        assert c.get("/static/css/app.css").status_code == 200
        c.cookies.set(COOKIE, "forged")
        assert c.get("/events").status_code == 401


def test_binding_rules(monkeypatch) -> None:
    monkeypatch.delenv("STEPPE_TOKEN", raising=False)
    token, hosts = bind_settings("127.0.0.1", None)
    assert token is None and hosts is not None and "localhost" in hosts
    assert bind_settings("::1", None)[0] is None and is_loopback_host("localhost")
    for host in ("0.0.0.0", "192.168.1.10", "example.org", "::"):
        with pytest.raises(UsageError, match="token"):
            bind_settings(host, None)
    with pytest.raises(UsageError, match="token"):
        bind_settings("0.0.0.0", "short")
    assert bind_settings("0.0.0.0", TOKEN) == (TOKEN, None)
    monkeypatch.setenv("STEPPE_TOKEN", TOKEN)
    assert bind_settings("0.0.0.0", None) == (TOKEN, None)
    assert bind_settings("127.0.0.1", None) == (TOKEN, None)  # a token, when given, is checked on loopback too


def test_serve_refuses_an_open_address_without_token(demo_db, monkeypatch) -> None:
    from typer.testing import CliRunner

    from steppe.cli import app
    from steppe.web.serve import serve

    monkeypatch.delenv("STEPPE_TOKEN", raising=False)
    with pytest.raises(UsageError):
        serve(demo_db, host="0.0.0.0", port=1)
    result = CliRunner().invoke(app, ["serve", "--db", str(demo_db), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "token" in result.output


def test_loopback_server_answers_only_loopback_host_names(db_copy) -> None:
    with make_client(db_copy, allowed_hosts=bind_settings("127.0.0.1", None)[1]) as c:
        assert c.get("/api/meta", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert c.get("/api/meta", headers={"Host": "localhost:8000"}).status_code == 200
        r = c.get("/api/meta", headers={"Host": "attacker.example:8000"})
        assert r.status_code == 400 and "host" in r.json()["error"]["message"]


def test_cross_site_writes_are_refused(writer) -> None:
    ev = writer.get("/api/events", params={"limit": 1}).json()["items"][0]["cluster_id"]
    url = f"/api/events/{ev}/reviews"
    body = {"action": "confirm", "reviewer": "mallory"}
    assert writer.post(url, json=body, headers={"Origin": "http://evil.example"}).status_code == 403
    assert writer.post(url, json=body, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    form = writer.post(url, content=b'{"action": "confirm", "reviewer": "m"}', headers={"Content-Type": "text/plain"})
    assert form.status_code == 415
    assert writer.get(f"/api/events/{ev}/reviews").json() == []
    assert writer.post(url, json=body, headers={"Origin": "http://testserver"}).status_code == 201
