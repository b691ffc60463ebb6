#!/usr/bin/env bash
# Rebuild the CBS part of the four seed region packs from CBS files.
# Usage: data/build_packs.sh [CBS_FOLDER]   (default: ../shared/data/cbs beside the repository)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cbs="${1:-$root/../shared/data/cbs}"
build() {
    regio import-cbs --kwb "$cbs/wijken_alle_jaren.csv" --kwb "$cbs/gemeenten_kwb_2021_2022.csv" \
        --boundaries "$cbs/wijken.geojson" --year 2022 --fill-year 2021 \
        --municipalities "$2" --out "$root/data/packs/$1"
}
build dwo GM0503,GM1783,GM1926,GM1842
build mvs GM0556,GM0622,GM0606
build maastricht-heuvelland GM0935,GM1903,GM1729,GM0938,GM0981,GM0994
build midden-ijssel GM0150,GM0262,GM1773,GM0177,GM0301
