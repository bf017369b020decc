"""schemathesis against the API's own OpenAPI schema, on the demo content plus drafts,
embargoed items and an item in one language only: for every operation, generated parameters
(valid and invalid) must never bring a 5xx, and every answer must match the schema (status
documented, body valid, content type). Examples are few per operation so the suite stays
quick; set API_EXAMPLES in the environment for a longer hunt."""

import datetime
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

from core.models import Correction
from tests.factories import (
    ArticleFactory,
    EventFactory,
    MeetingFactory,
    PageFactory,
    PersonFactory,
    SectionFactory,
)

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
    for factory in (PageFactory, PersonFactory):
        factory(title="Draft", draft=True)
        factory(title="Embargoed", embargoed=True)
        factory(title_en="", title_ru="Только по-русски")
    EventFactory(title="Draft", draft=True)
    EventFactory(title_en="", title_ru="Только по-русски")
    event = EventFactory(title="Timed", time=datetime.time(10), end_time=datetime.time(11))
    Correction.objects.create(item=event, note_en="the time", note_ru="время")
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
    # Generated once per language, and the same each time after.
    assert client.get("/api/schema/?format=json").json() == generated_schema()
    russian = client.get("/api/schema/?format=json&lang=ru").json()
    assert russian["paths"].keys() == generated_schema()["paths"].keys()
    assert client.get("/api/schema/?lang=xx").status_code == 200


def test_the_schema_has_every_resource_and_so_schemathesis_runs_them_all():
    # schema.parametrize() runs every operation the schema lists.
    paths = generated_schema()["paths"]
    for name in ("pages", "people", "events", "event-kinds"):
        assert {f"/api/v1/{name}/", f"/api/v1/{name}/{{id}}/"} <= paths.keys()
    parameters = {p["name"] for p in paths["/api/v1/events/"]["get"]["parameters"]}
    assert {"kind", "body", "from_date", "to_date", "lang", "page"} <= parameters
    operations = {result.ok().label for result in schema.get_all_operations()}
    assert "GET /api/v1/events/{id}/" in operations and "GET /api/v1/people/" in operations


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
