"""The notebook API: frames that carry the sentence, reviews applied, dossier as data."""

from __future__ import annotations

from pathlib import Path

import watchfloor
from watchfloor.resolve.judgements import review

from conftest import make_extraction

TEXT = ("US officials put ISKP's strength at up to 3,000 fighters in 2015. A suicide bomber "
        "killed at least 46 people in Kunduz.")


def test_api_frames_and_dossier(kb_url) -> None:
    path = kb_url
    with watchfloor.open(path, write=True) as api:
        api.kb.write_extraction(make_extraction(
            TEXT, [("iskp", "armed_group", "ISKP"), ("location:kunduz", "location", "Kunduz")],
            [("iskp", "fighters", None, TEXT.split(". ")[0] + ".",
              {"high": 3000.0, "time": "2015", "attributed_to": "US officials"})],
            [("e1", "attack", TEXT.split(". ")[1],
              {"date": "2021-10-08", "location": "location:kunduz", "perpetrators": ["iskp"],
               "killed": (46.0, None)})]), model="m")
        claims = api.claims(entity="ISKP", predicate="fighters")
        assert list(claims["high"]) == [3000.0]
        assert claims["sentence"][0].startswith("US officials put ISKP's strength")
        events = api.events()
        assert list(events["killed_low"]) == [46.0] and list(events["perpetrators"]) == [["iskp"]]
        assert set(api.entities()["type"]) == {"armed_group", "location"}
        assert len(api.documents()) == 1
        dossier = api.dossier("ISKP")
        assert [c["high"] for c in dossier.strength] == [3000.0]
        assert len(dossier.events) == 1
        review(api.kb, "claim", claims["id"][0], "reject", reviewer="ana")
        assert api.claims(predicate="fighters").empty


def test_api_opens_read_only_and_refuses_a_missing_base(missing_kb_url, kb_url) -> None:
    import pytest

    from watchfloor.exceptions import StoreError

    with pytest.raises(StoreError, match="there is no knowledge base"):
        watchfloor.open(missing_kb_url)
    assert not Path(missing_kb_url).exists()
    with watchfloor.open(kb_url, write=True) as api:
        api.kb.write_extraction(make_extraction(
            TEXT, [("iskp", "armed_group", "ISKP")],
            [("iskp", "fighters", None, TEXT.split(". ")[0] + ".", {"high": 3000.0})]), model="m")
    with watchfloor.open(kb_url) as api:
        claim = api.claims(predicate="fighters")["id"][0]
        with pytest.raises(StoreError, match="read-only"):
            review(api.kb, "claim", claim, "reject", reviewer="ana")
        assert api.claims(predicate="fighters")["id"][0] == claim
