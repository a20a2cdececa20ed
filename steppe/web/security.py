"""Request checks and response headers applied to every request (a pure ASGI middleware).

- Host check: a server bound to loopback without a token answers only to loopback host names, so a
  web page cannot reach it through DNS rebinding.
- Token: when set, every request carries it (`Authorization: Bearer T` or `X-Steppe-Token: T`) or
  the session cookie that a page's `?token=T` sets once (HttpOnly, SameSite=Strict; the token is
  then removed from the address by a redirect).
- Cross-site writes: unsafe methods need a same-origin request and (under /api) a JSON body.
- Headers: Content-Security-Policy (`default-src 'self'`, no inline scripts), nosniff, no referrer,
  no framing by other sites, no caching of data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "steppe_session"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def content_security_policy(style_hashes: Iterable[str] = ()) -> str:
    """The policy: everything from this server only, no inline scripts; inline styles only by hash
    ('unsafe-hashes' lets style attributes with exactly those hashed values through, nothing else)."""
    hashes = [f"'sha256-{h}'" for h in style_hashes]
    styles = " ".join(["'self'"] + (["'unsafe-hashes'"] + hashes if hashes else []))
    return ("default-src 'self'; script-src 'self'; " f"style-src {styles}; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'self'")


CSP = content_security_policy()
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def session_value(token: str) -> str:
    """The cookie holds a value derived from the token, not the token itself."""
    return hmac.new(token.encode(), b"steppe-web-session", hashlib.sha256).hexdigest()


def same(given: str, expected: str) -> bool:
    """Constant-time comparison (of bytes, so any characters compare)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.") or host == "[::1]"


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, token: str | None = None, allowed_hosts: Iterable[str] | None = None,
                 secure_cookie: bool = False) -> None:
        self.app = app
        self.token = token or None
        self.session = session_value(token) if token else None
        self.allowed_hosts = set(allowed_hosts) if allowed_hosts is not None else None
        self.secure_cookie = secure_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refuse(scope, headers)
        if refusal is not None:
            await self._reply(send, *refusal)
            return
        if self.token and not self._authorised(headers):
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            given = query.get("token")
            if given is not None and scope["method"] == "GET" and same(given, self.token):
                await self._set_session(scope, send)
                return
            await self._reply(send, 401, "a token is required: send `Authorization: Bearer TOKEN`, or open a "
                              "page once with ?token=TOKEN", extra=[(b"www-authenticate", b"Bearer")])
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                out = list(message.get("headers", []))
                if b"content-security-policy" not in present:
                    out.append((b"content-security-policy", CSP.encode()))
                out.extend(h for h in HEADERS if h[0] not in present)
                if b"cache-control" not in present and not scope["path"].startswith("/static/"):
                    out.append((b"cache-control", b"no-store"))
                message["headers"] = out
            await send(message)

        await self.app(scope, receive, send_with_headers)

    # ------------------------------------------------------------------ checks

    def _refuse(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None:
            name = urlsplit("//" + host).hostname or ""
            if name not in self.allowed_hosts and f"[{name}]" not in self.allowed_hosts:
                return 400, f"host {host!r} is not served here"
        if scope["method"] in UNSAFE:
            origin = headers.get("origin")
            if origin and urlsplit(origin).netloc != host:
                return 403, "cross-origin writes are refused"
            if headers.get("sec-fetch-site") == "cross-site":
                return 403, "cross-site writes are refused"
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if scope["path"].startswith("/api/") and ctype != "application/json":
                return 415, "send the request body as application/json"
        return None

    def _authorised(self, headers: dict[str, str]) -> bool:
        assert self.token is not None and self.session is not None
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and same(auth[7:].strip(), self.token):
            return True
        given = headers.get("x-steppe-token")
        if given is not None and same(given, self.token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is no session
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and same(morsel.value, self.session)

    # ------------------------------------------------------------------ replies

    async def _set_session(self, scope: Scope, send: Send) -> None:
        """Set the session cookie and send the browser to the same address without the token."""
        assert self.session is not None
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                              keep_blank_values=True) if k != "token"]
        location = scope["path"] + ("?" + urlencode(query) if query else "")
        cookie = f"{COOKIE}={self.session}; Path=/; HttpOnly; SameSite=Strict"
        if self.secure_cookie:
            cookie += "; Secure"
        await send({"type": "http.response.start", "status": 303, "headers": [
            (b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode()),
            (b"content-security-policy", CSP.encode()), (b"cache-control", b"no-store"),
            (b"content-length", b"0"), *HEADERS]})
        await send({"type": "http.response.body", "body": b""})

    async def _reply(self, send: Send, status: int, message: str,
                     extra: list[tuple[bytes, bytes]] | None = None) -> None:
        body = json.dumps({"error": {"status": status, "message": message}}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"content-security-policy", CSP.encode()), (b"cache-control", b"no-store"),
            *HEADERS, *(extra or [])]})
        await send({"type": "http.response.body", "body": body})


def style_hashes(html: str) -> list[str]:
    """Base64 SHA-256 of each inline <style> block and style="..." attribute of a document we render
    ourselves (the brief), so the policy can allow exactly those and no other inline style."""
    blocks = [m.group(1) for m in re.finditer(r"<style[^>]*>(.*?)</style>", html, re.S | re.I)]
    attrs = [unescape(m.group(1)) for m in re.finditer(r"\sstyle=\"([^\"]*)\"", html, re.I)]
    return sorted({base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
                   for text in blocks + attrs})
