"""A seeded, national-scale synthetic instance: 43 regions, about 340 municipalities and 3,300 wijken,
8 provision types, 5 years.

Choices (all fixed by the seed):
- region sizes: 43 centrumgemeente regions with 4-12 municipalities (340 in total), each municipality
  with 4-20 wijken (about 3,300 in total), like the Dutch centrumgemeente regions;
- wijken: inhabitants 800-16,000 (log-uniform), households = inhabitants / 2.1, one-person households
  25-65 %, % corporation dwellings 5-65, % low-income households 20-65 (CBS-like ranges);
- 8 types: BW (sites of 20-24), MO residential (sites of 6-12), and six dispersed ones (BT, BT plus,
  Housing First, doorstroom, short stay, VO houses) with costs per place-year; co-financing on the flex types;
- today: 70 % of the current places sit in the centrumgemeente, the rest spread by inhabitants;
- demand grows 0-4 % a year over 5 years, the objective key is the inhabitants' share, grants cover the
  costs with a 15 % margin, no place closes before its replacement opens, at most 10 BT places shift a year.
"""

from __future__ import annotations

import numpy as np

from models import Region, Scenario

YEARS = [2025, 2026, 2027, 2028, 2029]
TYPES = [
    # code, label, domain, unit, site_min, site_max, cost per place-year, co-financing, weight, places per 10k
    ("bw", "Beschermd wonen", "bw", "places", 20, 24, 60000, 0, 1.0, 3.0),
    ("mo", "Maatschappelijke opvang", "mo", "places", 6, 12, 35000, 0, 1.0, 2.0),
    ("bt", "Beschermd thuis", "bw", "places", None, None, 30000, 0, 1.0, 6.0),
    ("bt_plus", "Beschermd thuis plus", "bw", "places", None, None, 40000, 0, 1.0, 2.5),
    ("hf", "Housing First", "mo", "dwellings", None, None, 12000, 40000, 0.5, 1.0),
    ("doorstroom", "Doorstroomwoning", "mo", "dwellings", None, None, 10000, 40000, 0.5, 0.8),
    ("short_stay", "Short stay", "mo", "dwellings", None, None, 10000, 40000, 0.5, 1.0),
    ("vo_huis", "Vrouwenopvang huis", "vo", "houses", None, None, 90000, 0, 0.5, 0.4),
]


def _sizes(rng: np.random.Generator, n: int, total: int, low: int, high: int) -> list[int]:
    """n integers in [low, high] summing to total (as near as the bounds allow)."""
    sizes = rng.integers(low, high + 1, size=n)
    while sizes.sum() != total:
        i = rng.integers(n)
        if sizes.sum() > total and sizes[i] > low:
            sizes[i] -= 1
        elif sizes.sum() < total and sizes[i] < high:
            sizes[i] += 1
    return [int(s) for s in sizes]


def national(seed: int = 2026, regions: int = 43, municipalities: int = 340, wijken: int = 3300,
             per_region: tuple[int, int] = (4, 12)) -> list[tuple[Region, Scenario]]:
    """The instance; ``per_region``: the bounds of a region's number of municipalities (each has 4-20 wijken)."""
    rng = np.random.default_rng(seed)
    muni_counts = _sizes(rng, regions, municipalities, *per_region)
    wijk_counts = _sizes(rng, municipalities, wijken, 4, 20)
    out = []
    m_index = 0
    for r in range(regions):
        munis, wks = [], []
        for j in range(muni_counts[r]):
            code = f"GM{1000 + m_index:04d}"
            n_w = wijk_counts[m_index]
            m_index += 1
            inw_total = 0.0
            for k in range(n_w):
                inw = float(np.exp(rng.uniform(np.log(800), np.log(16000))))
                if j == 0:
                    inw *= 1.5  # the centrumgemeente is more urban
                hh = inw / 2.1
                wks.append({
                    "code": f"WK{code[2:]}{k:02d}", "name": f"Wijk {k:02d}", "municipality": code,
                    "indicators": {"a_inw": round(inw), "a_hh": round(hh), "a_1p_hh": round(hh * rng.uniform(.25, .65)),
                                   "p_wcorpw": round(rng.uniform(5, 65), 1), "p_hh_li": round(rng.uniform(20, 65), 1)},
                })
                inw_total += inw
            munis.append({"code": code, "name": f"Gemeente {code}", "role": "centrumgemeente" if j == 0 else
                          "regiogemeente", "indicators": {"a_inw": round(inw_total)}})
        total_inw = sum(m["indicators"]["a_inw"] for m in munis)
        shares = {m["code"]: m["indicators"]["a_inw"] / total_inw for m in munis}
        fix = 1 - sum(round(v, 6) for v in shares.values())
        shares = {k: round(v, 6) for k, v in shares.items()}
        shares[munis[0]["code"]] = round(shares[munis[0]["code"]] + fix, 6)
        types, capacity, demand = [], [], {}
        cost = {y: 0.0 for y in YEARS}
        for code, label, domain, unit, lo, hi, c, cofin, weight, per10k in TYPES:
            types.append({"code": code, "label": label, "domain": domain, "unit": unit, "site_min": lo,
                          "site_max": hi, "cost_per_place_year": c, "cofinancing_per_unit": cofin,
                          "draagkracht_weight": weight})
            today = int(round(per10k * total_inw / 10_000))
            centre = int(round(0.7 * today))
            capacity.append({"municipality": munis[0]["code"], "type": code, "places": centre})
            rest = today - centre
            others = munis[1:]
            if rest and others:
                weights = np.array([m["indicators"]["a_inw"] for m in others], dtype=float)
                split = np.floor(rest * weights / weights.sum()).astype(int)
                split[: rest - split.sum()] += 1
                for m, n in zip(others, split, strict=True):
                    if n:
                        capacity.append({"municipality": m["code"], "type": code, "places": int(n)})
            growth = rng.uniform(0.0, 0.04)
            demand[code] = {y: int(round(today * (1 + growth) ** i)) for i, y in enumerate(YEARS)}
            for y in YEARS:
                cost[y] += c * demand[code][y]
        grants = [{"label": "Rijksmiddelen", "domain": d, "year": y, "amount": round(1.15 * cost[y] / 3),
                   "recipient": munis[0]["code"]} for y in YEARS for d in ("bw", "mo", "vo")]
        region = Region.model_validate({
            "code": f"r{r:02d}", "name": f"Regio {r:02d}", "centrumgemeente": munis[0]["code"],
            "municipalities": munis, "wijken": wks, "provision_types": types, "capacity": capacity,
            "keys": {"objectief": {"label": "inwoners", "shares": shares}}, "grants": grants,
        })
        scenario = Scenario.model_validate({
            "name": "nationaal", "title": "synthetic", "question": "benchmark", "years": YEARS, "demand": demand,
            "transitions": {"max_shift_per_year": {"bt": 10}},
            "draagkracht": {"places_per_1000": 6.0},
            "solver": {"explain": False, "time_limit": 60},
        })
        out.append((region, scenario))
    return out


if __name__ == "__main__":
    instance = national()
    print(f"{len(instance)} regions, {sum(len(r.municipalities) for r, _ in instance)} municipalities, "
          f"{sum(len(r.wijken) for r, _ in instance)} wijken, {len(TYPES)} types, {len(YEARS)} years")
