"""Place events on the world map: the country of an event's location, else of its first state actor.

The map's outline (world-atlas, Natural Earth 1:110m) names countries by ISO 3166-1 numeric code;
the gazetteer by alpha-3. Centroids are computed in the browser from the outline itself."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pycountry

from steppe.extract.gazetteer import load_gazetteer


@lru_cache(maxsize=4096)
def location_country(location: str) -> str | None:
    """The state a place name lies in, by the gazetteer ('Shusha' -> AZE, 'Dushanbe' -> TJK)."""
    gaz = load_gazetteer()
    for match in gaz.find(location):
        for entry in match.entries:
            if entry.code in gaz.states:
                return entry.code
    return None


def event_country(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """(alpha-3 code, how it was found: location | actor | recipient) or (None, None)."""
    states = load_gazetteer().states
    if row.get("location"):
        code = location_country(row["location"])
        if code:
            return code, "location"
    for role in ("actor", "recipient"):
        for a in row.get(role) or []:
            if a["code"] in states:
                return a["code"], role
    return None, None


@lru_cache(maxsize=512)
def numeric_code(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.numeric if country is not None else None
