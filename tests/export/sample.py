"""A small knowledge base for the export tests, built from sentences written for them:
two groups, a leader, a located attack with a toll, a dated enmity, a strength figure, an
unlocated place, and one claim an analyst rejected (which no export may contain)."""

from __future__ import annotations

import io

from watchfloor.export.common import Exporter, export
from watchfloor.records import Place
from watchfloor.resolve.judgements import review
from watchfloor.store.opening import AnyKnowledgeBase

from conftest import make_extraction

ATTACK = ("On 8 October 2021 a suicide bomber killed at least 46 worshippers at a mosque in "
          "Kunduz")
TEXT = (f"{ATTACK}. ISKP claimed the attack. ISKP is led by Shahab al-Muhajir. ISKP has been "
        "hostile to the Taliban since 2015. A UN report put ISKP's strength at 4,000 fighters "
        "in 2021. Some said ISKP was allied with the Taliban. ISKP operates in Nowhereabad.")
REJECTED = "Some said ISKP was allied with the Taliban."

GROUP = "islamic-state-khorasan-province"
TALIBAN = "taliban"
LEADER = "person:shahab al-muhajir"
KUNDUZ = "location:kunduz"
NOWHERE = "location:nowhereabad"


def build(kb: AnyKnowledgeBase) -> AnyKnowledgeBase:
    ex = make_extraction(
        TEXT,
        [(GROUP, "armed_group", "ISKP", ["ISKP", "Islamic State Khorasan Province"]),
         (TALIBAN, "armed_group", "Taliban"),
         (LEADER, "person", "Shahab al-Muhajir"),
         (KUNDUZ, "location", "Kunduz"),
         (NOWHERE, "location", "Nowhereabad")],
        [(GROUP, "perpetrator_of", None, "ISKP claimed the attack.",
          {"certainty": "claimed", "event": "e1"}),
         ("e1", "killed", None, ATTACK, {"low": 46.0, "value": "at least", "event": "e1",
                                         "time": "2021-10-08"}),
         (LEADER, "leader_of", GROUP, "ISKP is led by Shahab al-Muhajir."),
         (GROUP, "hostile_to", TALIBAN, "ISKP has been hostile to the Taliban since 2015.",
          {"time": "2015/..", "certainty": "probable"}),
         (GROUP, "fighters", None, "A UN report put ISKP's strength at 4,000 fighters in 2021.",
          {"low": 4000.0, "high": 4000.0, "time": "2021", "attributed_to": "a UN report",
           "unit": "fighters"}),
         (GROUP, "allied_with", TALIBAN, REJECTED, {"certainty": "possible"}),
         (GROUP, "operates_in", NOWHERE, "ISKP operates in Nowhereabad.")],
        [("e1", "attack", ATTACK,
          {"date": "2021-10-08", "location": KUNDUZ, "perpetrators": [GROUP],
           "method": "suicide_bombing", "killed": (46.0, None), "target": "worshippers"})],
        title="Kunduz mosque bombing", published="2021-10-09", publisher="Kabul Monitor",
        url="https://example.org/kunduz",
    )
    ex.entities[KUNDUZ].place = Place("Kunduz", "AF", "Kunduz", 36.72898, 68.857, "city")
    kb.write_extraction(ex, model="m")
    rejected = next(c["id"] for c in kb.claims() if c["predicate"] == "allied_with")
    review(kb, "claim", rejected, "reject", reviewer="tester")
    return kb


def run(kb: AnyKnowledgeBase, make: type[Exporter]) -> str:
    buf = io.StringIO()
    export(kb, make(buf))
    return buf.getvalue()
