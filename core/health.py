"""Health endpoints for Docker and the load balancer; cheap, never cached, not logged by nginx.

- /healthz (liveness): the process answers. No database, no cache, so a PostgreSQL outage
  does not get healthy replicas restarted.
- /readyz (readiness): the database answers `SELECT 1`: 200, or 503 with the reason. The
  shared cache is reported but does not make a replica unready: without Redis every page is
  still answered from the database ("ok; cache unavailable").
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# An unready service is an outage: logged once a minute per process (settings LOGGING).
logger = logging.getLogger("csto.outage")


def _plain(text, status=200):
    return HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def liveness(request):
    return _plain("ok")


def _database_ready():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ready():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    ready = cache.get(key) == "1"
    cache.delete(key)
    return ready


def _answers(name, probe):
    try:
        return probe()
    except Exception:  # any driver error means "not ready", whatever its class
        logger.warning("readiness: %s unavailable", name, exc_info=True)
        return False


@never_cache
@require_safe
def readiness(request):
    if not _answers("database", _database_ready):
        return _plain("database unavailable", status=503)
    if not _answers("cache", _cache_ready):
        return _plain("ok; cache unavailable")
    return _plain("ok")
