"""Wijk geometry on hand-made shapes: adjacency with a tolerance, centroids, distances and spatial joins,
and the fallbacks for a region without boundaries."""

from __future__ import annotations

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import box

from data.boundaries import pack_boundaries, read_boundaries
from optimiser import geography as geo
from optimiser.solving import solve_scenario
from tests.factories import tiny_region, tiny_scenario

X0, Y0 = 84000, 445000  # EPSG:28992, near Delft
TO_LONLAT = Transformer.from_crs(28992, 4326, always_xy=True)


def gapped_region(gap_m: float):
    """Two 1 km squares of Astad with ``gap_m`` metres between them, as simplified boundaries often have."""
    code = f"gap{int(gap_m)}"
    wijk = {"municipality": "GM0001", "indicators": {"a_inw": 10000}}
    return tiny_region(code=code, wijken=[{"code": "WK000101", "name": "West", **wijk},
                                          {"code": "WK000102", "name": "Oost", **wijk}], capacity=[],
                       boundaries={"WK000101": box(X0, Y0, X0 + 1000, Y0 + 1000),
                                   "WK000102": box(X0 + 1000 + gap_m, Y0, X0 + 2000 + gap_m, Y0 + 1000)})


@pytest.mark.parametrize(("gap_m", "touching"), [(0.0, True), (3.0, True), (50.0, False)])
def test_adjacency_tolerates_slivers_but_not_real_gaps(gap_m, touching):
    neighbours = geo.adjacency(gapped_region(gap_m))
    assert neighbours == ({"WK000101": {"WK000102"}, "WK000102": {"WK000101"}} if touching
                          else {"WK000101": set(), "WK000102": set()})


def test_centroids_and_distances_in_metres_from_polygons():
    region = gapped_region(0.0)
    cents = geo.centroids(region)
    assert cents["WK000101"] == pytest.approx((X0 + 500, Y0 + 500))
    assert [(a, b, round(d)) for a, b, d in geo.distance_pairs(region, 1001)] == [("WK000101", "WK000102", 1000)]
    assert geo.distance_pairs(region, 999) == []


def test_geometry_in_lon_lat_is_reprojected_to_metres(tmp_path):
    frame = gpd.GeoDataFrame({"code": ["WK000101", "WK000102"]},
                             geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000), box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000)],
                             crs=28992).to_crs(4326)
    frame.to_file(tmp_path / "wijken.geojson", driver="GeoJSON")
    region = tiny_region(code="lonlat", wijken=[
        {"code": "WK000101", "name": "West", "municipality": "GM0001"},
        {"code": "WK000102", "name": "Oost", "municipality": "GM0001"}], capacity=[],
        boundaries=pack_boundaries(tmp_path, ["WK000101", "WK000102"]))
    assert geo.wijk_frame(region).crs.to_epsg() == 28992
    [(_, _, d)] = geo.distance_pairs(region, 5000)
    assert d == pytest.approx(1000, abs=1)


def test_spatial_join_of_candidate_sites():
    from models import CandidateSite

    region = gapped_region(0.0)
    inside = TO_LONLAT.transform(X0 + 1500, Y0 + 200)
    outside = TO_LONLAT.transform(X0 + 5000, Y0 + 200)
    sites = [CandidateSite(name="a", lon=inside[0], lat=inside[1]), CandidateSite(name="b", lon=outside[0],
                                                                                   lat=outside[1])]
    assert geo.match_sites(region, sites) == ["WK000102", None]


def test_geopackage_in_rd_new_reads_back_with_lon_lat(tmp_path):
    frame = gpd.GeoDataFrame({"wijkcode": ["WK000101"]}, geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000)], crs=28992)
    path = tmp_path / "wijken.gpkg"
    frame.to_file(path, driver="GPKG")
    back = read_boundaries(path)
    assert list(back["code"]) == ["WK000101"] and back.crs.to_epsg() == 28992
    centre = gpd.GeoSeries(back.geometry.centroid, crs=28992).to_crs(4326).iloc[0]
    lon, lat = TO_LONLAT.transform(X0 + 500, Y0 + 500)
    assert centre.x == pytest.approx(lon, abs=1e-6) and centre.y == pytest.approx(lat, abs=1e-6)
    assert 4.2 < lon < 4.5 and 51.9 < lat < 52.1  # Delft


def test_boundaries_without_crs_are_refused(tmp_path):
    gpd.GeoDataFrame({"code": ["WK000101"]}, geometry=[box(0, 0, 1, 1)]).to_file(tmp_path / "nocrs.gpkg")
    with pytest.raises(ValueError, match="coordinate reference system"):
        read_boundaries(tmp_path / "nocrs.gpkg")


def test_region_without_geometry_falls_back_to_centroids_and_still_solves():
    lon_a, lat_a = TO_LONLAT.transform(X0, Y0)
    lon_b, lat_b = TO_LONLAT.transform(X0 + 3000, Y0)
    wijken = [{"code": "WK000101", "name": "A-Noord", "municipality": "GM0001", "centroid_lon": lon_a,
               "centroid_lat": lat_a, "indicators": {"a_inw": 10000}},
              {"code": "WK000102", "name": "A-Zuid", "municipality": "GM0001", "centroid_lon": lon_b,
               "centroid_lat": lat_b, "indicators": {"a_inw": 10000}}]
    region = tiny_region(code="nogeometry", wijken=wijken)
    assert geo.wijk_frame(region) is None
    assert geo.adjacency(region) == {"WK000101": set(), "WK000102": set()}
    [(_, _, d)] = geo.distance_pairs(region, 5000)
    assert d == pytest.approx(3000, abs=1)
    from models import CandidateSite

    near_b = TO_LONLAT.transform(X0 + 2500, Y0)
    assert geo.match_sites(region, [CandidateSite(name="x", lon=near_b[0], lat=near_b[1])]) == ["WK000102"]
    # without neighbours the cap still holds for each wijk on its own
    capped = solve_scenario(region, tiny_scenario(spreading={"mode": "neighbour_cap", "neighbour_cap": 2},
                                                  draagkracht={"enabled": False}, solver={"explain": False}))
    assert capped.status == "optimal"
    flex = [a for a in capped.allocation if a.type == "flex" and a.year == 2026 and a.wijk]
    assert flex and all(a.new_places <= 2 for a in flex)
    # 3 km apart from lon/lat centroids: a 5 km minimum distance lets flexwoningen use only one of the two
    apart = solve_scenario(region, tiny_scenario(spreading={"mode": "min_distance", "min_distance_m": 5000},
                                                 draagkracht={"enabled": False}, solver={"explain": False}))
    assert apart.status == "optimal"
    used = {a.wijk for a in apart.allocation if a.type == "flex" and a.wijk and a.new_places}
    assert len(used) == 1


def test_municipality_level_region_has_no_adjacency():
    region = tiny_region(code="nowijken", wijken=[])
    assert geo.adjacency(region) == {} and geo.centroids(region) == {}
    result = solve_scenario(region, tiny_scenario(spreading={"mode": "neighbour_cap", "neighbour_cap": 0},
                                                  solver={"explain": False}))
    assert result.status == "optimal"
