"""Fixtures of the workbench tests: the demo database (built once per session, with one article whose
evidence holds a <script> tag), copies of it for tests that write, API clients, and for the browser
tests a real server on a free loopback port and Debian's chromium driven by Playwright."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
XSS_EVIDENCE = "<script>window.__xss = 1; alert('xss')</script>"
XSS_DOC = {
    "id": "xss-test-1", "title": "Drone deal <script>window.__xss_title = 1</script>", "published": "2024-05-06",
    "source": "Test Wire",
    "text": f"ANKARA, May 6 (Test Wire) - Turkey delivered Bayraktar TB2 drones to Kazakhstan on 5 May 2024 "
            f"{XSS_EVIDENCE} officials said.\n\nThe defence ministry in Astana confirmed the delivery.",
}

with warnings.catch_warnings():  # Starlette asks for httpx2 instead of httpx; the test client works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def build_demo_db(folder: Path) -> Path:
    """The demo corpus ingested into a fresh database, plus one article carrying a <script> tag."""
    from steppe.demo import run_demo
    from steppe.ingest_db import ingest

    db = folder / "demo.duckdb"
    run_demo(db, folder / "out")
    extra = folder / "xss.jsonl"
    extra.write_text(json.dumps(XSS_DOC) + "\n", encoding="utf-8")
    _, failed = ingest([str(extra)], db)
    assert failed == 0
    return db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("demo"))


def copy_db(src: Path, folder: Path) -> Path:
    dst = folder / "web.duckdb"
    shutil.copy(src, dst)
    return dst


@pytest.fixture
def db_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, for a test that writes."""
    return copy_db(demo_db, tmp_path)


def make_client(db: Path, **kwargs: Any) -> TestClient:
    from steppe.web.app import create_app

    return TestClient(create_app(db, **kwargs), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """A client over a copy shared by a module's read-only tests."""
    with make_client(copy_db(demo_db, tmp_path_factory.mktemp("api"))) as c:
        yield c


@pytest.fixture
def writer(db_copy: Path):
    """A client over a private copy, for tests that post reviews."""
    with make_client(db_copy) as c:
        yield c


# ---------------------------------------------------------------------- live server and browser

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """Uvicorn in a background thread on a free loopback port."""

    def __init__(self, db: Path, token: str | None = None) -> None:
        import uvicorn

        from steppe.web.app import create_app
        from steppe.web.serve import bind_settings

        token, allowed = bind_settings("127.0.0.1", token)
        self.app = create_app(db, token=token, allowed_hosts=allowed)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium) - browser tests skipped")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(chromium: Path, demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(copy_db(demo_db, tmp_path_factory.mktemp("live"))) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium: Path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken chromium install is an environment problem, not a test failure
        pw.stop()
        pytest.skip(f"chromium does not start: {str(exc).splitlines()[0]}")
    yield b
    b.close()
    pw.stop()


class PageProblems(list):
    """Console errors, page errors (CSP violations among them) and dialogs seen by a page."""

    def assert_none(self) -> None:
        assert not self, "the page reported problems:\n" + "\n".join(self)


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh browser page; it records problems, and a screenshot is saved when the test ends."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    problems = PageProblems()
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def on_dialog(dialog: Any) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.problems = problems
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        pg.screenshot(path=str(ARTIFACTS / f"web-{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def shot(request: pytest.FixtureRequest):
    """shot(page, step): save a screenshot of a step under artifacts/ (besides the one at the end)."""
    def take(pg: Any, step: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"web-{request.node.name}-{step}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take
