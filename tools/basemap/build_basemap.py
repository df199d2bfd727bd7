#!/usr/bin/env python3
"""Build data/rt-raqqa-2017/basemap.geojson (see its basemap.md) from
  (1) Natural Earth 1:110m admin-0 countries, as shipped in the pyogrio 0.13.0
      wheel (pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp), and
  (2) Natural Earth 1:50m rivers and lake centerlines: the four features with
      wikidataid Q34589 (Euphrates), whose coordinate arrays were copied verbatim
      from NelisV/ne_geojson @ 7baddf966ab3a517a8b5402283206be60cd87fab,
      ne_50m_rivers_lake_centerlines.geojson, into raw/*.coords.txt.

Run with:
    pip download --no-deps -d wheels pyogrio==0.13.0 && unzip -q wheels/pyogrio-*.whl -d whl
    python tools/basemap/build_basemap.py whl
Needs pyshp (import shapefile); not a dependency of the lesson. No network access.
"""
import itertools
import json
import math
import os
import sys

import shapefile  # pyshp

HERE = os.path.dirname(os.path.abspath(__file__))
UNPACKED_WHEEL = sys.argv[1] if len(sys.argv) > 1 else "whl"
SHP = os.path.join(UNPACKED_WHEEL, "pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres")
RAW = os.path.join(HERE, "raw")
OUT = os.path.join(HERE, os.pardir, os.pardir, "data", "rt-raqqa-2017", "basemap.geojson")

BOX = (25.0, 27.0, 52.0, 43.0)  # lon_min, lat_min, lon_max, lat_max
NDEC = 3

COUNTRY_SOURCE = "Natural Earth 1:110m admin 0 countries (via pyogrio 0.13.0 test fixture)"

# (raw file, NE "name", NE "featurecla", ne_id) -- all have wikidataid Q34589
RIVERS = [
    ("ne50m_1159124669_Firat_River.coords.txt", "Firat", "River", 1159124669),
    ("ne50m_1159125935_Al_Furat_LakeCenterline.coords.txt", "Al Furat", "Lake Centerline", 1159125935),
    ("ne50m_1159125949_Al_Furat_River.coords.txt", "Al Furat", "River", 1159125949),
    ("ne50m_1159123947_Euphrates_River.coords.txt", "Euphrates", "River", 1159123947),
]


# ---------------------------------------------------------------- geometry helpers
def rnd(pt):
    return [round(pt[0], NDEC), round(pt[1], NDEC)]


def dedupe(coords):
    out = []
    for c in coords:
        if not out or out[-1] != c:
            out.append(c)
    return out


def signed_area(ring):
    a = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        a += x1 * y2 - x2 * y1
    return a / 2.0


def round_ring(ring, exterior):
    r = dedupe([rnd(p) for p in ring])
    if r[0] != r[-1]:
        r.append(r[0])
    if len(r) < 4:
        return None
    # RFC 7946 winding: exterior counter-clockwise, holes clockwise
    a = signed_area(r)
    if (exterior and a < 0) or (not exterior and a > 0):
        r.reverse()
    return r


def round_polygon(poly):
    rings = []
    for i, ring in enumerate(poly):
        rr = round_ring(ring, exterior=(i == 0))
        if rr is None:
            if i == 0:
                return None
            continue
        rings.append(rr)
    return rings


def point_in_ring(x, y, ring):
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xi:
                inside = not inside
    return inside


def point_in_polygon(x, y, poly):
    if not point_in_ring(x, y, poly[0]):
        return False
    return not any(point_in_ring(x, y, h) for h in poly[1:])


def seg_intersect(p1, p2, p3, p4):
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    def onseg(a, b, c):
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return (o1 == 0 and onseg(p1, p2, p3)) or (o2 == 0 and onseg(p1, p2, p4)) or \
           (o3 == 0 and onseg(p3, p4, p1)) or (o4 == 0 and onseg(p3, p4, p2))


def polygon_intersects_box(poly, box):
    x0, y0, x1, y1 = box
    # any vertex inside the box
    for ring in poly:
        for x, y in ring:
            if x0 <= x <= x1 and y0 <= y <= y1:
                return True
    # any box corner inside the polygon (box inside polygon)
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    if any(point_in_polygon(cx, cy, poly) for cx, cy in corners):
        return True
    # any edge crossing
    bedges = list(zip(corners, corners[1:] + corners[:1], strict=False))
    for ring in poly:
        for a, b in itertools.pairwise(ring):
            for c, d in bedges:
                if seg_intersect(a, b, c, d):
                    return True
    return False


