"""Every old address keeps working: after the fixture exports are imported, 30 addresses of
the old site (paths, query forms, the en. host, staff redirects, a changed slug) each lead to
the right new page in one permanent redirect; a removed item answers 410; nothing leads off
the site or in a loop; a normal page makes no query for any of it."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from archive.models import OldAddress
from news.models import Article
from tests.archive.conftest import import_all
from tests.factories import ArticleFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

MAIN, EN = "testserver", "en.testserver"

# (host, old address, release key, language of the page it must lead to)
OLD_ADDRESSES = [
    (MAIN, "/news/news_odkb/zasedanie-postoyannogo-soveta/?ELEMENT_ID=23867", "23867", "ru"),
    (MAIN, "/news/news_odkb/vstrecha-generalnogo-sekretarya/?ELEMENT_ID=23868", "23868", "ru"),
    (MAIN, "/news/smi/intervyu-agentstvu/?ELEMENT_ID=23869", "23869", "ru"),
    (MAIN, "/news/news_odkb/ucheniya-vzaimodeystvie/?ELEMENT_ID=23870", "23870", "ru"),
    (MAIN, "/news/news_odkb/zasedanie-postoyannogo-soveta/", "23867", "ru"),
    (MAIN, "/news/news_odkb/vstrecha-generalnogo-sekretarya/", "23868", "ru"),
    (MAIN, "/news/smi/intervyu-agentstvu/", "23869", "ru"),
    (MAIN, "/news/news_odkb/ucheniya-vzaimodeystvie/", "23870", "ru"),
    (MAIN, "/news/news_odkb/zasedanie-postoyannogo-soveta", "23867", "ru"),
    (MAIN, "/News/news_odkb/zasedanie-postoyannogo-soveta/index.php", "23867", "ru"),
    (MAIN, "/news/detail.php?ELEMENT_ID=23868", "23868", "ru"),
    (MAIN, "/news/smi/?ELEMENT_ID=23869&PAGEN_1=2", "23869", "ru"),
    (MAIN, "/?ELEMENT_ID=23870&utm_source=x", "23870", "ru"),
    (MAIN, "/authorized_organs/permanent_council/reshenie-soveta/", "24001", "ru"),
    (MAIN, "/documents/statements/zayavlenie-sekretariata/", "25001", "ru"),
    (MAIN, "/news/smi/statya-v-smi/", "26001", "ru"),
    (EN, "/news/news_odkb/permanent-council-meeting/?ELEMENT_ID=23867", "23867", "en"),
    (EN, "/news/news_odkb/secretary-general-meets/?ELEMENT_ID=23868", "23868", "en"),
    (EN, "/news/smi/interview-to-the-agency/?ELEMENT_ID=23869", "23869", "en"),
    (EN, "/news/news_odkb/permanent-council-meeting/", "23867", "en"),
    (EN, "/news/news_odkb/secretary-general-meets", "23868", "en"),
    (EN, "/news/smi/interview-to-the-agency/", "23869", "en"),
    (EN, "/news/detail.php?ELEMENT_ID=23867", "23867", "en"),
    (EN, "/authorized_organs/permanent_council/council-decision/", "24001", "en"),
    (EN, "/documents/statements/statement-of-the-secretariat/", "25001", "en"),
    (EN, "/news/smi/article-in-the-media/", "26001", "en"),
]


@pytest.fixture
def imported(export, sections, settings):
    settings.ALLOWED_HOSTS = [MAIN, EN]
    output = import_all(export, call_command)
    assert "created 8" in output, output
    return {a.archive_item.key: a for a in Article.objects.select_related("archive_item")}


def follow_once(client, host, address):
    """The old address's answer, and the page its redirect leads to."""
    response = client.get(address, HTTP_HOST=host)
    assert response.status_code == 301, (address, response.status_code)
    target = urlsplit(response["Location"])
    assert target.netloc in ("", MAIN), response["Location"]  # never another site
    page = client.get(target.path, HTTP_HOST=MAIN)
    assert page.status_code == 200, (address, response["Location"], page.status_code)
    return response, target, page


def test_thirty_old_addresses_each_lead_to_the_right_page_in_one_redirect(imported, client):
    articles = imported
    # Staff redirects for the old section lists, uploaded as a CSV, and a changed slug.
    upload_csv(
        "old,new\n/news/news_odkb/,/ru/news/csto-news/\n"
        "https://en.odkb-csto.org/news/smi/,/en/news/media-about-the-csto/\n"
    )
    council = articles["23867"]
    old_ru, old_en = slug_page(council, "ru"), slug_page(council, "en")
    council.slug = "permanent-council-2025"
    council.save()
    cases = [
        *OLD_ADDRESSES,
        (MAIN, "/news/news_odkb/?PAGEN_1=2", None, "/ru/news/csto-news/"),
        (EN, "/news/smi/", None, "/en/news/media-about-the-csto/"),
        (MAIN, old_ru, "23867", "ru"),
        (MAIN, old_en, "23867", "en"),
    ]
    assert len(cases) == 30
    for host, address, key, language in cases:
        response, target, page = follow_once(client, host, address)
        if key is None:
            assert target.path == language
            continue
        article = Article.objects.get(pk=articles[key].pk)
        assert target.path == slug_page(article, language), address
        assert getattr(article, f"title_{language}") in page.content.decode(), address
        if host == EN:
            assert response["Location"].startswith(f"http://{MAIN}/en/")


