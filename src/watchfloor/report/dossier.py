"""The dossier of an entity as a data structure: what the knowledge base says about it,
every item carrying the claims (and so the sentences) behind it.

The terminal view, the HTML/Markdown reports and the Python API all render this one
structure, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from watchfloor.ontology import load_ontology
from watchfloor.store.base import ClaimFilter, KnowledgeBase, Row

# Which relation predicates fill which dossier section, seen from the dossier's entity.
# (predicate, the entity is the claim's subject?) -> section
SECTIONS: dict[tuple[str, bool], str] = {
    ("part_of", True): "parents",
    ("part_of", False): "branches",
    ("split_from", True): "split_from",
    ("split_from", False): "splinters",
    ("leader_of", False): "leaders",
    ("deputy_leader_of", False): "deputies",
    ("founder_of", False): "founders",
    ("member_of", False): "members",
    ("allied_with", True): "allies",
    ("allied_with", False): "allies",
    ("cooperates_with", True): "allies",
    ("cooperates_with", False): "allies",
    ("hostile_to", True): "enemies",
    ("hostile_to", False): "enemies",
    ("supported_by", True): "supporters",
    ("pledged_allegiance_to", True): "pledged_to",
    ("pledged_allegiance_to", False): "pledges_received",
    ("members_joined_from", True): "members_from",
    ("operates_in", True): "areas",
    ("controls", True): "areas",
    ("based_in", True): "areas",
    ("lost_control_of", True): "areas_lost",
    ("leader_of", True): "leads",
    ("member_of", True): "member_of",
    ("relative_of", True): "relatives",
    ("relative_of", False): "relatives",
}


@dataclass
class Dossier:
    entity: Row
    aliases: list[str]
    sections: dict[str, list[Row]] = field(default_factory=dict)
    strength: list[Row] = field(default_factory=list)  # quantity claims (fighters, ...)
    events: list[Row] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)  # events merged across reports
    # the judgement log's rows on the entity's names: the machine's matches (score, why)
    # and the analysts' merges and splits, so the reader sees why it is one entity
    matched: list[Row] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # entity id -> display name
    # event id -> a claim read from the event's sentence (its toll or its perpetrator): the
    # event's footnote
    event_claims: dict[str, Row] = field(default_factory=dict)

    def name(self, entity_id: str | None) -> str:
        if not entity_id:
            return ""
        return self.names.get(entity_id, entity_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "aliases": self.aliases,
            "sections": self.sections,
            "strength": self.strength,
            "events": self.events,
            "merged": self.merged,
            "sources": self.sources,
        }


MERGE_HEADERS = ["merged event", "date", "reports", "merged by", "score", "why"]


def merge_cells(event: dict[str, Any]) -> list[str]:
    """Who merged a merged event's reports, the lowest pair score and its reasons."""
    merges = event.get("merge") or []
    if not merges:
        return ["", "", ""]
    low = min(merges, key=lambda m: m["score"])
    return [", ".join(sorted({m["by"] for m in merges})), f"{low['score']:.2f}",
            "; ".join(low["reasons"])]


def merged_events(kb: KnowledgeBase, member_ids: set[str]) -> list[dict[str, Any]]:
    """The merged events the dossier's events are part of, with each merge judgement (who,
    score, reasons): the analyst sees which reports were taken as one, and can split."""
    from watchfloor.store.event_groups import GroupQuery

    groups = tuple(set(kb.groups_of(member_ids).values()))
    return [ev for ev in kb.event_groups(GroupQuery(ids=groups, merged_only=True))
            if member_ids & set(ev["members"])]


def display_names(kb: KnowledgeBase, rows: list[Row]) -> dict[str, str]:
    """What a table shows for each id in these claims: an entity's name, and for a
    document event (the subject of a toll) its type and place, "attack, Kunduz"."""
    said = {str(c[key]) for c in rows for key in ("subject", "object", "place", "event")
            if c.get(key)}
    events = {s for s in said if s.startswith("evt-")}
    found = kb.names_for(said - events)
    names = {s: found.get(s, s) for s in said - events}  # a dangling id shows as itself
    told = kb.events(ids=sorted(events)) if events else []
    places = kb.names_for({str(ev["location"]) for ev in told if ev.get("location")})
    for ev in told:
        where = places.get(str(ev.get("location") or ""), "")
        names[ev["id"]] = ", ".join(p for p in (ev["type"].replace("_", " "), where) if p)
    return names


def entity_judgements(kb: KnowledgeBase, ids: set[str]) -> list[Row]:
    """The log's judgements on pairs with one of ``ids`` in them, oldest first, once each."""
    rows = {r["id"]: r for i in sorted(ids) for r in kb.resolution_log(i)}
    return [rows[k] for k in sorted(rows)]


def match_cells(row: Row) -> list[str]:
    """(entity, the other side, decision, who · score, why) of one entity judgement."""
    changes = row["changes"]
    other = (changes.get("with") or changes.get("merged_into")
             or ", ".join(changes.get("from") or []) or changes.get("was_merged_into") or "")
    score = changes.get("score")
    who = row["reviewer"] + (f" · {score:.2f}" if isinstance(score, int | float) else "")
    return [str(row["target"]), str(other), str(row["decision"]), who,
            "; ".join(changes.get("reasons") or []) or str(row.get("note") or "")]


def most_mentioned(kb: KnowledgeBase, type: str = "armed_group") -> Row | None:
    rows = kb.entities(type)
    return rows[0] if rows else None


def build_dossier(kb: KnowledgeBase, entity_id: str) -> Dossier:
    onto = load_ontology()
    entity = kb.entity(entity_id)
    eid = entity["id"]
    own = set(kb.merged_ids(eid))
    dossier = Dossier(entity=entity, aliases=entity["aliases"])
    claims = kb.claims(ClaimFilter(entity=eid))
    doc_ids: set[str] = set()
    for claim in claims:
        doc_ids.add(claim["document"])
        pred = claim["predicate"]
        if onto.is_quantity(pred) and claim["subject"] in own:
            dossier.strength.append(claim)
            continue
        if not onto.is_relation(pred):
            continue
        as_subject = claim["subject"] in own
        section = SECTIONS.get((pred, as_subject))
        if section:
            dossier.sections.setdefault(section, []).append(claim)
    # the members of the stored groups that name the entity (their actors index), checked
    about = kb.group_members(kb.group_ids_about(own))
    events = [
        ev for ev in kb.events(ids=[m for ms in about.values() for m in ms])
        if own & set(ev["perpetrators"]) or ev["location"] in own or ev["subject"] in own
    ]
    dossier.events = events
    ids = {ev["id"] for ev in events}
    for claim in claims:
        about = claim.get("event") or claim["subject"]
        if about in ids and claim.get("evidence"):
            dossier.event_claims.setdefault(about, claim)
    dossier.merged = merged_events(kb, {ev["id"] for ev in events})
    dossier.matched = entity_judgements(kb, own)
    doc_ids |= {ev["document"] for ev in events}
    dossier.sources = kb.documents(doc_ids)
    wanted = {c.get(k) for c in claims for k in ("subject", "object", "place")}
    wanted |= {p for ev in events for p in ev["perpetrators"]} | {ev["location"] for ev in events}
    dossier.names.update(kb.names_for(str(w) for w in wanted
                                      if w and not str(w).startswith("evt-")))
    dossier.names[eid] = entity["name"]
    return dossier
