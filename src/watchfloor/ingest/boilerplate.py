"""Licence, terms-of-use, imprint and site-chrome paragraphs.

Why by pattern and length: these paragraphs are short, formulaic and multilingual
(reports republished from German, French or Spanish sites keep their imprint), and a
claim extractor must never read "All rights reserved" as evidence. A paragraph is
dropped when it is shorter than ``MAX_CHARS`` and matches a pattern; long paragraphs are
kept even when they match, because they are probably prose that mentions copyright.
The first matching group names the reason: "licence" for legal text, "boilerplate" for
site chrome (cookie banners, newsletter prompts).
"""

from __future__ import annotations

import re

from watchfloor.records import Dropped

MAX_CHARS = 600

_LICENCE = (
    r"all rights reserved",
    r"terms (?:of use|and conditions|of service)",
    r"this (?:work|document|report|publication) is licen[cs]ed under",
    r"creative commons",
    r"\bcc[ -]by(?:[ -](?:sa|nc|nd))*\b",
    r"copyright\s*(?:©|\(c\)|\d{4})",
    r"©\s*(?:\d{4}|[A-Z])",
    r"privacy policy",
    # German
    r"alle rechte vorbehalten",
    r"nutzungsbedingungen",
    r"\bimpressum\b",
    r"dieses dokument darf",
    r"datenschutzerkl[äa]rung",
    # French
    r"tous droits réservés",
    r"conditions (?:générales )?d['’]utilisation",
    r"mentions légales",
    # Spanish
    r"todos los derechos reservados",
    r"términos (?:de uso|y condiciones)",
    r"aviso legal",
)
_BOILERPLATE = (
    r"\bcookies?\b",
    r"(?:subscribe|sign up) (?:to|for) (?:our|the) newsletter",
    r"newsletter abonnieren",
    r"abonnez-vous à (?:notre|la) newsletter",
    r"follow us on",
    r"share (?:this|on) (?:article|facebook|twitter)",
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("licence", re.compile("|".join(_LICENCE), re.IGNORECASE)),
    ("boilerplate", re.compile("|".join(_BOILERPLATE), re.IGNORECASE)),
)


def boilerplate_reason(paragraph: str) -> str | None:
    """ "licence" or "boilerplate" when the paragraph is short and formulaic, else None."""
    if len(paragraph) >= MAX_CHARS:
        return None
    for reason, pattern in _RULES:
        if pattern.search(paragraph):
            return reason
    return None


def drop_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[Dropped]]:
    """Paragraphs without licence and site-chrome text, and the dropped ones with reasons."""
    kept: list[str] = []
    dropped: list[Dropped] = []
    for paragraph in paragraphs:
        reason = boilerplate_reason(paragraph)
        if reason is None:
            kept.append(paragraph)
        else:
            dropped.append(Dropped(reason, paragraph))
    return kept, dropped
