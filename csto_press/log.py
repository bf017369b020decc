"""One log line per event, so `docker compose logs` stays greppable and line-oriented.

The format matches gunicorn's access lines (deploy/gunicorn.conf.py): `key=value` pairs,
with the request id nginx assigned when Django logs about a request.
"""

import logging


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
