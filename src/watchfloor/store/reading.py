"""Reading the SQLite knowledge base: documents, entities, claims and events as rows.

Reviews win in every view: the latest review of a claim or event is applied here, once,
so the CLI, the exports and the Python API all see the analyst's decision.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from watchfloor.exceptions import NotFoundError
from watchfloor.names import normalise_alias
from watchfloor.store.base import ClaimFilter, Row

# The latest review per target (SQLite returns the bare columns of the max(id) row).
_LATEST_REVIEW = (
    "SELECT target, decision, changes, reviewer, at, max(id) AS review_id FROM reviews"
    " WHERE target_kind = ? GROUP BY target"
)

CORRECTABLE_CLAIM_FIELDS = (
    "subject", "predicate", "object", "value", "low", "high", "unit", "time", "place",
    "attributed_to", "certainty",
)
CORRECTABLE_EVENT_FIELDS = (
    "type", "date", "location", "perpetrators", "target", "method", "killed_low",
    "killed_high", "injured_low", "injured_high",
)


class ReadingMixin:
    conn: sqlite3.Connection

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def canonical(self, entity_id: str) -> str:  # implemented by the store
        raise NotImplementedError

    def _merged(self) -> set[str]:
        """Ids an analyst merged into another entity (few): only these need following."""
        return {r[0] for r in self.conn.execute(
            "SELECT id FROM entities WHERE merged_into IS NOT NULL")}

    # -- documents ----------------------------------------------------------------------
    def documents(self) -> list[Row]:
        rows = self._rows(
            "SELECT id, sha256, title, publisher, published, url, path, media_type, dropped,"
            " ingested, length(text) AS chars FROM documents ORDER BY published, id"
        )
        for r in rows:
            r["dropped"] = json.loads(r["dropped"])
        return rows

    def last_extractors(self, document_id: str) -> list[str] | None:
        """The extractor versions (``name.vN``) of the document's latest run, or None."""
        row = self.conn.execute(
            "SELECT extractors FROM runs WHERE document = ? ORDER BY id DESC LIMIT 1",
            (document_id,)).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def document(self, document_id: str) -> Row:
        rows = self._rows("SELECT * FROM documents WHERE id = ? OR id LIKE ?",
                          (document_id, document_id + "%"))
        if len(rows) != 1:
            raise NotFoundError(f"no document {document_id!r}", "list them with `watchfloor stats`")
        rows[0]["dropped"] = json.loads(rows[0]["dropped"])
        return rows[0]

    # -- entities -----------------------------------------------------------------------
    def entities(self, type: str | None = None) -> list[Row]:
        sql = (
            "SELECT e.*, (SELECT count(*) FROM mentions m WHERE m.entity = e.id OR m.entity IN"
            " (SELECT x.id FROM entities x WHERE x.merged_into = e.id)) AS mentions"
            " FROM entities e WHERE e.merged_into IS NULL"
        )
        params: list[Any] = []
        if type:
            sql += " AND e.type = ?"
            params.append(type)
        sql += " ORDER BY mentions DESC, e.name"
        return self._rows(sql, params)

    def entity(self, entity_id: str) -> Row:
        rows = self._rows("SELECT * FROM entities WHERE id = ?", (self.canonical(entity_id),))
        if not rows:
            raise NotFoundError(f"no entity {entity_id!r}", "list them with `watchfloor entities`")
        row = rows[0]
        row["aliases"] = self.aliases(row["id"])
        return row

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
            " FROM aliases a WHERE a.norm = ? ORDER BY n DESC",
            (normalise_alias(name),),
        )
        if not rows:
            raise NotFoundError(
                f"no entity named {name!r}", "list them with `watchfloor entities`"
            )
        return self.entity(rows[0]["entity"])

    # -- claims -------------------------------------------------------------------------
    def claims(self, flt: ClaimFilter | None = None) -> list[Row]:
        flt = flt or ClaimFilter()
        sql = (
            "SELECT c.*, r.decision AS review, r.changes AS review_changes, r.reviewer,"
            " r.at AS reviewed_at FROM claims c"
            f" LEFT JOIN ({_LATEST_REVIEW}) r ON r.target = c.id WHERE c.deleted IS NULL"
        )
        params: list[Any] = ["claim"]
        if flt.entity:
            ids = self.merged_ids(self.canonical(flt.entity))
            marks = ",".join("?" * len(ids))
            sql += f" AND (c.subject IN ({marks}) OR c.object IN ({marks})"
            perpetrator = " OR ".join(["perpetrators LIKE ?"] * len(ids))
            sql += f" OR c.event IN (SELECT id FROM events WHERE {perpetrator}"
            sql += f" OR location IN ({marks})))"
            params += [*ids, *ids, *(f'%"{i}"%' for i in ids), *ids]
        if flt.predicate:
            sql += " AND c.predicate = ?"
            params.append(flt.predicate)
        if flt.document:
            sql += " AND (c.document = ? OR c.document LIKE ?)"
            params += [flt.document, flt.document + "%"]
        if flt.min_confidence:
            sql += " AND c.confidence >= ?"
            params.append(flt.min_confidence)
        sql += " ORDER BY c.earliest IS NULL, c.earliest, c.document, c.id"
        rows = self._rows(sql, params)
        evidence = self._evidence([r["id"] for r in rows])
        merged = self._merged()
        out = []
        for r in rows:
            if r["review"] == "reject" and not flt.include_rejected:
                continue
            if r["review"] == "correct" and r["review_changes"]:
                for key, val in json.loads(r["review_changes"]).items():
                    if key in CORRECTABLE_CLAIM_FIELDS:
                        r[key] = val
            r.pop("review_changes", None)
            for key in ("subject", "object", "place"):
                if r[key] in merged:
                    r[key] = self.canonical(r[key])
            r["evidence"] = evidence.get(r["id"], [])
            out.append(r)
        return out

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
    def events(self, document: str | None = None, include_rejected: bool = False) -> list[Row]:
        sql = (
            "SELECT e.*, r.decision AS review, r.changes AS review_changes FROM events e"
            f" LEFT JOIN ({_LATEST_REVIEW}) r ON r.target = e.id"
        )
        params: list[Any] = ["event"]
        sql += " WHERE e.deleted IS NULL"
        if document:
            sql += " AND e.document = ?"
            params.append(document)
        sql += " ORDER BY e.earliest IS NULL, e.earliest, e.id"
        merged = self._merged()
        out = []
        for r in self._rows(sql, params):
            if r["review"] == "reject" and not include_rejected:
                continue
            r["perpetrators"] = [self.canonical(p) if p in merged else p
                                 for p in json.loads(r["perpetrators"])]
            if r["review"] == "correct" and r["review_changes"]:
                for key, val in json.loads(r["review_changes"]).items():
                    if key in CORRECTABLE_EVENT_FIELDS:
                        r[key] = val
            r.pop("review_changes", None)
            if r["location"] in merged:
                r["location"] = self.canonical(r["location"])
            out.append(r)
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
        """The latest review of ``target`` (an event or a merged event's id), or None."""
        rows = self._rows(
            "SELECT decision, changes, reviewer FROM reviews WHERE target_kind = 'event'"
            " AND target = ? AND decision IN ('accept', 'reject', 'correct')"
            " ORDER BY id DESC LIMIT 1", (target,))
        if not rows:
            return None
        rows[0]["changes"] = json.loads(rows[0]["changes"])
        return rows[0]

    def place_facts(self) -> dict[str, tuple[float | None, float | None, str | None,
                                             str | None]]:
        """(lat, lon, country, kind) of every geocoded place: what event merging compares."""
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in self.conn.execute(
            "SELECT id, lat, lon, country, place_kind FROM entities"
            " WHERE type = 'location' AND (country IS NOT NULL OR lat IS NOT NULL)")}

    def event_claim_ids(self) -> dict[str, list[str]]:
        """Claim ids per event, leaving out claims an analyst rejected (latest decision)."""
        out: dict[str, list[str]] = {}
        for cid, event in self.conn.execute(
            "SELECT c.id, c.event FROM claims c"
            f" LEFT JOIN ({_LATEST_REVIEW}) r ON r.target = c.id"
            " WHERE c.event IS NOT NULL AND c.deleted IS NULL AND COALESCE(r.decision, '') != 'reject'", ("claim",)
        ):
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
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "sentences": one("SELECT count(*) FROM sentences"),
            "entities": one("SELECT count(*) FROM entities WHERE merged_into IS NULL"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "claims": one("SELECT count(*) FROM claims WHERE deleted IS NULL"),
            "events": one("SELECT count(*) FROM events WHERE deleted IS NULL"),
            "reviews": one("SELECT count(*) FROM reviews"),
            "entities_by_type": dict(self.conn.execute(
                "SELECT type, count(*) FROM entities WHERE merged_into IS NULL GROUP BY type"
                " ORDER BY count(*) DESC").fetchall()),
            "claims_by_predicate": dict(self.conn.execute(
                "SELECT predicate, count(*) FROM claims WHERE deleted IS NULL GROUP BY predicate"
                " ORDER BY count(*) DESC").fetchall()),
            "dropped_by_reason": self._dropped_by_reason(),
        }

    def _dropped_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (dropped,) in self.conn.execute("SELECT dropped FROM documents"):
            for item in json.loads(dropped):
                counts[item["reason"]] = counts.get(item["reason"], 0) + 1
        return counts
