"""Full-text search and the per-document reads, on PostgreSQL (``store.search``'s twin).

Why ``tsquery`` built here and not ``plainto_tsquery``: the last word must match as a
prefix (``crims`` finds "Crimson Hand"), which only ``to_tsquery``'s ``:*`` says. A user's
words never reach ``tsquery`` syntax: only runs of letters and digits are kept, so ``&``,
``!``, ``(`` or a stray quote are dropped, not obeyed. The aliases are searched through
migration 2's expression index, the sentences through its ``search_sentences`` table, both
with accents folded (``watchfloor_fold``), as FTS5's ``remove_diacritics`` folds them.
"""

from __future__ import annotations

import re
from typing import Any

from watchfloor.store.base import Row
from watchfloor.store.search import SearchMixin

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: ``ts_headline``'s options: matches wrapped in U+E000/U+E001, as FTS5's snippet does.
#: What migration 2's expression index holds, so the planner uses it.
_ALIAS = "to_tsvector('simple', watchfloor_fold(a.alias))"
_HEADLINE = "StartSel=\ue000, StopSel=\ue001, MaxWords=24, MinWords=12, ShortWord=0"


def ts_query(text: str, prefix: bool = False) -> str:
    """The words of ``text`` as a ``to_tsquery`` text matching all of them ('' when none)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return ""
    if prefix:
        words[-1] += ":*"
    return " & ".join(words)


class PgSearchMixin(SearchMixin):
    """PostgreSQL's own full-text search in place of FTS5; the plain reads (names, a
    document's sentences and mentions) are SQLite's, whose SQL both backends speak."""

    conn: Any  # store.pg_connection.PgConnection

    def search_names(self, text: str, limit: int = 20) -> list[Row]:
        """Entities whose name or an alias holds every word of ``text`` (the last word as a
        prefix), best match first; each entity once, as its canonical (merged) self."""
        query = ts_query(text, prefix=True)
        if not query:
            return []
        hits = self._rows(
            f"SELECT a.entity, a.alias, ts_rank({_ALIAS}, q) AS score"
            " FROM aliases a, to_tsquery('simple', watchfloor_fold(?)) q"
            f" WHERE {_ALIAS} @@ q"
            " ORDER BY score DESC, length(a.alias), a.alias LIMIT ?", (query, limit * 5))
        return self._entities_of_hits(hits, limit)

    def search_sentences(self, text: str, limit: int = 50) -> list[Row]:
        """Sentences holding every word of ``text``, with the document's title and a snippet
        whose matches are wrapped in U+E000/U+E001 (the page turns them into marks after
        escaping the rest)."""
        query = ts_query(text)
        if not query:
            return []
        return self._rows(
            "SELECT s.document, s.idx, ts_headline('simple', s.text, q, ?) AS snippet,"
            " d.title, d.published FROM search_sentences s"
            " CROSS JOIN to_tsquery('simple', watchfloor_fold(?)) q"
            " JOIN documents d ON d.id = s.document"
            " WHERE s.tsv @@ q ORDER BY ts_rank(s.tsv, q) DESC, s.document, s.idx LIMIT ?",
            (_HEADLINE, query, limit))
