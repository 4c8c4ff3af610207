"""The knowledge-base schema, changed only by named, numbered migrations.

Each migration runs once, in order, inside a transaction, and is recorded in the
``migrations`` table, so an old database file is brought up to date on open
(sqlite-utils' migrations). Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from watchfloor.exceptions import StoreError

Migration = tuple[int, str, str]  # (number, name, SQL script)

_M001_INITIAL = """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            title TEXT, publisher TEXT, published TEXT, url TEXT,
            path TEXT, media_type TEXT,
            text TEXT NOT NULL,
            dropped TEXT NOT NULL DEFAULT '[]',      -- JSON list of {reason, text}
            ingested TEXT NOT NULL
        );
        CREATE TABLE sentences (
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (document, idx)
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,                    -- catalogue id, or "<type>:<slug>"
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT,
            catalogue_id TEXT,
            country TEXT, admin1 TEXT, lat REAL, lon REAL, place_kind TEXT,
            merged_into TEXT REFERENCES entities(id),  -- set by an analyst's merge
            created TEXT NOT NULL
        );
        CREATE TABLE aliases (
            entity TEXT NOT NULL REFERENCES entities(id),
            alias TEXT NOT NULL,
            norm TEXT NOT NULL,
            PRIMARY KEY (entity, alias)
        );
        CREATE INDEX aliases_norm ON aliases(norm);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            entity TEXT NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            confidence REAL NOT NULL
        );
        CREATE INDEX mentions_entity ON mentions(entity);
        CREATE INDEX mentions_document ON mentions(document);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            extractors TEXT NOT NULL,               -- JSON list of "name.vN"
            watchfloor_version TEXT NOT NULL,
            model TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT NOT NULL
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            run INTEGER REFERENCES runs(id),
            type TEXT NOT NULL,
            date TEXT, earliest TEXT, latest TEXT,
            location TEXT REFERENCES entities(id),
            perpetrators TEXT NOT NULL DEFAULT '[]', -- JSON list of entity ids
            perpetrator_certainty TEXT,
            target TEXT, method TEXT,
            killed_low REAL, killed_high REAL, injured_low REAL, injured_high REAL,
            subject TEXT REFERENCES entities(id),
            confidence REAL NOT NULL,
            extractor TEXT NOT NULL,
            ev_start INTEGER NOT NULL, ev_end INTEGER NOT NULL
        );
        CREATE INDEX events_document ON events(document);
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            run INTEGER REFERENCES runs(id),
            subject TEXT NOT NULL,                  -- entity id, or event id for event figures
            predicate TEXT NOT NULL,
            object TEXT,
            value TEXT, low REAL, high REAL, unit TEXT,
            time TEXT, time_text TEXT, earliest TEXT, latest TEXT,
            place TEXT,
            attributed_to TEXT,
            certainty TEXT NOT NULL,
            confidence REAL NOT NULL,
            extractor TEXT NOT NULL,
            event TEXT REFERENCES events(id),
            created TEXT NOT NULL
        );
        CREATE INDEX claims_subject ON claims(subject);
        CREATE INDEX claims_object ON claims(object);
        CREATE INDEX claims_predicate ON claims(predicate);
        CREATE INDEX claims_document ON claims(document);
        CREATE TABLE evidence (
            claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX evidence_claim ON evidence(claim);
        -- An analyst's judgement: never an overwrite of machine output, always a new row.
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            target_kind TEXT NOT NULL,              -- claim | event | entity
            target TEXT NOT NULL,
            decision TEXT NOT NULL,                 -- accept | reject | correct | merge | split
            changes TEXT NOT NULL DEFAULT '{}',     -- JSON of corrected fields
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT
        );
        CREATE INDEX reviews_target ON reviews(target_kind, target);
