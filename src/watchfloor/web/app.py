"""The Starlette application: routes from ``pages`` and ``api``, one error shape, headers.

Each request opens the knowledge base itself (read-only for reading, so a page is one
consistent snapshot even while ``ingest`` writes), which keeps the server free of shared
connection state across threads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from watchfloor.exceptions import NotFoundError, WatchfloorError
from watchfloor.web import api, pages
from watchfloor.web.auth import AuthError, WriteGuard
from watchfloor.web.render import error_response

STATIC = Path(__file__).parent / "static"

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
       " script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
       " form-action 'self'")


class SecurityHeaders:
    """Only the app's own names as Host; no inline or foreign scripts may run, and no
    other site may frame the app."""

    def __init__(self, app: ASGIApp, guard: WriteGuard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        try:
            self.guard.check_host(host)
        except AuthError as exc:
            response = error_response(Request(scope), exc.status, exc.code, str(exc))
            await response(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _on_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, AuthError):
        return error_response(request, exc.status, exc.code, str(exc))
    if isinstance(exc, NotFoundError):
        return error_response(request, 404, "not_found", str(exc))
    if isinstance(exc, WatchfloorError):
        return error_response(request, 400, "bad_request", str(exc))
    if isinstance(exc, HTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(request, exc.status_code, code, str(exc.detail))
    return error_response(request, 500, "internal_error", "the server failed; see its log")


def create_app(db: str | Path, guard: WriteGuard, reviewer: str | None = None) -> Starlette:
    """The app serving the knowledge base at ``db`` (which must exist and be migrated)."""
    state: dict[str, Any] = {"db": str(db), "guard": guard, "reviewer": reviewer}
    routes = [*pages.routes(), *api.routes(), Mount("/static", StaticFiles(directory=STATIC),
                                                   name="static")]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders, guard=guard)],
                    exception_handlers={WatchfloorError: _on_error, HTTPException: _on_error,
                                        Exception: _on_error})
    app.state.watchfloor = state
    return app
