"""What the service says, in the reader's language: run statuses, and error details worded from their
``Message`` (``?lang=``, else ``Accept-Language``, else Dutch)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from models.i18n import Message, Words, accept_language, language, t_, worded

#: the JSON API's full version (semantic versioning), sent in the ``API-Version`` header of every answer
API_VERSION = "1.0.0"
#: RFC 9457 problem details, the media type of every error answer of the JSON API
PROBLEM = "application/problem+json"

#: the title of a problem: the status's phrase, in the reader's language
TITLE: dict[int, Message] = {
    400: t_("Bad Request"),
    401: t_("Unauthorized"),
    403: t_("Forbidden"),
    404: t_("Not Found"),
    409: t_("Conflict"),
    413: t_("Content Too Large"),
    422: t_("Unprocessable Content"),
    429: t_("Too Many Requests"),
    500: t_("Internal Server Error"),
    503: t_("Service Unavailable"),
}

#: a run's status as a reader sees it
STATUS: dict[str, Message] = {
    "queued": t_("queued"),
    "running": t_("running"),
    "done": t_("done"),
    "failed": t_("failed"),
    "cancelled": t_("cancelled"),
}


def status(value: str, words: Words) -> str:
    """A run's status in words."""
    return worded(STATUS.get(value, value), words)


def request_words(request: Request) -> Words:
    """The language a request asks for: ``?lang=nl|en``, else ``Accept-Language``, else Dutch."""
    asked = request.query_params.get("lang")
    if asked and asked.strip().lower() in ("nl", "en"):
        return Words(language(asked))
    return Words(accept_language(request.headers.get("accept-language")))


def problem(request: Request, status: int, message: Any, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None) -> JSONResponse:
    """An error answer as RFC 9457 problem details, worded for the reader: ``title`` the status's phrase,
    ``detail`` what went wrong, ``instance`` the path asked for, and for refused input ``errors`` with the
    field path (``loc``) and the reason (``msg``) of each."""
    words = request_words(request)
    body: dict[str, Any] = {"type": "about:blank", "title": worded(TITLE.get(status, t_("Error")), words),
                            "status": status, "detail": worded(message, words), "instance": request.url.path}
    if errors is not None:
        body["errors"] = errors
    body |= extra or {}
    return JSONResponse(body, status, headers=headers, media_type=PROBLEM)
