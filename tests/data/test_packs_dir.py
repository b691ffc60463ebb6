"""Region packs outside the package: ``REGIO_PACKS_DIR`` and ``--packs`` add folders of packs to the command
line, the Python API and the service."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli import app as cli_app
from data import list_regions, load_region
from data.pack import PACKS

runner = CliRunner()


@pytest.fixture()
def packs(tmp_path: Path) -> Path:
    """A folder with one pack: DWO's, under the code ``dwo-kopie``."""
    folder = tmp_path / "packs"
    shutil.copytree(PACKS / "dwo", folder / "dwo-kopie")
    yaml = folder / "dwo-kopie" / "region.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("code: dwo\n", "code: dwo-kopie\n"), encoding="utf-8")
    return folder


def test_python_reads_packs_from_the_folders_named(packs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "dwo-kopie" not in list_regions()
    monkeypatch.setenv("REGIO_PACKS_DIR", str(packs))
    assert list_regions() == ["dwo", "dwo-kopie", "maastricht-heuvelland", "midden-ijssel", "mvs"]
    copy, shipped = load_region("dwo-kopie"), load_region("dwo")
    assert (copy.code, len(copy.wijken), copy.keys) == ("dwo-kopie", 28, shipped.keys)


def test_the_command_line_with_packs(packs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIO_LANG", "en")
    listed = runner.invoke(cli_app, ["--packs", str(packs), "regions"])
    assert listed.exit_code == 0 and "dwo-kopie" in listed.output
    shipped = runner.invoke(cli_app, ["apportion", "dwo", "--json", "--all-types"])
    copied = runner.invoke(cli_app, ["--packs", str(packs), "apportion", "dwo-kopie", "--json", "--all-types"])
    assert copied.exit_code == 0, copied.output
    assert json.loads(copied.output)["tables"] == json.loads(shipped.output)["tables"]
    monkeypatch.setenv("REGIO_PACKS_DIR", str(packs / "nergens"))
    wrong = runner.invoke(cli_app, ["regions"])
    assert wrong.exit_code == 2
    assert wrong.output.strip() == f"regio: error: REGIO_PACKS_DIR: {packs / 'nergens'} is not a folder of region packs"


def test_the_service_lists_them_per_token(packs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from api.main import create_app
    from tests.api.utils import make_settings

    monkeypatch.setenv("REGIO_PACKS_DIR", str(packs))
    app = create_app(make_settings(tmp_path / "service"))
    own = app.state.store.create_token("kopie", "dwo-kopie")
    other = app.state.store.create_token("dwo", "dwo")
    with TestClient(app) as client:
        assert "dwo-kopie" in [r["code"] for r in client.get("/v1/regions").json()]
        mine = client.get("/v1/scenarios", headers={"Authorization": f"Bearer {own}"}).json()
        assert mine and {s["region"] for s in mine} == {"dwo-kopie"}  # its scenarios seeded as version 1
        client.cookies.set("regio_token", own)
        assert "/ui/regio/dwo-kopie" in client.get("/ui").text
        client.cookies.set("regio_token", other)
        page = client.get("/ui")
        assert "/ui/regio/dwo-kopie" not in page.text and "/ui/regio/dwo" in page.text
