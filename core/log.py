"""One log line per event, so `docker compose logs` stays greppable and line-oriented.

The format matches gunicorn's access lines (deploy/gunicorn.conf.py): `key=value` pairs,
with the request id nginx assigned when Django logs about a request.
"""

import logging
import time


def _quote(value):
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n") + '"'


class OneLineFormatter(logging.Formatter):
    def format(self, record):
        fields = [
            ("time", self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z")),
            ("level", record.levelname),
            ("logger", record.name),
        ]
        request = getattr(record, "request", None)
        headers = getattr(request, "headers", None)
        if headers is not None:
            fields.append(("request_id", headers.get("X-Request-ID", "-")))
            fields.append(("method", request.method))
            fields.append(("path", _quote(request.path)))
        if hasattr(record, "status_code"):
            fields.append(("status", record.status_code))
        fields.append(("msg", _quote(record.getMessage())))
        if record.exc_info:
            fields.append(("exc", _quote(self.formatException(record.exc_info))))
        return " ".join(f"{key}={value}" for key, value in fields)


def caused_by_an_outage(record):
    """Whether a log record is about a service that cannot be reached: a 503 answered
    (the readiness check, or any page while PostgreSQL is down), or its database error."""
    from .errors import database_unavailable

    if getattr(record, "status_code", None) == 503:
        return True
    error = record.exc_info[1] if record.exc_info else None
    return error is not None and database_unavailable(error)


class OncePerInterval(logging.Filter):
    """Lets one record of a logger through per ``seconds``, with how many were held back.

    An outage (Redis or PostgreSQL down) would otherwise write a traceback for every
    request; ops need to know it is happening, and when it stopped, not a thousand copies.
    With ``outages_only``, only records caused by an outage are held back (Django's
    request log keeps every other error).
    """

    def __init__(self, seconds=60, outages_only=False):
        super().__init__()
        self.seconds = seconds
        self.outages_only = outages_only
        self.last = {}
        self.held = {}

    def filter(self, record):
        if self.outages_only and not caused_by_an_outage(record):
            return True
        now = time.monotonic()
        key = record.name
        if now - self.last.get(key, -self.seconds) < self.seconds:
            self.held[key] = self.held.get(key, 0) + 1
            return False
        held = self.held.pop(key, 0)
        if held:
            record.msg = f"{record.msg} ({held} more like it since the last report)"
        self.last[key] = now
        return True
