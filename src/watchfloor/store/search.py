"""Full-text search and the per-document reads the document reader needs.

The FTS5 tables (migration 2) are filled by triggers, so every writer keeps them current;
this module only queries them. A user's words never reach FTS5 syntax: each word becomes
a quoted phrase, so ``AND``, ``NEAR(`` or a stray quote are searched for, not obeyed.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from watchfloor.store.base import Row

_WORD = re.compile(r"\w+", re.UNICODE)

# Above this many matching sentences, ranking them all by bm25 costs seconds (5.7 s for
# 1M sentences matching two common words); the newest sentences come first instead,
# which FTS5 reads in rowid order and stops after the page.
RANKED_HITS = 2000


def fts_query(text: str, prefix: bool = False) -> str:
    """The words of ``text`` as an FTS5 query matching all of them ('' when none)."""
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


class SearchMixin:
    conn: sqlite3.Connection

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def canonical(self, entity_id: str) -> str:  # implemented by the store
        raise NotImplementedError

    def search_names(self, text: str, limit: int = 20) -> list[Row]:
        """Entities whose name or an alias holds every word of ``text`` (the last word as a
        prefix), best match first; each entity once, as its canonical (merged) self."""
        query = fts_query(text, prefix=True)
        if not query:
            return []
        hits = self._rows(
            "SELECT s.entity, s.alias, bm25(search_names) AS score FROM search_names s"
            " WHERE search_names MATCH ? ORDER BY score LIMIT ?", (query, limit * 5))
        return self._entities_of_hits(hits, limit)

    def _entities_of_hits(self, hits: list[Row], limit: int) -> list[Row]:
        """Each matched alias's entity once, as its canonical (merged) self, in hit order;
        shared by both backends' name search."""
        out: list[Row] = []
        seen: set[str] = set()
        for hit in hits:
            eid = self.canonical(hit["entity"])
            if eid in seen:
                continue
            seen.add(eid)
            row = self._rows("SELECT id, type, name, country FROM entities WHERE id = ?", (eid,))
            if row:
                out.append({**row[0], "matched": hit["alias"]})
            if len(out) >= limit:
                break
        return out

    def search_sentences(self, text: str, limit: int = 50) -> list[Row]:
        """Sentences holding every word of ``text``, with the document's title and a snippet
        whose matches are wrapped in U+E000/U+E001 (the page turns them into marks after
        escaping the rest)."""
        query = fts_query(text)
        if not query:
            return []
        many = self.conn.execute(
            "SELECT count(*) FROM (SELECT rowid FROM search_sentences"
            " WHERE search_sentences MATCH ? LIMIT ?)", (query, RANKED_HITS + 1)).fetchone()[0]
        order = "s.rowid DESC" if many > RANKED_HITS else "bm25(search_sentences)"
        return self._rows(
            "SELECT s.document, s.idx, snippet(search_sentences, 0, char(57344), char(57345),"
            " '…', 24) AS snippet, d.title, d.published FROM search_sentences s"
            " JOIN documents d ON d.id = s.document WHERE search_sentences MATCH ?"
            f" ORDER BY {order} LIMIT ?", (query, limit))

    def all_names(self) -> list[tuple[str, str]]:
        """Every (alias, entity id): what fuzzy suggestions compare a misspelt name with."""
        return [(str(a), str(e)) for a, e in self.conn.execute("SELECT alias, entity FROM aliases")]

    def document_sentences(self, document_id: str) -> list[Row]:
        return self._rows('SELECT idx, start, "end" FROM sentences WHERE document = ?'
                          " ORDER BY idx", (document_id,))

    def document_mentions(self, document_id: str) -> list[Row]:
        """The document's mentions with their entity's type and name (as stored; the page
        links to the entity, which follows merges)."""
        return self._rows(
            'SELECT m.start, m."end", m.text, m.entity, e.type, e.name FROM mentions m'
            " JOIN entities e ON e.id = m.entity WHERE m.document = ? ORDER BY m.start",
            (document_id,))
