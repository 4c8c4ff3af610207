"""FollowTheMoney export read back through followthemoney (model.get_proxy, cleaning every
value): schemata as documented, relations pointing at the right entities, sourced."""

from __future__ import annotations

import json

from followthemoney import model
from followthemoney.util import make_entity_id

from watchfloor.export.ftm import FtMExporter, ftm_dates

from .sample import GROUP, KUNDUZ, LEADER, REJECTED, TALIBAN, build, run


def proxies(kb) -> list:
    return [model.get_proxy(json.loads(line), cleaned=False)
            for line in run(kb, FtMExporter).splitlines()]


def fid(key: str) -> str:
    return make_entity_id("watchfloor", key)


def test_ftm_entities_read_back_with_their_schemata(kb) -> None:
    found = proxies(build(kb))
    by_id = {p.id: p for p in found}
    assert by_id[fid(GROUP)].schema.name == "Organization"
    assert "Islamic State Khorasan Province" in by_id[fid(GROUP)].get("alias")
    assert by_id[fid(LEADER)].schema.name == "Person"
    kunduz = by_id[fid(KUNDUZ)]
    assert kunduz.schema.name == "Address" and kunduz.get("country") == ["af"]
    assert kunduz.get("latitude") == ["36.72898"]
    [doc] = [p for p in found if p.schema.name == "Document"]
    assert doc.get("title") == ["Kunduz mosque bombing"]
    assert doc.get("sourceUrl") == ["https://example.org/kunduz"]


def test_ftm_relations_as_interval_schemata(kb) -> None:
    found = proxies(build(kb))
    [boss] = [p for p in found if p.schema.name == "Directorship"]
    assert boss.get("director") == [fid(LEADER)] and boss.get("organization") == [fid(GROUP)]
    links = [p for p in found if p.schema.name == "UnknownLink"]
    hostile = next(p for p in links if p.get("object") == [fid(TALIBAN)])
    assert hostile.get("subject") == [fid(GROUP)] and hostile.get("startDate") == ["2015"]
    assert hostile.get("status") == ["probable"]
    assert "hostile to the Taliban" in hostile.get("description")[0]
    [doc] = [p for p in found if p.schema.name == "Document"]
    assert hostile.get("proof") == [doc.id]
    assert all(REJECTED not in " ".join(p.get("description")) for p in found
               if p.schema.is_a("Interval"))
    [event] = [p for p in found if p.schema.name == "Event"]
    assert event.get("organizer") == [fid(GROUP)] and event.get("startDate") == ["2021-10-08"]
    assert event.get("addressEntity") == [fid(KUNDUZ)]
    [note] = [p for p in found if p.schema.name == "Note"]
    assert "4,000" in note.get("name")[0] and note.get("entity") == [fid(GROUP)]


def test_ftm_dates_keep_the_precision_given() -> None:
    cases = {"2015": ("2015", None), "2015/..": ("2015", None), "2021-10~": ("2021-10", None),
             "2022-01~/2022-04~": ("2022-01", "2022-04"), "2021-21": ("2021-03-01", None),
             None: (None, None)}
    assert {k: ftm_dates(k) for k in cases} == cases


def test_ftm_without_the_package_is_one_clean_line_and_no_part_file(kb, kb_url, tmp_path,
                                                                   monkeypatch) -> None:
    import sys

    from click.testing import CliRunner

    from watchfloor.cli.main import cli

    build(kb)
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # as if not installed
    target = tmp_path / "kb.ftm.json"
    out = CliRunner().invoke(cli, ["export", "--db", kb_url, "--format", "ftm",
                                   "-o", str(target)])
    assert out.exit_code == 1 and "Traceback" not in out.output
    assert "watchfloor[ftm]" in out.output
    assert not target.exists() and not (tmp_path / "kb.ftm.json.part").exists()
