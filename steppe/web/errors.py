"""Errors: JSON with the proper status under /api (and for clients asking for JSON), a page otherwise.
Tracebacks are logged, never sent."""

from __future__ import annotations

import logging
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from steppe.errors import DataError, SteppeError, UsageError
from steppe.web.responses import FastJSON, error_body

log = logging.getLogger("steppe.web")

TITLES = {400: "Bad request", 401: "Token required", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 415: "Unsupported media type", 422: "Invalid parameters",
          500: "Server error", 503: "Unavailable"}


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status: int, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return FastJSON(error_body(status, message, details), status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {
        "status": status, "title": TITLES.get(status, "Error"), "message": message, "details": details,
        "api_url": None}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "message": e.get("msg"), "type": e.get("type")}
                   for e in jsonable_encoder(exc.errors())]
        return error_response(request, 422, "invalid request: " + "; ".join(
            f"{'.'.join(str(p) for p in d['loc'])}: {d['message']}" for d in details), details)

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(DataError)
    async def data(request: Request, exc: DataError) -> Response:
        log.error("knowledge file error: %s", exc)
        return error_response(request, 500, str(exc))

    @app.exception_handler(SteppeError)
    async def steppe(request: Request, exc: SteppeError) -> Response:
        return error_response(request, 500, str(exc))

    @app.exception_handler(duckdb.Error)
    async def database(request: Request, exc: duckdb.Error) -> Response:
        log.exception("database error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "database error")



class CatchAll:
    """Turn an unexpected exception into a 500 error response inside the security middleware, so that
    it too carries the security headers (Starlette's own last-resort handler sits outside it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            log.exception("unexpected error on %s", scope.get("path"), exc_info=exc)
            if started:
                raise
            response = error_response(Request(scope), 500, "internal error")
            await response(scope, receive, send)
