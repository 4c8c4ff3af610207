"""``metadata.json`` for browsing a knowledge base with Datasette.

Datasette opens any SQLite file; this tells it what the tables mean, which full-text
index searches which table, which tables to keep out of the way, and offers a few
canned queries, so ``datasette watchfloor.db -m metadata.json`` starts on the reviewed
views rather than on raw machine output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchfloor import __version__

TABLES: dict[str, dict[str, Any]] = {
    "reviewed_claims": {"description": "Claims as every watchfloor view shows them: rejected"
                        " ones left out, the latest correction applied, names beside ids and"
                        " the sentence each rests on."},
    "reviewed_events": {"description": "Each report's events with reviews applied, the place"
                        " (name, country, coordinates), perpetrators by name and the sentence."
                        " Merging across reports is done by `watchfloor timeline` and the API."},
    "documents": {"description": "The cleaned documents; `dropped` is what cleaning removed."},
    "entities": {"description": "Groups, people, organisations and places; `merged_into` is"
                 " the id the entity is read under, derived from the judgement log"
                 " (watchfloor's name matches, analysts' merges and splits)."},
    "entity_links": {"description": "The latest word of watchfloor and of the analysts on"
                     " each pair of entities (same or different, score, the review row);"
                     " folded from `reviews`."},
    "entity_names": {"hidden": True},
    "aliases": {"description": "Every name an entity is written as (searchable: the index"
                " shares the table's rowids).",
                "fts_table": "search_names", "fts_pk": "rowid"},
    "claims": {"description": "Machine output as extracted (reviews are not applied here:"
               " see reviewed_claims)."},
    "events": {"description": "Machine output as extracted (see reviewed_events)."},
    "evidence": {"description": "The sentence span behind each claim."},
    "reviews": {"description": "The judgement log: who decided what, when and why."},
    "search_sentences": {"description": "Full-text index of every sentence."},
    "search_names": {"hidden": True},
    "sentences": {"hidden": True},
    "mentions": {"description": "Where each entity is named in each document."},
    "runs": {"hidden": True},
    "migrations": {"hidden": True},
    "base_info": {"hidden": True},
}
QUERIES: dict[str, dict[str, str]] = {
    "claims_about": {
        "title": "Claims about an entity (by name)",
        "sql": "SELECT predicate, subject_name, object_name, value, low, high, \"time\","
               " certainty, attributed_to, sentence, document_title FROM reviewed_claims"
               " WHERE subject_name = :name OR object_name = :name ORDER BY \"time\"",
    },
    "search_sentences": {
        "title": "Sentences holding words",
        "sql": "SELECT d.title, d.published, s.text FROM search_sentences s JOIN documents d"
               " ON d.id = s.document WHERE search_sentences MATCH :words"
               " ORDER BY bm25(search_sentences) LIMIT 100",
    },
    "events_in_country": {
        "title": "Events in a country (ISO code)",
        "sql": "SELECT date, type, method, location_name, perpetrator_names, killed_low,"
               " killed_high, injured_low, injured_high, sentence, document_title"
               " FROM reviewed_events WHERE country = :country ORDER BY date",
    },
}


def metadata(db: str | Path) -> dict[str, Any]:
    name = Path(db).stem
    return {
        "title": f"watchfloor: {name}",
        "description": "A sourced knowledge base of claims about armed groups, made by"
                       f" watchfloor {__version__}. Start with reviewed_claims and"
                       " reviewed_events.",
        "databases": {name: {"tables": TABLES, "queries": QUERIES}},
    }
