"""Country outlines and rivers for a teacher's own map, without maintainer tools: Natural Earth's
world (countries at 1:110m, rivers at 1:50m) ships with the library, and ``write`` puts what is
around a package's places into that package as its basemap, with a note of where it comes from."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from matplotlib.path import Path as Path2D

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.places import map_extent, map_places

WORLD = "world-countries.geojson"
"""Every country of Natural Earth 1:110m admin-0, in the library's share/ folder (built by
tools/basemap/build_world.py)."""
RIVERS = "world-rivers.geojson"
"""Every named river and lake centerline of Natural Earth 1:50m, beside it."""
RIVER_SOURCE = "Natural Earth 1:50m rivers and lake centerlines"
FILE, NOTE = "basemap.geojson", "basemap.md"
FINE_DEGREES = 3.0
"""A map narrower than this (about 300 km) is finer than 1:110m outlines are drawn: their coast
may then run beside the places rather than through them."""
LICENSE = "public domain (Natural Earth)"


class BasemapError(Exception):
    """The package cannot be given a basemap; the message says why and what to do."""


def world(name: str = WORLD) -> list[dict]:
    """The features of one of the world files (countries by default), as GeoJSON dictionaries."""
    text = resources.files("raqqa_lesson").joinpath("share", name).read_text(encoding="utf-8")
    return json.loads(text)["features"]


def polygons(geometry: dict) -> list:
    """A (Multi)Polygon's polygons, each a list of rings."""
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def meets(points: list, west: float, east: float, south: float, north: float) -> bool:
    """Whether the bounding box of the points (a ring or a line) meets the given one."""
    lons, lats = zip(*points)
    return min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south


def countries_around(west: float, east: float, south: float, north: float) -> list[dict]:
    """The countries with a polygon near the given box, each with only those polygons (France
    without French Guiana; Russia, which spans the antimeridian, only where it is near)."""
    around = []
    for feature in world():
        near = [polygon for polygon in polygons(feature["geometry"])
                if meets(polygon[0], west, east, south, north)]
        if near:
            around.append({**feature, "geometry": {"type": "MultiPolygon", "coordinates": near}})
    return around


def rivers_around(west: float, east: float, south: float, north: float) -> list[dict]:
    """The rivers with a point in the given box, each with only the lines that have one (a line
    whose bounding box merely meets it would name a river the map does not show)."""
    around = []
    for feature in world(RIVERS):
        near = [line for line in feature["geometry"]["coordinates"]
                if any(west <= lon <= east and south <= lat <= north for lon, lat in line)]
        if near:
            around.append({"type": "Feature", "geometry": {"type": "MultiLineString",
                                                           "coordinates": near},
                           "properties": {**feature["properties"], "source": RIVER_SOURCE}})
    return around


def write(lesson: Lesson, *, replace: bool = False) -> tuple[list[Path], list[str]]:
    """Give the lesson's package the countries and rivers around its map's places as its
    basemap: the GeoJSON, a note of its source and licence, and its entry in datapackage.json. Returns the
    files written and warnings for the teacher. Refuses to replace a basemap unless asked."""
    folder = lesson.source
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    if ("basemap" in descriptor or (folder / FILE).exists()) and not replace:
        raise BasemapError(f"{folder} already has a basemap ({FILE}, or 'basemap' in "
                           "datapackage.json); add --replace to write over it")
    located = lesson.places.dropna(subset=["lat", "lon"])
    if located.empty:
        raise BasemapError("no place in places.csv has coordinates (lat, lon); add them first, "
                           "so there is a region to draw")
    west, east, south, north = map_extent(map_places(lesson))
    countries = countries_around(west, east, south, north)
    if not countries:
        raise BasemapError(f"no country's outline reaches the map's region (longitude {west:.1f} "
                           f"to {east:.1f}, latitude {south:.1f} to {north:.1f}): the places "
                           "are all at sea, or their coordinates are wrong")
    rivers = rivers_around(west, east, south, north)
    (folder / FILE).write_text(json.dumps({"type": "FeatureCollection",
                                           "features": countries + rivers},
                                          separators=(",", ":"), ensure_ascii=False) + "\n",
                               encoding="utf-8")
    names = [country["properties"]["name"] for country in countries]
    river_names = list(dict.fromkeys(river["properties"]["name"] for river in rivers))
    (folder / NOTE).write_text(note(names, river_names, (west, east, south, north)),
                               encoding="utf-8")
    descriptor["basemap"] = {"path": FILE, "license": LICENSE, "description": (
        "Country outlines (Natural Earth 1:110m) and rivers (1:50m) for the lesson's map; see "
        "basemap.md.")}
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    return [folder / FILE, folder / NOTE, descriptor_path], warnings(lesson, countries,
                                                                      east - west, north - south)


