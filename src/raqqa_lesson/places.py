"""Where the places are, and whether the article's numbers hold up."""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.explore import Explorer
from raqqa_lesson.style import DYNAMIC, PALETTE, axes_or_new, styled

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_MILE = 1.609344
POINT_KINDS = ("city", "town", "capital", "dam", "airbase")
"""Kinds of place drawn as points; countries are outlines, the river a line, and provinces and
regions (areas with a representative point only) are not drawn."""


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
        "lat": places["lat"].round(3),
        "lon": places["lon"].round(3),
        "coordinates from": places["citation"].map(citations),
        "note": places["note"],
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


def distance_check(lesson: Lesson) -> pd.DataFrame:
    """The article's "160 kilometers (100 miles) to the east of Aleppo" against the coordinates."""
    measured = distance(lesson, "aleppo", "raqqa")
    quantities = lesson.quantities.set_index("quantity_id")
    stated_km = quantities.loc["q_distance_km", "value"]
    stated_miles = quantities.loc["q_distance_miles", "value"]
    return pd.DataFrame({
        "the article says": [f"{stated_km:.0f} km", f"{stated_miles:.0f} miles", "to the east"],
        "the coordinates give": [f"{measured['km']:.0f} km", f"{measured['miles']:.0f} miles",
                                 f"{measured['direction']} ({measured['bearing']:.0f}°)"],
        "difference": [(f"{measured['km'] - stated_km:+.0f} km "
                       f"({(measured['km'] - stated_km) / stated_km:+.0%})"),
                       f"{measured['miles'] - stated_miles:+.0f} miles",
                       "same" if measured["direction"] == "east" else "different"],
    }, index=["distance", "in miles", "direction"])


def numbers(lesson: Lesson) -> pd.DataFrame:
    """Every number in the article: its words, hedge, unit, who gives it, and what to compare."""
    statements = lesson.statements.set_index("statement_id")
    names = lesson.actors.set_index("actor_id")["name"]
    quantities = lesson.quantities
    speaker = quantities["statement_id"].map(statements["speaker_id"]).map(names)
    return pd.DataFrame({
        "what": quantities["measure"],
        "the article's words": quantities["article_text"],
        "value": quantities["value"],
        "unit": quantities["unit"],
        "hedge": quantities["qualifier"],
        "given by": speaker,
        "compare": quantities["note"],
    })


