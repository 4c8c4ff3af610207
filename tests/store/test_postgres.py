"""What only the PostgreSQL backend has to get right: its migrations in step with
SQLite's, its dialect translation, and one clean line for every way a server can fail.

The behaviour both backends share runs on both through the ``kb``/``kb_url`` fixtures.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.exceptions import StoreError
from watchfloor.store.opening import is_postgres_url, open_knowledge_base
from watchfloor.store.pg_connection import redact, translate
from watchfloor.store.schema import MIGRATIONS

from conftest import make_extraction


def test_postgres_every_migration_has_postgres_text() -> None:
    from watchfloor.store.pg_schema import POSTGRES_MIGRATIONS

    assert {number for number, _, _ in MIGRATIONS} <= set(POSTGRES_MIGRATIONS)


@pytest.mark.parametrize(("sql", "expected", "returning"), [
    ("SELECT 1 FROM t WHERE a = ? AND b LIKE ?", "SELECT 1 FROM t WHERE a = %s AND b ILIKE %s",
     False),
    ("INSERT OR IGNORE INTO aliases (a) VALUES (?)",
     "INSERT INTO aliases (a) VALUES (%s) ON CONFLICT DO NOTHING", False),
    ("SELECT id FROM c WHERE id IN (SELECT value FROM json_each(?))",
     "SELECT id FROM c WHERE id IN (SELECT value FROM json_array_elements_text(%s::json))",
     False),
    ("INSERT INTO runs (a) VALUES (?)", "INSERT INTO runs (a) VALUES (%s) RETURNING id", True),
    ("SELECT '100%' WHERE x = ?", "SELECT '100%%' WHERE x = %s", False),
])
def test_postgres_translate_portable_sql(sql: str, expected: str, returning: bool) -> None:
    assert translate(sql) == (expected, returning)


@pytest.mark.parametrize(("db", "postgres"), [
    ("postgresql://u@h/db", True), ("postgres://h/db", True), ("kb.db", False),
    ("/data/postgresql.db", False),
])
def test_postgres_url_selects_the_backend(db: str, postgres: bool) -> None:
    assert is_postgres_url(db) is postgres


def test_postgres_messages_never_show_the_password() -> None:
    assert redact("postgresql://ana:s3cret@db.example:5432/kb") == \
        "postgresql://ana:***@db.example:5432/kb"


def test_postgres_server_down_is_one_line() -> None:
    out = CliRunner().invoke(cli, ["stats", "--db", "postgresql://ana:pw@127.0.0.1:9/kb"])
    assert out.exit_code == 1 and "Traceback" not in out.output
    assert "cannot reach the PostgreSQL server" in out.output and "pw" not in out.output


def test_postgres_missing_database_is_one_line(postgres_server: str) -> None:
    from watchfloor.store.pg_cluster import with_database

    url = with_database(postgres_server, "no_such_watchfloor_base")
    with pytest.raises(StoreError, match="database does not exist"):
        open_knowledge_base(url, readonly=True)


def test_postgres_unknown_role_is_one_line(postgres_server: str) -> None:
    url = postgres_server.replace("postgres@", "nobody_here@", 1)
    with pytest.raises(StoreError, match="refused the login|does not exist"):
        open_knowledge_base(url)


def test_postgres_reading_an_empty_database_asks_for_an_ingest(pg_url: str) -> None:
    # (a SQLite reader refuses a missing file instead: test_store_damaged)
    with pytest.raises(StoreError, match="needs upgrading"):
        open_knowledge_base(pg_url, readonly=True)


def test_postgres_read_only_session_refuses_writes(pg_url: str) -> None:
    open_knowledge_base(pg_url).close()
    with open_knowledge_base(pg_url, readonly=True) as kb, \
            pytest.raises(StoreError, match="read-only"):
        kb.write_extraction(make_extraction("ISKP had 100 fighters in 2017.",
                                            [("iskp", "armed_group", "ISKP")]), model="m")


def test_postgres_ingest_and_read_through_the_cli(kb_url: str) -> None:
    """The CLI, end to end, on the URL (or the file) ``--db`` names."""
    with open_knowledge_base(kb_url) as kb:
        text = "ISKP had 1,500 fighters in 2019, officials said."
        kb.write_extraction(make_extraction(
            text, [("iskp", "armed_group", "ISKP")],
            [("iskp", "fighters", None, text, {"low": 1500.0, "high": 1500.0})]), model="m")
    out = CliRunner().invoke(cli, ["claims", "--json", "--db", kb_url])
    assert out.exit_code == 0, out.output
    assert '"predicate": "fighters"' in out.output
    out = CliRunner(env={"WATCHFLOOR_DB": kb_url}).invoke(cli, ["stats"])
    assert out.exit_code == 0 and "1" in out.output, out.output


@pytest.mark.slow
def test_postgres_the_samples_give_the_same_base_on_both_backends(
        pg_url: str, tmp_path) -> None:
    """The bundled samples ingested into a file and into a PostgreSQL database: the same
    claims (every field, as reviewed), events, entities and consolidated events."""
    from watchfloor.resolve.events import consolidated_events
    from watchfloor.store.base import ClaimFilter

    from conftest import SAMPLES

    bases = [str(tmp_path / "kb.db"), pg_url]
    for db in bases:
        out = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db, "-q"])
        assert out.exit_code == 0, out.output
    seen = []
    for db in bases:
        with open_knowledge_base(db, readonly=True) as kb:
            claims = [{k: v for k, v in c.items() if k != "created"}
                      for c in kb.claims(ClaimFilter(include_rejected=True))]
            events = [{k: v for k, v in e.items() if k != "run"} for e in kb.events()]
            entities = [{k: v for k, v in e.items() if k != "created"}
                        for e in kb.entities()]
            merged = [(e["id"], sorted(e["members"])) for e in consolidated_events(kb)]
            seen.append((claims, events, entities, merged))
    assert len(seen[0][0]) > 50
    for part in range(4):
        assert seen[0][part] == seen[1][part]


def test_postgres_a_connection_lost_mid_session_is_one_line(postgres_server: str,
                                                            pg_url: str) -> None:
    import psycopg

    kb = open_knowledge_base(pg_url)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (kb.conn.raw.info.backend_pid,))
    with pytest.raises(StoreError, match="cannot read the knowledge base postgresql://"):
        kb.claims()
    kb.close()


def test_postgres_python_api_opens_a_url(kb_url: str) -> None:
    import watchfloor

    with open_knowledge_base(kb_url) as kb:
        text = "ISKP had 1,500 fighters in 2019."
        kb.write_extraction(make_extraction(
            text, [("iskp", "armed_group", "ISKP")],
            [("iskp", "fighters", None, text, {"low": 1500.0, "high": 1500.0})]), model="m")
    with watchfloor.open(kb_url) as api:
        assert list(api.claims()["predicate"]) == ["fighters"]


def test_postgres_ingest_summary_masks_the_password(pg_url: str, tmp_path) -> None:
    (tmp_path / "r.txt").write_text("ISKP had 1,500 fighters in 2019.\n", encoding="utf-8")
    url = pg_url.replace("postgres@", "postgres:hunter2@", 1)  # the test server trusts
    out = CliRunner().invoke(cli, ["ingest", str(tmp_path / "r.txt"), "--db", url])
    assert out.exit_code == 0, out.output
    assert "hunter2" not in out.output and "postgres:***@" in out.output


def test_postgres_an_id_prefix_matches_in_any_case_as_on_sqlite(kb) -> None:
    text = "ISKP had 1,500 fighters in 2019."
    kb.write_extraction(make_extraction(
        text, [("iskp", "armed_group", "ISKP")],
        [("iskp", "fighters", None, text, {"low": 1500.0, "high": 1500.0})]), model="m")
    [claim] = kb.claims()
    assert kb.claim(claim["id"][:10].upper())["id"] == claim["id"]
