"""Login lockout (django-axes) by username and address, behind the trusted proxy only."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from core.security import client_ip
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def attempt(browser, username, password, **extra):
    return browser.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


@pytest.fixture
def officer():
    return StaffUserFactory(username="officer")


def test_five_failures_lock_the_username_from_that_address(officer):
    browser = Client()
    for _ in range(4):
        assert attempt(browser, "officer", "wrong").status_code == 200
    assert attempt(browser, "officer", "wrong").status_code == 429  # the fifth locks
    locked = attempt(browser, "officer", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in browser.session


def test_lockout_is_per_username_and_address(officer):
    StaffUserFactory(username="colleague")
    browser = Client()
    for _ in range(5):
        attempt(browser, "officer", "wrong")
    assert attempt(browser, "colleague", PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert attempt(elsewhere, "officer", PASSWORD).status_code == 302


def test_right_password_works_again_after_the_cool_off(officer):
    browser = Client()
    for _ in range(5):
        attempt(browser, "officer", "wrong")
    assert attempt(browser, "officer", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(browser, "officer", PASSWORD).status_code == 302


def test_client_address_ignores_forwarded_header_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


def test_behind_our_proxy_only_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    spoofed = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(spoofed) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_followed_to_the_first_untrusted_address(settings):
    # A TLS proxy (192.0.2.7) in front of nginx (172.30.80.10), both trusted as networks.
    settings.TRUSTED_PROXIES = ["172.30.80.0/24", "192.0.2.7"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="172.30.80.10", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 192.0.2.7"
    )
    assert client_ip(request) == "203.0.113.9"


def test_a_client_reaching_gunicorn_directly_is_judged_by_its_own_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    direct = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.2"
    )
    assert client_ip(direct) == "198.51.100.4"


def test_a_malformed_forwarded_entry_leaves_the_proxys_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="evil")
    assert client_ip(request) == "10.0.0.2"


def test_behind_the_proxy_spoofing_does_not_escape_a_lockout(settings, officer):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    browser = Client(REMOTE_ADDR="10.0.0.2")
    for n in range(5):
        attempt(browser, "officer", "wrong", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.9")
    response = attempt(browser, "officer", PASSWORD, HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.9")
    assert response.status_code == 429


def test_a_direct_client_rotating_forwarded_addresses_is_still_locked_out(settings, officer):
    # The same trust as production (nginx trusted), but the client skips nginx.
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    browser = Client(REMOTE_ADDR="198.51.100.4")
    for n in range(5):
        attempt(browser, "officer", "wrong", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}")
    response = attempt(browser, "officer", PASSWORD, HTTP_X_FORWARDED_FOR="7.7.7.7")
    assert response.status_code == 429


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
     "http://testserver.evil.example/"],
)  # fmt: skip
def test_login_next_never_leads_off_site(officer, target):
    browser = Client()
    response = browser.post(
        reverse("admin:login"), {"username": "officer", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith("//")
    assert "evil" not in response["Location"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_a_refused_or_missing_next_leads_to_the_admin_index(officer, target):
    browser = Client()
    data = {"username": "officer", "password": PASSWORD}
    if target:
        data["next"] = target
    response = browser.post(reverse("admin:login"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert browser.get(response["Location"]).status_code == 200
