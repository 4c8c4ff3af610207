"""Shared fixtures: the only place fixtures are defined (see docs/conventions)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
SAMPLES = REPO / "samples"


def shared_data(name: str) -> Path:
    """Path of a public benchmark folder under ../shared/data, or skip the test."""
    path = SHARED_DATA / name
    if not path.is_dir():
        pytest.skip(f"benchmark data {path} is absent")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline named in the settings, loaded once per test session."""
    from watchfloor.read.nlp import load_nlp
    from watchfloor.settings import load_settings

    return load_nlp(load_settings()["spacy_model"])


@pytest.fixture(scope="session")
def reference(nlp):
    """The reference data (catalogue, gazetteer, model) the stages read, once per session."""
    from watchfloor.read.reference import load_reference
    from watchfloor.settings import load_settings

    return load_reference(load_settings()["spacy_model"])


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server the tests may create databases on:
    ``$WATCHFLOOR_TEST_POSTGRES`` if set (its role needs CREATEDB), else a throwaway cluster started for the session
    (and stopped after it) when PostgreSQL is installed; else the postgres tests skip."""
    url = os.environ.get("WATCHFLOOR_TEST_POSTGRES")
    if url:
        yield url
        return
    from watchfloor.store.pg_cluster import Cluster, find_bin

    if not (find_bin("initdb") and find_bin("pg_ctl")):
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl) and"
                    " $WATCHFLOOR_TEST_POSTGRES is not set")
    try:
        cluster = Cluster()
    except RuntimeError as exc:
        pytest.skip(f"could not start a throwaway PostgreSQL cluster: {exc}")
    yield cluster.server_url
    cluster.stop()


BACKENDS = ["sqlite", "postgres"]


def _new_base(request, folder: Path):
    """A fresh, empty knowledge base on the backend ``request.param`` names (the body of
    ``kb_url`` and ``module_kb_url``): a file in ``folder``, or a new PostgreSQL database
    dropped when the fixture ends."""
    if request.param == "sqlite":
        yield str(folder / "kb.db")
        return
    from watchfloor.store.pg_cluster import create_database, drop_database

    server = request.getfixturevalue("postgres_server")
    url = create_database(server)
    yield url
    drop_database(server, url)


@pytest.fixture(params=BACKENDS)
def kb_url(request, tmp_path):
    """What ``--db`` names for a fresh, empty knowledge base on each backend: a SQLite file
    in the test's folder, or a new database on the test PostgreSQL server (dropped after)."""
    yield from _new_base(request, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_kb_url(request, tmp_path_factory):
    """``kb_url`` shared by a module's tests that only read (a web server started once
    per module and backend)."""
    yield from _new_base(request, tmp_path_factory.mktemp("kb"))


@pytest.fixture
def missing_kb_url(kb_url):
    """What a mistyped ``--db`` names, on ``kb_url``'s backend: a file that does not
    exist, or a database the test server does not have."""
    from watchfloor.store.opening import is_postgres_url

    if is_postgres_url(kb_url):
        from watchfloor.store.pg_cluster import with_database

        return with_database(kb_url, "no_such_watchfloor_base")
    return str(Path(kb_url).with_name("typo.db"))


@pytest.fixture
def new_kb_url(request, kb_url, tmp_path):
    """A factory of further fresh, empty bases on ``kb_url``'s backend, for tests that
    compare several (the same reports ingested in every order)."""
    from watchfloor.store.opening import is_postgres_url

    made: list[str] = []

    def make() -> str:
        if not is_postgres_url(kb_url):
            made.append(str(tmp_path / f"kb-{len(made) + 1}.db"))
            return made[-1]
        from watchfloor.store.pg_cluster import create_database

        made.append(create_database(request.getfixturevalue("postgres_server")))
        return made[-1]

    yield make
    if is_postgres_url(kb_url):
        from watchfloor.store.pg_cluster import drop_database

        for url in made:
            drop_database(request.getfixturevalue("postgres_server"), url)


#: Fixtures that put a test on the PostgreSQL backend too (or on it alone).
_ON_POSTGRES = {"kb_url", "module_kb_url", "pg_url", "postgres_server"}


@pytest.fixture(autouse=True)
def _every_base_on_both_backends(request, monkeypatch):
    """A test that opens a SQLite knowledge base runs on both backends (through the
    fixtures above) or says why it cannot (``@pytest.mark.sqlite_only("reason")``): here
    any other test that opens one in this process fails, so the suite stays on both."""
    if _ON_POSTGRES & set(request.fixturenames):
        yield
        return
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        assert marker.args and marker.args[0], "sqlite_only needs its reason"
        yield
        return
    from watchfloor.store.sqlite import SQLiteKnowledgeBase

    def refuse(self):
        pytest.fail(f"{request.node.nodeid} opens the SQLite base {self.path} but runs on"
                    " one backend: use the kb_url/kb fixtures, or mark it sqlite_only(reason)")

    monkeypatch.setattr(SQLiteKnowledgeBase, "_open", refuse)
    yield


@pytest.fixture(scope="module")
def samples_db(module_kb_url) -> str:
    """A base (per test module, on each backend) holding the bundled samples, ingested
    through the CLI as a user would."""
    from click.testing import CliRunner

    from watchfloor.cli.main import cli

    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", module_kb_url, "-q"])
    assert result.exit_code == 0, result.output
    return module_kb_url


@pytest.fixture
def pg_url(postgres_server):
    """A new empty database on the test PostgreSQL server (for tests of that backend only)."""
    from watchfloor.store.pg_cluster import create_database, drop_database

    url = create_database(postgres_server)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def kb(kb_url):
    """A fresh knowledge base, on each backend (SQLite file, PostgreSQL database)."""
    from watchfloor.store.opening import open_knowledge_base

    base = open_knowledge_base(kb_url)
    yield base
    base.close()


@contextmanager
def first_schema_base(db: str | Path):
    """A knowledge base as watchfloor's first schema made it (migration 1 only, recorded
    in ``migrations``), written straight through the backend's driver, not through this
    code's open (which may expect later tables): for upgrade tests. Yields
    ``execute(sql, params)`` on that connection (``?`` placeholders) to add old rows."""
    from watchfloor.store import schema
    from watchfloor.store.opening import is_postgres_url

    if is_postgres_url(db):
        import psycopg

        from watchfloor.store.pg_schema import POSTGRES_MIGRATIONS

        pg = psycopg.connect(str(db), autocommit=True)

        def execute(sql: str, params: tuple = ()) -> None:
            pg.execute(sql.replace("?", "%s"), params or None)

        statements, close = POSTGRES_MIGRATIONS[1], pg.close
    else:
        import sqlite3

        lite = sqlite3.connect(db, isolation_level=None)

        def execute(sql: str, params: tuple = ()) -> None:
            lite.execute(sql, params)

        statements, close = schema._statements(schema.MIGRATIONS[0][2]), lite.close
    try:
        execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied TEXT NOT NULL)")
        for statement in statements:
            execute(statement)
        execute("INSERT INTO migrations VALUES (1, 'initial', '2026-01-01')")
        yield execute
    finally:
        close()


