"""Templates, JSON and the one error shape, shared by the pages and the API.

Autoescaping is on for every template: document text is hostile input (a report may
quote ``<script>``), so nothing from the base reaches the page unescaped. The only
markup built in Python is the search snippet's highlight, made after escaping.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from watchfloor.store.opening import AnyKnowledgeBase, open_knowledge_base

TEMPLATES = Path(__file__).parent / "templates"


def _snippet(text: str) -> Markup:
    """An FTS snippet (matches between U+E000 and U+E001) as escaped HTML with marks."""
    return Markup(str(escape(text)).replace("\ue000", "<mark>").replace("\ue001", "</mark>"))


def _tokens(values: list[Any]) -> str:
    return " ".join(str(v) for v in values)


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.filters["snippet"] = _snippet
ENV.filters["tokens"] = _tokens
ENV.filters["q"] = lambda s: quote(str(s), safe=":")
ENV.filters["label"] = lambda s: str(s or "").replace("_", " ")


def render(name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(**context), status_code=http_status)


class PrettyJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def as_json(content: Any, status: int = 200) -> Response:
    return PrettyJSON(content, status_code=status)


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    """``{"error": {"code", "message"}}`` under /api/, an error page elsewhere."""
    if request.url.path.startswith("/api/"):
        return as_json({"error": {"code": code, "message": message}}, status)
    return render("error.html", status, status=status, code=code, message=message)


def settings_of(request: Request) -> dict[str, Any]:
    state: dict[str, Any] = request.app.state.watchfloor
    return state


@contextmanager
def reading(request: Request) -> Iterator[AnyKnowledgeBase]:
    """The knowledge base opened read-only for one request (one snapshot)."""
    with open_knowledge_base(settings_of(request)["db"], readonly=True) as kb:
        yield kb


@contextmanager
def writing(request: Request) -> Iterator[AnyKnowledgeBase]:
    kb = open_knowledge_base(settings_of(request)["db"])
    try:
        yield kb
    finally:
        kb.close()
