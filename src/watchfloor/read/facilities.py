"""Buildings and sites placed by the town they stand in.

"The U.S. Embassy in Beirut", "the Hayat Hotel in Mogadishu", "K1 Air Base near Kirkuk":
the gazetteer knows the town, not the building. Read alone, every "U.S. Embassy" would be
one place and none could be mapped; read with its town, the site is its own place (the
embassy in Beirut is not the one in Nairobi), named "<site> in <town>", with the town's
coordinates, country and admin area, and of kind ``facility``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from watchfloor.read.mentions import entity_key
from watchfloor.records import Mention, Place

# what may stand between a site and its town: "in", "near", "outside", or a comma
_LINK = re.compile(r"(?:\s+(?P<word>in|near|outside|at)\s+(?:the\s+)?|,\s*)")
_TOWN_KINDS = frozenset({"city", "district", "province"})


def place_sites(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each unresolved location that a town follows ("X in Beirut")
    given that town's place and a key of its own; all other mentions unchanged."""
    by_start = {m.start: m for m in mentions if m.type == "location" and m.place is not None}
    out: list[Mention] = []
    for m in mentions:
        found = _town_after(text, m, by_start) if _unplaced_site(m) else None
        if found is None:
            out.append(m)
            continue
        town, word = found
        name = f"{m.text} {word} {town.name}"
        place = Place(name=name, country=town.country, admin1=town.admin1, lat=town.lat,
                      lon=town.lon, kind="facility")
        out.append(replace(m, key=entity_key("location", name), kind="facility", place=place,
                           name=name))
    return out


def _unplaced_site(m: Mention) -> bool:
    return m.type == "location" and m.place is None and m.source == "ner"


def _town_after(text: str, m: Mention,
                by_start: dict[int, Mention]) -> tuple[Place, str] | None:
    """The town right after the site, and the word that links them ("in" for a comma)."""
    link = _LINK.match(text, m.end)
    if link is None:
        return None
    town = by_start.get(link.end())
    if town is None or town.place is None or town.place.kind not in _TOWN_KINDS:
        return None
    return town.place, (link.group("word") or "in").lower()
