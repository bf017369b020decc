import pytest
from django.test import Client

from tests.factories import StaffUserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff_user(db):
    return StaffUserFactory(username="press-officer")


@pytest.fixture
def staff_client(staff_user):
    """A logged-in superuser's browser, separate from ``client`` (an anonymous reader)."""
    browser = Client()
    browser.force_login(staff_user)
    return browser
