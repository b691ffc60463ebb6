"""One access check for the JSON API and the forms; tokens stored hashed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import api.deps
from api.deps import Forbidden
from api.storage import TokenRow
from tests.api.utils import auth


def mvs_scenario(client: TestClient, tokens: dict[str, str]) -> int:
    every = client.get("/v1/scenarios", headers=auth(tokens["admin"])).json()
    return next(s["id"] for s in every if s["region"] == "mvs")


def test_a_dwo_token_is_refused_mvs_by_the_api_and_the_forms(client: TestClient, tokens: dict[str, str]) -> None:
    sid = mvs_scenario(client, tokens)
    api_answer = client.get(f"/v1/scenarios/{sid}", headers=auth(tokens["dwo"]))
    assert api_answer.status_code == 403
    assert api_answer.json()["detail"] == f"this token has no access to scenario {sid}"  # names no region
    client.cookies.set("regio_token", tokens["dwo"])
    for page in (f"/ui/scenario/{sid}", "/ui/regio/mvs"):
        form_answer = client.get(page)
        assert form_answer.status_code == 403 and "<h1>Geen toegang tot deze regio.</h1>" in form_answer.text
    client.cookies.set("regio_token", tokens["mvs"])
    assert client.get(f"/ui/scenario/{sid}").status_code == 200
    assert client.get(f"/v1/scenarios/{sid}", headers=auth(tokens["mvs"])).status_code == 200


def test_both_go_through_the_same_check(client: TestClient, tokens: dict[str, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Refusing everything in ``check_region`` refuses the admin token on the API and in the forms alike."""
    sid = mvs_scenario(client, tokens)
    seen: list[str] = []

    def refuse(token: TokenRow, region: str, item: object = None) -> None:
        seen.append(region)
        raise Forbidden("none", region)

    monkeypatch.setattr(api.deps, "check_region", refuse)
    assert client.get(f"/v1/scenarios/{sid}", headers=auth(tokens["admin"])).status_code == 403
    client.cookies.set("regio_token", tokens["admin"])
    assert client.get(f"/ui/scenario/{sid}").status_code == 403
    assert client.get("/ui/regio/dwo").status_code == 403
    assert seen == ["mvs", "mvs", "dwo"]


def test_tokens_are_stored_hashed(client: TestClient, tokens: dict[str, str]) -> None:
    from sqlalchemy import text

    store = client.app.state.store  # type: ignore[attr-defined]
    with store.engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(text("select * from tokens")) for v in row)
    assert all(t not in stored for t in tokens.values())
