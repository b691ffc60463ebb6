"""What the service says, in the reader's language: run statuses, and error details worded from their
``Message`` (``?lang=``, else ``Accept-Language``, else Dutch)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from models.i18n import Message, Words, accept_language, language, t_, worded

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


def detail(value: Any, words: Words) -> Any:
    """An error detail in words: a message, or FastAPI's list of errors with a message each."""
    if isinstance(value, Message):
        return worded(value, words)
    if isinstance(value, list):
        return [{**e, "msg": worded(e["msg"], words)} if isinstance(e, dict) and "msg" in e else e for e in value]
    return value
