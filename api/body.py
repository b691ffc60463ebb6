"""What a request body may be before any route sees it: at most ``max_bytes`` however it is sent (a declared
``Content-Length`` or chunks without one), and, as JSON, only what JSON and the database can hold — no NaN or
Infinity (``NaN``, ``Infinity``, or a number such as ``1e400`` that overflows to it) and no text with a lone
UTF-16 surrogate (``"\\ud800"``), which no UTF-8 database column can store. Each refusal is one problem answer
naming the field (``errors[0].loc``), before anything is stored.
"""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.words import problem
from models.i18n import t_

#: methods that change something: refused when a browser says they come from another site's page
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")

#: methods whose bodies are read by a route
WITH_BODY = ("POST", "PUT", "PATCH")


class _NotFinite:
    """Stands in for a number JSON cannot carry, so that its place in the document can be named."""

    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float | _NotFinite:
    value = float(text)
    return value if math.isfinite(value) else _NotFinite(text)


def _shown(key: str) -> str:
    """A field name as an answer can carry it (a lone surrogate as its escape)."""
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def _first_bad(value: Any, loc: list[str | int]) -> tuple[list[str | int], Any] | None:
    """The place and the kind of the first value no answer or database could hold."""
    if isinstance(value, _NotFinite):
        return loc, value
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return loc, value
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            here = [*loc, _shown(key)]
            found = _first_bad(key, here) or _first_bad(item, here)
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_bad(item, [*loc, i])
            if found:
                return found
    return None


def json_refusal(body: bytes) -> tuple[list[str | int], Any] | None:
    """The field and message of a JSON body to refuse, or None (invalid JSON is left to the route's parser)."""
    try:
        doc = json.loads(body, parse_float=_float, parse_constant=_NotFinite)
    except (ValueError, RecursionError):
        return None
    found = _first_bad(doc, ["body"])
    if found is None:
        return None
    loc, value = found
    if isinstance(value, _NotFinite):
        return loc, t_("JSON has no NaN or Infinity: {value} is not a finite number", value=value.text)
    return loc, t_("the text holds a lone UTF-16 surrogate ({code}), which is not a character; send it as UTF-8 "
                   "text", code=next(f"\\u{ord(c):04x}" for c in value if 0xD800 <= ord(c) <= 0xDFFF))


class BodyGuard:
    """ASGI middleware: read the body (refusing it past ``max_bytes`` as it arrives), check JSON, pass it on."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        too_large = t_("request body larger than {limit} bytes", limit=self.max_bytes)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await problem(request, 413, too_large)(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:  # chunked, or longer than it said: stop reading at once
                await problem(request, 413, too_large, headers={"Connection": "close"})(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and "json" in request.headers.get("content-type", ""):
            refused = json_refusal(body)
            if refused is not None:
                loc, msg = refused
                error = {"loc": loc, "msg": msg, "type": "value_error"}
                await problem(request, 422, msg, errors=[error])(scope, receive, send)
                return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def foreign_origin(request: Request) -> str | None:
    """The origin a browser says a request comes from, when it is not this service's own (a page of another
    site, or of another port of this host); None for the service's own pages and for clients that send none."""
    claimed = request.headers.get("origin")
    if claimed is None:
        referer = request.headers.get("referer")
        if not referer:
            return None
        parts = referer.split("/")
        claimed = "/".join(parts[:3]) if len(parts) >= 3 else referer
    own = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
    return None if claimed.lower() == own.lower() else claimed


class OriginGuard:
    """ASGI middleware against cross-site requests: a browser sends ``Origin`` (or at least ``Referer``) with a
    form or script request, and a request from another origin that would change something is refused (403) before
    it reaches a route — the forms' cookie would otherwise be sent along from a page on another port."""

    def __init__(self, app: ASGIApp, page: Any) -> None:
        self.app = app
        self.page = page  # (request, message, status) -> the forms' message page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE:
            request = Request(scope)
            origin = foreign_origin(request)
            if origin is not None:
                if request.url.path.startswith("/ui"):
                    response = self.page(request, "Dit formulier kwam van een andere site en is niet verwerkt.", 403)
                else:
                    response = problem(request, 403, t_("a request from another site ({origin}) is not accepted",
                                                        origin=origin))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
