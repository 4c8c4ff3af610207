"""Writing machine output: a document and everything extracted from it, in one transaction.

Why a mixin shared by the backends: what a write *means* (how a mention key resolves to a
stored entity, which claims and events a re-run keeps, soft-deletes or refreshes) must not
differ between SQLite and PostgreSQL. The SQL here is written once, in the portable subset
both speak; ``store.pg_connection`` translates the few spellings PostgreSQL writes otherwise
(placeholders, ``INSERT OR IGNORE``, ``json_each``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from watchfloor import __version__
from watchfloor.names import normalise_alias
from watchfloor.records import Claim, Document, EntityRecord, Event, Extraction, stable_id
from watchfloor.store.base import Row, WriteResult
from watchfloor.store.schema import now

T = TypeVar("T")


def event_id(document_id: str, key: str) -> str:
    return stable_id("evt", document_id, key)


class WritingMixin:
    conn: Any  # a sqlite3.Connection, or store.pg_connection.PgConnection

    def _write(self, work: Callable[[], T]) -> T:  # implemented by the store
        raise NotImplementedError

    if TYPE_CHECKING:  # store.event_groups and store.reading
        def _event_groups_changed(self, seeds: Iterable[str],
                                  old: Sequence[Row] = ()) -> None: ...

        def events(self, document: str | None = None, include_rejected: bool = False,
                   ids: list[str] | None = None) -> list[Row]: ...

    def has_document(self, document_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
            is not None
        )

    def add_document(self, document: Document) -> bool:
        """Insert the document row only (no extraction); False when it was already there."""
        def work() -> bool:
            if self.has_document(document.id):
                return False
            self._insert_document(document)
            return True

        return self._write(work)

    def _insert_document(self, d: Document) -> None:
        self.conn.execute(
            "INSERT INTO documents (id, sha256, title, publisher, published, url, path,"
            " media_type, text, dropped, ingested) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                d.id, d.sha256, d.title, d.publisher, d.published, d.url, d.path,
                d.media_type, d.text,
                json.dumps([{"reason": x.reason, "text": x.text} for x in d.dropped]),
                now(),
            ),
        )

    def _store_entities(self, records: list[EntityRecord]) -> set[str]:
        """Store each entity under its own key (a new row, or more names for the row of
        that key), a few statements for the whole document; the keys that gained a
        distinctive name. Which other document's entity one is the same as is not decided
        here: ``resolve.entities`` judges that from the names, whatever came first, and
        the canonical id is derived from the judgement log when reading."""
        keys = sorted({r.key for r in records})
        stored: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            stored |= {str(r[0]) for r in self.conn.execute(
                f"SELECT id FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
        new_rows, aliases = [], set()
        names: dict[str, dict[str, str]] = {}
        for record in records:
            if record.key not in stored:
                stored.add(record.key)
                place = record.place
                new_rows.append((
                    record.key, record.type, record.name, record.kind, record.catalogue_id,
                    place.country if place else None, place.admin1 if place else None,
                    place.lat if place else None, place.lon if place else None,
                    place.kind if place else None, now()))
            every = {a for a in (record.name, *record.aliases) if a}
            aliases |= {(record.key, a, normalise_alias(a)) for a in every}
            for alias in sorted(every - set(record.generic)):
                norm = normalise_alias(alias)
                if norm:
                    names.setdefault(record.key, {}).setdefault(norm, alias)
        self.conn.executemany(
            "INSERT INTO entities (id, type, name, kind, catalogue_id, country, admin1,"
            " lat, lon, place_kind, created) VALUES (?,?,?,?,?,?,?,?,?,?,?)", new_rows)
        self.conn.executemany(
            "INSERT OR IGNORE INTO aliases (entity, alias, norm) VALUES (?,?,?)",
            sorted(aliases))
        return self._add_names(names)

    if TYPE_CHECKING:  # store.resolution's, beside this mixin in the store class
        def _add_names(self, names: dict[str, dict[str, str]]) -> set[str]: ...

        def _resolve_entities(self, focus: set[str]) -> set[str]: ...

    def canonical(self, entity_id: str) -> str:
        """Follow ``merged_into`` to the entity this one's group is read under (derived
        from the judgement log: the machine's matches and the analysts' merges)."""
        seen = {entity_id}
        while True:
            row = self.conn.execute(
                "SELECT merged_into FROM entities WHERE id = ?", (entity_id,)
            ).fetchone()
            if row is None or row[0] is None or row[0] in seen:
                return entity_id
            entity_id = str(row[0])
            seen.add(entity_id)

    def write_extraction(
        self, extraction: Extraction, model: str, *, replace: bool = False
    ) -> WriteResult:
        """Write a document and everything extracted from it in one transaction.

        With ``replace`` (re-processing), claims and events the new run finds again keep
        their ids and rows; the ones it no longer finds are soft-deleted (``deleted`` set),
        never removed, so reviews of them stay readable and can be reported as orphaned.
        """
        doc = extraction.document
        if self.has_document(doc.id) and not replace:
            return WriteResult(doc.id, created=False)
        started = now()
        return self._write(lambda: self._write_extraction(extraction, model, replace, started))

    def _write_extraction(self, extraction: Extraction, model: str, replace: bool,
                          started: str) -> WriteResult:
        """The body of ``write_extraction``, inside its transaction (and re-run if that
        transaction is retried)."""
        doc = extraction.document
        if self.has_document(doc.id) and not replace:
            # another process wrote it since we looked: say so, do not write it twice
            return WriteResult(doc.id, created=False)
        old = self.events(document=doc.id, include_rejected=True) if replace else []
        if replace:
            # sentences and mentions are the reading, not statements: nothing points at them
            for table in ("mentions", "sentences"):
                self.conn.execute(f"DELETE FROM {table} WHERE document = ?", (doc.id,))
        else:
            self._insert_document(doc)
        self.conn.executemany(
            'INSERT INTO sentences (document, idx, start, "end") VALUES (?,?,?,?)',
            [(doc.id, s.index, s.start, s.end) for s in extraction.sentences],
        )
        moved = self._resolve_entities(self._store_entities(list(extraction.entities.values())))
        ids = {key: rec.key for key, rec in extraction.entities.items()}
        mentions = [m for m in extraction.mentions if m.key in ids]
        self.conn.executemany(
            'INSERT INTO mentions (document, entity, start, "end", text, source, confidence)'
            " VALUES (?,?,?,?,?,?,?)",
            [(doc.id, ids[m.key], m.start, m.end, m.text, m.source, m.confidence)
             for m in mentions],
        )
        run = self.conn.execute(
            "INSERT INTO runs (document, extractors, watchfloor_version, model, started,"
            " finished) VALUES (?,?,?,?,?,?)",
            (doc.id, json.dumps(extraction.extractors), __version__, model, started, now()),
        ).lastrowid
        events = {ev.key: event_id(doc.id, ev.key) for ev in extraction.events}
        ids.update(events)
        for ev in extraction.events:
            self._insert_event(doc.id, run, ev, ids, _toll_claims(ev, extraction.claims))
        had = {str(r[0]) for r in self.conn.execute(
            "SELECT id FROM claims WHERE document = ?", (doc.id,))}
        written: set[str] = set()
        for claim in extraction.claims:
            if claim.subject not in ids or (claim.object and claim.object not in ids):
                continue  # a claim about something the reader did not keep
            if claim.id not in written:
                written.add(self._insert_claim(doc.id, run, claim, ids, fresh=claim.id not in had))
        retired = now()
        for table, kept in (("claims", written), ("events", set(events.values()))):
            self.conn.execute(
                f"UPDATE {table} SET deleted = ? WHERE document = ? AND deleted IS NULL"
                " AND id NOT IN (SELECT value FROM json_each(?))",
                (retired, doc.id, json.dumps(sorted(kept))),
            )
        # the consolidated events these events are (or were) part of, and those about the
        # entities this document's names newly matched or parted, in this transaction
        seeds = set(events.values())
        if moved:
            from watchfloor.resolve.event_groups import entity_seeds

            seeds |= entity_seeds(self, moved)
        self._event_groups_changed(seeds, old)
        return WriteResult(
            doc.id, True, len(set(ids.values()) - set(events.values())), len(mentions),
            len(written), len(events),
        )

    def _insert_event(self, doc_id: str, run: int | None, ev: Event, ids: dict[str, str],
                      tolls: tuple[str | None, str | None]) -> None:
        """Insert the event, or bring its row up to this run (same id: same type and
        trigger in the same document) and undelete it."""
        from watchfloor.edtf import bounds

        earliest, latest = bounds(ev.date)
        killed = ev.killed or (None, None)
        injured = ev.injured or (None, None)
        self.conn.execute(
            f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}, deleted)"
            f" VALUES ({','.join('?' * len(_EVENT_COLUMNS))}, NULL) ON CONFLICT(id) DO UPDATE"
            f" SET {_update(_EVENT_COLUMNS)}, deleted = NULL",
            (
                ids[ev.key], doc_id, run, ev.type, ev.date, earliest, latest,
                ids.get(ev.location) if ev.location else None,
                json.dumps([ids[p] for p in ev.perpetrators if p in ids]),
                ev.perpetrator_certainty, ev.target, ev.method, killed[0], killed[1],
                injured[0], injured[1], ids.get(ev.subject) if ev.subject else None,
                ev.confidence, ev.extractor, ev.evidence.start, ev.evidence.end,
                *tolls,
            ),
        )

    def _insert_claim(self, doc_id: str, run: int | None, c: Claim, ids: dict[str, str],
                      *, fresh: bool) -> str:
        """Insert the claim (or refresh the row a re-run found again) under the id of its
        document-local fields; the row holds the entity ids its mention keys resolve to."""
        from watchfloor.edtf import bounds

        claim_id = c.id  # before resolution: the id must not depend on other documents
        earliest, latest = bounds(c.time)
        self.conn.execute(
            f"INSERT INTO claims ({', '.join(_CLAIM_COLUMNS)}, created, deleted)"
            f" VALUES ({','.join('?' * len(_CLAIM_COLUMNS))}, ?, NULL) ON CONFLICT(id) DO UPDATE"
            f" SET {_update(_CLAIM_COLUMNS)}, deleted = NULL",
            (
                claim_id, doc_id, run, ids[c.subject], c.predicate,
                ids[c.object] if c.object else None, c.value, c.low, c.high, c.unit, c.time,
                c.time_text, earliest, latest, ids.get(c.place) if c.place else None,
                c.attributed_to, c.certainty, c.confidence, c.extractor,
                ids.get(c.event) if c.event else None, now(),
            ),
        )
        if fresh:
            ev = c.evidence
            self.conn.execute(
                'INSERT INTO evidence (claim, document, start, "end", text) VALUES (?,?,?,?,?)',
                (claim_id, doc_id, ev.start, ev.end, ev.text),
            )
        return claim_id


def _toll_claims(ev: Event, claims: list[Claim]) -> tuple[str | None, str | None]:
    """The ids of the claims the event's killed and injured figures come from: as the
    extractor named them, else the event's own toll claim with the very same figure."""
    found = []
    for what, named, figure in (("killed", ev.killed_claim, ev.killed),
                                ("injured", ev.injured_claim, ev.injured)):
        if named is None and figure is not None:
            named = next((c.id for c in claims if c.subject == ev.key and c.predicate == what
                          and (c.low, c.high) == tuple(figure)), None)
        found.append(named)
    return found[0], found[1]


_EVENT_COLUMNS = (
    "id", "document", "run", "type", "date", "earliest", "latest", "location", "perpetrators",
    "perpetrator_certainty", "target", "method", "killed_low", "killed_high", "injured_low",
    "injured_high", "subject", "confidence", "extractor", "ev_start", "ev_end",
    "killed_claim", "injured_claim",
)
_CLAIM_COLUMNS = (
    "id", "document", "run", "subject", "predicate", "object", "value", "low", "high", "unit",
    "time", "time_text", "earliest", "latest", "place", "attributed_to", "certainty",
    "confidence", "extractor", "event",
)


def _update(columns: tuple[str, ...]) -> str:
    """``col = excluded.col`` for every column but the id (an upsert's SET clause)."""
    return ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")