@styled
def place_map(lesson: Lesson, *, highlight: tuple[str, ...] = (), ax: Axes | None = None) -> Axes:
    """A map of Syria and its neighbours: country outlines, the Euphrates, and every named place
    with coordinates in the region (places far away, like Geneva, are listed in the title).

    ``highlight`` (place_ids) draws those places larger and joins them with a line.
    """
    ax = axes_or_new(ax, 9, 7.5)
    west, east, south, north = 35.3, 44.5, 32.3, 38.2
    for row in lesson.basemap.itertuples():
        for part in row.parts:
            if row.kind == "river":
                lon, lat = zip(*part)
                ax.plot(lon, lat, color=PALETTE["blue"], linewidth=2.2, zorder=2)
            else:
                ax.add_patch(Polygon(part, closed=True, zorder=1,
                                     facecolor="#f2f2f2" if row.name != "Syria" else "#fff4d6",
                                     edgecolor="#7f7f7f", linewidth=0.8))
    places = lesson.places.dropna(subset=["lat", "lon"])
    inside = places["lon"].between(west, east) & places["lat"].between(south, north)
    shown = places[inside & places["kind"].isin(POINT_KINDS)]
    for row in places[inside & (places["kind"] == "country")].itertuples():
        ax.text(row.lon, row.lat, row.name.upper(), ha="center", fontsize=12, color="#595959",
                style="italic", zorder=3)
    for row in shown.itertuples():  # a highlight changes only these points, labels and line
        big = row.place_id in highlight
        marker = {"capital": "*", "dam": "s", "airbase": "^"}.get(row.kind, "o")
        point, = ax.plot(row.lon, row.lat, marker=marker,
                         markersize=(14 if big else 9) + 4 * (marker == "*"),
                         color=PALETTE["vermillion"] if big else PALETTE["black"], zorder=4,
                         markeredgecolor="white")
        label = ax.annotate(row.name, (row.lon, row.lat),
                            xytext=LABEL_OFFSETS.get(row.place_id, (6, 4)),
                            textcoords="offset points", fontsize=11 if big else 10, zorder=5,
                            fontweight="bold" if big else "normal")
        point.set_gid(DYNAMIC)
        label.set_gid(DYNAMIC)
    if len(highlight) == 2:
        pair = places.set_index("place_id").loc[list(highlight)]
        line, = ax.plot(pair["lon"], pair["lat"], color=PALETTE["vermillion"], linestyle="--",
                        zorder=3)
        line.set_gid(DYNAMIC)
    far = places[~inside & places["kind"].isin(POINT_KINDS)]["name"]
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_title("Places named in the article (Syria shaded; the Euphrates in blue)")
    ax.legend(handles=[Line2D([], [], marker=marker, linestyle="", color=PALETTE["black"],
                              markersize=9, label=label) for marker, label in MARKER_LEGEND],
              loc="upper right", frameon=True, framealpha=0.9)
    ax.text(0.01, 0.01, "Off the map: " + ", ".join(far), transform=ax.transAxes, fontsize=9,
            va="bottom", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    return ax


MARKER_LEGEND = (("o", "city or town"), ("*", "capital"), ("s", "dam"), ("^", "airbase"))
LABEL_OFFSETS = {  # nudges, in points, that keep neighbouring labels apart
    "tabqa": (-46, -4), "tabqa_dam": (8, -13), "tabqa_airport": (-30, -18),
    "raqqa": (6, 6), "aleppo": (-20, 9), "dayr_hafir": (4, 7),
}


def describe_map(lesson: Lesson) -> str:
    """One paragraph saying what the map shows."""
    check = distance(lesson, "aleppo", "raqqa")
    places = lesson.places
    located = places.dropna(subset=["lat"])
    return (
        f"A map of Syria and its neighbours. {len(located)} of the article's {len(places)} places "
        f"have sourced coordinates ({', '.join(places.loc[places['lat'].isna(), 'name'])} has "
        f"none); towns, cities, the dam and the airbase are points, provinces are not drawn, and "
        f"capitals far away are listed in a corner. Raqqa lies on the "
        f"Euphrates, {check['km']:.0f} km {check['direction']} of Aleppo in a straight line. "
        f"Tabqa, its dam and its airbase sit upstream to the west; Dayr Hafir lies between "
        f"Aleppo and the Euphrates; Deir ez-Zor is downstream to the south-east; Mosul is in Iraq."
    )


def distance_explorer(lesson: Lesson) -> Explorer:
    """Pick two places: the map joins them, and the panel gives the distance and direction."""
    located = lesson.places.dropna(subset=["lat"])
    options = [(row.name, row.place_id) for row in located.itertuples()
               if row.kind in POINT_KINDS]
    origin = widgets.Dropdown(options=options, value="aleppo", description="From")
    destination = widgets.Dropdown(options=options, value="raqqa", description="To")

    def render(ax, origin: str, destination: str):
        if origin == destination:
            return (place_map(lesson, highlight=(origin,), ax=ax), describe_map(lesson),
                    "<p>Pick two different places.</p>")
        d = distance(lesson, origin, destination)
        return (place_map(lesson, highlight=(origin, destination), ax=ax),
                f"{describe_map(lesson)} A dashed line joins {d['from']} and {d['to']}.",
                (f"<p><strong>{html.escape(d['to'])}</strong> is {d['km']:.0f} km "
                f"({d['miles']:.0f} miles) in a straight line from "
                f"<strong>{html.escape(d['from'])}</strong>, heading {d['direction']} "
                f"({d['bearing']:.0f}°). Roads are longer.</p>"))

    return Explorer({"origin": origin, "destination": destination}, render, blit=True)