"""

# Number 2 belongs to another branch (the web app's); numbers only need to be in order.
# Machine output is soft-deleted: a claim or event a re-run no longer finds keeps its row
# (and its reviews a target) with the time it was retired. An event names the toll
# claims it shows, so a correction of that claim changes the event.
# ``verdicts`` holds what the reviews of each claim and event add up to (store.reviews):
# the latest decision, and every correction composed, a later value of a field over an
# earlier one. A trigger keeps it, in the transaction of the review, whoever writes the
# log; the log itself is replayed once through it here, so older bases get theirs.
# (``->`` copies a value's JSON text as written: numbers keep every digit.)
_CORRECTION = "CASE NEW.decision WHEN 'correct' THEN NEW.changes ELSE '{}' END"
_M003_STABLE_IDENTITY = f"""
        ALTER TABLE claims ADD COLUMN deleted TEXT;
        ALTER TABLE events ADD COLUMN deleted TEXT;
        ALTER TABLE events ADD COLUMN killed_claim TEXT;
        ALTER TABLE events ADD COLUMN injured_claim TEXT;
        CREATE TABLE verdicts (
            target_kind TEXT NOT NULL,              -- claim | event
            target TEXT NOT NULL,
            decision TEXT NOT NULL,                 -- the latest accept | reject | correct
            changes TEXT NOT NULL DEFAULT '{{}}',   -- JSON: every correction, composed
            reviewer TEXT NOT NULL,                 -- who made the latest decision
            at TEXT NOT NULL,
            review INTEGER NOT NULL,                -- the latest review's id
            PRIMARY KEY (target_kind, target)
        );
        CREATE TRIGGER verdicts_fold AFTER INSERT ON reviews
        WHEN NEW.target_kind IN ('claim', 'event')
            AND NEW.decision IN ('accept', 'reject', 'correct')
        BEGIN
            INSERT OR REPLACE INTO verdicts
                (target_kind, target, decision, changes, reviewer, at, review)
            SELECT NEW.target_kind, NEW.target, NEW.decision, COALESCE((
                SELECT json_group_object(key, json(val)) FROM (
                    SELECT o.key AS key, v.changes -> o.fullkey AS val
                    FROM verdicts v, json_each(v.changes) o
                    WHERE v.target_kind = NEW.target_kind AND v.target = NEW.target
                        AND o.key NOT IN (SELECT key FROM json_each({_CORRECTION}))
                    UNION ALL
                    SELECT n.key, {_CORRECTION} -> n.fullkey
                    FROM json_each({_CORRECTION}) n)), '{{}}'),
                NEW.reviewer, NEW.at, NEW.id;
        END;
        CREATE TEMP TABLE replay AS SELECT * FROM reviews;
        DELETE FROM reviews;
        INSERT INTO reviews SELECT * FROM replay ORDER BY id;
        DROP TABLE replay;
