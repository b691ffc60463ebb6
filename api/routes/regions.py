"""Regions: public, read-only."""

from fastapi import APIRouter

from api.deps import known_region
from api.schemas import RegionSummary
from data import list_regions, list_scenarios, load_region
from models import Region

router = APIRouter(prefix="/regions", tags=["regions"])


@router.get("", response_model=list[RegionSummary])
def regions() -> list[RegionSummary]:
    out = []
    for code in list_regions():
        r = load_region(code)
        out.append(RegionSummary(code=code, name=r.name, centrumgemeente=r.centrumgemeente,
                                 municipalities=len(r.municipalities), wijken=len(r.wijken),
                                 scenarios=list_scenarios(code)))
    return out


@router.get("/{code}", response_model=Region)
def region(code: str) -> Region:
    return known_region(code)
