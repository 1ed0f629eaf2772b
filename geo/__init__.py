"""Province outlines shipped with the product (CC BY-SA 4.0, see geo/README.md) and the 34
provinces' identities: GSO code, name. Read from this folder only: nothing is fetched."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
FILES = {"2025": HERE / "provinces_2025.geojson", "63": HERE / "provinces_63.geojson"}
MERGER_DAY = "2025-07-01"  # the 34 provinces since this day; the 63 before
ATTRIBUTION = ("Ranh giới tỉnh: © Open Development Mekong – Open Development Vietnam "
               "(«Địa phận tỉnh», nguồn Cục Đo đạc và Bản đồ Việt Nam), CC BY-SA 4.0; gộp theo 34 tỉnh, "
               "thành phố từ 1/7/2025.")
ATTRIBUTION_EN = ("Province boundaries: © Open Development Mekong – Open Development Vietnam "
                  "(«Địa phận tỉnh», from the Department of Survey and Mapping of Viet Nam), CC BY-SA 4.0; "
                  "merged into the 34 provinces and cities of 1 July 2025.")


def attribution(lang: str = "vi") -> str:
    """The outlines' licence line, in the reader's language (the dataset keeps its own title)."""
    return ATTRIBUTION if lang == "vi" else ATTRIBUTION_EN


@lru_cache(maxsize=2)
def outlines(era: str = "2025") -> dict:
    """The GeoJSON FeatureCollection of an era ('2025': 34 provinces, '63': before 1 July 2025)."""
    return json.loads(FILES[era].read_text(encoding="utf-8"))


def era_of(day) -> str:
    """'63' for a day or a period (2025-06, 2025-Q2, 2024) that starts before 1 July 2025, else '2025'."""
    t = str(day)[:10].upper()
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", t):
        t = f"{m.group(1)}-{3 * int(m.group(2)) - 2:02d}"
    elif re.fullmatch(r"\d{4}", t):
        t += "-12"  # a year is judged by its end: 2025's scores are of the 34
    return "63" if t < MERGER_DAY[:len(t)] else "2025"


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    t = re.sub(r"[^a-z0-9]+", " ", t)
    # "UBND tỉnh X", "Tỉnh X", "Thành phố X", "TP. X", "X - tỉnh Y" → the name alone
    t = re.sub(r"^(uy ban nhan dan|ubnd)\s+", "", t.strip())
    t = re.sub(r"^(tinh|thanh pho|tp)\s+", "", t)
    return re.sub(r"\s+", " ", t).strip()


@lru_cache(maxsize=2)
def provinces(era: str = "2025") -> tuple[dict, ...]:
    """(code, name, full_name) of every province of the era, in code order."""
    return tuple(sorted(({k: f["properties"][k] for k in ("code", "name", "full_name")}
                         for f in outlines(era)["features"]), key=lambda p: p["code"]))


def province_by_name(name: str | None, era: str = "2025") -> dict | None:
    """The province a text names ("Tỉnh Khánh Hòa", "UBND tỉnh Khánh Hòa", "TP. Hồ Chí Minh",
    "Thành phố Huế"), or None. Also "Hoà"/"Hòa" spellings (folded)."""
    if not name:
        return None
    key = _fold(name)
    for p in provinces(era):
        if _fold(p["name"]) == key or _fold(p["full_name"]) == key:
            return p
    return None


def bounds(feature_or_collection: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a feature or collection."""
    xs, ys = [], []
    feats = feature_or_collection.get("features") or [feature_or_collection]
    for f in feats:
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                xs += [p[0] for p in ring]
                ys += [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def province_features(code: str, era: str = "2025") -> list[dict]:
    """The outline features of a province (by its 2025 code): itself, or before 1 July 2025 the
    old provinces that merged into it."""
    key = "new_code" if era == "63" else "code"
    return [f for f in outlines(era)["features"] if f["properties"].get(key) == code]


@lru_cache(maxsize=256)
def _feature_bounds(era: str, code: str) -> tuple[float, float, float, float]:
    feat = next(f for f in outlines(era)["features"] if f["properties"]["code"] == code)
    return bounds(feat)


def touches(feature: dict, box: tuple[float, float, float, float], era: str | None = None) -> bool:
    """Whether a province's outline reaches into box (west, south, east, north)."""
    w, s, e, n = bounds(feature) if era is None else _feature_bounds(era, feature["properties"]["code"])
    return not (e < box[0] or w > box[2] or n < box[1] or s > box[3])
