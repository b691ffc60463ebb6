"""Wijk geography from a region's own boundaries: adjacency, centroids, distances and spatial joins.

Everything is computed from ``Region.boundaries`` (polygons in EPSG:28992, metres), which the region
carries with it; nothing is looked up by region code or read from files here. A region without
boundaries still works: distances then come from the wijken's centroids and there is no adjacency.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from data.boundaries import EXPORT_CRS, WORK_CRS
from models import CandidateSite, Region

if TYPE_CHECKING:
    import geopandas as gpd

TOUCH_M = 5.0  # simplified polygons of neighbours may leave slivers; closer than this counts as touching


def wijk_frame(region: Region) -> gpd.GeoDataFrame | None:
    """The region's wijk polygons as a frame in EPSG:28992 (``code``, ``geometry``), or None without any."""
    if not region.boundaries:
        return None
    codes = sorted(region.boundaries)
    import geopandas as gpd  # loaded where a scenario's rules need geometry, not for every solve

    return gpd.GeoDataFrame({"code": codes}, geometry=[region.boundaries[c] for c in codes], crs=WORK_CRS)


def adjacency(region: Region) -> dict[str, set[str]]:
    """Wijken that share a boundary (within ``TOUCH_M``), across municipality borders too."""
    frame = wijk_frame(region)
    out: dict[str, set[str]] = {w.code: set() for w in region.wijken}
    if frame is None:
        return out
    grown = frame.copy()
    grown["geometry"] = frame.geometry.buffer(TOUCH_M / 2)
    import geopandas as gpd

    pairs = gpd.sjoin(grown, grown, predicate="intersects")
    for left, right in zip(pairs["code_left"], pairs["code_right"], strict=True):
        if left != right:
            out[left].add(right)
    return out


def centroids(region: Region) -> dict[str, tuple[float, float]]:
    """Wijk centroids in EPSG:28992 metres: from polygons when present, else from the pack's lon/lat."""
    from pyproj import Transformer

    out = {code: (shape.centroid.x, shape.centroid.y) for code, shape in region.boundaries.items()}
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


def candidate_room(region: Region, sites: list[CandidateSite]) -> dict[str, dict[str, int | None]]:
    """For each type the candidate sites list: the wijken holding one of its sites and the most new places
    they take there (the sum of the sites' ``max_places``; None where a site sets no maximum). A listed type
    whose sites all lie outside the region's wijken maps to no wijk at all."""
    room: dict[str, dict[str, int | None]] = {}
    for site, wijk in zip(sites, match_sites(region, sites), strict=True):
        for p in site.types:
            per_wijk = room.setdefault(p, {})
            if wijk is None:
                continue
            if site.max_places is None or (wijk in per_wijk and per_wijk[wijk] is None):
                per_wijk[wijk] = None
            else:
                per_wijk[wijk] = (per_wijk.get(wijk) or 0) + site.max_places
    return room


def match_sites(region: Region, sites: list[CandidateSite]) -> list[str | None]:
    """The wijk each candidate site lies in (spatial join); without polygons, the nearest centroid."""
    if not sites:
        return []
    from pyproj import Transformer
    from shapely.geometry import Point

    to_rd = Transformer.from_crs(EXPORT_CRS, WORK_CRS, always_xy=True)
    points = [Point(*to_rd.transform(s.lon, s.lat)) for s in sites]
    if region.boundaries:
        found: list[str | None] = []
        for point in points:
            inside = [code for code, shape in sorted(region.boundaries.items()) if shape.covers(point)]
            found.append(inside[0] if inside else None)
        return found
    cents = centroids(region)
    if not cents:
        return [None] * len(points)
    return [min(cents, key=lambda c: (math.dist(cents[c], (p.x, p.y)), c)) for p in points]
