"""`steppe serve`: run the workbench with Uvicorn; loopback by default, a token anywhere else."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from steppe.errors import UsageError
from steppe.web.security import LOOPBACK_NAMES


def is_loopback_host(host: str) -> bool:
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def bind_settings(host: str, token: str | None) -> tuple[str | None, list[str] | None]:
    """(the token in force, the Host names to answer); refuses a non-loopback address without a token.

    The token comes from the flag, else from $STEPPE_TOKEN. Without a token (loopback only) the
    server answers only to loopback host names, which defeats DNS rebinding."""
    token = token or os.environ.get("STEPPE_TOKEN") or None
    if is_loopback_host(host):
        return token, None if token else sorted({*LOOPBACK_NAMES, host.strip("[]")})
    if not token:
        raise UsageError(f"binding to {host} exposes the database: a token is required "
                         "(--token or the STEPPE_TOKEN environment variable)")
    if len(token) < 12:
        raise UsageError("the token is too short: use at least 12 characters")
    return token, None


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    import uvicorn

    from steppe.web.app import create_app

    token, allowed = bind_settings(host, token)
    app = create_app(db, token=token, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(f"steppe workbench on http://{shown}:{port}/ (API docs at /docs)"
                     + ("; open a page once with ?token=TOKEN" if token else "") + "\n")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
