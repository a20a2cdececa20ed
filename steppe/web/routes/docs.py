"""/docs: Swagger UI over /openapi.json, served from the package (no CDN, no inline script)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def swagger(request: Request) -> Response:
    return request.app.state.templates.TemplateResponse(request, "docs.html", {"openapi_url": "/openapi.json"})
