"""Entity resolution's storage: candidates by name, the pair links, ``merged_into``.

Why in the store, and what is not: the decisions live in ``resolve.entities`` (is this
pair the same?) and ``resolve.canonical`` (what does the log add up to?); this module only
finds what they need and writes what they decided, inside the caller's transaction, so a
document, the machine's judgements on its entities and the canonical ids they give are
committed together (and an analyst's merge with its log entry). The ``entity_links``
table and the ``merged_into`` column are derived from the log: ``rebuild_resolution``
computes them again from it alone and must find what was kept incrementally.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from watchfloor.resolve.canonical import Link, canonical_ids, links_of
from watchfloor.resolve.entities import (
    DIFFERENT,
    HOPS,
    MACHINE,
    MAX_SHARED,
    SAME,
    Candidate,
    PairJudgement,
    judge,
)
from watchfloor.store.base import Judgement

T = TypeVar("T")
_CHUNK = 500


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(ids))
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


class ResolutionMixin:
    conn: Any  # a sqlite3.Connection, or store.pg_connection.PgConnection

    if TYPE_CHECKING:  # the judgement log's and the store's, beside this mixin
        def _insert_judgement(self, j: Judgement) -> int: ...

        def _write(self, work: Callable[[], T]) -> T: ...

    # -- what the resolver reads ----------------------------------------------------------
    def _candidates(self, ids: Iterable[str]) -> dict[str, Candidate]:
        """The entities ``ids`` as matching sees them: type, catalogue id, names."""
        out: dict[str, Candidate] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            names: dict[str, dict[str, str]] = {}
            for entity, norm, alias in self.conn.execute(
                    f"SELECT entity, norm, alias FROM entity_names WHERE entity IN ({marks})",
                    chunk):
                names.setdefault(str(entity), {})[str(norm)] = str(alias)
            for eid, etype, name, catalogue, placed in self.conn.execute(
                    "SELECT id, type, name, catalogue_id,"
                    " (country IS NOT NULL OR lat IS NOT NULL) FROM entities"
                    f" WHERE id IN ({marks})", chunk):
                out[str(eid)] = Candidate(str(eid), str(etype), str(name),
                                          names.get(str(eid), {}), catalogue, bool(placed))
        return out

    def _names_of(self, ids: Iterable[str]) -> set[tuple[str, str]]:
        """The (type, normalised name) pairs of the entities ``ids`` that have no
        catalogue id (those are never matched by name)."""
        found: set[tuple[str, str]] = set()
        for chunk in _chunks(ids):
            found |= {(str(r[0]), str(r[1])) for r in self.conn.execute(
                "SELECT DISTINCT e.type, n.norm FROM entity_names n"
                " JOIN entities e ON e.id = n.entity"
                f" WHERE n.entity IN ({','.join('?' * len(chunk))})"
                " AND e.catalogue_id IS NULL", chunk)}
        return found

    def _holders(self, names: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
        """Which entities (of the type, without a catalogue id) carry each name: one row
        per holder, so a name carried by hundreds costs hundreds, not their square."""
        found: dict[tuple[str, str], set[str]] = {}
        for chunk in _chunks(n for _, n in names):
            for etype, norm, entity in self.conn.execute(
                    "SELECT e.type, n.norm, n.entity FROM entity_names n"
                    " JOIN entities e ON e.id = n.entity"
                    f" WHERE n.norm IN ({','.join('?' * len(chunk))})"
                    " AND e.catalogue_id IS NULL", chunk):
                if (str(etype), str(norm)) in names:
                    found.setdefault((str(etype), str(norm)), set()).add(str(entity))
        return found

    def _add_names(self, names: dict[str, dict[str, str]]) -> set[str]:
        """Add entities' distinctive names (entity -> normalised -> as written); the
        entities that gained one (for the others no judgement can change: judgements are
        a function of the names)."""
        had: set[tuple[str, str]] = set()
        for chunk in _chunks(names):
            had |= {(str(r[0]), str(r[1])) for r in self.conn.execute(
                "SELECT entity, norm FROM entity_names WHERE entity IN"
                f" ({','.join('?' * len(chunk))})", chunk)}
        new = [(entity, norm, alias) for entity in sorted(names)
               for norm, alias in sorted(names[entity].items()) if (entity, norm) not in had]
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_names (entity, norm, alias) VALUES (?,?,?)", new)
        return {entity for entity, _, _ in new}

    # -- the machine's judgements ---------------------------------------------------------
    def _resolve_entities(self, focus: set[str]) -> set[str]:
        """Judge the pairs the focus entities' names can change, log the judgements that
        differ from the machine's latest word on their pair, and derive the canonical ids
        they reach. Runs inside the document's write transaction. Returns the entities of
        the new judgements: events about them may now merge (or part) with others."""
        if not focus:
            return set()
        known = set(focus)
        frontier = set(focus)
        common: set[tuple[str, str]] = set()
        carriers: set[str] = set()
        for hop in range(HOPS):  # never through a name too common to match by
            holders = self._holders(self._names_of(frontier) - common)
            common |= {k for k, ids in holders.items() if len(ids) > MAX_SHARED}
            if hop == 0:  # the focus's common names' carriers: matches by them are undone
                carriers = {e for k in common for e in holders.get(k, ())}
            frontier = {e for k, ids in holders.items() if k not in common for e in ids} - known
            known |= frontier
            if not frontier:
                break
        known |= carriers
        before = self._machine_links(known)
        unsettled = {x for k in before.values() if k.decision == DIFFERENT for x in (k.a, k.b)}
        linked = [(k.a, k.b) for k in before.values() if k.decision == SAME]
        judgements = judge(focus, self._candidates(known), unsettled, linked, common)
        new = [j for j in judgements if _changed(before.get((j.a, j.b)), j)]
        links = []
        for j in new:
            changes = {"with": j.b, "score": j.score, "reasons": list(j.reasons)}
            review = self._insert_judgement(("entity", j.a, j.decision, changes, MACHINE, None))
            links.append(Link(j.a, j.b, MACHINE, j.decision, None, j.score, review))
        self._apply_links(links)
        return {x for j in new for x in (j.a, j.b)}

    def _machine_links(self, ids: set[str]) -> dict[tuple[str, str], Link]:
        return {(k.a, k.b): k for k in self._links_of(ids) if k.source == MACHINE}

    # -- the links and what they add up to ------------------------------------------------
    def _links_of(self, ids: Iterable[str]) -> list[Link]:
        """Every stored link with an end in ``ids``."""
        out: dict[tuple[str, str, str], Link] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                    "SELECT a, b, source, decision, keep, score, review FROM entity_links"
                    f" WHERE a IN ({marks}) OR b IN ({marks})", [*chunk, *chunk]):
                link = Link(str(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], r[5], int(r[6]))
                out[(link.a, link.b, link.source)] = link
        return list(out.values())

    def _apply_links(self, links: list[Link]) -> None:
        """Store the links (each the latest word of its source on its pair) and derive
        ``merged_into`` again for every entity they can reach."""
        if not links:
            return
        for k in links:
            self.conn.execute("DELETE FROM entity_links WHERE a = ? AND b = ? AND source = ?",
                              (k.a, k.b, k.source))
            self.conn.execute(
                "INSERT INTO entity_links (a, b, source, decision, keep, score, review)"
                " VALUES (?,?,?,?,?,?,?)",
                (k.a, k.b, k.source, k.decision, k.keep, k.score, k.review))
        self._derive({k.a for k in links} | {k.b for k in links})

    def _derive(self, touched: set[str]) -> None:
        """Recompute ``merged_into`` for the groups ``touched`` entities were in and every
        entity a "same" link reaches from them (a closed set: no group crosses it)."""
        members = set(touched)
        for chunk in _chunks(touched):
            marks = ",".join("?" * len(chunk))
            roots = {str(r[0]) for r in self.conn.execute(
                f"SELECT COALESCE(merged_into, id) FROM entities WHERE id IN ({marks})", chunk)}
            members |= roots
            for rchunk in _chunks(roots):
                members |= {str(r[0]) for r in self.conn.execute(
                    "SELECT id FROM entities WHERE merged_into IN"
                    f" ({','.join('?' * len(rchunk))})", rchunk)}
        frontier = set(members)
        links: dict[tuple[str, str, str], Link] = {}
        while frontier:
            reached: set[str] = set()
            for k in self._links_of(frontier):
                links[(k.a, k.b, k.source)] = k
                if k.decision == "same":
                    reached |= {k.a, k.b}
            frontier = reached - members
            members |= frontier
        self._set_canonical(canonical_ids(members, links.values()))

    def _set_canonical(self, canonical: dict[str, str]) -> None:
        current = {}
        for chunk in _chunks(canonical):
            current.update({str(r[0]): r[1] for r in self.conn.execute(
                f"SELECT id, merged_into FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                chunk)})
        for entity, root in sorted(canonical.items()):
            want = None if root == entity else root
            if entity in current and current[entity] != want:
                self.conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?",
                                  (want, entity))

    def rebuild_resolution(self) -> int:
        """Derive ``entity_links`` and every ``merged_into`` again from the log alone (in
        one transaction); returns how many entities are merged into another."""
        def work() -> int:
            links: dict[tuple[str, str, str], Link] = {}
            for r in self.conn.execute(
                    "SELECT id, target, decision, changes, reviewer FROM reviews"
                    " WHERE target_kind = 'entity' ORDER BY id"):
                row = {"id": r[0], "target": r[1], "decision": r[2],
                       "changes": json.loads(r[3]), "reviewer": r[4]}
                for k in links_of(row):
                    links[(k.a, k.b, k.source)] = k
            self.conn.execute("DELETE FROM entity_links")
            for k in links.values():
                self.conn.execute(
                    "INSERT INTO entity_links (a, b, source, decision, keep, score, review)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (k.a, k.b, k.source, k.decision, k.keep, k.score, k.review))
            ids = [str(r[0]) for r in self.conn.execute("SELECT id FROM entities")]
            canonical = canonical_ids(ids, links.values())
            self.conn.execute("UPDATE entities SET merged_into = NULL"
                              " WHERE merged_into IS NOT NULL")
            for entity, root in sorted(canonical.items()):
                if root != entity:
                    self.conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?",
                                      (root, entity))
            return sum(1 for e, r in canonical.items() if e != r)

        return self._write(work)

    def resolution_log(self, entity: str) -> list[dict[str, Any]]:
        """The log's rows on the pairs ``entity`` is part of (machine judgements with
        their score and reasons, analysts' merges and splits), oldest first."""
        partners = {x for k in self._links_of([entity]) for x in (k.a, k.b)} | {entity}
        rows = []
        for chunk in _chunks(partners):
            rows += [dict(r) for r in self.conn.execute(
                "SELECT * FROM reviews WHERE target_kind = 'entity' AND target IN"
                f" ({','.join('?' * len(chunk))})", chunk)]
        for r in rows:
            r["changes"] = json.loads(r["changes"])
        return sorted((r for r in rows if _about(r, entity)), key=lambda r: int(r["id"]))


def _changed(before: Link | None, now_: PairJudgement) -> bool:
    return before is None or before.decision != now_.decision or before.score != now_.score



def _about(row: dict[str, Any], entity: str) -> bool:
    """Whether a log row of the ``entity`` kind judges a pair with ``entity`` in it."""
    changes = row["changes"]
    return entity in (row["target"], changes.get("with"), changes.get("merged_into"),
                      changes.get("was_merged_into")) or entity in (changes.get("from") or [])
