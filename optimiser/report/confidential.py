"""Confidential addresses: vrouwenopvang (any type whose ``confidential`` flag is set; by default every type of
domain ``vo``) is never shown below municipality level unless confidential detail is asked for explicitly.

A solve keeps its wijk detail in memory: the verifier, the explanations and the diagnosis work on it. Every
copy that leaves the program goes through ``redact`` first — the terminal report, ``allocation.csv``,
``summary.json`` and ``result.json``, maps and GeoJSON, the web service's answers and pages — unless the user
asked for the detail (``regio solve|map --show-confidential``; in the web service an admin token with
``?show_confidential=true``).

A redacted copy says so in ``Result.redacted`` (the types it leaves out). For those types it holds one
allocation row per municipality, type and year (no wijk); the draagkracht figures of every wijk leave their
places out (otherwise a wijk's load less the places shown would give them away); and a rule or diagnosis
naming a wijk that holds them names it as "a wijk in <municipality>". Redacting a redacted copy changes
nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from models import AllocationRow, Diagnosis, DraagkrachtRow, Region, Relaxation, Result
from models.region import wijk_municipality_code
from models.result import Params

#: the line every redacted map, page and download carries (Dutch: what a working group reads)
NOTE_NL = "vertrouwelijke adressen: alleen op gemeenteniveau"
#: the line a map with confidential detail (asked for) carries
SHOWN_NL = "VERTROUWELIJK: toont wijken van vertrouwelijke adressen, niet verspreiden"


def confidential_types(region: Region) -> list[str]:
    """The region's confidential types, in its order, with every type that shares a site group with one (a
    shared site would show where the confidential places are)."""
    flagged = {t.code for t in region.provision_types if t.confidential}
    groups = {region.provision_type(c).sites_of for c in flagged}
    return [t.code for t in region.provision_types
            if t.code in flagged or (t.clustered and t.sites_of in groups)]


def shown_per_wijk(result: Result, region: Region) -> list[str]:
    """The confidential types this result shows in wijken: none in a redacted copy."""
    return [t for t in confidential_types(region) if any(a.type == t and a.wijk for a in result.allocation)]


def wijken_holding(region: Region, result: Result, types: set[str]) -> set[str]:
    """The wijken where the result or today's places put places of the given types."""
    return ({a.wijk for a in result.allocation if a.type in types and a.wijk}
            | {c.wijk for c in region.capacity if c.type in types and c.wijk})


def redact(result: Result, region: Region) -> Result:
    """A copy of the result that shows the region's confidential types at municipality level only (those of
    its scenario; every one for a result without a solution)."""
    present = set(result.unmet) | {a.type for a in result.allocation}
    types = [p for p in confidential_types(region) if p not in result.redacted and (not present or p in present)]
    if not types:
        return result
    hidden = set(types)
    allocation: list[AllocationRow] = []
    merged: dict[tuple[str, str, int], AllocationRow] = {}
    for a in result.allocation:
        if a.type not in hidden:
            allocation.append(a)
            continue
        key = a.municipality, a.type, a.year
        if key not in merged:
            merged[key] = AllocationRow(municipality=a.municipality, wijk=None, type=a.type, year=a.year, places=0)
            allocation.append(merged[key])
        row = merged[key]
        row.places += a.places
        row.new_places += a.new_places
        row.sites += a.sites
    wijken = wijken_holding(region, result, hidden)
    scrub = _scrubber(wijken, result.names)
    binding = [b.model_copy(update={"group": scrub(b.group), "description": scrub(b.description),
                                    "groups": [scrub(g) for g in b.groups], "text": scrub(b.text),
                                    "rules": [r.model_copy(update={"group": scrub(r.group),
                                                                   "params": _params(r.params, scrub)})
                                              for r in b.rules]})
               for b in result.binding]
    diagnosis = result.diagnosis and Diagnosis(
        message=scrub(result.diagnosis.message), failed_stage=result.diagnosis.failed_stage,
        relaxations=_scrubbed(result.diagnosis.relaxations, scrub, wijken),
        alternatives=[_scrubbed(way, scrub, wijken) for way in result.diagnosis.alternatives])
    return result.model_copy(update={
        "allocation": allocation,
        "draagkracht": _draagkracht(result, region, hidden),
        "binding": binding,
        "diagnosis": diagnosis,
        "redacted": [*result.redacted, *types],
    })


def _scrubbed(way: list[Relaxation], scrub: Callable[[str], str], wijken: set[str]) -> list[Relaxation]:
    """Relaxations that name a wijk holding confidential places by its municipality only."""
    return [r.model_copy(update={"group": scrub(r.group), "description": scrub(r.description),
                                 "message": scrub(r.message), "wijk": None if r.wijk in wijken else r.wijk,
                                 "params": _params(r.params, scrub)})
            for r in way]


def _params(params: Params, scrub: Callable[[str], str]) -> Params:
    """A rule's figures with every name that gives a wijk away scrubbed: a hidden wijk becomes its
    municipality (``wijk_municipality``), which the wording names as "a wijk in ..."."""
    out: Params = {k: scrub(v) if isinstance(v, str) else v for k, v in params.items()}
    wijk = out.get("wijk")
    if isinstance(wijk, str) and wijk.startswith(HIDDEN):
        out["wijk_municipality"] = wijk[len(HIDDEN):]
        del out["wijk"]
    return out


def _draagkracht(result: Result, region: Region, hidden: set[str]) -> list[DraagkrachtRow]:
    """The draagkracht rows without the load of the hidden types (today's located places of the scenario's
    types, and new places), so that no wijk's figures give them away."""
    scenario_types = set(result.unmet) or {a.type for a in result.allocation}
    load: dict[tuple[str, int], float] = defaultdict(float)
    for w, today in region.existing_load(hidden & scenario_types).items():
        for t in result.years:
            load[w, t] += today
    for a in result.allocation:
        if a.type in hidden and a.wijk:
            load[a.wijk, a.year] += region.weighted_load({a.type: a.new_places})
    rows = []
    for r in result.draagkracht:
        left = r.load - load.get((r.wijk, r.year), 0.0)
        if left == r.load:
            rows.append(r)
            continue
        use = left / r.capacity if r.capacity > 0 else (0.0 if left == 0 else float("inf"))
        rows.append(r.model_copy(update={"load": left, "use": round(use, 4)}))
    return rows


#: how the scrubber names a wijk holding confidential places (followed by its municipality)
HIDDEN = "a wijk in "


def _scrubber(wijken: set[str], names: dict[str, str]) -> Callable[[str], str]:
    """Text with each of the wijken named only by its municipality: ``wijk Holy Zuid (Vlaardingen)`` (how rules
    name a wijk) becomes ``a wijk in Vlaardingen``, and its code becomes the municipality's code."""
    replace: list[tuple[str, str]] = []
    for w in sorted(wijken):
        m = wijk_municipality_code(w)
        muni = names.get(m, m)
        label = f"{names.get(w, w)} ({muni})"
        replace += [(f"wijk {label}", f"{HIDDEN}{muni}"), (label, f"{HIDDEN}{muni}"), (w, m)]

    def scrub(text: str) -> str:
        for old, new in replace:
            text = text.replace(old, new)
        return text

    return scrub
