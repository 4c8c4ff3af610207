"""Stored event groups, maintained as documents and judgements arrive, equal a full
recomputation whatever the order (on both backends)."""

from __future__ import annotations

import contextlib
import random

import pytest

from watchfloor.exceptions import WatchfloorError
from watchfloor.records import Claim, Document, EntityRecord, Event, Evidence, Extraction, Place
from watchfloor.resolve.event_groups import recompute
from watchfloor.resolve.event_links import merge_events, split_event
from watchfloor.resolve.events import consolidated_events
from watchfloor.resolve.judgements import merge_entities, review, split_entity
from watchfloor.store.event_groups import GroupQuery
from watchfloor.store.writing import event_id

GROUPS = {"group:alpha": "Alpha Front", "group:beta": "Beta Brigade",
          "group:gamma": "Gamma Legion"}
PLACES = {  # two towns 20 km apart, one far off, one over the border, one without geocode
    "location:nurabad": ("Nurabad", Place("Nurabad", "AF", "Kunduz", 36.70, 68.85, "city")),
    "location:qalagai": ("Qalagai", Place("Qalagai", "AF", "Kunduz", 36.80, 69.05, "city")),
    "location:farah": ("Farah", Place("Farah", "AF", "Farah", 32.37, 62.11, "city")),
    "location:chaman": ("Chaman", Place("Chaman", "PK", "Balochistan", 30.92, 66.45, "city")),
    "location:darwaz": ("Darwaz", None),
}
DATES = ["2021-10-08", "2021-10-08", "2021-10-09", "2021-10", "2021-10-07/2021-10-09",
         "2021-11-02", "2021"]


def _report(i: int, rng: random.Random) -> Extraction:
    """A made-up report of one to three attacks, each with its own sentence and toll."""
    events = []
    sentences = []
    for j in range(rng.randint(1, 3)):
        place = rng.choice([*PLACES, None])
        who = rng.choice([*GROUPS, None])
        killed = float(rng.randint(1, 40))
        where = PLACES[place][0] if place else "a village"
        sentences.append(f"Report {i}: gunmen of {GROUPS.get(who or '', 'unknown men')} killed"
                         f" {int(killed)} people in {where} (attack {j}).")
        events.append((f"e{j}", rng.choice(DATES), place, who, killed))
    text = " ".join(sentences)
    ex = Extraction(document=Document(text=text, title=f"Report {i}",
                                      published=f"2021-11-{1 + i % 28:02d}"),
                    extractors=["test.v1"])
    for key, name in GROUPS.items():
        ex.entities[key] = EntityRecord(key, "armed_group", name, {name})
    for key, (name, place) in PLACES.items():
        ex.entities[key] = EntityRecord(key, "location", name, {name}, place=place)
    pos = 0
    for sentence, (key, date, place, who, killed) in zip(sentences, events, strict=True):
        ev = Evidence(ex.document.id, pos, pos + len(sentence), sentence)
        pos += len(sentence) + 1
        ex.events.append(Event(key, "attack", ev, date=date, location=place,
                               perpetrators=[who] if who else [], killed=(killed, killed),
                               extractor="test.v1"))
        ex.claims.append(Claim(key, "killed", ev, low=killed, high=killed, event=key,
                               time=date, extractor="test.v1", confidence=0.8))
    return ex


def _reports() -> list[Extraction]:
    rng = random.Random(20211008)
    return [_report(i, rng) for i in range(14)]


def _assert_stored_equal_recomputed(kb) -> None:
    stored = list(consolidated_events(kb))
    assert stored == recompute(kb)
    live = [e["id"] for e in kb.events(include_rejected=True)]
    assert set(kb.groups_of(live)) == set(live)  # every live event is in one group


def _judge(kb, step: int, reports: list[Extraction]) -> None:
    """The judgements made after the ``step``-th document, each where its targets exist."""
    ids = [event_id(r.document.id, e.key) for r in reports for e in r.events]
    live = {e["id"] for e in kb.events(include_rejected=True)}
    have = [i for i in ids if i in live]
    if not have:
        return
    pick = have[step % len(have)]
    toll = next((c["id"] for c in kb.claims() if c["event"] == pick), None)
    actions = [
        lambda: review(kb, "event", pick, "reject", reviewer="ana"),
        lambda: review(kb, "event", pick, "correct", {"date": "2021-10-08"}, reviewer="ana"),
        lambda: merge_events(kb, have[0], have[-1], reviewer="ana"),
        lambda: split_event(kb, pick, reviewer="ana"),
        lambda: merge_entities(kb, "Alpha Front", "Beta Brigade", reviewer="ana"),
        lambda: split_entity(kb, "group:beta", reviewer="ana"),
        lambda: review(kb, "claim", toll, "correct", {"low": 99.0, "high": 99.0},
                       reviewer="ana") if toll else None,
        lambda: review(kb, "event", pick, "correct", {"location": "location:chaman",
                                                      "perpetrators": ["group:gamma"]},
                       reviewer="ana"),
    ]
    with contextlib.suppress(WatchfloorError):  # not possible now (nothing to split, say)
        actions[step % len(actions)]()
    merged = kb.event_groups(GroupQuery(merged_only=True), limit=1)
    if merged and step % 3 == 0:  # a decision on a merged event as a whole
        review(kb, "event", merged[0]["id"], "correct", {"killed_low": 1.0, "killed_high": 120.0},
               reviewer="ana")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_event_groups_equal_a_full_recomputation_in_any_order(kb, seed: int) -> None:
    reports = _reports()
    order = list(reports)
    random.Random(seed).shuffle(order)
    for step, report in enumerate(order):
        kb.write_extraction(report, model="m")
        _assert_stored_equal_recomputed(kb)
        _judge(kb, step, reports)
        _assert_stored_equal_recomputed(kb)
    # a re-run that finds one attack fewer in a report (reprocess)
    shorter = order[0]
    shorter.events = shorter.events[1:] or shorter.events
    shorter.claims = [c for c in shorter.claims if c.subject in {e.key for e in shorter.events}]
    kb.write_extraction(shorter, model="m", replace=True)
    _assert_stored_equal_recomputed(kb)
    assert any(len(e["members"]) > 1 for e in consolidated_events(kb))


