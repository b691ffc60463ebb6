"""Regions: public, read-only."""

from fastapi import APIRouter

import data
from api.deps import known_region
from api.schemas import RegionSummary
from models import Region

router = APIRouter(prefix="/regions", tags=["regions"])


@router.get("", response_model=list[RegionSummary])
def list_regions() -> list[RegionSummary]:
    """The region packs the service knows, with their municipalities, wijken and scenarios."""
    out = []
    for code in data.list_regions():
        r = data.load_region(code)
        out.append(RegionSummary(code=code, name=r.name, centrumgemeente=r.centrumgemeente,
                                 municipalities=len(r.municipalities), wijken=len(r.wijken),
                                 scenarios=data.list_scenarios(code)))
    return out


@router.get("/{code}", response_model=Region)
def get_region(code: str) -> Region:
    """A region pack in full: municipalities, wijken, provision types, keys, grants and sources."""
    return known_region(code)