"""


# Full-text search over names, aliases and sentences (FTS5), and views for Datasette. Triggers keep the indexes
# filled on every write, whoever writes (ingest, reprocess, an old script), and the index
# rowid is the indexed row's own rowid, so a delete finds its index entry directly.
_M002_SEARCH = """
        CREATE VIRTUAL TABLE search_names USING fts5(
            alias, entity UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE search_sentences USING fts5(
            text, document UNINDEXED, idx UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER search_names_insert AFTER INSERT ON aliases BEGIN
            INSERT INTO search_names (rowid, alias, entity) VALUES (NEW.rowid, NEW.alias, NEW.entity);
        END;
        CREATE TRIGGER search_names_delete AFTER DELETE ON aliases BEGIN
            DELETE FROM search_names WHERE rowid = OLD.rowid;
        END;
        CREATE TRIGGER search_sentences_insert AFTER INSERT ON sentences BEGIN
            INSERT INTO search_sentences (rowid, text, document, idx)
            SELECT NEW.rowid, substr(d.text, NEW.start + 1, NEW."end" - NEW.start), NEW.document,
                   NEW.idx FROM documents d WHERE d.id = NEW.document;
        END;
        CREATE TRIGGER search_sentences_delete AFTER DELETE ON sentences BEGIN
            DELETE FROM search_sentences WHERE rowid = OLD.rowid;
        END;
        -- Merges are followed on every entity listing: without this index each listed
        -- entity scans the table for those merged into it.
        CREATE INDEX IF NOT EXISTS entities_merged ON entities(merged_into);
        -- A random id per file: caches of derived views tell two files at one path apart.
        CREATE TABLE base_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO base_info (key, value) VALUES ('id', lower(hex(randomblob(16))));
        INSERT INTO search_names (rowid, alias, entity) SELECT rowid, alias, entity FROM aliases;
        INSERT INTO search_sentences (rowid, text, document, idx)
            SELECT s.rowid, substr(d.text, s.start + 1, s."end" - s.start), s.document, s.idx
            FROM sentences s JOIN documents d ON d.id = s.document;
        -- Datasette-friendly views: what every watchfloor view shows, in SQL. Rejected rows
        -- are left out, an analyst's latest correction wins, names stand beside ids (an
        -- entity merged into another is named as the one it was merged into).
        CREATE VIEW reviewed_claims AS
        SELECT x.*,
            (SELECT COALESCE(m.name, s.name) FROM entities s LEFT JOIN entities m
             ON m.id = s.merged_into WHERE s.id = x.subject) AS subject_name,
            (SELECT COALESCE(m.name, o.name) FROM entities o LEFT JOIN entities m
             ON m.id = o.merged_into WHERE o.id = x.object) AS object_name,
            (SELECT text FROM evidence v WHERE v.claim = x.id LIMIT 1) AS sentence,
            d.title AS document_title, d.published AS document_published, d.url AS document_url
        FROM (
            SELECT c.id, c.document,
                CASE WHEN json_type(r.changes, '$.subject') IS NULL THEN c.subject
                     ELSE json_extract(r.changes, '$.subject') END AS subject,
                CASE WHEN json_type(r.changes, '$.predicate') IS NULL THEN c.predicate
                     ELSE json_extract(r.changes, '$.predicate') END AS predicate,
                CASE WHEN json_type(r.changes, '$.object') IS NULL THEN c.object
                     ELSE json_extract(r.changes, '$.object') END AS object,
                CASE WHEN json_type(r.changes, '$.value') IS NULL THEN c.value
                     ELSE json_extract(r.changes, '$.value') END AS value,
                CASE WHEN json_type(r.changes, '$.low') IS NULL THEN c.low
                     ELSE json_extract(r.changes, '$.low') END AS low,
                CASE WHEN json_type(r.changes, '$.high') IS NULL THEN c.high
                     ELSE json_extract(r.changes, '$.high') END AS high,
                CASE WHEN json_type(r.changes, '$.unit') IS NULL THEN c.unit
                     ELSE json_extract(r.changes, '$.unit') END AS unit,
                CASE WHEN json_type(r.changes, '$.time') IS NULL THEN c."time"
                     ELSE json_extract(r.changes, '$.time') END AS "time",
                CASE WHEN json_type(r.changes, '$.place') IS NULL THEN c.place
                     ELSE json_extract(r.changes, '$.place') END AS place,
                CASE WHEN json_type(r.changes, '$.attributed_to') IS NULL THEN c.attributed_to
                     ELSE json_extract(r.changes, '$.attributed_to') END AS attributed_to,
                CASE WHEN json_type(r.changes, '$.certainty') IS NULL THEN c.certainty
                     ELSE json_extract(r.changes, '$.certainty') END AS certainty,
                c.confidence, c.extractor, c.event, r.decision AS review, r.reviewer,
                r.at AS reviewed_at
            FROM claims c LEFT JOIN (
                SELECT target, decision, changes, reviewer, at, max(id) AS review_id FROM reviews
                WHERE target_kind = 'claim' GROUP BY target) r ON r.target = c.id
            WHERE COALESCE(r.decision, '') != 'reject'
        ) x JOIN documents d ON d.id = x.document;
        CREATE VIEW reviewed_events AS
        SELECT x.*,
            p.name AS location_name, p.country, p.admin1, p.lat, p.lon,
            (SELECT group_concat(COALESCE(m.name, g.name), '; ') FROM json_each(x.perpetrators) j
             JOIN entities g ON g.id = j.value LEFT JOIN entities m ON m.id = g.merged_into)
             AS perpetrator_names,
            substr(d.text, x.ev_start + 1, x.ev_end - x.ev_start) AS sentence,
            d.title AS document_title, d.published AS document_published, d.url AS document_url
        FROM (
            SELECT e.id, e.document,
                CASE WHEN json_type(r.changes, '$.type') IS NULL THEN e.type
                     ELSE json_extract(r.changes, '$.type') END AS type,
                CASE WHEN json_type(r.changes, '$.date') IS NULL THEN e.date
                     ELSE json_extract(r.changes, '$.date') END AS date,
                CASE WHEN json_type(r.changes, '$.location') IS NULL THEN e.location
                     ELSE json_extract(r.changes, '$.location') END AS location,
                CASE WHEN json_type(r.changes, '$.perpetrators') IS NULL THEN e.perpetrators
                     ELSE json_extract(r.changes, '$.perpetrators') END AS perpetrators,
                CASE WHEN json_type(r.changes, '$.target') IS NULL THEN e.target
                     ELSE json_extract(r.changes, '$.target') END AS target,
                CASE WHEN json_type(r.changes, '$.method') IS NULL THEN e.method
                     ELSE json_extract(r.changes, '$.method') END AS method,
                CASE WHEN json_type(r.changes, '$.killed_low') IS NULL THEN e.killed_low
                     ELSE json_extract(r.changes, '$.killed_low') END AS killed_low,
                CASE WHEN json_type(r.changes, '$.killed_high') IS NULL THEN e.killed_high
                     ELSE json_extract(r.changes, '$.killed_high') END AS killed_high,
                CASE WHEN json_type(r.changes, '$.injured_low') IS NULL THEN e.injured_low
                     ELSE json_extract(r.changes, '$.injured_low') END AS injured_low,
                CASE WHEN json_type(r.changes, '$.injured_high') IS NULL THEN e.injured_high
                     ELSE json_extract(r.changes, '$.injured_high') END AS injured_high,
                e.perpetrator_certainty, e.subject, e.confidence, e.extractor, e.ev_start,
                e.ev_end, r.decision AS review, r.reviewer, r.at AS reviewed_at
            FROM events e LEFT JOIN (
                SELECT target, decision, changes, reviewer, at, max(id) AS review_id FROM reviews
                WHERE target_kind = 'event' GROUP BY target) r ON r.target = e.id
            WHERE COALESCE(r.decision, '') != 'reject'
        ) x JOIN documents d ON d.id = x.document LEFT JOIN entities p ON p.id = x.location;
"""


# The Datasette views again, on what migration 3 added: a claim or event a re-run retired
# is not shown, and the reviews are read through ``verdicts`` (every correction composed),
# not the latest review alone.
_VIEWS = _M002_SEARCH[_M002_SEARCH.index("        CREATE VIEW reviewed_claims"):]
_M004_REVIEWED_VIEWS = "        DROP VIEW IF EXISTS reviewed_claims;\n        DROP VIEW IF EXISTS reviewed_events;\n" + (
    _VIEWS.replace(
        "SELECT target, decision, changes, reviewer, at, max(id) AS review_id FROM reviews\n"
        "                WHERE target_kind = 'claim' GROUP BY target",
        "SELECT target, decision, changes, reviewer, at FROM verdicts\n"
        "                WHERE target_kind = 'claim'")
    .replace(
        "SELECT target, decision, changes, reviewer, at, max(id) AS review_id FROM reviews\n"
        "                WHERE target_kind = 'event' GROUP BY target",
        "SELECT target, decision, changes, reviewer, at FROM verdicts\n"
        "                WHERE target_kind = 'event'")
    .replace("r ON r.target = c.id\n            WHERE COALESCE(r.decision, '') != 'reject'",
             "r ON r.target = c.id\n            WHERE COALESCE(r.decision, '') != 'reject'"
             " AND c.deleted IS NULL")
    .replace("r ON r.target = e.id\n            WHERE COALESCE(r.decision, '') != 'reject'",
             "r ON r.target = e.id\n            WHERE COALESCE(r.decision, '') != 'reject'"
             " AND e.deleted IS NULL"))
assert _M004_REVIEWED_VIEWS.count("FROM verdicts") == 2
assert _M004_REVIEWED_VIEWS.count("deleted IS NULL") == 2


# Streamed exports read claims in their views' order a batch at a time (keyset on this
# index): without it every batch sorts the whole table.
_M005_CLAIMS_ORDER = """
        CREATE INDEX IF NOT EXISTS claims_order ON claims(earliest, document, id);
"""


# Consolidated events kept in the base (resolve.event_groups maintains them as documents
# and judgements arrive): a view of one group reads its groups through the actors index,
# lists page through the order index, and no view consolidates the whole base again.
# ``record`` is the consolidated event as views show it (JSON); the columns beside it are
# what queries filter and sort on. The actors are the perpetrators and place a group
# shows, and every other entity a member names ("named": a perpetrator, place or subject),
# so "the events about X" is one index look-up; the
# claims of an event are found by their own index. The groups are computed in Python, so the migration
# only marks them stale: the first writer to open the base rebuilds them.
_M006_EVENT_GROUPS = """
        CREATE TABLE event_groups (
            id TEXT PRIMARY KEY,                    -- resolve.events.consolidated_id
            type TEXT NOT NULL,
            date TEXT, earliest TEXT, latest TEXT,  -- EDTF and its first and last day
            location TEXT, country TEXT,
            killed_low REAL, killed_high REAL, killed_open INTEGER NOT NULL DEFAULT 0,
            injured_low REAL, injured_high REAL, injured_open INTEGER NOT NULL DEFAULT 0,
            members INTEGER NOT NULL,
            visible INTEGER NOT NULL,               -- 0: every member, or the whole, rejected
            order_day TEXT NOT NULL, order_published TEXT NOT NULL,
            order_document TEXT NOT NULL, order_start INTEGER NOT NULL,
            record TEXT                             -- JSON of the consolidated event
        );
        CREATE INDEX event_groups_order ON event_groups(order_day, order_published,
            order_document, order_start, id);
        CREATE INDEX event_groups_source ON event_groups(order_published, order_document,
            order_start, order_day, id);
        CREATE INDEX event_groups_day ON event_groups(earliest, latest);
        CREATE INDEX event_groups_place ON event_groups(country, location);
        CREATE TABLE event_group_members (
            event TEXT PRIMARY KEY,                 -- one report's event, in one group
            grp TEXT NOT NULL
        );
        CREATE INDEX event_group_members_grp ON event_group_members(grp);
        CREATE TABLE event_group_actors (
            grp TEXT NOT NULL,
            entity TEXT NOT NULL,
            role TEXT NOT NULL,                     -- perpetrator | location | named
            PRIMARY KEY (grp, entity, role)
        );
        CREATE INDEX event_group_actors_entity ON event_group_actors(entity, grp);
        CREATE INDEX event_group_actors_role ON event_group_actors(role, entity);
        CREATE INDEX event_groups_type ON event_groups(type, visible);
        CREATE INDEX events_type_day ON events(type, earliest, latest);
        CREATE INDEX IF NOT EXISTS claims_event ON claims(event);
        CREATE TABLE event_groups_stale (since TEXT NOT NULL);  -- a row: rebuild them
        INSERT INTO event_groups_stale (since) VALUES ('migration 6');
"""


# Entity resolution is a log: a document's entities are stored under their own keys, and the machine's judgements of
# pairs (resolve.entities) go into ``reviews`` beside the analysts' merges and splits.
# ``entity_names`` holds each entity's distinctive names (not the generic surfaces an
# alias may be), normalised, for the resolver's candidate search; ``entity_links`` folds
# the log to the latest word of each source on each pair (resolve.canonical.links_of),
# and ``merged_into`` is derived from it. Both are rebuilt from the log by
# ``rebuild_resolution``; here they are filled from what older bases hold (their aliases,
# and their analysts' merges and splits, the latest on a pair winning).
_M007_RESOLUTION_LOG = """
        CREATE TABLE entity_names (
            entity TEXT NOT NULL REFERENCES entities(id),
            norm TEXT NOT NULL,
            alias TEXT NOT NULL,
            PRIMARY KEY (entity, norm)
        );
        CREATE INDEX entity_names_norm ON entity_names(norm);
        CREATE TABLE entity_links (
            a TEXT NOT NULL,                        -- the pair, a < b
            b TEXT NOT NULL,
            source TEXT NOT NULL,                   -- watchfloor | analyst
            decision TEXT NOT NULL,                 -- same | different
            keep TEXT,                              -- an analyst's merge: the entity kept
            score REAL,
            review INTEGER NOT NULL,                -- the judgement's row in reviews
            PRIMARY KEY (a, b, source)
        );
        CREATE INDEX entity_links_b ON entity_links(b);
        INSERT OR IGNORE INTO entity_names (entity, norm, alias)
            SELECT entity, norm, min(alias) FROM aliases WHERE norm != '' GROUP BY entity, norm;
        INSERT INTO entity_links (a, b, source, decision, keep, score, review)
            SELECT a, b, 'analyst', decision, keep, NULL, id FROM (
                SELECT min(target, other) AS a, max(target, other) AS b, decision, keep, id,
                       row_number() OVER (PARTITION BY min(target, other), max(target, other)
                                          ORDER BY id DESC) AS n
                FROM (SELECT target, id,
                        CASE decision WHEN 'merge' THEN 'same' ELSE 'different' END AS decision,
                        CASE decision WHEN 'merge' THEN json_extract(changes, '$.merged_into')
                        END AS keep,
                        COALESCE(json_extract(changes, '$.merged_into'),
                                 json_extract(changes, '$.was_merged_into')) AS other
                      FROM reviews WHERE target_kind = 'entity'
                        AND decision IN ('merge', 'split')) j
                WHERE other IS NOT NULL AND other != target) r
            WHERE n = 1;
"""


# A timeline shows a group's newest dated claims: these two indexes hold what it filters
# and sorts on beside the subject (object), so the newest page of a busy group is read
# from the index instead of from thousands of claim rows (1M claims: 390 ms to 38 ms).
# They start with the columns claims_subject and claims_object held, which they replace.
# The start page counts live claims by predicate: all of them from claims_predicate, less
# the retired ones from a partial index that holds those only (1M claims: 1.1 s to 0.1 s).
# (An index of (predicate, deleted) would do it too, but the planner then takes it for
# "these events' claims of these predicates" over claims_event, and a group's timeline
# slows from 0.15 s to 2 s; a partial index serves no query about live claims.)
_M008_TIMELINE = """
        CREATE INDEX claims_subject_day ON claims(subject, predicate, earliest, latest, "time",
                                                 event, deleted, id);
        CREATE INDEX claims_object_day ON claims(object, predicate, earliest, latest, "time",
                                                event, deleted, id);
        CREATE INDEX claims_retired ON claims(predicate) WHERE deleted IS NOT NULL;
        DROP INDEX IF EXISTS claims_subject;
        DROP INDEX IF EXISTS claims_object;
"""


MIGRATIONS: list[Migration] = [
    (1, "initial", _M001_INITIAL),
    (2, "search and reviewed views", _M002_SEARCH),
    (3, "stable_identity", _M003_STABLE_IDENTITY),
    (4, "reviewed views on verdicts", _M004_REVIEWED_VIEWS),
    (5, "claims order index", _M005_CLAIMS_ORDER),
    (6, "event groups", _M006_EVENT_GROUPS),
    (7, "entity resolution log", _M007_RESOLUTION_LOG),
    (8, "timeline indexes", _M008_TIMELINE),
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


SCHEMA_VERSION = MIGRATIONS[-1][0]


def apply_pending(conn: Any, statements_of: Callable[[int, str], Iterable[str]]) -> list[str]:
    """Each migration the base has not recorded, in order: its statements (in the
    dialect ``statements_of`` gives for its number and script) and its row, inside the
    caller's transaction; the names applied. Both backends migrate through this."""
    done = {row[0] for row in conn.execute("SELECT id FROM migrations")}
    applied = []
    for number, name, script in MIGRATIONS:
        if number in done:
            continue
        for statement in statements_of(number, script):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations (id, name, applied) VALUES (?, ?, ?)",
                     (number, name, now()))
        applied.append(name)
    return applied