def warnings(lesson: Lesson, countries: list[dict], width: float, height: float) -> list[str]:
    """What the teacher should look at: a map finer than the outlines, places that fall outside
    their own country's outline, and countries that places.csv names otherwise than the
    outlines do (the map shades a country by its name)."""
    found = []
    if max(width, height) < FINE_DEGREES:
        found.append(f"the map is about {max(width, height) * 111:.0f} km across: 1:110m outlines "
                     "are coarse at that scale, and a border or coast may run beside your places. "
                     "Build the lesson and look at its map; if it misleads, delete 'basemap' from "
                     "datapackage.json and the map goes back to a plain background")
    outlines = {country["properties"]["name"]: [Path2D(polygon[0]) for polygon in
                                                polygons(country["geometry"])]
                for country in countries}
    located = lesson.places.dropna(subset=["lat", "lon", "country"])
    astray = [f"{row.name} ({row.country})" for row in located.itertuples()
              if row.country in outlines
              and not any(ring.contains_point((row.lon, row.lat)) for ring in outlines[row.country])]
    if astray:
        found.append(f"at 1:110m these places fall outside their country's outline: "
                     f"{', '.join(astray)}. Check their coordinates; if they are right, the "
                     "outlines are too coarse for this map (delete 'basemap' from "
                     "datapackage.json to leave it plain)")
    unmatched = sorted(set(lesson.places["country"].dropna()) - set(outlines))
    if unmatched:
        found.append("places.csv names countries the outlines call otherwise or do not reach: "
                     f"{', '.join(unmatched)}. The map shades the country most places are in "
                     "only when its outline has the same name (the outlines are: "
                     f"{', '.join(outlines)})")
    return found


def note(names: list[str], rivers: list[str], extent: tuple[float, float, float, float]) -> str:
    """basemap.md: where the outlines and rivers come from, and their licence."""
    west, east, south, north = extent
    return (
        "# Basemap: where `basemap.geojson` comes from\n\n"
        f"Written by `raqqa-lesson basemap`: the {len(names)} countries of Natural Earth's "
        "1:110m admin-0 countries, and the rivers of its 1:50m rivers and lake centerlines, "
        "with a part whose bounding box meets the map's region (longitude "
        f"{west:.2f} to {east:.2f}, latitude {south:.2f} to {north:.2f}). Countries: "
        f"{', '.join(names)}. Rivers: {', '.join(rivers) or 'none'}.\n\n"
        "They are what the library ships in `share/world-countries.geojson` (from the Natural "
        "Earth file that the pyogrio 0.13.0 wheel carries as a test fixture) and "
        "`share/world-rivers.geojson` (from the copy of Natural Earth's file in the GitHub "
        "repository NelisV/ne_geojson at commit 7baddf966ab3a517a8b5402283206be60cd87fab), "
        "rounded to 0.01 degree; nothing else was changed (see the library's "
        "`tools/basemap/build_world.py`). At these scales a coast, border or river can be "
        "kilometres from where it is: right for a country or a region, coarse for a city.\n\n"
        "## Licence\n\nNatural Earth data is **public domain**: \"No permission is needed to "
        "use Natural Earth. Crediting the authors is unnecessary\" "
        "(<https://www.naturalearthdata.com/about/terms-of-use/>). A credit is still welcome: "
        "\"Made with Natural Earth.\"\n")
