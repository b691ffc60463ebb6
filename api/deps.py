"""Typed dependencies shared by the JSON API and the forms, with the one region-access check.

The check raises small exceptions; ``api.main`` turns them into JSON answers (401/403/404) for the API and
into the login page or a Dutch message for ``/ui`` pages.
(No postponed annotations here: FastAPI reads these signatures at import time.)
"""

import math
import threading
import time
from collections import deque
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.config import Settings
from api.jobs import RunManager
from api.storage import MAX_ID, RunRow, ScenarioRow, Store, TokenRow
from data import list_regions, load_region
from models import Region
from models.i18n import Message, Words, accept_language, language, t_

TOKEN_COOKIE = "regio_token"


# -- what the check raises -----------------------------------------------------------------------------
class NotAuthenticated(Exception):
    """No token, or an unknown one."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Forbidden(Exception):
    """The token belongs to another region; for a scenario or run asked by id, the message names neither region
    (it would tell any token which region owns an id)."""

    def __init__(self, token_region: str, region: str, item: Message | None = None) -> None:
        super().__init__(item or t_("this token is for region {token_region}, not {region}",
                                    token_region=token_region, region=region))
        self.detail = self.args[0]


class TooManyAttempts(Exception):
    """Too many unknown tokens from one address in a short time: it waits before it may try again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(t_("too many attempts with an unknown token; try again in {seconds} s", seconds=seconds))
        self.detail = self.args[0]
        self.seconds = seconds


class Attempts:
    """Unknown tokens per client address in a sliding window (per service process): past ``limit`` in
    ``window`` seconds the address is refused (429) until the oldest attempt leaves the window."""

    def __init__(self, limit: int = 10, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self.failures: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, who: str, moment: float) -> deque[float]:
        seen = self.failures.setdefault(who, deque())
        while seen and seen[0] <= moment - self.window:
            seen.popleft()
        return seen

    def check(self, who: str) -> None:
        with self.lock:
            moment = time.monotonic()
            seen = self._recent(who, moment)
            if len(seen) >= self.limit:
                raise TooManyAttempts(max(1, math.ceil(seen[0] + self.window - moment)))
            if not seen:
                self.failures.pop(who, None)

    def failed(self, who: str) -> None:
        with self.lock:
            self._recent(who, time.monotonic()).append(time.monotonic())


def checked_token(request: Request, store: Store, value: str) -> TokenRow | None:
    """The token's row, or None for an unknown or revoked one, counted against the address that sent it
    (TooManyAttempts once it has sent too many)."""
    attempts: Attempts = request.app.state.attempts
    who = request.client.host if request.client else "-"
    attempts.check(who)
    row = store.check_token(value)
    if row is None:
        attempts.failed(who)
    return row


class NotFound(Exception):
    """No such region, scenario or run; ``detail`` for the API, ``page`` (Dutch) for the forms."""

    def __init__(self, detail: str, page: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.page = page


# -- application state ---------------------------------------------------------------------------------
# (dependencies that do no I/O are async: FastAPI runs a sync one in a worker thread, a hop per request each)
async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_manager(request: Request) -> RunManager:
    manager: RunManager = request.app.state.manager
    return manager


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
ManagerDep = Annotated[RunManager, Depends(get_manager)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


# -- tokens --------------------------------------------------------------------------------------------
#: the two ways a token comes, declared in the OpenAPI document so that generated clients know them
BEARER = HTTPBearer(auto_error=False, scheme_name="token", description="the region's API token: "
                    "`Authorization: Bearer TOKEN`")
COOKIE = APIKeyCookie(name=TOKEN_COOKIE, auto_error=False, scheme_name="formsCookie",
                      description="the forms' login session (set by the login form; a token is taken too)")


def required_token(request: Request, store: StoreDep,
                   bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
                   cookie: Annotated[str | None, Depends(COOKIE)]) -> TokenRow:
    """The token a request carries, a Bearer header (API clients) or the login cookie (forms), checked."""
    value = (bearer.credentials.strip() if bearer is not None else "") or cookie
    if not value:
        raise NotAuthenticated(t_("an API token is needed (Authorization: Bearer TOKEN)"))
    if bearer is None and cookie:  # the forms' login session (or a token a client put in the cookie)
        session = store.session_token(cookie)
        if session is not None:
            return session
    row = checked_token(request, store, value)
    if row is None:
        raise NotAuthenticated(t_("unknown API token"))
    return row


CurrentToken = Annotated[TokenRow, Depends(required_token)]


# -- the region-access check ---------------------------------------------------------------------------
def permits(token: TokenRow, region: str) -> bool:
    """The access rule: a region token reads and writes its own region only; an admin token (no region) all."""
    return token.region is None or token.region == region


def check_region(token: TokenRow, region: str, item: Message | None = None) -> None:
    """The one access check of the API and the forms: Forbidden unless the token permits the region (``item``:
    what was asked by id, named instead of the regions)."""
    if not permits(token, region):
        raise Forbidden(str(token.region), region, item)


def known_region(code: str) -> Region:
    if code not in list_regions():
        raise NotFound(t_("unknown region {code}", code=repr(code)), "Regio niet gevonden.")
    return load_region(code)


class RegionAccess:
    """What the current token may see: regions, scenarios and runs, each through ``check_region``."""

    def __init__(self, store: StoreDep, token: CurrentToken) -> None:
        self.store = store
        self.token = token

    def region(self, code: str) -> Region:
        check_region(self.token, code)
        return known_region(code)

    def allow(self, code: str) -> None:
        check_region(self.token, code)

    def scenario(self, scenario_id: int) -> ScenarioRow:
        # an id beyond the database's integers is no scenario (the forms' paths are not bounded by FastAPI)
        row = self.store.scenario(scenario_id) if 1 <= scenario_id <= MAX_ID else None
        if row is None:
            raise NotFound(t_("no scenario {scenario_id}", scenario_id=str(scenario_id)), "Scenario niet gevonden.")
        check_region(self.token, row.region, t_("this token has no access to scenario {scenario_id}",
                                                scenario_id=str(scenario_id)))
        return row

    def run(self, run_id: str) -> RunRow:
        row = self.store.run(run_id)
        if row is None:
            raise NotFound(t_("no run {run_id}", run_id=run_id), "Berekening niet gevonden.")
        check_region(self.token, row.region, t_("this token has no access to run {run_id}", run_id=run_id))
        return row


async def region_access(store: StoreDep, token: CurrentToken) -> RegionAccess:
    return RegionAccess(store, token)


Access = Annotated[RegionAccess, Depends(region_access)]


def reader_words(request: Request, lang: Annotated[str | None, Query(
        pattern="^(nl|en)$", description="language of the texts: nl (default) or en; without it the "
                                         "Accept-Language header decides")] = None) -> Words:
    """The language the reader asked for: ``?lang=``, else ``Accept-Language``, else Dutch."""
    return Words(language(lang) if lang else accept_language(request.headers.get("accept-language")))


ReaderWords = Annotated[Words, Depends(reader_words)]