def migrate(conn: sqlite3.Connection, path: str = "the knowledge base") -> list[str]:
    """Apply pending migrations under an exclusive lock; returns the names applied.

    Why the lock: processes opening one new file at once would otherwise all see "no
    migrations yet" and all create the tables ("table documents already exists"). Under
    ``BEGIN EXCLUSIVE`` the first applies them; the others wait (busy timeout), then see
    them recorded and apply nothing. Each migration's statements run one by one inside
    that transaction (``executescript`` would commit early), so a failed migration leaves
    the file as it was. A file recorded at a newer version than this code knows is
    refused: its tables may mean something else now.
    """
    if not pending(conn) and _version(conn) <= SCHEMA_VERSION:
        return []  # the common case, without taking the write lock
    conn.execute("BEGIN EXCLUSIVE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied TEXT NOT NULL)"
        )
        check_version(conn, path)
        applied = apply_pending(conn, lambda number, script: _statements(script))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return applied


def refuse_newer(version: int, where: str) -> None:
    """A StoreError when a base was made at a schema version newer than this code's (on
    either backend: the migration numbers are shared)."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the knowledge base {where} was made by a newer watchfloor (schema version"
            f" {version}; this one knows up to {SCHEMA_VERSION})",
            "upgrade watchfloor (pip install -U watchfloor) to open it",
        )


def check_version(conn: sqlite3.Connection, path: str) -> int:
    """The file's schema version; a StoreError when it is newer than this code's, or when
    the file holds tables but is no watchfloor knowledge base."""
    version = _version(conn)
    refuse_newer(version, path)
    if version == 0 and conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            " AND name NOT IN ('migrations', 'sqlite_sequence')").fetchone()[0]:
        raise StoreError(f"{path} is a SQLite file but not a watchfloor knowledge base",
                         "pass --db with the knowledge base's file, or a new file name")
    return version


def pending(conn: sqlite3.Connection) -> list[int]:
    """Numbers of the migrations this code knows that the file has not recorded. Not just
    "the newest is missing": branches add numbers out of order (3 may ship before 2), and
    a file made with 1 and 3 still needs 2."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    done = {row[0] for row in conn.execute("SELECT id FROM migrations")} if has_table else set()
    return [number for number, _, _ in MIGRATIONS if number not in done]


def _version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    if has_table is None:
        return 0
    row = conn.execute("SELECT max(id) FROM migrations").fetchone()
    return int(row[0] or 0)


def _statements(script: str) -> list[str]:
    """The SQL statements of a migration script, in order (comments kept with them)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip() and not all(
            ln.strip().startswith("--") or not ln.strip() for ln in pending.splitlines()):
        raise ValueError(f"incomplete statement at the end of a migration: {pending[:80]!r}")
    return out


def schema_version(conn: sqlite3.Connection) -> int:
    return _version(conn)
