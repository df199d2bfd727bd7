"""Where the places are, and whether the article's numbers hold up."""

from __future__ import annotations

import math

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.explore import Explorer
from raqqa_lesson.markup import element
from raqqa_lesson.sources import readable
from raqqa_lesson.style import DYNAMIC, PALETTE, axes_or_new, styled, word_list

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_MILE = 1.609344
NOT_POINTS = ("country", "province", "region", "river")
"""Kinds of place not drawn as points: countries are outlines, a river a line, and provinces and
regions (areas with a representative point only) are not drawn. Every other kind, including one
a teacher adds (a district, a port), is drawn as a point."""


def point_places(places: pd.DataFrame) -> pd.DataFrame:
    """The places drawn as points, with or without coordinates."""
    return places[~places["kind"].isin(NOT_POINTS)]


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km along the Earth's surface (haversine formula on a sphere)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bearing_degrees(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from the first point to the second (0 = north, 90 = east)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlam = math.radians(lon2 - lon1)
    x = math.sin(dlam) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlam)
    return math.degrees(math.atan2(x, y)) % 360


def compass(bearing: float) -> str:
    """The nearest of the eight compass points."""
    points = ("north", "north-east", "east", "south-east", "south", "south-west", "west",
              "north-west")
    return points[round(bearing / 45) % 8]


