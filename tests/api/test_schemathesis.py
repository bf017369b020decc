"""schemathesis against the API's own OpenAPI schema, on the demo content plus drafts,
embargoed items and an item in one language only: for every operation, generated parameters
(valid and invalid) must never bring a 5xx, and every answer must match the schema (status
documented, body valid, content type). Examples are few per operation so the suite stays
quick; set API_EXAMPLES in the environment for a longer hunt."""

import json
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ArticleFactory, MeetingFactory, SectionFactory

EXAMPLES = int(os.environ.get("API_EXAMPLES", "10"))


def generated_schema():
    """The schema /api/schema/ serves, generated without a request (no database needed)."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))


schema = schemathesis.openapi.from_dict(generated_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def data(db, settings):
    settings.CSTO_API_RATE = "100000/min"  # the limit has a test of its own
    call_command("load_demo", verbosity=0)
    section = SectionFactory(slug="statements-extra")
    ArticleFactory(section=section, title="Draft", draft=True)
    ArticleFactory(section=section, title="Embargoed", embargoed=True)
    ArticleFactory(section=section, title_en="", title_ru="Только по-русски")
    MeetingFactory(title="Draft meeting", draft=True)
    # As Django's test client does: the test's database connection stays open between
    # requests (the WSGI handler closes it at the end of each otherwise).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_served_schema_is_the_one_tested(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json() == generated_schema()
    assert response.json()["openapi"].startswith("3.")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, data):
    # Every check but "a request valid by the schema gets a 2xx": a section, body or
    # state slug that does not exist is a 400 on purpose (a typo must not read as "no
    # results"), and a schema cannot say which slugs exist.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
