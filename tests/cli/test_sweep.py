"""``regio sweep`` as an advisor runs it: 50 variants with a progress bar, stopped with Ctrl-C and started again
(only the rest is solved), the table, charts and a comparison of two variants; bad sweeps are one line."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
#: the README's sweep file: the 50 variants it describes are the ones run here
SWEEP = re.search(r"```yaml\n(# hoger\.yaml.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _regio(*args: str) -> list[str]:
    return [sys.executable, "-c", "from cli import app; app()", *args]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "REGIO_LANG": "nl", "COLUMNS": "160", **extra}


def test_fifty_variants_stopped_and_started_again_solve_each_once(tmp_path: Path) -> None:
    (tmp_path / "hoger.yaml").write_text(SWEEP, encoding="utf-8")
    out = tmp_path / "uit"
    command = _regio("sweep", "midden-ijssel", "hoger.yaml", "--out", str(out), "--workers", "2")
    first = subprocess.Popen(command, cwd=tmp_path, env=_env(FORCE_COLOR="1"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("results/*/result.json"))) < 6 and time.monotonic() < deadline:
        time.sleep(0.1)
    first.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = first.communicate(timeout=120)
    err = ANSI.sub("", err)
    assert first.returncode == 130, err
    assert "Traceback" not in err
    kept = len(list(out.glob("results/*/result.json")))
    assert 6 <= kept < 50 and not list(out.glob("results/*/*.part"))
    assert f"onderbroken: {kept} van 50 verschillende varianten zijn berekend en bewaard in {out}" in err
    assert "hoger.yaml: 50 varianten, 50 verschillend" in err

    again = subprocess.run([*command, "--compare", "v02", "--compare", "v10"], cwd=tmp_path, env=_env(FORCE_COLOR="1"),
                           capture_output=True, text=True, timeout=600)
    err = ANSI.sub("", again.stderr)
    assert again.returncode == 0, err
    rest = 50 - kept
    assert f"{kept} eerder berekend, {rest} te berekenen" in err
    assert re.search(rf"varianten\s.*\s{rest}/{rest}\s", err), err  # the bar: count, elapsed, time left
    assert len(list(out.glob("results/*/result.json"))) == 50
    text = ANSI.sub("", again.stdout)
    assert "Reeks: 50 varianten (25 optimaal, 25 onhaalbaar)" in text
    # a cap of 60 BW places on Deventer, which holds 76 that may not go: 16 short in every year
    assert re.search(r"v01: Geen verdeling voldoet aan alle regels\..* 60 plekken .*Deventer: 16 plekken meer", text)
    assert "Kengetallen naast elkaar" in text and "v02" in text and "v10" in text

    table = pd.read_csv(out / "sweep.csv")
    assert len(table) == 50 * 5 and table["variant"].nunique() == 50
    rows = table.drop_duplicates("variant")
    assert (rows["status"] == "infeasible").sum() == 25 and (rows[rows["caps.GM0150.bw"] == 60]["status"] ==
                                                             "infeasible").all()
    assert rows[rows["status"] == "optimal"]["unmet"].eq(0).all()
    for name in ("sweep.xlsx", "sweep.parquet", "charts/demand_bw.png", "charts/draagkracht_places_per_1000.png",
                 "charts/caps_GM0150_bw.png", "comparison-v02-v10.png"):
        assert (out / name).is_file(), name


def test_a_bad_sweep_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "fout.yaml").write_text("mode: zip\nvary:\n  demand.bw.2024: [1, 2]\n  caps.GM0150.bw: [1]\n",
                                        encoding="utf-8")
    done = subprocess.run(_regio("sweep", "midden-ijssel", "fout.yaml"), cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == ("regio: fout: fout.yaml: mode zip: elk pad heeft evenveel waarden nodig "
                           "(demand.bw.2024: 2, caps.GM0150.bw: 1)\n")
    (tmp_path / "negatief.yaml").write_text("vary:\n  demand.bw.2024: [10, -5]\n", encoding="utf-8")
    done = subprocess.run(_regio("sweep", "midden-ijssel", "negatief.yaml", "--lang", "en"), cwd=tmp_path,
                          env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and not (tmp_path / "negatief").exists()  # nothing solved, nothing written
    assert done.stderr == "regio: error: negatief.yaml: v2: demand.bw.2024: -5 is negative\n"
