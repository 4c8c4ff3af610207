"""The HTML pages: home, search, entity, document reader, events and conflicts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from watchfloor.web import views
from watchfloor.web.render import reading, render


def home(request: Request) -> Response:
    with reading(request) as kb:
        return render("home.html", stats=kb.stats(),
                      groups=views.entities_view(kb, "armed_group", 30),
                      people=views.entities_view(kb, "person", 30),
                      documents=kb.documents()[:100])


def search(request: Request) -> Response:
    with reading(request) as kb:
        return render("search.html", **views.search_view(kb, request.query_params.get("q", "")))


def entity(request: Request) -> Response:
    with reading(request) as kb:
        return render("entity.html", **views.entity_view(kb, request.path_params["entity_id"]))


def document(request: Request) -> Response:
    with reading(request) as kb:
        return render("document.html", **views.document_view(kb, request.path_params["doc_id"]))


def routes() -> list[BaseRoute]:
    return [
        Route("/", home),
        Route("/search", search),
        Route("/entities/{entity_id:path}", entity),
        Route("/documents/{doc_id}", document),
    ]
