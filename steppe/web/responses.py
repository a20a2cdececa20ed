"""JSON responses written directly (fast, dates as ISO text) and the error body every error uses."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from starlette.responses import Response


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    return str(value)


class FastJSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=_default, separators=(",", ":")).encode("utf-8")


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"status": status, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}
