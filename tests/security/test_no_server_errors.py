"""Whatever a visitor types into an address, the answer is never a server error."""

import re
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "ckeditor/")
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def public_routes(patterns=None, prefix=""):
    """Every public route as a string like ``news/<slug:section>/<slug:slug>/``."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    routes = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIP_PREFIXES) or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            routes += public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


ROUTES = public_routes()

segment = st.one_of(
    st.from_regex(r"[-a-z0-9_]{1,60}", fullmatch=True),
    st.integers(min_value=-10, max_value=10**12).map(str),
    st.text(min_size=1, max_size=300),
)
query_value = st.one_of(
    st.text(max_size=400),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "last", "0", "-1", "abc", "2019", "bogus", "//evil.example", "%00"]),
)
query = st.dictionaries(
    st.sampled_from(["page", "q", "status", "year", "body", "kind", "type", "back", "month"]),
    query_value,
    max_size=4,
)


def fill(route, values):
    return "/" + CONVERTER.sub(lambda m: quote(next(values), safe=""), route)


@pytest.fixture
def demo_site():
    call_command("load_demo")


def test_every_public_route_is_covered():
    assert any(r.startswith("en/news/") for r in ROUTES)
    assert "en/search/" in ROUTES and "en/documents/" in ROUTES
    assert "en/meetings/<slug:slug>/" in ROUTES


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    segments=st.lists(segment, min_size=4, max_size=4),
    params=query,
    language=st.sampled_from(["en", "ru", "de"]),
)
def test_random_paths_and_queries_never_give_a_server_error(
    demo_site, route, segments, params, language
):
    client = Client(raise_request_exception=False)
    path = fill(route, iter(segments))
    if path.startswith("/en/"):  # the same pages under each language prefix, and a wrong one
        path = f"/{language}/" + path.removeprefix("/en/")
    response = client.get(path, params)
    assert response.status_code < 500, (path, params, response.status_code)


def test_an_unexpected_error_shows_the_friendly_page_without_a_trace(settings, client):
    settings.ROOT_URLCONF = "tests.security.failing_urls"
    client.raise_request_exception = False
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    for leak in ("Traceback", "RuntimeError", "secret detail", "SECRET_KEY", "DATABASES"):
        assert leak not in page
