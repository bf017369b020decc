"""The production settings as the web container loads them (each case in a fresh process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "csto_press.settings.production",
    "DJANGO_SECRET_KEY": "prod-test-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "press.example.org",
    "DATABASE_URL": "postgres://csto@127.0.0.1:1/csto",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:1/1",
}
REPORT = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from django.template import engines
loaders = [type(loader).__module__ for loader in engines["django"].engine.template_loaders]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "default_storage": type(storages["default"]).__name__,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "loaders": loaders,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "conn": [settings.DATABASES["default"]["CONN_MAX_AGE"],
             settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]],
}))
"""


def run(args, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AWS_"))
    }
    clean.update(PRODUCTION_ENV)
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def report(**env):
    result = run(["-c", REPORT], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_the_task_queue():
    result = run(["-c", "import django; django.setup()"], CELERY_BROKER_URL="")
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr


def test_production_refuses_to_start_without_the_shared_cache():
    result = run(["-c", "import django; django.setup()"], REDIS_URL="")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_uses_redis_hashed_static_files_and_the_cached_template_loader():
    values = report()
    # django-redis, which answers "not cached" while Redis is down instead of an error.
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["staticfiles"].endswith("ManifestStaticFilesStorage")
    assert values["default_storage"] == "FileSystemStorage"
    assert values["loaders"] == ["django.template.loaders.cached"]
    assert values["ssl_redirect"] is True
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["hsts"] == [31536000, True]
    assert values["conn"] == [60, True]


def test_media_goes_to_s3_when_a_bucket_is_configured():
    values = report(
        DJANGO_AWS_STORAGE_BUCKET_NAME="csto-media",
        DJANGO_AWS_S3_ENDPOINT_URL="https://storage.example.org",
    )
    assert values["default_storage"] == "InertMediaS3Storage"


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("photos/a.png", "image/png", None),
        ("documents/a.pdf", "application/pdf", 'attachment; filename="a.pdf"'),
        ("x/evil.html", "application/octet-stream", 'attachment; filename="evil.html"'),
        ("x/evil.svg", "application/octet-stream", 'attachment; filename="evil.svg"'),
        ("x/noextension", "application/octet-stream", 'attachment; filename="noextension"'),
    ],
)
def test_s3_uploads_are_stored_inert(name, content_type, disposition):
    from core.storage import inert_object_parameters

    params = inert_object_parameters(name)
    assert params["ContentType"] == content_type
    assert params.get("ContentDisposition") == disposition


def test_deploy_check_passes_with_the_production_env():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_when_https_redirect_is_off():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECURE_SSL_REDIRECT="off",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
