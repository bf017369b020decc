"""gunicorn settings for the web container (and `make prodcheck`), all overridable by env.

One access line per request on stdout, key=value, with the request id nginx assigned
(X-Request-ID), so a line in nginx's log and one here can be matched.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container network
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound. Not too often: a
# new worker imports Django again (about half a second of CPU), and a worker serving a
# few hundred pages a second would otherwise restart every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Workers' heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# gunicorn 25.1+ opens a control socket for `gunicornc` by default, in $XDG_RUNTIME_DIR or
# $HOME/.gunicorn/: the image's user (home /app, owned by root) cannot create it and every
# start logged "[ERROR] Control server error: [Errno 13] Permission denied: '/app/.gunicorn'".
# Replicas are managed by docker compose, never by gunicornc: no socket at all.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    "time=%(t)s level=INFO logger=gunicorn.access request_id=%({x-request-id}i)s "
    'method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s duration_ms=%(M)s bytes=%(B)s '
    'client=%({x-forwarded-for}i)s ua="%(a)s"'
)
