#!/usr/bin/env python3
"""Build the world outlines `raqqa-lesson basemap PACKAGE` takes a teacher's region from, in
src/raqqa_lesson/share/, rounded to 0.01 degree (about 1 km, finer than either source):
  world-countries.geojson: every country of Natural Earth 1:110m admin-0 (the same pyogrio
      0.13.0 fixture build_basemap.py reads; see data/rt-raqqa-2017/basemap.md for its hashes);
  world-rivers.geojson: every named line of Natural Earth 1:50m rivers and lake centerlines, from
      NelisV/ne_geojson @ 7baddf966ab3a517a8b5402283206be60cd87fab (the copy build_basemap.py's
      Euphrates came from), file ne_50m_rivers_lake_centerlines.geojson.

Run with (no network beyond PyPI and that repository; pyshp is not a dependency of the lesson):
    pip download --no-deps -d wheels pyogrio==0.13.0 && unzip -q wheels/pyogrio-*.whl -d whl
    pip install pyshp && python tools/basemap/build_world.py whl ne_50m_rivers_lake_centerlines.geojson
"""
import json
import os
import sys

import build_basemap as base  # its SHP path (from argv), rounding and ring orientation
import shapefile  # pyshp

base.NDEC = 2
SHARE = os.path.join(base.HERE, os.pardir, os.pardir, "src", "raqqa_lesson", "share")


def write(name, features):
    path = os.path.join(SHARE, name)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle,
                  separators=(",", ":"), ensure_ascii=False)
    print(f"wrote {path}: {os.path.getsize(path)} bytes, {len(features)} features")


def rivers(path):
    with open(path, encoding="utf-8") as handle:
        source = json.load(handle)["features"]
    features = []
    for feature in source:
        name, geometry = feature["properties"].get("name"), feature["geometry"]
        if not name:
            continue  # a few unnamed lines: the map names every river it draws
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        lines = [line for line in (base.dedupe([base.rnd(p) for p in line]) for line in lines)
                 if len(line) >= 2]
        features.append({"type": "Feature",
                         "properties": {"name": name, "kind": "river"},
                         "geometry": {"type": "MultiLineString", "coordinates": lines}})
    return sorted(features, key=lambda feature: feature["properties"]["name"])


def main():
    features = []
    for shape_record in shapefile.Reader(base.SHP, encoding="iso-8859-1").iterShapeRecords():
        record = shape_record.record.as_dict()
        polygons = [rounded for rounded in
                    (base.round_polygon(p) for p in
                     base.geometry_polygons(shape_record.shape.__geo_interface__)) if rounded]
        geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                    else {"type": "MultiPolygon", "coordinates": polygons})
        features.append({"type": "Feature",
                         "properties": {"name": record["name"], "iso_a3": record["iso_a3"],
                                        "kind": "country", "source": base.COUNTRY_SOURCE},
                         "geometry": geometry})
    features.sort(key=lambda feature: feature["properties"]["name"])
    write("world-countries.geojson", features)
    write("world-rivers.geojson", rivers(sys.argv[2]))


if __name__ == "__main__":
    main()
