from __future__ import annotations

import pytest

from watchfloor.ingest.boilerplate import boilerplate_reason, drop_boilerplate
from watchfloor.records import Dropped


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        ("© 2021 International Crisis Group. All rights reserved.", "licence"),
        ("See our Terms of Use and privacy policy.", "licence"),
        ("This work is licensed under a Creative Commons Attribution 4.0 licence.", "licence"),
        ("Published under CC BY-NC-ND.", "licence"),
        ("Copyright © Conflict Monitor", "licence"),
        ("Alle Rechte vorbehalten.", "licence"),
        ("Nutzungsbedingungen | Impressum | Datenschutzerklärung", "licence"),
        ("Dieses Dokument darf nur mit Genehmigung vervielfältigt werden.", "licence"),
        ("Tous droits réservés.", "licence"),
        ("Todos los derechos reservados.", "licence"),
        ("We use cookies to improve your experience.", "boilerplate"),
        ("Subscribe to our newsletter for weekly updates.", "boilerplate"),
        ("The group attacked a convoy near Gao, killing four soldiers.", None),
    ],
)
def test_boilerplate_reason(paragraph: str, reason: str | None) -> None:
    assert boilerplate_reason(paragraph) == reason


def test_boilerplate_long_paragraphs_are_kept_even_when_matching() -> None:
    long = "The militia's media office claimed all rights reserved to its videos. " * 10
    assert len(long) >= 600
    assert boilerplate_reason(long) is None


def test_boilerplate_drop_keeps_order_and_records() -> None:
    kept, dropped = drop_boilerplate(["One.", "All rights reserved.", "Two."])
    assert kept == ["One.", "Two."]
    assert dropped == [Dropped("licence", "All rights reserved.")]
