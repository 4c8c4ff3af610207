"""What a relationship graph reads: one row per related pair and predicate, counted in
SQL.

Why apart from ``relation_rows()``: a graph draws edges, not claims, and a large base holds
hundreds of thousands of relation claims; reading each into Python to count them took
seconds. Here the database groups the claims no analyst judged (nearly all) by their ends
(read under the entity they were merged into) and predicate, and counts them, their
sources and their span. The judged claims (rejected or corrected: few) are read apart as
reviewed and counted in; an edge they touch has its sources counted again exactly, as has
one an older base's merge chain folds together.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from watchfloor.edtf import bounds
from watchfloor.store.base import Row

Key = tuple[str, str, str]  # subject, object, predicate


def in_window(lo: str | None, hi: str | None, window: tuple[str, str] | None) -> bool:
    """A time's bounds overlap the window; undated only when no window is asked for."""
    if window is None:
        return True
    if lo is None and hi is None:
        return False
    return (lo or "0000") <= window[1] and (hi or "9999") >= window[0]


class EdgesMixin:
    conn: Any

    if TYPE_CHECKING:  # store.reading
        def verdicts(self, kind: str) -> Any: ...

        def _merged(self) -> dict[str, str]: ...

        def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]: ...

    def relation_edges(self, predicates: list[str], certainties: list[str],
                       window: tuple[str, str] | None = None) -> list[Row]:
        """(subject, object, predicate, claims, sources, certainty, first, last, id,
        document) for every pair with a live reviewed claim of one of ``predicates`` at
        one of ``certainties`` whose time overlaps ``window`` (None: every claim, undated
        ones too); ``certainty`` is the set said, ``id`` and ``document`` the first claim
        by id (an edge's link to a sentence), ``first`` and ``last`` the earliest and
        latest day its claims allow."""
        from watchfloor.store.reviews import apply_to_claim

        if not predicates or not certainties:
            return []
        verdicts = self.verdicts("claim")
        judged = json.dumps(sorted(verdicts))
        merged = self._merged()
        said = ", ".join(f"max(CASE WHEN c.certainty = ? THEN 1 ELSE 0 END) AS said_{n}"
                         for n in range(len(certainties)))
        sql = (
            "SELECT COALESCE(s.merged_into, c.subject) AS subject,"
            " COALESCE(o.merged_into, c.object) AS object, c.predicate AS predicate,"
            " count(*) AS claims, count(DISTINCT c.document) AS sources,"
            f" min(c.earliest) AS first, max(c.latest) AS last, min(c.id) AS id, {said}"
            " FROM claims c LEFT JOIN entities s ON s.id = c.subject"
            " LEFT JOIN entities o ON o.id = c.object"
            " WHERE c.deleted IS NULL AND c.object IS NOT NULL"
            " AND c.predicate IN (SELECT value FROM json_each(?))"
            " AND c.certainty IN (SELECT value FROM json_each(?))"
            " AND c.id NOT IN (SELECT value FROM json_each(?))")
        params: list[Any] = [*certainties, json.dumps(predicates), json.dumps(certainties),
                             judged]
        if window is not None:
            sql += (" AND (c.earliest IS NOT NULL OR c.latest IS NOT NULL)"
                    " AND COALESCE(c.earliest, '0000') <= ? AND COALESCE(c.latest, '9999') >= ?")
            params += [window[1], window[0]]
        sql += " GROUP BY 1, 2, 3"
        edges: dict[Key, Row] = {}
        recount: set[Key] = set()
        for r in self._rows(sql, params):
            key = (str(merged.get(r["subject"], r["subject"])),
                   str(merged.get(r["object"], r["object"])), str(r["predicate"]))
            certainty = {c for n, c in enumerate(certainties) if r.pop(f"said_{n}")}
            edge = {"subject": key[0], "object": key[1], "predicate": key[2],
                    "claims": r["claims"], "sources": r["sources"], "certainty": certainty,
                    "first": r["first"], "last": r["last"], "id": r["id"]}
            if key in edges:  # an older base's chain of merges: one edge, counted again
                recount.add(key)
                edge = _fold(edges[key], edge)
            edges[key] = edge
        for c in self._rows("SELECT c.* FROM claims c WHERE c.deleted IS NULL"
                            " AND c.id IN (SELECT value FROM json_each(?))", [judged]):
            apply_to_claim(c, verdicts.get(c["id"]))
            lo, hi = bounds(c.get("time"))
            if (c["review"] == "reject" or not c["object"] or c["predicate"] not in predicates
                    or c["certainty"] not in certainties or not in_window(lo, hi, window)):
                continue
            key = (str(merged.get(c["subject"], c["subject"])),
                   str(merged.get(c["object"], c["object"])), str(c["predicate"]))
            edge = {"subject": key[0], "object": key[1], "predicate": key[2], "claims": 1,
                    "sources": 1, "certainty": {c["certainty"]}, "first": lo, "last": hi,
                    "id": c["id"], "documents": {c["document"]}}
            if key in edges:
                recount.add(key)
                edge = _fold(edges[key], edge)
            edges[key] = edge
        for key in recount:
            edges[key]["sources"] = self._edge_sources(key, merged, edges[key], verdicts,
                                                       certainties, window)
        firsts = {str(r[0]): str(r[1]) for r in self.conn.execute(
            "SELECT id, document FROM claims WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(e["id"] for e in edges.values()))])}
        out = []
        for edge in edges.values():
            edge.pop("documents", None)
            edge["document"] = firsts.get(edge["id"])
            out.append(edge)
        return out

    def _edge_sources(self, key: Key, merged: dict[str, str], edge: Row, verdicts: Any,
                      certainties: list[str], window: tuple[str, str] | None) -> int:
        """The documents saying one edge, counted one by one: the machine's claims of the
        pair's ids, and the judged ones already read."""
        ends = [sorted({k for k, v in merged.items() if v == end} | {end}) for end in key[:2]]
        sql = ("SELECT DISTINCT c.document FROM claims c WHERE c.deleted IS NULL"
               " AND c.subject IN (SELECT value FROM json_each(?))"
               " AND c.object IN (SELECT value FROM json_each(?)) AND c.predicate = ?"
               " AND c.certainty IN (SELECT value FROM json_each(?))"
               " AND c.id NOT IN (SELECT value FROM json_each(?))")
        params: list[Any] = [json.dumps(ends[0]), json.dumps(ends[1]), key[2],
                             json.dumps(certainties), json.dumps(sorted(verdicts))]
        if window is not None:
            sql += (" AND (c.earliest IS NOT NULL OR c.latest IS NOT NULL)"
                    " AND COALESCE(c.earliest, '0000') <= ? AND COALESCE(c.latest, '9999') >= ?")
            params += [window[1], window[0]]
        docs = {str(r[0]) for r in self.conn.execute(sql, params)}
        return len(docs | edge.get("documents", set()))


def _fold(a: Row, b: Row) -> Row:
    """Two counts of one edge as one (their sources are counted again after)."""
    return {**a, "claims": a["claims"] + b["claims"], "certainty": a["certainty"] | b["certainty"],
            "first": min((x for x in (a["first"], b["first"]) if x), default=None),
            "last": max((x for x in (a["last"], b["last"]) if x), default=None),
            "id": min(a["id"], b["id"]),
            "documents": a.get("documents", set()) | b.get("documents", set())}
