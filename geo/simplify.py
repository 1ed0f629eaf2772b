"""Build step (not run by the app): simplify the open province outlines for the map.

    python3 geo/simplify.py /path/to/shared/geo geo/

Reads the two GeoJSON files of Open Development Vietnam's "Địa phận tỉnh" (CC BY-SA 4.0, see
geo/README.md), simplifies every ring with Douglas-Peucker at TOLERANCE degrees, rounds to
ROUND decimals and writes `provinces_2025.geojson` (34) and `provinces_63.geojson` (63 before
1 July 2025) here. A ring that would lose its shape (an islet: fewer than 4 points left) is
kept as it was, so no island is dropped — both archipelagos stay (Hoàng Sa with Đà Nẵng,
Trường Sa with Khánh Hòa). Rings are simplified one by one, so neighbours' shared borders may
part by up to TOLERANCE (≈ 300 m), invisible at a province's scale.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE = 0.003  # degrees (≈ 330 m)
ROUND = 4
FILES = {"vn_provinces_2025_from_odm63.geojson": "provinces_2025.geojson",
         "vn_provinces_63_odm.geojson": "provinces_63.geojson"}
KEEP = ("code", "name", "full_name", "new_code")  # new_code: the 63's province since 1 July 2025


def _distance2(p, a, b) -> float:
    """Squared distance from p to the segment a–b."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return (x - x1) ** 2 + (y - y1) ** 2
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2


def douglas_peucker(points: list, tolerance: float) -> list:
    """The points kept (first and last always), iteratively (rings have thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack, tol2 = [(0, len(points) - 1)], tolerance * tolerance
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance2(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tol2:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list, tolerance: float = TOLERANCE) -> list:
    # a closed ring's first and last points coincide: split it in two so both halves have ends
    mid = len(ring) // 2
    out = douglas_peucker(ring[:mid + 1], tolerance)[:-1] + douglas_peucker(ring[mid:], tolerance)
    if len(out) < 4:  # an islet: keep it whole rather than drop it
        out = ring
    return [[round(x, ROUND), round(y, ROUND)] for x, y in out]


def simplify_geometry(geom: dict) -> dict:
    polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out = [[simplify_ring(r) for r in poly] for poly in polygons]
    return {"type": "MultiPolygon", "coordinates": out}


def main(source: Path, target: Path) -> None:
    for name, out_name in FILES.items():
        data = json.loads((source / name).read_text(encoding="utf-8"))
        features = [{"type": "Feature", "properties": {k: f["properties"][k] for k in KEEP
                                                     if k in f["properties"]},
                     "geometry": simplify_geometry(f["geometry"])} for f in data["features"]]
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                          separators=(",", ":"))
        (target / out_name).write_text(text, encoding="utf-8")
        print(out_name, len(features), "provinces", len(text) // 1024, "KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
