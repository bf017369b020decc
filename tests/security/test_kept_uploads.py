"""Kept uploads (core/keep.py) stay the officer's own: a token opens only the file it was
signed for, for the user and the field it was signed for, for a day, and readers never see
one (nginx's side is in tests/deploy/test_nginx.py)."""

import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from core import keep
from meetings.models import Document
from news.models import Article
from tests.admin_forms import document_form_data
from tests.factories import BodyFactory, SectionFactory, StaffUserFactory
from tests.news.test_sanitizing import article_form_data
from tests.performance.test_query_budget import site, urls_for  # noqa: F401 - site: a fixture
from tests.security.test_uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


def keep_a_photo(client):
    """Post an article with a photo and no description: ``(token, reference, page)`` of the
    photo kept for the next try."""
    data = article_form_data(SectionFactory(), image_alt="")
    data["image"] = upload("summit.png", image_bytes())
    page = client.post(reverse("admin:news_article_add"), data).content.decode()
    token = re.search(r'name="image-kept" value="([^"]+)"', page)[1]
    return token, signing.loads(token, salt=keep_salt(client)), page


def keep_salt(client, field="news.article.image"):
    return f"core.keep:{client.session['_auth_user_id']}:{field}"


def saved_image(client, token):
    """Post the article again, complete, with ``token`` as the kept photo's: what it saved."""
    data = article_form_data(SectionFactory(), image_alt="The summit")
    data["image-kept"] = token
    assert client.post(reverse("admin:news_article_add"), data).status_code == 302
    return Article.objects.get().image


def test_the_token_really_brings_the_photo_back(staff_client):
    token, _ref, _page = keep_a_photo(staff_client)
    assert saved_image(staff_client, token)


@pytest.mark.parametrize("forgery", ["signed elsewhere", "a path", "a reference", "garbage"])
def test_a_forged_token_opens_nothing(staff_client, forgery):
    _token, ref, _page = keep_a_photo(staff_client)
    token = {
        "signed elsewhere": signing.dumps(ref, key="another secret", salt=keep_salt(staff_client)),
        "a path": f"kept/{ref}",
        "a reference": ref,
        "garbage": "Zm9yZ2Vk:1xXUbs:kUVw93rQxoUcucklERhylr8fOKychaHsrGRB3ba2q_w",
    }[forgery]
    assert not saved_image(staff_client, token)


def test_an_expired_token_opens_nothing(staff_client):
    a_day_ago = time.time() - keep.KEEP_FOR.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=a_day_ago):
        token, _ref, _page = keep_a_photo(staff_client)
    assert not saved_image(staff_client, token)


def test_another_officers_token_opens_nothing(staff_client):
    token, _ref, _page = keep_a_photo(staff_client)
    colleague = Client()
    colleague.force_login(StaffUserFactory(username="colleague"))
    assert not saved_image(colleague, token)


def test_a_token_for_another_field_opens_nothing(staff_client):
    token, _ref, _page = keep_a_photo(staff_client)
    data = document_form_data(BodyFactory(), **{"file-kept": token})
    response = staff_client.post(reverse("admin:meetings_document_add"), data)
    assert response.status_code == 302
    assert not Document.objects.get().file


@pytest.mark.parametrize(
    "ref", ["../articles/photo.png", "0123/summit.png", f"{'a' * 32}/../../settings.py", ""]
)
def test_a_signed_name_outside_the_kept_files_is_refused(ref):
    """Only a random key and a safe name are ever signed; anything else is refused even
    with a good signature, so no token can name another file."""
    assert keep.unsign(keep.sign(ref, "salt"), "salt") is None


def test_a_kept_file_is_linked_from_no_public_page(staff_client, client, site):  # noqa: F811
    _token, ref, admin_page = keep_a_photo(staff_client)
    key = ref.split("/")[0]
    pages = {url for urls in urls_for(site).values() for url in urls}
    assert len(pages) > 20
    for url in sorted(pages):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert b"kept/" not in body and key.encode() not in body, url
    # Not even the officer's own form links it: only the signed token names it there.
    assert "/media/kept/" not in admin_page and key not in admin_page
