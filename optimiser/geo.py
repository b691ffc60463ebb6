"""Wijk geometry: boundaries in EPSG:28992 (metres), adjacency, distances and spatial joins.

Boundaries come from the region pack's ``wijken.geojson`` (any CRS is reprojected). A region without
boundaries still works: distances then come from the wijken's centroids and there is no adjacency.
"""

from __future__ import annotations

import logging
import math
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
from pyproj import Transformer
from shapely.geometry import Point

from models import CandidateSite, Region

log = logging.getLogger(__name__)

WORK_CRS = 28992  # Amersfoort / RD New, metres
EXPORT_CRS = 4326
TOUCH_M = 5.0  # simplified polygons of neighbours may leave slivers; closer than this counts as touching

_registered: dict[str, gpd.GeoDataFrame] = {}


def register(region_code: str, frame: gpd.GeoDataFrame) -> None:
    """Use this geometry for a region (e.g. a hand-made region without a pack folder)."""
    _registered[region_code] = _prepare(frame)
    _cached.cache_clear()


def read(path: Path) -> gpd.GeoDataFrame:
    """Wijk boundaries from GeoJSON or GeoPackage in any CRS, as EPSG:28992 with a ``code`` column."""
    return _prepare(gpd.read_file(path))


def _prepare(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        raise ValueError("wijk boundaries state no coordinate reference system")
    for name in ("code", "wijkcode", "statcode", "gwb_code", "WK_CODE"):
        if name in frame.columns:
            frame = frame.rename(columns={name: "code"})
            break
    else:
        raise ValueError("wijk boundaries have no wijk code field")
    frame = frame.to_crs(WORK_CRS)
    frame["geometry"] = frame.geometry.make_valid()
    return frame.sort_values("code").reset_index(drop=True)


@lru_cache(maxsize=16)
def _cached(region_code: str) -> gpd.GeoDataFrame | None:
    if region_code in _registered:
        return _registered[region_code]
    from data.loader import PACKS

    for name in ("wijken.geojson", "wijken.gpkg"):
        path = PACKS / region_code / name
        if path.is_file():
            return read(path)
    return None


def wijk_frame(region: Region) -> gpd.GeoDataFrame | None:
    """The region's wijk polygons in EPSG:28992, limited to its wijken, or None without geometry."""
    frame = _cached(region.code)
    if frame is None:
        return None
    codes = {w.code for w in region.wijken}
    return frame[frame["code"].isin(codes)].reset_index(drop=True)


def adjacency(region: Region) -> dict[str, set[str]]:
    """Wijken that share a boundary (within ``TOUCH_M``), across municipality borders too."""
    frame = wijk_frame(region)
    out: dict[str, set[str]] = {w.code: set() for w in region.wijken}
    if frame is None or frame.empty:
        return out
    grown = frame.copy()
    grown["geometry"] = frame.geometry.buffer(TOUCH_M / 2)
    pairs = gpd.sjoin(grown, grown, predicate="intersects")
    for left, right in zip(pairs["code_left"], pairs["code_right"], strict=True):
        if left != right:
            out[left].add(right)
    return out


def centroids(region: Region) -> dict[str, tuple[float, float]]:
    """Wijk centroids in EPSG:28992 metres: from polygons when present, else from the pack's lon/lat."""
    frame = wijk_frame(region)
    out: dict[str, tuple[float, float]] = {}
    if frame is not None:
        for code, point in zip(frame["code"], frame.geometry.centroid, strict=True):
            out[code] = (point.x, point.y)
    to_rd = Transformer.from_crs(EXPORT_CRS, WORK_CRS, always_xy=True)
    for w in region.wijken:
        if w.code not in out and w.centroid_lon is not None and w.centroid_lat is not None:
            out[w.code] = to_rd.transform(w.centroid_lon, w.centroid_lat)
    return out


def distance_pairs(region: Region, within_m: float) -> list[tuple[str, str, float]]:
    """Pairs of wijken whose centroids lie closer than ``within_m`` metres (each pair once, sorted)."""
    points = centroids(region)
    codes = sorted(points)
    out = []
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            d = math.dist(points[a], points[b])
            if d < within_m:
                out.append((a, b, d))
    return out


def match_sites(region: Region, sites: list[CandidateSite]) -> list[str | None]:
    """The wijk each candidate site lies in (spatial join); without polygons, the nearest centroid."""
    if not sites:
        return []
    to_rd = Transformer.from_crs(EXPORT_CRS, WORK_CRS, always_xy=True)
    points = [Point(*to_rd.transform(s.lon, s.lat)) for s in sites]
    frame = wijk_frame(region)
    if frame is not None and not frame.empty:
        pts = gpd.GeoDataFrame({"i": range(len(points))}, geometry=points, crs=WORK_CRS)
        joined = gpd.sjoin(pts, frame[["code", "geometry"]], predicate="within", how="left")
        found = joined.groupby("i")["code"].first()
        return [None if isinstance(found.get(i), float) else found.get(i) for i in range(len(points))]
    cents = centroids(region)
    if not cents:
        return [None] * len(points)
    return [min(cents, key=lambda c: (math.dist(cents[c], (p.x, p.y)), c)) for p in points]
