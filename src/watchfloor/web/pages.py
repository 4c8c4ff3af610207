"""The HTML pages: home, search, entity, document reader, events and conflicts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from watchfloor.ontology import load_ontology
from watchfloor.web import explore, views
from watchfloor.web.memo import remembered
from watchfloor.web.render import reading, render


def home(request: Request) -> Response:
    with reading(request) as kb:
        return render("home.html", stats=remembered(kb, ("stats",), kb.stats),
                      groups=views.entities_view(kb, "armed_group", 30),
                      people=views.entities_view(kb, "person", 30),
                      documents=kb.documents(limit=100))


def search(request: Request) -> Response:
    with reading(request) as kb:
        return render("search.html", **views.search_view(kb, request.query_params.get("q", "")))


def entity(request: Request) -> Response:
    with reading(request) as kb:
        return render("entity.html", **views.entity_view(
            kb, request.path_params["entity_id"], views.rows_asked(request.query_params)))


def document(request: Request) -> Response:
    with reading(request) as kb:
        return render("document.html", **views.document_view(kb, request.path_params["doc_id"]))


def events(request: Request) -> Response:
    flt = explore.EventFilter.of(request.query_params)
    with reading(request) as kb:
        return render("events.html", **explore.events_view(kb, flt))


def conflicts(request: Request) -> Response:
    with reading(request) as kb:
        return render("conflicts.html",
                      **explore.conflicts_view(kb, request.query_params.get("entity") or None))


def graph(request: Request) -> Response:
    return render("graph.html", certainties=load_ontology().certainty)


def events_map(request: Request) -> Response:
    flt = explore.EventFilter.of(request.query_params)
    with reading(request) as kb:
        view = explore.events_view(kb, flt)
    return render("map.html", filter=view["filter"], options=view["options"],
                  total=view["total"])


def routes() -> list[BaseRoute]:
    return [
        Route("/", home),
        Route("/search", search),
        Route("/entities/{entity_id:path}", entity),
        Route("/documents/{doc_id}", document),
        Route("/events", events),
        Route("/conflicts", conflicts),
        Route("/graph", graph),
        Route("/map", events_map),
    ]
