import pytest
from django.test import Client

from tests.factories import StaffUserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back, the cache is not."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def english_to_start():
    """Each test starts in English: a request to /ru/ leaves Russian active in the thread,
    and reverse() or model text in the next test would follow it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def staff_user(db):
    return StaffUserFactory(username="press-officer")


@pytest.fixture
def staff_client(staff_user):
    """A logged-in superuser's browser, separate from ``client`` (an anonymous reader)."""
    browser = Client()
    browser.force_login(staff_user)
    return browser