def make_extraction(text: str, entities=(), claims=(), events=(), **meta):
    """One-line factory: a document with hand-built entities (key, type, name, aliases...),
    claims given as (subject, predicate, object_or_None, sentence_substring, extra dict)
    and events; evidence spans are found in the text so they always reproduce it."""
    from watchfloor.records import (
        Claim,
        Document,
        EntityRecord,
        Event,
        Evidence,
        Extraction,
        Mention,
        Sentence,
    )

    doc = Document(text=text, **meta)
    ex = Extraction(document=doc, sentences=[Sentence(0, 0, len(text))])
    for ent in entities:
        key, etype, name, *rest = ent
        aliases = set(rest[0]) if rest else {name}
        ex.entities[key] = EntityRecord(key=key, type=etype, name=name, aliases=aliases)
        pos = text.find(name)
        if pos >= 0:
            ex.mentions.append(Mention(pos, pos + len(name), name, etype, key, "test"))

    def evidence(snippet: str) -> Evidence:
        start = text.index(snippet)
        return Evidence(doc.id, start, start + len(snippet), snippet)

    for subject, predicate, obj, snippet, *extra in claims:
        ex.claims.append(
            Claim(subject=subject, predicate=predicate, object=obj, evidence=evidence(snippet),
                  extractor="test.v1", **(extra[0] if extra else {}))
        )
    for key, etype, snippet, extra in events:
        ex.events.append(Event(key=key, type=etype, evidence=evidence(snippet),
                               extractor="test.v1", **extra))
    ex.extractors.append("test.v1")
    return ex


# Kunduz, 8 October 2021: the same attack as three documents report it (merging tests).
GROUP = ("islamic-state-khorasan-province", "armed_group", "ISKP",
         ["ISKP", "Islamic State Khorasan Province"])
KUNDUZ = ("location:kunduz", "location", "Kunduz")


def kunduz_report(text: str, toll: tuple[float | None, float | None], value: str,
                  date: str = "2021-10-08", published: str = "2021-10-08"):
    sentence = text.split(". ")[0]
    return make_extraction(
        text, [GROUP, KUNDUZ],
        [("e1", "killed", None, sentence, {"low": toll[0], "high": toll[1], "value": value,
                                            "event": "e1", "time": date}),
         ("islamic-state-khorasan-province", "perpetrator_of", None, sentence,
          {"certainty": "claimed", "event": "e1"})],
        [("e1", "attack", sentence, {"date": date, "location": "location:kunduz",
                                     "perpetrators": ["islamic-state-khorasan-province"],
                                     "killed": toll, "method": "suicide_bombing"})],
        published=published,
    )


def kunduz_reports():
    """Three reports of the Kunduz mosque bombing, each with its own toll and date."""
    return [
        kunduz_report("A suicide bomber killed at least 46 people at a mosque in Kunduz. ISKP "
                      "claimed it.", (46.0, None), "at least"),
        kunduz_report("More than 50 people died in the Kunduz mosque attack. ISKP claimed it.",
                      (50.0, None), "more than", published="2021-10-09"),
        kunduz_report("The Kunduz bombing killed some 72 worshippers, officials said. ISKP was "
                      "behind it.", (72.0, 72.0), "some", date="2021-10", published="2021-11-02"),
    ]
