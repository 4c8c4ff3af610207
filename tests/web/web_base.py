"""A small knowledge base written for the web tests, and the app served on a free port.

The documents are our own: two reports about an invented group, one quoting hostile
markup (``<script>``, ``onerror=``) that every page must show as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from watchfloor.records import Dropped, Place, Sentence
from watchfloor.store.opening import open_knowledge_base
from watchfloor.web.server import Running, free_port, in_background

from conftest import make_extraction

__all__ = ["Running", "build_base", "free_port", "serving"]

GROUP = "armed_group:crimson-hand"
ALLY = "armed_group:blue-lantern-front"
LEADER = "person:arlo-vance"
PORT_ELM = "location:port-elm"
HOSTILE = "<script>alert('pwned')</script> <img src=x onerror=alert(1)>"
HOSTILE_NAME = '"><svg onload=alert(3)>'  # an alias that breaks out of an attribute

REPORT_ONE = (
    "The Crimson Hand has about 2,000 fighters, the ministry said. "
    "Its leader Arlo Vance is allied with the Blue Lantern Front. "
    "On 3 May 2022 the Crimson Hand attacked Port Elm, killing 12 people. "
    f"A leaflet found there read {HOSTILE} in large letters."
)
REPORT_TWO = (
    "The Crimson Hand now counts some 3,500 fighters. "
    "Residents of Port Elm said the Crimson Hand still patrols the harbour. "
    "On 20 June 2022 the Blue Lantern Front bombed a bridge in Riverton, wounding 4."
)
RIVERTON = "location:riverton"
ENTITIES = [
    (GROUP, "armed_group", "Crimson Hand", ["Crimson Hand", "CHX", HOSTILE_NAME]),
    (ALLY, "armed_group", "Blue Lantern Front"),
    (LEADER, "person", "Arlo Vance"),
    (PORT_ELM, "location", "Port Elm"),
]


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for i, part in enumerate(text.split(". ")):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        out.append(Sentence(i, start, min(end, len(text))))
        start += len(part) + 2
    return out


def first_report():
    ex = make_extraction(
        REPORT_ONE, ENTITIES,
        [(GROUP, "fighters", None, "The Crimson Hand has about 2,000 fighters, the ministry said.",
          {"low": 2000.0, "high": 2000.0, "value": "about 2,000", "time": "2022-04",
           "attributed_to": "the ministry", "certainty": "reported"}),
         (LEADER, "leader_of", GROUP, "Its leader Arlo Vance is allied with the Blue Lantern Front."),
         (GROUP, "allied_with", ALLY, "Its leader Arlo Vance is allied with the Blue Lantern Front.",
          {"time": "2021"}),
         ("e1", "killed", None, "On 3 May 2022 the Crimson Hand attacked Port Elm, killing 12 people.",
          {"low": 12.0, "high": 12.0, "value": "12", "event": "e1", "time": "2022-05-03"})],
        [("e1", "attack", "On 3 May 2022 the Crimson Hand attacked Port Elm, killing 12 people.",
          {"date": "2022-05-03", "location": PORT_ELM, "perpetrators": [GROUP],
           "killed": (12.0, 12.0), "method": "armed_assault"})],
        title="Crimson Hand in Port Elm", publisher="Harbour Watch", published="2022-05-04",
        url="https://example.org/crimson-hand",
        dropped=[Dropped("boilerplate", f"Subscribe now {HOSTILE}")],
    )
    ex.sentences = _sentences(REPORT_ONE)
    ex.entities[PORT_ELM].place = Place("Port Elm", "YE", None, 12.8, 45.0, "city")
    return ex


def second_report():
    bombing = "On 20 June 2022 the Blue Lantern Front bombed a bridge in Riverton, wounding 4."
    ex = make_extraction(
        REPORT_TWO, [*ENTITIES, (RIVERTON, "location", "Riverton")],
        [(GROUP, "fighters", None, "The Crimson Hand now counts some 3,500 fighters.",
          {"low": 3500.0, "high": 3500.0, "value": "some 3,500"})],
        [("e2", "attack", bombing,
          {"date": "2022-06-20", "location": RIVERTON, "perpetrators": [ALLY],
           "injured": (4.0, 4.0), "method": "bombing"})],
        title="Port Elm residents", publisher="Coast Post", published="2022-06-01",
        url="javascript:alert(1)",
    )
    ex.sentences = _sentences(REPORT_TWO)
    ex.entities[RIVERTON].place = Place("Riverton", "SO", None, 2.0, 45.3, "city")
    return ex


def build_base(path: str | Path) -> str | Path:
    """The two reports written to a SQLite file, or a PostgreSQL database's URL."""
    with open_knowledge_base(path) as kb:
        kb.write_extraction(first_report(), "test")
        kb.write_extraction(second_report(), "test")
    return path


@contextmanager
def serving(db: str | Path, token: str = "test-token-1234") -> Iterator[Running]:
    """The app on a free local port, in a thread, until the block ends."""
    with in_background(db, token, "tester") as running:
        yield running
