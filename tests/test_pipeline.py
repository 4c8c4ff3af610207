"""The batch pipeline end to end: every bad input gets one line naming the file, the batch
goes on, the exit code says something failed, and the knowledge base stays consistent."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ingest.ingest_factories import ENGLISH, ENGLISH_2, encrypt_pdf, make_pdf
from watchfloor.cli.main import cli
from watchfloor.store.opening import open_knowledge_base
from watchfloor.store.writing import WritingMixin

GOOD = (
    "Islamic State Khorasan Province (ISKP) claimed a suicide bombing at a Shiite mosque in "
    "Kunduz on 8 October 2021 that killed at least 46 people, according to a UN report."
)

pytestmark = pytest.mark.slow


def counts(db: str) -> dict[str, int]:
    kb = open_knowledge_base(db)
    try:
        assert kb.integrity_check() == "ok"
        return {t: kb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "sentences", "mentions", "claims", "evidence", "events")}
    finally:
        kb.close()


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (d / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated")
    plain = make_pdf(tmp_path / "plain.pdf", [[ENGLISH, ENGLISH_2]])
    encrypt_pdf(plain, d / "locked.pdf", user_password="secret")
    (d / "big.txt").write_text(ENGLISH * 20_000, encoding="utf-8")  # ~3.6 MB
    (d / "notes.docx").write_bytes(b"PK\x03\x04 not really a docx")
    return d


def test_pipeline_bad_inputs_each_get_one_line_and_the_batch_goes_on(
        folder, tmp_path, kb_url) -> None:
    db = kb_url
    args = ["ingest", str(folder), str(folder / "notes.docx"), str(tmp_path / "missing.pdf"),
            "--db", db, "--max-file-mb", "1", "--quiet"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if line.startswith("failed")]
    named = {name: [line for line in failed if name in line]
             for name in ("empty.txt", "junk.txt", "corrupt.pdf", "locked.pdf", "big.txt",
                          "notes.docx", "missing.pdf")}
    assert all(len(lines) == 1 for lines in named.values()), named
    assert "decrypt" in named["locked.pdf"][0]
    assert "max_file_mb" in named["big.txt"][0] or "MB" in named["big.txt"][0]
    assert "Traceback" not in result.output
    assert "1 added" in result.output
    assert counts(db)["documents"] == 1


def test_pipeline_reingest_changes_nothing_and_says_so(folder, tmp_path, kb_url) -> None:
    db = kb_url
    first = CliRunner().invoke(cli, ["ingest", str(folder / "good.txt"), "--db", db, "-q"])
    assert first.exit_code == 0, first.output
    before = counts(db)
    assert before["claims"] > 0 and before["mentions"] > 0
    again = CliRunner().invoke(cli, ["ingest", str(folder / "good.txt"), "--db", db, "-q"])
    assert again.exit_code == 0
    assert "unchanged" in again.output and "0 added, 1 unchanged" in again.output
    assert counts(db) == before


def test_pipeline_failure_mid_document_keeps_earlier_documents_whole(
    folder, tmp_path, kb_url, monkeypatch
) -> None:
    second = folder / "second.txt"
    second.write_text(GOOD.replace("Kunduz", "Kabul").replace("46", "60"), encoding="utf-8")
    db = kb_url
    CliRunner().invoke(cli, ["ingest", str(folder / "good.txt"), "--db", db, "-q"])
    before = counts(db)

    def broken(self, *args, **kwargs):
        raise RuntimeError("simulated crash while writing claims")

    monkeypatch.setattr(WritingMixin, "_insert_claim", broken)
    result = CliRunner().invoke(cli, ["ingest", str(second), "--db", db, "-q"])
    assert result.exit_code == 1
    assert "second.txt" in result.output and "simulated crash" in result.output
    assert counts(db) == before


def test_records_document_id_follows_its_text() -> None:
    from watchfloor.records import Document

    doc = Document(text="ISKP claimed the attack.")
    first = doc.id
    assert doc.id == first == Document(text="ISKP claimed the attack.").id
    doc.text = "Al-Shabaab claimed the attack."
    assert doc.id != first
    assert doc.id == Document(text="Al-Shabaab claimed the attack.").id
