"""Health endpoints: liveness never touches the database; readiness checks it (the outages
themselves are tested on a real stack: tests/deploy/test_outages.py)."""

import pytest

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


def test_health_endpoints_refuse_writes(client):
    assert client.post("/healthz").status_code == 405


def test_a_request_for_an_unknown_host_is_a_plain_400_not_a_500(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content