def test_event_groups_shuffled_orders_give_the_same_groups(new_kb_url) -> None:
    """Without judgements the groups do not depend on the order documents arrive in."""
    from watchfloor.store.opening import open_knowledge_base

    found = []
    for seed in (4, 5):
        order = _reports()
        random.Random(seed).shuffle(order)
        kb = open_knowledge_base(new_kb_url())
        for report in order:
            kb.write_extraction(report, model="m")
        found.append(sorted(tuple(e["members"]) for e in consolidated_events(kb)))
        kb.close()
    assert found[0] == found[1]


def test_event_groups_rebuild_gives_what_was_maintained(kb) -> None:
    for report in _reports():
        kb.write_extraction(report, model="m")
    before = list(consolidated_events(kb))
    assert kb.rebuild_event_groups() == len(kb.events(include_rejected=True)) - sum(
        len(e["members"]) - 1 for e in before)
    assert list(consolidated_events(kb)) == before


def test_event_groups_one_group_read_through_the_actor_index(kb) -> None:
    for report in _reports():
        kb.write_extraction(report, model="m")
    alpha = kb.event_groups(GroupQuery(entities=("group:alpha",)))
    assert alpha and all("group:alpha" in e["perpetrators"] for e in alpha)
    every = [e for e in consolidated_events(kb) if "group:alpha" in e["perpetrators"]]
    assert alpha == every
    assert kb.event_groups(GroupQuery(entities=("group:alpha",)), limit=2, offset=1) == \
        every[1:3]


def test_event_groups_an_old_base_gets_them_on_its_first_writable_open(kb_url) -> None:
    """Migration 6 leaves the groups to build: the first writer builds them; a reader
    before that is told to run one."""
    from watchfloor.exceptions import StoreError
    from watchfloor.store.opening import open_knowledge_base

    kb = open_knowledge_base(kb_url)
    for report in _reports()[:6]:
        kb.write_extraction(report, model="m")
    before = list(consolidated_events(kb))
    kb.forget_event_groups()  # what a base has right after migration 6
    kb.close()
    with pytest.raises(StoreError, match="needs its events grouped"):
        open_knowledge_base(kb_url, readonly=True)
    open_knowledge_base(kb_url).close()
    with open_knowledge_base(kb_url, readonly=True) as kb:
        assert list(consolidated_events(kb)) == before


def _every_conflict(kb):
    """Conflicts computed over every claim and every consolidated event at once."""
    from watchfloor.ontology import load_ontology
    from watchfloor.resolve import conflicts as c
    from watchfloor.store.base import ClaimFilter

    events = list(consolidated_events(kb))
    event_of = {m: ev["id"] for ev in events for m in ev["members"]}
    claims = kb.claims(ClaimFilter())
    rows = {r["id"]: r for r in kb.events()}
    return (c.figure_conflicts(claims, set(load_ontology().quantities), event_of)
            + c.relation_conflicts(claims) + c.leader_conflicts(claims)
            + c.date_conflicts(events, rows))


def test_conflicts_of_the_whole_base_key_by_key_equal_every_claim_at_once(kb) -> None:
    from watchfloor.resolve.conflicts import find_conflicts

    for report in _reports():
        kb.write_extraction(report, model="m")
    toll = next(c for c in kb.claims() if c["predicate"] == "killed")
    review(kb, "claim", toll["id"], "correct", {"low": 500.0, "high": 500.0}, reviewer="ana")
    every = _every_conflict(kb)
    assert {c.kind for c in every} >= {"figure", "date"}
    assert find_conflicts(kb) == every
    assert find_conflicts(kb, limit=3) == every[:3]


def test_event_groups_pages_by_keyset_give_the_whole_list(kb) -> None:
    for report in _reports():
        kb.write_extraction(report, model="m")
    every = kb.event_groups()
    assert len(every) > 5
    assert list(kb.iter_event_groups(batch=2)) == every
    assert kb.count_event_groups() == len(every)
    assert kb.event_groups(limit=3, offset=2) == every[2:5]
