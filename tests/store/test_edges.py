"""A graph's edges counted by the store: one per pair and predicate, with its claims,
sources, certainties and span, as reviewed (rejections, corrections and merges)."""

from __future__ import annotations

from watchfloor.ontology import load_ontology
from watchfloor.resolve.judgements import review
from watchfloor.store.base import ClaimFilter
from watchfloor.store.opening import AnyKnowledgeBase

from conftest import make_extraction

GROUPS = [("group:ash", "armed_group", "Ash Brigade"), ("group:elm", "armed_group", "Elm Front"),
          ("group:oak", "armed_group", "Oak Legion")]
CERTAINTIES = list(load_ontology().certainty)


def _report(kb: AnyKnowledgeBase, n: int, ally: str, time: str | None,
            certainty: str = "asserted") -> None:
    text = f"Report {n}: the Ash Brigade fought beside the {ally} in that year."
    kb.write_extraction(make_extraction(
        text, GROUPS, [("group:ash", "allied_with", f"group:{ally.split()[0].lower()}",
                        text, {"time": time, "certainty": certainty})],
        title=f"report {n}"), "test")


def _edges(kb: AnyKnowledgeBase, window=None, certainties=CERTAINTIES):
    return {(e["object"], e["predicate"]): e
            for e in kb.relation_edges(["allied_with", "hostile_to"], certainties, window)}


def test_edges_count_claims_sources_and_span(kb: AnyKnowledgeBase) -> None:
    _report(kb, 1, "Elm Front", "2019")
    _report(kb, 2, "Elm Front", "2021-03", "claimed")
    _report(kb, 3, "Oak Legion", None)
    edges = _edges(kb)
    elm = edges[("group:elm", "allied_with")]
    assert (elm["claims"], elm["sources"]) == (2, 2)
    assert elm["certainty"] == {"asserted", "claimed"}
    assert (elm["first"], elm["last"]) == ("2019-01-01", "2021-03-31")
    first = min(c["id"] for c in kb.claims(ClaimFilter(predicate="allied_with"))
                if c["object"] == "group:elm")
    assert elm["id"] == first and elm["document"] == kb.claim(first)["document"]
    # a window keeps the claims whose time overlaps it; undated ones only without one
    assert set(_edges(kb, ("2020-01-01", "2020-12-31"))) == set()
    assert _edges(kb, ("2021-01-01", "2021-12-31"))[("group:elm", "allied_with")]["claims"] == 1
    assert ("group:oak", "allied_with") in edges
    assert ("group:oak", "allied_with") not in _edges(kb, ("0001-01-01", "9998-12-31"))
    assert set(_edges(kb, certainties=["claimed"])) == {("group:elm", "allied_with")}


def test_edges_follow_rejections_corrections_and_merges(kb: AnyKnowledgeBase) -> None:
    _report(kb, 1, "Elm Front", "2019")
    _report(kb, 2, "Elm Front", "2019")
    _report(kb, 3, "Oak Legion", "2019")
    ids = {c["document"]: c["id"] for c in kb.claims(ClaimFilter(predicate="allied_with"))}
    elm = sorted(c["id"] for c in kb.claims(ClaimFilter(predicate="allied_with"))
                 if c["object"] == "group:elm")
    review(kb, "claim", elm[0], "reject")
    assert _edges(kb)[("group:elm", "allied_with")]["claims"] == 1
    review(kb, "claim", elm[1], "correct", {"predicate": "hostile_to", "time": "2022"})
    edges = _edges(kb)
    assert ("group:elm", "allied_with") not in edges
    hostile = edges[("group:elm", "hostile_to")]
    assert (hostile["claims"], hostile["sources"], hostile["first"]) == (1, 1, "2022-01-01")
    # the Oak Legion merged into the Elm Front: its claim joins the corrected one's pair
    review(kb, "claim", elm[1], "correct", {"predicate": "allied_with", "time": "2019"})
    kb.merge_entity("group:oak", "group:elm", "tester", None)
    merged = _edges(kb)[("group:elm", "allied_with")]
    assert (merged["claims"], merged["sources"]) == (2, 2)
    assert len(ids) == 3 and not any(e[0] == "group:oak" for e in _edges(kb))
