"""What a relationship graph reads: one row per related pair and predicate, counted in
SQL.

Why apart from ``relation_rows()``: a graph draws edges, not claims, and a large base holds
hundreds of thousands of relation claims; reading each into Python to count them took
seconds. Here the database groups the claims no analyst judged (nearly all) by their ends
(read under the entity they were merged into) and predicate, counts them, their sources
and their span, and ranks them. The judged claims (rejected or corrected: few) are read
apart as reviewed; an edge they touch is counted again exactly from its own claims, as is
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
                       window: tuple[str, str] | None = None, types: list[str] | None = None,
                       limit: int | None = None) -> list[Row]:
        """(subject, object, predicate, claims, sources, certainty, first, last, id,
        document) for every pair (of entities of ``types``; None: any) with a live
        reviewed claim of one of ``predicates`` at one of ``certainties`` whose time
        overlaps ``window`` (None: every claim, undated ones too), most claims first;
        ``certainty`` is the set said, ``id`` and ``document`` the first claim by id (an
        edge's link to a sentence), ``first`` and ``last`` the earliest and latest day its
        claims allow. ``limit``: the first that many (the database ranks them)."""
        from watchfloor.store.reviews import apply_to_claim

        if not predicates or not certainties:
            return []
        verdicts = self.verdicts("claim")
        ruled = sorted(verdicts)  # the judged claims' ids
        merged = self._merged()
        judged: dict[Key, list[Row]] = {}
        rows = self._rows("SELECT c.* FROM claims c WHERE c.deleted IS NULL"
                          " AND c.id IN (SELECT value FROM json_each(?))", [json.dumps(ruled)])
        typed = self._typed(types if rows else None)  # the ends' types: judged claims' only
        for c in rows:
            apply_to_claim(c, verdicts.get(c["id"]))
            c["earliest"], c["latest"] = bounds(c.get("time"))
            key = (str(merged.get(c["subject"], c["subject"])),
                   str(merged.get(c["object"], c["object"])), str(c["predicate"]))
            if (c["review"] != "reject" and c["object"] and c["predicate"] in predicates
                    and c["certainty"] in certainties and typed(key)
                    and in_window(c["earliest"], c["latest"], window)):
                judged.setdefault(key, []).append(c)
        where, params = self._edge_where(predicates, certainties, window, ruled)
        if types is not None:
            where += (" AND s.type IN (SELECT value FROM json_each(?))"
                      " AND o.type IN (SELECT value FROM json_each(?))")
            params += [json.dumps(types), json.dumps(types)]
        sql = (f"{self._edge_select(certainties)} FROM claims c"
               " LEFT JOIN entities s ON s.id = c.subject LEFT JOIN entities o ON o.id = c.object"
               f" WHERE {where} GROUP BY 1, 2, 3 ORDER BY count(*) DESC, min(c.id)")
        if limit is not None:
            # an edge judged claims touch is counted exactly below; the others' counts
            # are these, so the first ``limit`` of them are among this many
            sql += " LIMIT ?"
            params.append(limit + len(judged))
        edges: dict[Key, Row] = {}
        exact: set[Key] = set(judged)
        for r in self._rows(sql, [*certainties, *params]):
            key = (str(merged.get(r["subject"], r["subject"])),
                   str(merged.get(r["object"], r["object"])), str(r["predicate"]))
            if key in edges:  # an older base's chain of merges: one edge, counted again
                exact.add(key)
            edges[key] = self._edge(key, r, certainties)
        for key in exact:
            edges[key] = self._exact_edge(key, merged, judged.get(key, []), certainties,
                                          window, ruled)
        found = sorted((e for e in edges.values() if e["claims"]),
                       key=lambda e: (-e["claims"], e["id"]))[:limit]
        firsts = {str(r[0]): str(r[1]) for r in self.conn.execute(
            "SELECT id, document FROM claims WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(e["id"] for e in found))])}
        for edge in found:
            edge["document"] = firsts.get(edge["id"])
        return found

    def _typed(self, types: list[str] | None) -> Any:
        """Whether both ends of a key are of ``types`` (read for judged claims' ends)."""
        if types is None:
            return lambda key: True
        kinds = {str(r[0]): str(r[1]) for r in self.conn.execute(
            "SELECT id, type FROM entities WHERE type IN (SELECT value FROM json_each(?))",
            [json.dumps(types)])}
        return lambda key: key[0] in kinds and key[1] in kinds

    @staticmethod
    def _edge_select(certainties: list[str]) -> str:
        said = ", ".join(f"max(CASE WHEN c.certainty = ? THEN 1 ELSE 0 END) AS said_{n}"
                         for n in range(len(certainties)))
        return ("SELECT COALESCE(s.merged_into, c.subject) AS subject,"
                " COALESCE(o.merged_into, c.object) AS object, c.predicate AS predicate,"
                " count(*) AS claims, count(DISTINCT c.document) AS sources,"
                f" min(c.earliest) AS first, max(c.latest) AS last, min(c.id) AS id, {said}")

    @staticmethod
    def _edge_where(predicates: list[str], certainties: list[str],
                    window: tuple[str, str] | None, judged: list[str]
                    ) -> tuple[str, list[Any]]:
        """The machine's live claims (judged ones are read apart) of an edge query."""
        where = ("c.deleted IS NULL AND c.object IS NOT NULL"
                 " AND c.predicate IN (SELECT value FROM json_each(?))"
                 " AND c.certainty IN (SELECT value FROM json_each(?))"
                 " AND c.id NOT IN (SELECT value FROM json_each(?))")
        params: list[Any] = [json.dumps(predicates), json.dumps(certainties), json.dumps(judged)]
        if window is not None:
            where += (" AND (c.earliest IS NOT NULL OR c.latest IS NOT NULL)"
                      " AND COALESCE(c.earliest, '0000') <= ? AND COALESCE(c.latest, '9999') >= ?")
            params += [window[1], window[0]]
        return where, params

    @staticmethod
    def _edge(key: Key, r: Row, certainties: list[str]) -> Row:
        return {"subject": key[0], "object": key[1], "predicate": key[2],
                "claims": r["claims"], "sources": r["sources"],
                "certainty": {c for n, c in enumerate(certainties) if r[f"said_{n}"]},
                "first": r["first"], "last": r["last"], "id": r["id"]}

    def _exact_edge(self, key: Key, merged: dict[str, str], judged: list[Row],
                    certainties: list[str], window: tuple[str, str] | None,
                    verdicts: list[str]) -> Row:
        """One edge counted from all its claims: the machine's, read by the ids of its
        two ends (every id merged into each), and the judged ones already read."""
        ends = [sorted({k for k, v in merged.items() if v == end} | {end}) for end in key[:2]]
        where, params = self._edge_where([key[2]], certainties, window, verdicts)
        rows = self._rows(
            "SELECT c.id, c.document, c.certainty, c.earliest, c.latest FROM claims c"
            f" WHERE {where} AND c.subject IN (SELECT value FROM json_each(?))"
            " AND c.object IN (SELECT value FROM json_each(?))",
            [*params, json.dumps(ends[0]), json.dumps(ends[1])]) + judged
        return {"subject": key[0], "object": key[1], "predicate": key[2], "claims": len(rows),
                "sources": len({r["document"] for r in rows}),
                "certainty": {r["certainty"] for r in rows},
                "first": min((r["earliest"] for r in rows if r["earliest"]), default=None),
                "last": max((r["latest"] for r in rows if r["latest"]), default=None),
                "id": min((r["id"] for r in rows), default="")}
