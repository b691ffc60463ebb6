"""Wijk boundaries from files: GeoJSON or GeoPackage in any CRS, as polygons in EPSG:28992 (metres).

The pack loader and the CBS importer both read boundaries through here, so a pack's geometry and an
imported file are read the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from models.i18n import t_

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

WORK_CRS = 28992  # Amersfoort / RD New, metres
EXPORT_CRS = 4326
#: fields that may hold the area code in a boundary file (CBS and PDOK spellings)
CODE_FIELDS = ("code", "gwb_code", "gwb_code_10", "wijkcode", "statcode", "WK_CODE", "GM_CODE")
#: the files a pack may keep its boundaries in, in order of preference
PACK_FILES = ("wijken.geojson", "wijken.gpkg")


def layers(path: Path) -> list[str]:
    """The layers of a boundary file (one for GeoJSON; a GeoPackage may hold several)."""
    import pyogrio  # type: ignore[import-untyped]

    try:
        return [str(name) for name, _kind in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio raises its own error types for unreadable files
        raise ValueError(t_("{name}: cannot read boundaries ({exc})", name=path.name, exc=exc)) from None


def read_boundaries(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """One row per area with ``code`` and ``geometry``, valid polygons in EPSG:28992, sorted by code. A file
    with several layers (a CBS/PDOK GeoPackage holds gemeenten, wijken and buurten) needs ``layer``: the
    reader does not guess between them."""
    import geopandas as gpd

    found = layers(path)
    if layer is None and len(found) > 1:
        raise ValueError(t_("{name}: {n} layers ({layers}); say which holds the wijken with --layer",
                            name=path.name, n=len(found), layers=", ".join(found)))
    if layer is not None and layer not in found:
        raise ValueError(t_("{name}: no layer {layer}; its layers: {layers}", name=path.name, layer=repr(layer),
                            layers=", ".join(found)))
    try:
        frame = gpd.read_file(path, layer=layer)
    except Exception as exc:  # pyogrio raises its own error types for unreadable files
        raise ValueError(t_("{name}: cannot read boundaries ({exc})", name=path.name, exc=exc)) from None
    if frame.crs is None:
        raise ValueError(t_("{name}: the boundary file states no coordinate reference system", name=path.name))
    code_field = next((c for c in CODE_FIELDS if c in frame.columns), None)
    if code_field is None:
        raise ValueError(t_("{name}: no wijk code field (looked for {v1})", name=path.name, v1=', '.join(CODE_FIELDS)))
    frame = frame.rename(columns={code_field: "code"})[["code", "geometry"]]
    frame["code"] = frame["code"].astype(str).str.strip()
    frame = frame.to_crs(WORK_CRS)
    frame["geometry"] = frame.geometry.make_valid()
    return frame.sort_values("code").reset_index(drop=True)


def pack_boundaries(folder: Path, wijken: list[str]) -> dict[str, BaseGeometry]:
    """The polygons of a pack folder's wijken (EPSG:28992) by wijk code; empty when the pack has none."""
    path = next((folder / name for name in PACK_FILES if (folder / name).is_file()), None)
    if path is None:
        return {}
    frame = read_boundaries(path)
    wanted = set(wijken)
    return {code: geom for code, geom in zip(frame["code"], frame.geometry, strict=True) if code in wanted}
