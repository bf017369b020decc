"""Production: fails fast on a missing secret, host list, database or cache; no insecure fallback.

Every variable read here is listed in `.env.example`. The site runs behind nginx
(`deploy/nginx/default.conf.template`), which terminates nothing itself but passes on the
scheme of the TLS proxy in front of it as X-Forwarded-Proto; see README "Operations".
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, env

DEBUG = False

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names (no '*').")

if not env("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL database.")

# Persistent connections, checked before reuse so a restarted PostgreSQL costs one error-free
# reconnect instead of a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# --- Cache: shared by every web replica --------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must point at the shared Redis cache.")
CACHES = {
    "default": {
        # django-redis: with IGNORE_EXCEPTIONS a Redis outage reads as "not cached" and
        # writes are dropped, so every page is still answered, from the database
        # (README "Operations: outages"). Short timeouts: a Redis that hangs costs each
        # request at most half a second, never a worker.
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("DJANGO_CACHE_KEY_PREFIX", default="csto"),
        "TIMEOUT": 300,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    },
}
# Each ignored Redis error is logged (logger "csto.cache"), at most once a minute per
# process (core.log.OncePerInterval, in LOGGING below), not once per request.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "csto.cache"
# Sessions stay in PostgreSQL (django.contrib.sessions' default): they must survive a
# cache flush, and staff are the only ones who have them.

# --- Task queue: the workers that send subscribers' mail and webhooks ------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
if not CELERY_BROKER_URL or CELERY_BROKER_URL == "memory://":
    raise ImproperlyConfigured("CELERY_BROKER_URL must point at the task queue's Redis.")
CELERY_TASK_ALWAYS_EAGER = False
if CSTO_WEBHOOK_ALLOW_HTTP or CSTO_WEBHOOK_ALLOW_PRIVATE:  # noqa: F405
    raise ImproperlyConfigured(
        "Webhooks go to public https addresses only in production: "
        "unset CSTO_WEBHOOK_ALLOW_HTTP and CSTO_WEBHOOK_ALLOW_PRIVATE."
    )

# --- HTTPS, behind nginx ---------------------------------------------------------------------
# Trusted only because nginx always sets X-Forwarded-Proto itself (to the scheme of the TLS
# proxy in front of it, or its own); gunicorn is never published outside the compose network.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS]
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for HSTS preloading. Joining the browsers' preload list is a
    # commitment for the whole domain and its subdomains that is slow to undo, so it is the
    # Secretariat's decision (DJANGO_SECURE_HSTS_PRELOAD=on), not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Static files and media ----------------------------------------------------------------
# Hashed names (css/site.3f2a….css) let nginx cache static files for a year, "immutable".
# Templates are loaded through Django's cached loader: with DEBUG off and no "loaders" given,
# Django wraps the filesystem and app loaders in django.template.loaders.cached.Loader.
AWS_STORAGE_BUCKET_NAME = env("DJANGO_AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Media on S3-compatible object storage (README "Operations: media on S3").
    MEDIA_STORAGE = {
        "BACKEND": "core.storage.InertMediaS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env("DJANGO_AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("DJANGO_AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("DJANGO_AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("DJANGO_AWS_S3_ENDPOINT_URL", default=None),
            "custom_domain": env("DJANGO_AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("DJANGO_AWS_LOCATION", default="media"),
            # Public press material: plain URLs, no expiring signatures in cached pages.
            "querystring_auth": env.bool("DJANGO_AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
else:
    # Media on a volume (DJANGO_MEDIA_ROOT), served by nginx as inert files.
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# --- Logging: one line per event on stdout -----------------------------------------------
# gunicorn writes one access line per request (deploy/gunicorn.conf.py); Django adds only
# errors. django.request is raised to ERROR so a 404 is not logged twice (gunicorn's access
# line already has it), while a 500 still gets its one line with the traceback folded in.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"()": "core.log.OneLineFormatter"},
    },
    "filters": {
        "once_a_minute": {"()": "core.log.OncePerInterval", "seconds": 60},
        "outages_once_a_minute": {
            "()": "core.log.OncePerInterval",
            "seconds": 60,
            "outages_only": True,
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    "root": {"handlers": ["stdout"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "filters": ["outages_once_a_minute"]},
        "django.security": {"level": "WARNING"},
        # A request for a host we do not serve (bots probing by IP) is a 400 in gunicorn's
        # access line already; an ERROR with a traceback for each would drown real errors.
        "django.security.DisallowedHost": {"level": "CRITICAL"},
        "django.db.backends": {"level": "WARNING"},
        # An outage of Redis or PostgreSQL: one line a minute per process, not one a request.
        "csto.cache": {"level": "WARNING", "filters": ["once_a_minute"]},
        "csto.outage": {"level": "WARNING", "filters": ["once_a_minute"]},
    },
}
