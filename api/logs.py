"""The service's logs: one line per request with its request id (``X-Request-ID``, taken from the client or
made), and every line of a request's handling carrying that id; plain text, or JSON with ``REGIO_LOG_FORMAT=json``
(python-json-logger) for log collectors."""

from __future__ import annotations

import logging
import time
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("api.requests")

#: the request being handled (a log line outside any request has "-")
REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
#: how a request id from a client may look: short, printable, no spaces (anything else is replaced)
MAX_ID_LENGTH = 64


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def configure(json_lines: bool, level: int = logging.INFO) -> None:
    """Log to stderr, each line with the request id; JSON lines when asked."""
    handler = logging.StreamHandler()
    handler.addFilter(_RequestId())
    if json_lines:
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                                           rename_fields={"asctime": "time", "levelname": "level"}))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


class RequestLog:
    """ASGI middleware: give each request an id (the client's ``X-Request-ID`` when it is usable), answer with it
    and with the ``headers`` every answer carries, and log the request's method, path, status and time in one
    line."""

    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
        self.fixed = {k for k, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if given and len(given) <= MAX_ID_LENGTH and given.isprintable() and " " not in given \
            else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id  # for handlers that run outside this middleware
        start = time.perf_counter()
        status = 500

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                given = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.fixed]
                message["headers"] = [*given, *self.headers, (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status,
                     1000 * (time.perf_counter() - start), extra={"method": scope["method"], "path": scope["path"],
                                                                 "status": status})
            REQUEST_ID.reset(token)
