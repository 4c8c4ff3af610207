"""Reading the SQLite knowledge base: documents, entities, claims and events as rows.

Reviews win in every view: the analysts' verdict on each claim and event
(``store.reviews``) is applied here, once, before rows are filtered, sorted or grouped, so
the CLI, the exports and the Python API all see the analysts' decisions and corrections.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from watchfloor.exceptions import NotFoundError
from watchfloor.names import normalise_alias
from watchfloor.store.base import ClaimFilter, Row
from watchfloor.store.reviews import (
    CORRECTABLE_CLAIM_FIELDS,
    CORRECTABLE_EVENT_FIELDS,
    Verdict,
    apply_to_claim,
    apply_to_event,
)

__all__ = ["CORRECTABLE_CLAIM_FIELDS", "CORRECTABLE_EVENT_FIELDS", "ReadingMixin"]


def _claim_order(r: Row) -> tuple[bool, str, str, str]:
    """``claims()``'s order: dated first by earliest time, then document and id."""
    return (r["earliest"] is None, r["earliest"] or "", r["document"], r["id"])


class ReadingMixin:
    conn: sqlite3.Connection

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def canonical(self, entity_id: str) -> str:  # implemented by the store
        raise NotImplementedError

    def _merged(self) -> dict[str, str]:
        """Ids merged into another entity (by the machine's matches or an analyst) -> the
        id they are read under, in one query: rows are mapped without one per entity."""
        into = {str(r[0]): str(r[1]) for r in self.conn.execute(
            "SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL")}
        out = {}
        for eid in into:
            seen, root = {eid}, into[eid]
            while root in into and into[root] not in seen:  # older bases' chains
                seen.add(root)
                root = into[root]
            out[eid] = root
        return out

    # -- documents ----------------------------------------------------------------------
    def documents(self, ids: Iterable[str] | None = None, limit: int | None = None
                  ) -> list[Row]:
        """Every document (``ids``: just those), undated first, then by publication;
        ``limit``: the first that many, cut in SQL."""
        where = "" if ids is None else " WHERE id IN (SELECT value FROM json_each(?))"
        params: list[Any] = [] if ids is None else [json.dumps(sorted(set(ids)))]
        if limit is not None:
            params.append(max(limit, 0))
        rows = self._rows(
            "SELECT id, sha256, title, publisher, published, url, path, media_type, dropped,"
            f" ingested, length(text) AS chars FROM documents{where}"
            " ORDER BY published IS NULL DESC, published, id"  # undated first, on both backends
            + (" LIMIT ?" if limit is not None else ""), params)
        for r in rows:
            r["dropped"] = json.loads(r["dropped"])
        return rows

    def passage(self, document_id: str, start: int, end: int) -> str:
        """Characters ``start:end`` of a document's text, cut by the database (a view
        quoting one sentence each of five hundred reports need not read them whole)."""
        row = self.conn.execute("SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
                                (start, end, start, document_id)).fetchone()
        return "" if row is None or row[0] is None else str(row[0])

    def last_extractors(self, document_id: str) -> list[str] | None:
        """The extractor versions (``name.vN``) of the document's latest run, or None."""
        row = self.conn.execute(
            "SELECT extractors FROM runs WHERE document = ? ORDER BY id DESC LIMIT 1",
            (document_id,)).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def document(self, document_id: str) -> Row:
        # the id itself by its index first: ``id = ? OR id LIKE ?`` scans every document
        rows = self._rows("SELECT * FROM documents WHERE id = ?", (document_id,)) or \
            self._rows("SELECT * FROM documents WHERE id LIKE ? LIMIT 2", (document_id + "%",))
        if len(rows) != 1:
            raise NotFoundError(f"no document {document_id!r}", "list them with `watchfloor stats`")
        rows[0]["dropped"] = json.loads(rows[0]["dropped"])
        return rows[0]

    # -- entities -----------------------------------------------------------------------
    def entities(self, type: str | None = None, limit: int | None = None,
                 ids: Iterable[str] | None = None) -> list[Row]:
        """Entities not merged into another, most mentioned first; the first ``limit``
        only, cut in SQL (a listing reads 50 rows, not every entity); ``ids``: of these
        only (a graph's nodes)."""
        sql = (
            "SELECT e.*, (SELECT count(*) FROM mentions m WHERE m.entity = e.id OR m.entity IN"
            " (SELECT x.id FROM entities x WHERE x.merged_into = e.id)) AS mentions"
            " FROM entities e WHERE e.merged_into IS NULL"
        )
        params: list[Any] = []
        if type:
            sql += " AND e.type = ?"
            params.append(type)
        if ids is not None:
            sql += " AND e.id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(set(ids))))
        sql += " ORDER BY mentions DESC, e.name, e.id"  # ties in one order on every backend
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        return self._rows(sql, params)

    def entity(self, entity_id: str) -> Row:
        rows = self._rows("SELECT * FROM entities WHERE id = ?", (self.canonical(entity_id),))
        if not rows:
            raise NotFoundError(f"no entity {entity_id!r}", "list them with `watchfloor entities`")
        row = rows[0]
        row["aliases"] = self.aliases(row["id"])
        return row

    def entity_names(self) -> dict[str, str]:
        """Every entity's id -> name, merged ones included (their claims keep their ids)."""
        return {str(r[0]): str(r[1]) for r in self.conn.execute("SELECT id, name FROM entities")}

    def names_for(self, ids: Iterable[str]) -> dict[str, str]:
        """Each of these entities' name as views show it (a merged one's is the name of
        the entity it was merged into), in one query; ids not in the base left out."""
        wanted = {i for i in ids if i}
        merged = self._merged()
        roots = {i: merged.get(i, i) for i in wanted}
        found = {str(r[0]): str(r[1]) for r in self.conn.execute(
            "SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(roots.values()))),))}
        return {i: found[root] for i, root in roots.items() if root in found}

    def merged_ids(self, entity_id: str) -> list[str]:
        """The entity and every entity an analyst merged into it."""
        ids = [entity_id]
        frontier = [entity_id]
        while frontier:
            found = [r[0] for r in self.conn.execute(
                f"SELECT id FROM entities WHERE merged_into IN ({','.join('?' * len(frontier))})",
                frontier)]
            frontier = [f for f in found if f not in ids]
            ids.extend(frontier)
        return ids

    def aliases(self, entity_id: str) -> list[str]:
        ids = self.merged_ids(entity_id)
        return sorted({
            r[0] for r in self.conn.execute(
                f"SELECT alias FROM aliases WHERE entity IN ({','.join('?' * len(ids))})", ids)
        })

    def find_entity(self, name: str) -> Row:
        """By id, then exact name or alias (normalised); the most-mentioned wins a tie."""
        if self.conn.execute("SELECT 1 FROM entities WHERE id = ?", (name,)).fetchone():
            return self.entity(name)
        rows = self._rows(
            "SELECT a.entity, (SELECT count(*) FROM mentions m WHERE m.entity = a.entity) AS n"
            " FROM aliases a WHERE a.norm = ? ORDER BY n DESC, a.entity",
            (normalise_alias(name),),
        )
        if not rows:
            close = self.close_names(name)
            raise NotFoundError(
                f"no entity named {name!r}",
                f"did you mean: {', '.join(close)}?" if close
                else "list them with `watchfloor entities`",
            )
        return self.entity(rows[0]["entity"])

    def close_names(self, name: str, n: int = 5) -> list[str]:
        """Names of the entities whose name or an alias is closest to ``name`` (a merged
        entity's aliases count for the entity it is read under)."""
        from watchfloor.names import close_names

        names = {r[0]: r[1] for r in self.conn.execute(
            "SELECT e.name, e.name FROM entities e WHERE e.merged_into IS NULL"
            " UNION SELECT a.alias, COALESCE(m.name, e.name) FROM aliases a"
            " JOIN entities e ON e.id = a.entity LEFT JOIN entities m ON m.id = e.merged_into")}
        return close_names(name, names, n)

    # -- reviews ------------------------------------------------------------------------
    def verdicts(self, kind: str) -> dict[str, Verdict]:
        """Every reviewed ``kind`` ("claim" or "event") target's verdict, as the
        ``verdicts`` table keeps it (its trigger folds each review as it is logged)."""
        return {str(r[0]): Verdict(str(r[1]), json.loads(r[2]), str(r[3]), str(r[4]))
                for r in self.conn.execute(
                    "SELECT target, decision, changes, reviewer, at FROM verdicts"
                    " WHERE target_kind = ?", (kind,))}

    # -- claims -------------------------------------------------------------------------
    def claims(self, flt: ClaimFilter | None = None) -> list[Row]:
        """Live claims as reviewed: corrections applied, then filtered. SQL narrows on the
        machine fields, and takes every corrected claim along; the filter is then checked
        again on the corrected values."""
        flt = flt or ClaimFilter()
        verdicts = self.verdicts("claim")
        corrected = sorted(t for t, v in verdicts.items() if v.changes)
        sql = "SELECT c.* FROM claims c WHERE c.deleted IS NULL"
        params: list[Any] = []
        if flt.document:
            # the documents the id (or a prefix of it) names, found among the documents:
            # a LIKE on the claims' column would read every claim
            docs = [str(r[0]) for r in self.conn.execute(
                "SELECT id FROM documents WHERE id = ? OR id LIKE ?",
                (flt.document, flt.document + "%"))]
            sql += " AND c.document IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(docs))
        if flt.min_confidence:
            sql += " AND c.confidence >= ?"
            params.append(flt.min_confidence)
        narrow: list[str] = []
        wanted: set[str] | None = None
        about: set[str] = set()
        if flt.entity:
            ids = self.merged_ids(self.canonical(flt.entity))
            wanted = set(ids)
            about = self._events_about(wanted)
            marks = ",".join("?" * len(ids))
            narrow.append(f"(c.subject IN ({marks}) OR c.object IN ({marks})"
                          " OR c.event IN (SELECT value FROM json_each(?)))")
            params += [*ids, *ids, json.dumps(sorted(about))]
        if flt.predicate:
            narrow.append("c.predicate = ?")
            params.append(flt.predicate)
        if narrow:
            sql += f" AND (({' AND '.join(narrow)}) OR c.id IN (SELECT value FROM json_each(?)))"
            params.append(json.dumps(corrected))
        sql += " ORDER BY c.earliest IS NULL, c.earliest, c.document, c.id"
        merged = self._merged()
        out = []
        retimed = False
        for r in self._rows(sql, params):
            verdict = verdicts.get(r["id"])
            apply_to_claim(r, verdict)
            if r["review"] == "reject" and not flt.include_rejected:
                continue
            for key in ("subject", "object", "place"):
                if r[key] in merged:
                    r[key] = merged[r[key]]
            if verdict is not None and verdict.changes:
                if wanted is not None and not (
                        r["subject"] in wanted or r["object"] in wanted or r["event"] in about):
                    continue
                if flt.predicate and r["predicate"] != flt.predicate:
                    continue
                retimed = retimed or "time" in verdict.changes
            out.append(r)
        if retimed:
            out.sort(key=lambda r: (r["earliest"] is None, r["earliest"] or "", r["document"],
                                    r["id"]))
        evidence = self._evidence([r["id"] for r in out])
        for r in out:
            r["evidence"] = evidence.get(r["id"], [])
        return out

    @staticmethod
    def _reviewed(rows: list[Row], verdicts: dict[str, Any], merged: dict[str, str]
                  ) -> list[Row]:
        """Claim rows as the analyst sees them: verdicts applied, rejected ones left out,
        merged entities read under the entity they were merged into."""
        out = []
        for r in rows:
            apply_to_claim(r, verdicts.get(r["id"]))
            if r["review"] == "reject":
                continue
            for key in ("subject", "object", "place"):
                if r[key] in merged:
                    r[key] = merged[r[key]]
            out.append(r)
        return out

    def _as_reviewed(self, rows: list[Row], verdicts: dict[str, Any],
                     merged: dict[str, str]) -> list[Row]:
        """``_reviewed``, with each claim's evidence attached."""
        out = self._reviewed(rows, verdicts, merged)
        evidence = self._evidence([r["id"] for r in out])
        for r in out:
            r["evidence"] = evidence.get(r["id"], [])
        return out

    def iter_claims(self, batch: int = 1000) -> Iterator[Row]:
        """Every live claim as reviewed (rejected left out), in ``claims()``'s order, read
        ``batch`` rows at a time by keyset on the ``claims_order`` index: an export of a
        million claims holds one batch, never the list. Claims whose time an analyst
        corrected (few) are sorted apart and merged into the stream where they now fall."""
        verdicts = self.verdicts("claim")
        merged = self._merged()
        retimed = sorted(t for t, v in verdicts.items() if "time" in v.changes)

        def reviewed(rows: list[Row]) -> list[Row]:
            return self._as_reviewed(rows, verdicts, merged)

        def machine_order() -> Iterator[Row]:
            skip = json.dumps(retimed)
            dated = "c.earliest IS NOT NULL AND (c.earliest, c.document, c.id) > (?, ?, ?)"
            undated = "c.earliest IS NULL AND (c.document, c.id) > (?, ?)"
            for cond, key in ((dated, ("", "", "")), (undated, ("", ""))):
                while True:
                    rows = self._rows(
                        f"SELECT c.* FROM claims c WHERE c.deleted IS NULL AND {cond}"
                        " AND c.id NOT IN (SELECT value FROM json_each(?))"
                        " ORDER BY c.earliest, c.document, c.id LIMIT ?",
                        [*key, skip, batch])
                    if not rows:
                        break
                    last = rows[-1]
                    key = (last["earliest"], last["document"], last["id"])[-len(key):]
                    yield from reviewed(rows)

        moved = reviewed(self._rows(
            "SELECT * FROM claims WHERE deleted IS NULL AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(retimed),)))
        yield from heapq.merge(machine_order(), sorted(moved, key=_claim_order),
                               key=_claim_order)

    def _one_by_prefix(self, table: str, what: str, given: str, hint: str) -> Row:
        """The one live row of ``table`` whose id is ``given`` or starts with it; a
        NotFoundError saying none or several match, with ``hint``."""
        # the id by its index first: a LIKE reads every row (a million claims: 0.3 s)
        rows = self._rows(f"SELECT * FROM {table} WHERE id = ? AND deleted IS NULL", (given,)) \
            or self._rows(f"SELECT * FROM {table} WHERE id LIKE ? AND deleted IS NULL LIMIT 2",
                          (given + "%",))
        if len(rows) != 1:
            raise NotFoundError(f"{'no' if not rows else 'more than one'} {what} matches"
                                f" {given!r}", hint)
        return rows[0]

    def claim(self, claim_id: str) -> Row:
        """One live claim as reviewed (rejected or not), by id or unique id prefix."""
        row = self._one_by_prefix("claims", "claim", claim_id,
                                  "give the full id from `watchfloor claims`")
        row = apply_to_claim(row, self.verdicts("claim").get(row["id"]))
        row["evidence"] = self._evidence([row["id"]]).get(row["id"], [])
        return row

    def event(self, event_id: str) -> Row:
        """One live event (one report's) as reviewed, by id or unique id prefix."""
        row = self._one_by_prefix("events", "event", event_id,
                                  "give a member event's id (see `watchfloor timeline`)")
        row["perpetrators"] = json.loads(row["perpetrators"])
        return apply_to_event(row, self.verdicts("event").get(row["id"]), self.verdicts("claim"))

    def _events_about(self, ids: set[str]) -> set[str]:
        """Live events (as reviewed) with one of ``ids`` as perpetrator or place. The
        stored event groups index every entity their members name (``store.event_groups``),
        so only those groups' members are read and checked."""
        verdicts = self.verdicts("event")
        members = self.group_members(self.group_ids_about(ids))  # type: ignore[attr-defined]
        rows = self._rows(
            "SELECT id, perpetrators, location FROM events WHERE deleted IS NULL AND"
            " id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted({m for ms in members.values() for m in ms}))])
        found = set()
        for r in rows:
            r["perpetrators"] = json.loads(r["perpetrators"])
            changes = verdicts[r["id"]].changes if r["id"] in verdicts else {}
            perps = changes.get("perpetrators", r["perpetrators"]) or []
            if changes.get("location", r["location"]) in ids or any(p in ids for p in perps):
                found.add(r["id"])
        return found

    def _evidence(self, claim_ids: list[str]) -> dict[str, list[Row]]:
        found: dict[str, list[Row]] = {}
        for i in range(0, len(claim_ids), 500):
            chunk = claim_ids[i : i + 500]
            for r in self._rows(
                f'SELECT claim, document, start, "end", text FROM evidence'
                f" WHERE claim IN ({','.join('?' * len(chunk))})", chunk,
            ):
                found.setdefault(r.pop("claim"), []).append(r)
        return found

    # -- events -------------------------------------------------------------------------
    def events(self, document: str | None = None, include_rejected: bool = False,
               ids: list[str] | None = None) -> list[Row]:
        """Live events as reviewed: their own verdicts and their toll claims' applied.
        ``ids`` reads just those (a view of one group need not read every event)."""
        sql = "SELECT e.* FROM events e WHERE e.deleted IS NULL"
        params: list[Any] = []
        if document:
            sql += " AND e.document = ?"
            params.append(document)
        if ids is not None:
            sql += " AND e.id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(ids)))
        sql += " ORDER BY e.earliest IS NULL, e.earliest, e.id"
        verdicts = self.verdicts("event")
        tolls = self.verdicts("claim")
        merged = self._merged()
        out = []
        redated = False
        for r in self._rows(sql, params):
            r["perpetrators"] = json.loads(r["perpetrators"])
            verdict = verdicts.get(r["id"])
            apply_to_event(r, verdict, tolls)
            if r["review"] == "reject" and not include_rejected:
                continue
            redated = redated or bool(verdict and "date" in verdict.changes)
            r["perpetrators"] = [merged.get(p, p)
                                 for p in r["perpetrators"]]
            if r["location"] in merged:
                r["location"] = merged[r["location"]]
            out.append(r)
        if redated:
            out.sort(key=lambda r: (r["earliest"] is None, r["earliest"] or "", r["id"]))
        return out

    def event_judgements(self) -> list[Row]:
        """Merges and splits of events (machine-made and analysts'), oldest first. They are
        logged as ``event_link`` so that an event's own latest review stays its verdict."""
        rows = self._rows(
            "SELECT id, target, decision, changes, reviewer, at, note FROM reviews"
            " WHERE target_kind = 'event_link' ORDER BY id")
        for r in rows:
            r["changes"] = json.loads(r["changes"])
        return rows

    def event_review(self, target: str) -> Row | None:
        """The verdict on ``target`` (an event or a merged event's id), or None."""
        row = self.conn.execute(
            "SELECT decision, changes, reviewer FROM verdicts WHERE target_kind = 'event'"
            " AND target = ?", (target,)).fetchone()
        if row is None:
            return None
        return {"decision": row[0], "changes": json.loads(row[1]), "reviewer": row[2]}

    def place_facts(self) -> dict[str, tuple[float | None, float | None, str | None,
                                             str | None]]:
        """(lat, lon, country, kind) of every geocoded place: what event merging compares."""
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in self.conn.execute(
            "SELECT id, lat, lon, country, place_kind FROM entities"
            " WHERE type = 'location' AND (country IS NOT NULL OR lat IS NOT NULL)")}

    def event_claim_ids(self) -> dict[str, list[str]]:
        """Live claim ids per event, leaving out claims an analyst rejected."""
        verdicts = self.verdicts("claim")
        out: dict[str, list[str]] = {}
        for cid, event in self.conn.execute(
                "SELECT id, event FROM claims WHERE event IS NOT NULL AND deleted IS NULL"):
            if cid not in verdicts or not verdicts[cid].rejected:
                out.setdefault(event, []).append(cid)
        return out

    def orphaned_reviews(self) -> list[Row]:
        """Reviews of claims and events the machine no longer finds (soft-deleted by a
        re-run, or never in this base), oldest first: the analyst's word has no target
        until an extractor finds the statement again. An event review may name a merged
        event's id, which is not a row: callers check those against the merged events."""
        return self._rows(
            "SELECT r.id, r.target_kind, r.target, r.decision, r.reviewer, r.at FROM reviews r"
            " WHERE (r.target_kind = 'claim' AND NOT EXISTS (SELECT 1 FROM claims c"
            "   WHERE c.id = r.target AND c.deleted IS NULL))"
            " OR (r.target_kind = 'event' AND NOT EXISTS (SELECT 1 FROM events e"
            "   WHERE e.id = r.target AND e.deleted IS NULL))"
            " ORDER BY r.id")

    # -- summary ------------------------------------------------------------------------
    def stats(self) -> Row:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        # live claims by predicate: all of them less the retired (two index scans; a
        # filter on ``deleted IS NULL`` would read every claim row)
        by_predicate: dict[str, int] = dict(self.conn.execute(
            "SELECT predicate, count(*) FROM claims GROUP BY predicate").fetchall())
        for predicate, retired in self.conn.execute(
                "SELECT predicate, count(*) FROM claims WHERE deleted IS NOT NULL"
                " GROUP BY predicate"):
            by_predicate[predicate] -= retired
        live = sorted(((p, n) for p, n in by_predicate.items() if n),
                      key=lambda pn: (-pn[1], pn[0]))
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "sentences": one("SELECT count(*) FROM sentences"),
            "entities": one("SELECT count(*) FROM entities WHERE merged_into IS NULL"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "claims": sum(n for _, n in live),
            "events": one("SELECT count(*) FROM events WHERE deleted IS NULL"),
            "reviews": one("SELECT count(*) FROM reviews"),
            "entities_by_type": dict(self.conn.execute(
                "SELECT type, count(*) FROM entities WHERE merged_into IS NULL GROUP BY type"
                " ORDER BY count(*) DESC, type").fetchall()),
            "claims_by_predicate": dict(live),
            "dropped_by_reason": self._dropped_by_reason(),
        }

    def _dropped_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (dropped,) in self.conn.execute("SELECT dropped FROM documents"):
            for item in json.loads(dropped):
                counts[item["reason"]] = counts.get(item["reason"], 0) + 1
        return counts
