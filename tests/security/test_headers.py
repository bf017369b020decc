"""Security headers: strict CSP on public pages, relaxed only for the admin's editor."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def directives(header):
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture
def public_urls():
    article = ArticleFactory()
    return [
        reverse("home"),
        reverse("news:article_list"),
        article.get_absolute_url(),
        reverse("search"),
    ]


def test_public_pages_have_a_strict_content_security_policy(client, public_urls):
    for url in public_urls:
        csp = directives(client.get(url)["Content-Security-Policy"])
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in csp["style-src"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]


def test_admin_policy_relaxes_only_what_ckeditor_needs(staff_client):
    csp = directives(staff_client.get(reverse("admin:news_article_add"))["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]


def test_public_pages_have_the_other_security_headers(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_carry_no_inline_script_or_style(client, public_urls):
    from tests.html import elements

    for url in public_urls:
        for tag, attrs in elements(client.get(url).content.decode()):
            assert "style" not in attrs, (url, tag)
            assert not any(name.startswith("on") for name in attrs), (url, tag)
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/ld+json", url
            assert tag != "style", url