def place_table(lesson: Lesson) -> pd.DataFrame:
    """Every place the article names: kind, country, coordinates and their source."""
    citations = lesson.citations.set_index("citation_id")["publisher"]
    places = lesson.places
    return pd.DataFrame({
        "place": places["name"],
        "kind": places["kind"].astype("string"),
        "country": places["country"],
        "lat": places["lat"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
        "lon": places["lon"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
        "coordinates from": places["citation"].map(citations),
        "note": readable(lesson, places["note"]),
    }).set_index("place")


def distance(lesson: Lesson, origin: str, destination: str) -> dict:
    """Distance and direction between two places (by place_id), and their names."""
    places = lesson.places.set_index("place_id")
    a, b = places.loc[origin], places.loc[destination]
    if pd.isna(a["lat"]) or pd.isna(b["lat"]):
        missing = a["name"] if pd.isna(a["lat"]) else b["name"]
        raise ValueError(f"{missing} has no sourced coordinates, so no distance can be computed")
    km = great_circle_km(a["lat"], a["lon"], b["lat"], b["lon"])
    bearing = bearing_degrees(a["lat"], a["lon"], b["lat"], b["lon"])
    return {"from": a["name"], "to": b["name"], "km": km, "miles": km / KM_PER_MILE,
            "bearing": bearing, "direction": compass(bearing)}


UNITS_IN_KM = {"km": 1.0, "kilometers": 1.0, "kilometres": 1.0, "miles": KM_PER_MILE}
"""The distance units a package's quantities may use, and their length in km."""


def distance_check(lesson: Lesson) -> pd.DataFrame:
    """Every distance the article states (a quantity naming ``place_from`` and ``place_to``)
    against the straight line between the two places' points, with the stated direction."""
    quantities = lesson.quantities.dropna(subset=["place_from", "place_to"])
    names = lesson.places.set_index("place_id")["name"]
    rows = []
    for row in quantities.itertuples():
        measured = distance(lesson, row.place_from, row.place_to)
        per_unit = UNITS_IN_KM.get(str(row.unit).lower(), 1.0)
        stated_km = row.value * per_unit
        difference = measured["km"] - stated_km
        rows.append({
            "distance": f"{names[row.place_from]} to {names[row.place_to]}",
            "the article says": f"{row.value:,.0f} {row.unit}"
                                + (f", to the {row.direction}" if pd.notna(row.direction) else ""),
            "the coordinates give": f"{measured['km'] / per_unit:,.0f} {row.unit}, to the "
                                    f"{measured['direction']} ({measured['bearing']:.0f}°)",
            "difference": f"{difference / per_unit:+,.0f} {row.unit} ({difference / stated_km:+.0%})"
                          + ("" if pd.isna(row.direction) else
                             "; same direction" if row.direction == measured["direction"]
                             else "; another direction"),
        })
    return pd.DataFrame(rows, columns=["distance", "the article says", "the coordinates give",
                                       "difference"]).set_index("distance")


def number_text(value: float, high: float | None = None) -> str:
    """A number as its source gives it: whole numbers with thousands separators, a range as
    "low–high", nothing where the article gives no number."""
    def one(number: float) -> str:
        return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"
    if pd.isna(value):
        return ""
    return one(value) if high is None or pd.isna(high) else f"{one(value)}–{one(high)}"


def numbers(lesson: Lesson) -> pd.DataFrame:
    """Every number in the article: its words, hedge, unit, who gives it, and what to compare."""
    statements = lesson.statements.set_index("statement_id")
    names = lesson.actors.set_index("actor_id")["name"]
    quantities = lesson.quantities
    speaker = quantities["statement_id"].map(statements["speaker_id"]).map(names)
    return pd.DataFrame({
        "what": quantities["measure"],
        "the article's words": quantities["article_text"],
        "value": [number_text(low, high) for low, high in zip(quantities["value"],
                                                               quantities["value_high"])],
        "unit": quantities["unit"],
        "hedge": quantities["qualifier"],
        "given by": speaker,
        "compare": readable(lesson, quantities["note"]),
    })


MAP_REACH_KM = 900
"""Places further than this from the middle of the article's places are listed, not drawn."""
MAP_MARGIN = 0.6
"""Degrees of margin around the drawn places."""


def map_extent(shown: pd.DataFrame) -> tuple[float, float, float, float]:
    """The map's (west, east, south, north): the box around the places it draws (``map_places``),
    with a margin."""
    return (shown["lon"].min() - MAP_MARGIN, shown["lon"].max() + MAP_MARGIN,
            shown["lat"].min() - MAP_MARGIN, shown["lat"].max() + MAP_MARGIN)


def map_places(lesson: Lesson) -> pd.DataFrame:
    """The located places the map draws as points: those near the middle of the article's."""
    points = point_places(lesson.places.dropna(subset=["lat", "lon"]))
    lat, lon = points["lat"].median(), points["lon"].median()
    near = [great_circle_km(lat, lon, a, b) <= MAP_REACH_KM
            for a, b in zip(points["lat"], points["lon"])]
    return points[near] if any(near) else points  # places all far apart: draw every one


def shaded_country(lesson: Lesson, shown: pd.DataFrame) -> str | None:
    """The country most of the drawn places are in (on a tie, the first the table names), if the
    basemap has its outline to shade; else None."""
    counts = shown["country"].value_counts(sort=False)  # places with no country are not counted
    if not len(counts):
        return None
    outlines = lesson.basemap.loc[lesson.basemap["kind"] != "river", "name"]
    return counts.idxmax() if (outlines == counts.idxmax()).any() else None


@styled
def place_map(lesson: Lesson, *, highlight: tuple[str, ...] = (), ax: Axes | None = None) -> Axes:
    """A map of the article's region: the basemap's outlines and rivers, the country most of the
    places are in shaded, and every named place near them (places far away are listed).

    ``highlight`` (place_ids) draws those places larger and joins them with a line.
    """
    ax = axes_or_new(ax, 9, 7.5)
    shown = map_places(lesson)
    west, east, south, north = map_extent(shown)
    shaded = shaded_country(lesson, shown)
    for row in lesson.basemap.itertuples():
        for part in row.parts:
            if row.kind == "river":
                lon, lat = zip(*part)
                ax.plot(lon, lat, color=PALETTE["blue"], linewidth=2.2, zorder=2)
            else:  # add_artist, not add_patch: the extent is set below, so working out the data
                # limits of every outline (a third of a redraw) would buy nothing
                ax.add_artist(Polygon(part, closed=True, zorder=1,
                                     facecolor="#fff4d6" if row.name == shaded else "#f2f2f2",
                                     edgecolor="#7f7f7f", linewidth=0.8))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    places = lesson.places.dropna(subset=["lat", "lon"])
    inside = places["lon"].between(west, east) & places["lat"].between(south, north)
    for row in places[inside & (places["kind"] == "country")].itertuples():
        ax.text(row.lon, row.lat, row.name.upper(), ha="center", fontsize=12, color="#595959",
                style="italic", zorder=3)
    placed: list = []
    for row in shown.itertuples():  # a highlight changes only these points, labels and line
        big = row.place_id in highlight
        marker = MARKERS.get(row.kind, "o")
        point, = ax.plot(row.lon, row.lat, marker=marker,
                         markersize=(14 if big else 9) + 4 * (marker == "*"),
                         color=PALETTE["vermillion"] if big else PALETTE["black"], zorder=4,
                         markeredgecolor="white")
        offset, align = label_offset(ax, row.lon, row.lat, row.name, placed)
        label = ax.annotate(row.name, (row.lon, row.lat), xytext=offset, ha=align,
                            textcoords="offset points", fontsize=11 if big else 10, zorder=5,
                            fontweight="bold" if big else "normal",
                            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.6,
                                  "pad": 0.5})
        point.set_gid(DYNAMIC)
        label.set_gid(DYNAMIC)
    pair = list(highlight) if len(highlight) == 2 else article_distance(lesson)
    notes = []
    if pair:  # the highlighted places, or else the article's own distance, joined and measured
        ends = places.set_index("place_id").loc[pair]
        line, = ax.plot(ends["lon"], ends["lat"], color=PALETTE["vermillion"], linestyle="--",
                        zorder=3)
        line.set_gid(DYNAMIC)
        notes.append(f"Dashed: {ends['name'].iloc[0]} to {ends['name'].iloc[1]}, "
                     f"{distance(lesson, *pair)['km']:,.0f} km in a straight line")
    scale_bar(ax, 100 if east - west < 20 else 500)
    far = point_places(places)
    far = far[~far["place_id"].isin(shown["place_id"])]
    rivers = sorted(set(lesson.basemap.loc[lesson.basemap["kind"] == "river", "name"]))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    keys = [*([f"{shaded} shaded"] if shaded else []),
            *([f"the {', '.join(rivers)} in blue"] if rivers else [])]
    ax.set_title("Places named in the article" + (f" ({'; '.join(keys)})" if keys else ""))
    ax.legend(handles=[Line2D([], [], marker=marker, linestyle="", color=PALETTE["black"],
                              markersize=9, label=label) for marker, label in legend_entries(shown)],
              loc="upper right", frameon=True, framealpha=0.9)
    if len(far):
        notes.append("Off the map: " + ", ".join(far["name"]))
    if notes:
        box = ax.text(0.01, 0.01, "\n".join(notes), transform=ax.transAxes, fontsize=9,
                      va="bottom", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        box.set_gid(DYNAMIC)  # it names the highlighted pair
    return ax


def article_distance(lesson: Lesson) -> list[str]:
    """The two places of the first distance the article states, if both have points."""
    stated = lesson.quantities.dropna(subset=["place_from", "place_to"]).head(1)
    located = set(lesson.places.dropna(subset=["lat", "lon"])["place_id"])
    pair = [*stated["place_from"], *stated["place_to"]]
    return pair if len(pair) == 2 and set(pair) <= located else []


def scale_bar(ax: Axes, km: int) -> None:
    """A bar ``km`` long at the map's lower right, at the map's middle latitude."""
    (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
    degrees = km / (math.pi * EARTH_RADIUS_KM / 180 * math.cos(math.radians((south + north) / 2)))
    right, bottom = east - 0.04 * (east - west), south + 0.05 * (north - south)
    ax.plot([right - degrees, right], [bottom, bottom], color=PALETTE["black"], linewidth=3,
            solid_capstyle="butt", zorder=5)
    ax.text(right - degrees / 2, bottom + 0.015 * (north - south), f"{km} km", ha="center",
            va="bottom", fontsize=9, zorder=5)


MARKERS = {"capital": "*", "dam": "s", "airbase": "^"}
"""A kind's marker on the map; every other kind of point is a dot."""


def legend_entries(shown: pd.DataFrame) -> list[tuple[str, str]]:
    """(marker, label) for each marker the map draws, naming the kinds drawn with it."""
    entries = []
    for marker in dict.fromkeys(["o", *MARKERS.values()]):
        kinds = sorted(kind for kind in set(shown["kind"]) if MARKERS.get(kind, "o") == marker)
        if kinds:
            entries.append((marker, word_list(kinds, "or")))
    return entries
LABEL_OFFSETS = (((7, 4), "left"), ((-7, 4), "right"), ((7, -13), "left"), ((-7, -13), "right"),
                 ((0, 9), "center"), ((0, -17), "center"))
"""Where a label may sit beside its point, in points, tried in this order."""


def label_offset(ax: Axes, lon: float, lat: float, text: str, placed: list) -> tuple:
    """The first offset whose label box overlaps no label placed before, so neighbouring places
    stay readable without hand nudges. Boxes are estimated in degrees from the text's length at
    10 points and the map's nominal scale, so the choice does not depend on the layout."""
    (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
    lon_per_point = (east - west) / (ax.figure.get_figwidth() * 72 * 0.75)
    lat_per_point = lon_per_point * math.cos(math.radians((south + north) / 2))
    width, height = 6.2 * len(text) * lon_per_point, 12 * lat_per_point
    for (dx, dy), align in LABEL_OFFSETS:
        left = lon + dx * lon_per_point - {"left": 0, "right": width, "center": width / 2}[align]
        bottom = lat + dy * lat_per_point
        box = (left, bottom, left + width, bottom + height)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for b in placed):
            placed.append(box)
            return (dx, dy), align
    placed.append(box)
    return LABEL_OFFSETS[0]


def describe_map(lesson: Lesson) -> str:
    """One paragraph saying what the map shows."""
    places = lesson.places
    located = places.dropna(subset=["lat"])
    missing = places.loc[places["lat"].isna(), "name"]
    shown = map_places(lesson)
    far = point_places(located)
    far = far[~far["place_id"].isin(shown["place_id"])]
    rivers = sorted(set(lesson.basemap.loc[lesson.basemap["kind"] == "river", "name"]))
    country = shaded_country(lesson, shown)
    return (
        (f"A map of {country} and its neighbours. " if country
         else "A map of the article's places, on a plain background. ")
        + f"{len(located)} of the article's {len(places)} places have sourced coordinates"
        + (f" ({', '.join(missing)} {'has' if len(missing) == 1 else 'have'} none)" if len(missing) else "")
        + f". {len(shown)} places are drawn as points: {', '.join(shown['name'])}."
        + (f" The {', '.join(rivers)} is drawn in blue." if rivers else "")
        + (f" Places far away are listed in a corner: {', '.join(far['name'])}." if len(far) else "")
    )


def distance_explorer(lesson: Lesson) -> Explorer:
    """Pick two places: the map joins them, and the panel gives the distance and direction."""
    options = [(row.name, row.place_id)
               for row in point_places(lesson.places.dropna(subset=["lat"])).itertuples()]
    first = lesson.quantities.dropna(subset=["place_from", "place_to"]).head(1)
    start = first["place_from"].iloc[0] if len(first) else options[0][1]
    # it opens from the article's own starting point but not on its destination: the learner
    # measures the article's distance by picking it, instead of reading it off the first view
    stated = first["place_to"].iloc[0] if len(first) else None
    others = [key for _, key in options if key != start]
    if stated is None:  # no distance in the article: open on the place on the map furthest away,
        on_map = set(map_places(lesson)["place_id"])  # so no nearby pair is handed over
        end = max((key for key in others if key in on_map), default=others[0],
                  key=lambda key: distance(lesson, start, key)["km"])
    else:
        end = next((key for key in others if key != stated), others[0])  # two places: the stated one
    origin = widgets.Dropdown(options=options, value=start, description="From")
    destination = widgets.Dropdown(options=options, value=end, description="To")

    described = describe_map(lesson)  # the same for every view

    def render(ax, origin: str, destination: str):
        if origin == destination:
            return (place_map(lesson, highlight=(origin,), ax=ax), described,
                    element("p", "Pick two different places."))
        d = distance(lesson, origin, destination)
        return (place_map(lesson, highlight=(origin, destination), ax=ax),
                f"{described} A dashed line joins {d['from']} and {d['to']}.",
                element("p", element("strong", d["to"]),
                        f" is {d['km']:.0f} km ({d['miles']:.0f} miles) in a straight line from ",
                        element("strong", d["from"]),
                        f", heading {d['direction']} ({d['bearing']:.0f}°). Roads are longer."))

    return Explorer({"origin": origin, "destination": destination}, render, blit=True)
