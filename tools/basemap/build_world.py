#!/usr/bin/env python3
"""Build src/raqqa_lesson/share/world-countries.geojson: every country of Natural Earth 1:110m
admin-0 (the same pyogrio 0.13.0 fixture build_basemap.py reads; see
data/rt-raqqa-2017/basemap.md for its hashes), rounded to 0.01 degree (about 1 km, finer than
the 1:110m source). `raqqa-lesson basemap PACKAGE` takes a teacher's region from it.

Run with (no network beyond PyPI; pyshp is not a dependency of the lesson):
    pip download --no-deps -d wheels pyogrio==0.13.0 && unzip -q wheels/pyogrio-*.whl -d whl
    pip install pyshp && python tools/basemap/build_world.py whl
"""
import json
import os

import build_basemap as base  # its SHP path (from argv), rounding and ring orientation
import shapefile  # pyshp

base.NDEC = 2
OUT = os.path.join(base.HERE, os.pardir, os.pardir, "src", "raqqa_lesson", "share",
                   "world-countries.geojson")


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
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle,
                  separators=(",", ":"), ensure_ascii=False)
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes, {len(features)} countries")


if __name__ == "__main__":
    main()
