"""Buildings: the new places of the types naming one building all stand in one area (a wijk, or a
municipality without wijk data): the pack's wijk when it gives one, and in the municipality holding the
building's places today. The reported building rows hold, per building and year, the places of its types,
what opened and closed in the year, and where it stands."""

from __future__ import annotations

from optimiser.verify.reading import Reading


def check(r: Reading) -> list[str]:
    bad: list[str] = []
    reported = {(row.building, row.year): row for row in r.result.buildings}
    for b, types in r.buildings.items():
        areas = r.building_areas(b)
        given = r.region.building(b).wijk
        today = sorted({m for m in r.munis for p in types if r.today[m, p]})
        if len(areas) > 1:
            bad.append(f"building {b}: new places in {', '.join(r.name(a) for a in areas)}; "
                       "they must all stand in one wijk")
        elif areas and given is not None and areas != [given]:
            bad.append(f"building {b}: new places in {r.name(areas[0])}, but it stands in {r.name(given)}")
        elif areas and today and r.wijk_muni.get(areas[0], areas[0]) not in today:
            bad.append(f"building {b}: new places in {r.name(areas[0])}, but its places today stand in "
                       f"{r.name(today[0])}")
        where = r.stands(b)
        held = [m for m in r.munis if m in today or any(r.places[m, p, r.years[-1]] for p in types)]
        muni = held[0] if held else (r.wijk_muni[given] if given else None)
        wijk = where if where is not None and where != muni else None
        chosen = given is None and wijk is not None
        for t in r.years:
            row = reported.get((b, t))
            if row is None:
                bad.append(f"building {b}, {t}: no building row reported")
                continue
            prev = r.prev(t)
            places = {p: sum(r.places[m, p, t] for m in r.munis) for p in types}
            opened = sum(r.new[m, p, t] - (r.new[m, p, prev] if prev is not None else 0)
                         for m in r.munis for p in types)
            closed = sum(r.closed(m, p, t) - (r.closed(m, p, prev) if prev is not None else 0)
                         for m in r.munis for p in types)
            if (row.places, row.opened, row.closed) != (places, opened, closed):
                bad.append(f"building {b}, {t}: reports places {row.places}, {row.opened} opened and {row.closed} "
                           f"closed; the allocation gives {places}, {opened} and {closed}")
            if len(areas) > 1:
                continue  # spread: no one place it stands in (named above)
            if (row.municipality, row.wijk, row.wijk_chosen) != (muni, wijk, chosen):
                bad.append(f"building {b}, {t}: reported in {row.wijk or row.municipality}{_by(row.wijk_chosen)}, "
                           f"but it stands in {wijk or muni}{_by(chosen)}")
    return bad


def _by(chosen: bool) -> str:
    return " (chosen by the model)" if chosen else ""
