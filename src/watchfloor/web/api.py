"""The JSON API under /api/: the pages' data, and ``POST /api/reviews`` for decisions.

Every error answers ``{"error": {"code": ..., "message": ...}}`` (see ``render``). Writes
go through ``resolve.judgements``, so a decision made in the browser is logged exactly
like one made with ``watchfloor review`` (who, when, what, why).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from watchfloor.exceptions import WatchfloorError
from watchfloor.resolve import judgements
from watchfloor.store.base import ClaimFilter
from watchfloor.store.reading import CORRECTABLE_CLAIM_FIELDS, CORRECTABLE_EVENT_FIELDS
from watchfloor.web import explore, views
from watchfloor.web.memo import remembered
from watchfloor.web.render import as_json, reading, settings_of, writing


def _offset(request: Request) -> int:
    raw = request.query_params.get("offset", "0")
    try:
        return max(0, int(raw))
    except ValueError:
        raise WatchfloorError(f"offset must be a whole number, got {raw!r}") from None


def _limit(request: Request, default: int = 200, name: str = "limit", least: int = 1) -> int:
    raw = request.query_params.get(name, str(default))
    try:
        return max(least, min(int(raw), 10_000))
    except ValueError:
        raise WatchfloorError(f"{name} must be a whole number, got {raw!r}") from None


def entities(request: Request) -> Response:
    with reading(request) as kb:
        rows = views.entities_view(kb, request.query_params.get("type"), _limit(request))
    return as_json({"entities": rows})


def entity(request: Request) -> Response:
    with reading(request) as kb:
        view = views.entity_view(kb, request.path_params["entity_id"],
                                 views.rows_asked(request.query_params), drawings=False)
    return as_json(view)


def search(request: Request) -> Response:
    with reading(request) as kb:
        found = views.search_view(kb, request.query_params.get("q", ""))
    for s in found["sentences"]:
        s["snippet"] = s["snippet"].replace("\ue000", "").replace("\ue001", "")
    return as_json(found)


def document(request: Request) -> Response:
    with reading(request) as kb:
        view = views.document_view(kb, request.path_params["doc_id"])
    view.pop("segments")
    return as_json(view)


def claims(request: Request) -> Response:
    p = request.query_params
    with reading(request) as kb:
        entity_id = kb.find_entity(p["entity"])["id"] if p.get("entity") else None
        rows = kb.claims(ClaimFilter(entity=entity_id, predicate=p.get("predicate"),
                                     document=p.get("document"),
                                     include_rejected=p.get("include_rejected") == "1"))
        rows = rows[:_limit(request, 1000)]
        names = views.names_of(kb, {r.get(k) for r in rows for k in ("subject", "object")})
    return as_json({"claims": [views.claim_record(r, names) for r in rows]})


def events(request: Request) -> Response:
    flt = explore.EventFilter.of(request.query_params)
    with reading(request) as kb:
        view = explore.events_view(kb, flt, _limit(request, 1000), _offset(request))
    return as_json(view)


def conflicts(request: Request) -> Response:
    with reading(request) as kb:
        view = explore.conflicts_view(kb, request.query_params.get("entity") or None,
                                      _limit(request, 50), _limit(request, 12, "claims", least=0))
    return as_json(view)


def graph(request: Request) -> Response:
    p = request.query_params
    certainty = [c for c in p.getlist("certainty") if c] or None
    with reading(request) as kb:
        start, end = p.get("start", ""), p.get("end", "")
        view = remembered(kb, ("graph", start, end, tuple(certainty or ())),
                          lambda: explore.graph_view(kb, start, end, certainty))
    return as_json(view)


def basemap(request: Request) -> Response:
    return Response(explore.basemap_bytes(), media_type="application/geo+json",
                    headers={"cache-control": "max-age=86400"})


async def reviews(request: Request) -> Response:
    """Record a decision: ``{"kind": "claim"|"event", "target", "decision": "accept" |
    "reject" | "correct", "changes": {...}, "note"}``, or ``{"kind": "entity", "decision":
    "merge", "keep", "absorb"}`` / ``{"kind": "entity", "decision": "split", "target"}``."""
    state = settings_of(request)
    state["guard"].check({k.lower(): v for k, v in request.headers.items()})
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise WatchfloorError("a review is sent as JSON", "set Content-Type: application/json")
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise WatchfloorError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise WatchfloorError("a review is a JSON object")
    return as_json(await run_in_threadpool(_record, request, state, body), 201)


def _record(request: Request, state: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    kind, decision = body.get("kind", "claim"), body.get("decision")
    reviewer = judgements.reviewer_name(body.get("reviewer") or state.get("reviewer"))
    note = body.get("note")
    with writing(request) as kb:
        if kind in ("claim", "event"):
            allowed = CORRECTABLE_CLAIM_FIELDS if kind == "claim" else CORRECTABLE_EVENT_FIELDS
            changes = body.get("changes") or {}
            if not isinstance(changes, dict):
                raise WatchfloorError("changes is an object of FIELD: VALUE")
            parsed = judgements.parse_changes(
                [f"{k}={'' if v is None else (','.join(v) if isinstance(v, list) else v)}"
                 for k, v in changes.items()], allowed)
            target = judgements.review(kb, kind, str(body.get("target", "")), str(decision),
                                       parsed, reviewer, note)
            return {"kind": kind, "target": target, "decision": decision, "reviewer": reviewer}
        if kind == "entity" and decision == "merge":
            keep, absorb = judgements.merge_entities(kb, str(body.get("keep", "")),
                                                     str(body.get("absorb", "")), reviewer, note)
            return {"kind": kind, "decision": decision, "keep": keep, "absorbed": absorb,
                    "reviewer": reviewer}
        if kind == "entity" and decision == "split":
            entity_id, was = judgements.split_entity(kb, str(body.get("target", "")), reviewer,
                                                     note)
            return {"kind": kind, "decision": decision, "target": entity_id,
                    "was_merged_into": was, "reviewer": reviewer}
    raise WatchfloorError(f"cannot {decision!r} a {kind!r}",
                          "claims and events take accept/reject/correct; entities merge/split")


def routes() -> list[BaseRoute]:
    return [
        Route("/api/entities", entities),
        Route("/api/entities/{entity_id:path}", entity),
        Route("/api/search", search),
        Route("/api/documents/{doc_id}", document),
        Route("/api/claims", claims),
        Route("/api/events", events),
        Route("/api/conflicts", conflicts),
        Route("/api/graph", graph),
        Route("/api/basemap", basemap),
        Route("/api/reviews", reviews, methods=["POST"]),
    ]
