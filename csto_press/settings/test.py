"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL is set (as in CI)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-test-only")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read the interface in English unless they switch language themselves.
LANGUAGE_CODE = "en"
# Every test sees a change at once; the remembered values' lifetime has tests of its own
# (tests/performance/test_caching.py, which sets it back).
CSTO_VALUE_CACHE_SECONDS = 0
# Tasks are queued in memory and run by nobody, unless a test starts a worker or runs them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = False
CSTO_DELIVERY_RETRY_SECONDS = 1
# Webhook receivers in tests listen on 127.0.0.1 over http (production refuses both).
CSTO_WEBHOOK_ALLOW_HTTP = True
CSTO_WEBHOOK_ALLOW_PRIVATE = True
