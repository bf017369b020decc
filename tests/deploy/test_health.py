"""Health endpoints: liveness never touches the database; readiness checks it and the cache."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_liveness_answers_ok_without_a_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readiness_answers_ok_when_database_and_cache_work(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readiness_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_readiness_is_503_when_the_cache_is_down(client, monkeypatch):
    from django.core.cache import cache

    def broken_set(*args, **kwargs):
        raise ConnectionError("redis is gone")

    monkeypatch.setattr(cache, "set", broken_set)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"cache unavailable\n"


def test_health_endpoints_refuse_writes(client):
    assert client.post("/healthz").status_code == 405


def test_a_request_for_an_unknown_host_is_a_plain_400_not_a_500(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content