def geometry_polygons(geo):
    if geo["type"] == "Polygon":
        return [geo["coordinates"]]
    if geo["type"] == "MultiPolygon":
        return list(geo["coordinates"])
    raise ValueError(geo["type"])


# ---------------------------------------------------------------- countries
def build_countries():
    feats = []
    r = shapefile.Reader(SHP, encoding="iso-8859-1")  # .cpg says ISO-8859-1
    for sr in r.iterShapeRecords():
        rec = sr.record.as_dict()
        geo = sr.shape.__geo_interface__
        polys = [[[tuple(p) for p in ring] for ring in poly] for poly in geometry_polygons(geo)]
        bx0, by0, bx1, by1 = sr.shape.bbox
        if bx1 < BOX[0] or bx0 > BOX[2] or by1 < BOX[1] or by0 > BOX[3]:
            continue
        if not any(polygon_intersects_box(p, BOX) for p in polys):
            continue
        out_polys = [rp for rp in (round_polygon(p) for p in polys) if rp]
        if len(out_polys) == 1:
            g = {"type": "Polygon", "coordinates": out_polys[0]}
        else:
            g = {"type": "MultiPolygon", "coordinates": out_polys}
        feats.append({
            "type": "Feature",
            "properties": {"name": rec["name"], "iso_a3": rec["iso_a3"], "kind": "country",
                           "source": COUNTRY_SOURCE},
            "geometry": g,
        })
    feats.sort(key=lambda f: f["properties"]["name"])
    return feats


# ---------------------------------------------------------------- river
def build_rivers():
    feats = []
    for fname, ne_name, cla, ne_id in RIVERS:
        with open(os.path.join(RAW, fname)) as fh:
            coords = json.load(fh)
        lines = [dedupe([rnd(p) for p in line]) for line in coords]
        lines = [l for l in lines if len(l) >= 2]
        feats.append({
            "type": "Feature",
            "properties": {
                "name": "Euphrates",
                "kind": "river",
                "source": "Natural Earth 1:50m rivers and lake centerlines (%s [%s], ne_id %d)" % (ne_name, cla, ne_id),
            },
            "geometry": {"type": "MultiLineString", "coordinates": lines},
        })
    return feats


# ---------------------------------------------------------------- checks
def dist_point_segment_km(p, a, b):
    lat0 = math.radians(p[1])
    kx = 111.320 * math.cos(lat0)
    ky = 110.574
    ax, ay = (a[0] - p[0]) * kx, (a[1] - p[1]) * ky
    bx, by = (b[0] - p[0]) * kx, (b[1] - p[1]) * ky
    dx, dy = bx - ax, by - ay
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / L2))
    return math.hypot(ax + t * dx, ay + t * dy)


def min_dist_km(lonlat, river_feats):
    best = float("inf")
    for f in river_feats:
        for line in f["geometry"]["coordinates"]:
            for a, b in itertools.pairwise(line):
                best = min(best, dist_point_segment_km(lonlat, a, b))
    return best


def main():
    countries = build_countries()
    rivers = build_rivers()
    fc = {"type": "FeatureCollection", "features": countries + rivers}
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fc, fh, separators=(",", ":"), ensure_ascii=False)

    # validation (re-read the written file)
    with open(OUT, encoding="utf-8") as fh:
        data = json.load(fh)
    names = [f["properties"]["name"] for f in data["features"]]
    for need in ("Syria", "Iraq", "Turkey", "Euphrates"):
        assert need in names, need
    rv = [f for f in data["features"] if f["properties"]["kind"] == "river"]
    size = os.path.getsize(OUT)
    print("wrote %s: %d bytes, %d features" % (OUT, size, len(data["features"])))
    for f in data["features"]:
        g = f["geometry"]
        nv = sum(len(r) for poly in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]])
                 for r in poly) if g["type"] in ("Polygon", "MultiPolygon") else sum(len(l) for l in g["coordinates"])
        print("  %-28s %-6s %-16s %5d vertices  %s" % (f["properties"]["name"], f["properties"].get("iso_a3", ""),
                                                       g["type"], nv, f["properties"]["source"]))
    for label, pt in (("Raqqa (35.95N, 39.0167E)", (39.0167, 35.95)),
                      ("Tabqa dam (35.872N, 38.567E)", (38.567, 35.872))):
        d = min_dist_km(pt, rv)
        print("  distance Euphrates -> {}: {:.2f} km {}".format(label, d, "OK" if d <= 10 else "FAIL"))
        assert d <= 10
    assert size < 150 * 1024, size


if __name__ == "__main__":
    main()
