"""A cheap fingerprint of the knowledge base's contents, for caches of derived views.

Every write that can change a derived view leaves a trace here: an extraction (first or
re-processed) adds a ``runs`` row, and every judgement (review, merge, split, event link)
adds a ``reviews`` row. Reading the two maxima costs two index look-ups, so a long-lived
process (the web app) can keep a view computed once and know, at each request, whether
another process has changed the base since.
"""

from __future__ import annotations

import sqlite3


class ChangeMarkerMixin:
    conn: sqlite3.Connection

    def change_marker(self) -> tuple[str, int, int, int, int]:
        """(the file's random id, last run id, last judgement other than a claim review,
        documents, last claim review): equal markers, equal contents (the id tells apart a
        file deleted and another made at the same path). Claim reviews come last and
        apart: they change less (which claims an event rests on), so a cache can refresh
        just that."""
        row = self.conn.execute(
            "SELECT (SELECT value FROM base_info WHERE key = 'id'),"
            " (SELECT COALESCE(max(id), 0) FROM runs),"
            " (SELECT COALESCE(max(id), 0) FROM reviews WHERE target_kind != 'claim'),"
            " (SELECT count(*) FROM documents),"
            " (SELECT COALESCE(max(id), 0) FROM reviews WHERE target_kind = 'claim')"
        ).fetchone()
        return str(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4])
