"""The app: database, templates, static files, security middleware, error handlers and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from steppe import __version__
from steppe.web import errors
from steppe.web.db import Database
from steppe.web.routes import api_actors, api_events, api_reports, docs, pages
from steppe.web.security import SecurityMiddleware

WEB_DIR = Path(__file__).resolve().parent

DESCRIPTION = """The steppe analyst workbench: merged events with their evidence, actors, indicators,
articles and briefs, and analyst reviews. Every page of the workbench has a JSON twin here.
Errors are `{"error": {"status", "message", "details"}}` with the HTTP status. When the server has a
token, send `Authorization: Bearer TOKEN` (or `X-Steppe-Token: TOKEN`)."""


def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    return Jinja2Templates(env=env)


def create_app(db: str | Path | Database, token: str | None = None,
               allowed_hosts: Iterable[str] | None = None, secure_cookie: bool = False) -> FastAPI:
    """The workbench over a database file (opened for reading and for reviews).

    token: required on every request when set; allowed_hosts: the Host names answered (None: any)."""
    database = db if isinstance(db, Database) else Database(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.close()

    app = FastAPI(title="steppe workbench", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.db = database
    app.state.templates = templates()
    errors.install(app)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    for module in (api_events, api_actors, api_reports, docs, pages):
        app.include_router(module.router)
    app.add_middleware(errors.CatchAll)
    app.add_middleware(SecurityMiddleware, token=token, allowed_hosts=allowed_hosts, secure_cookie=secure_cookie)
    return app