def slug_page(article, language):
    from django.utils import translation

    with translation.override(language):
        return article.get_absolute_url()


def post_csv(text):
    """A superuser's upload of ``text`` as a CSV of old addresses."""
    admin = Client()
    admin.force_login(StaffUserFactory(username="root"))
    upload = io.BytesIO(text.encode())
    upload.name = "redirects.csv"
    return admin.post("/admin/archive/oldaddress/upload/", {"file": upload})


def upload_csv(text):
    response = post_csv(text)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_a_russian_only_release_sends_english_readers_to_the_russian_page(imported, client):
    response = client.get("/news/detail.php?ELEMENT_ID=23870", HTTP_HOST=MAIN)
    assert response["Location"] == slug_page(imported["23870"], "ru")


def test_a_removed_release_answers_410_with_a_way_on(imported, client):
    council = imported["23868"]
    page_before = slug_page(council, "en")
    council.delete()

    for host, address, heading in [
        (MAIN, "/news/news_odkb/vstrecha-generalnogo-sekretarya/?ELEMENT_ID=23868", "удалён"),
        (EN, "/news/news_odkb/secretary-general-meets/", "was removed"),
        (MAIN, page_before, "was removed"),
    ]:
        response = client.get(address, HTTP_HOST=host)
        assert response.status_code == 410, address
        text = response.content.decode()
        assert heading in text and 'name="q"' in text and "/news/" in text


def test_an_unpublished_release_is_not_revealed_by_its_old_address(imported, client):
    Article.objects.filter(pk=imported["23867"].pk).update(status="draft")
    response = client.get(
        "/news/news_odkb/zasedanie-postoyannogo-soveta/", HTTP_HOST=MAIN, follow=True
    )
    assert response.status_code == 404
    assert "Постоянного" not in response.content.decode()


def test_an_unknown_path_on_the_en_host_goes_to_the_english_site(imported, client):
    response = client.get("/about/", HTTP_HOST=EN)
    assert response.status_code == 301
    assert response["Location"] == f"http://{MAIN}/en/about/"


def test_an_unknown_old_address_is_still_a_404(imported, client):
    # (The language redirect of paths without /ru/ or /en/ comes first, as for any path.)
    response = client.get("/news/news_odkb/never-was/", HTTP_HOST=MAIN, follow=True)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_no_redirect_leads_off_the_site(db, target):
    address = OldAddress(path="/old/", new_path=target)
    with pytest.raises(ValidationError):
        address.clean()


def test_a_csv_leading_off_the_site_saves_nothing(db):
    response = post_csv("/a/,/ru/news/\n/b/,https://evil.example/\n")
    assert response.status_code == 200
    assert "Line 2" in response.content.decode()
    assert not OldAddress.objects.exists()


def test_staff_redirects_never_chain_or_loop(db, client):
    OldAddress.objects.create(path="/first/", new_path="/second/")
    with pytest.raises(ValidationError):
        OldAddress(path="/third/", new_path="/first/").clean()  # points at an old address
    # One written around the rule (an import, a raw update) is followed to its end ...
    OldAddress.objects.create(path="/second/", new_path="/ru/news/")
    response = client.get("/first/")
    assert response.status_code == 301 and response["Location"] == "/ru/news/"
    # ... and a loop is a plain 404, not an endless redirect.
    OldAddress.objects.filter(path="/second").update(new_path="/first/")
    assert client.get("/first/").status_code == 404


def test_a_changed_slug_keeps_the_old_address(db, client):
    article = ArticleFactory(title_en="Summit", title_ru="Саммит", slug="summit")
    old = slug_page(article, "ru")
    article.slug = "summit-2025"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == slug_page(article, "ru")
    assert client.get(response["Location"]).status_code == 200


def test_the_lookup_adds_no_query_to_a_normal_page(db, client, settings, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory()
    OldAddress.objects.create(path="/old/", article=article)
    url = article.get_absolute_url()
    client.get(url)  # warm what the first request loads once
    with CaptureQueriesContext(connection) as with_lookup:
        assert client.get(url).status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("archive.")]
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    assert len(with_lookup) == len(without)
    assert not any("archive_oldaddress" in q["sql"] for q in with_lookup.captured_queries)


def test_a_csv_line_leading_to_another_old_address_saves_nothing(db):
    OldAddress.objects.create(path="/news/old-list/", new_path="/ru/news/")
    response = post_csv("/a/,/ru/news/\n/b/,/news/old-list/\n")
    assert response.status_code == 200
    assert "Line 2: That address is itself an old one" in response.content.decode()
    assert OldAddress.objects.count() == 1


@pytest.mark.parametrize(
    "address",
    ["/a%0d%0aSet-Cookie:x=1", "/%00", "/?ELEMENT_ID=%00", "/" + "x" * 3000, "//evil.example/",
     "/\\evil.example", "/news/?ELEMENT_ID=" + "9" * 400],
)  # fmt: skip
@pytest.mark.parametrize("host", [MAIN, EN])
def test_odd_addresses_never_break_the_lookup(db, client, settings, host, address):
    settings.ALLOWED_HOSTS = [MAIN, EN]
    response = client.get(address, HTTP_HOST=host)
    assert response.status_code in (301, 302, 404)
    location = urlsplit(response.get("Location", ""))
    assert location.netloc in ("", MAIN)
    assert "\n" not in response.get("Location", "")
