"""Corrections (dated public notes, publishers only) and withdrawal (the address stays with
a banner and the reason; the item leaves lists, feeds, search and the sitemap)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Correction
from core.publishing import PublicationStatus
from core.roles import EDITOR, PUBLISHER
from news.models import Article
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    EventFactory,
    MeetingFactory,
    PageFactory,
    PersonFactory,
    RoleUserFactory,
)
from tests.security.test_admin_matrix import form_data

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def signed_in(role):
    browser = Client()
    browser.force_login(RoleUserFactory(username=role.lower(), role=role))
    return browser


@pytest.fixture
def release():
    return ArticleFactory(title="The Permanent Council met in Yerevan", slug="pc-yerevan")


PREFIX = "core-correction-content_type-object_id"


def admin_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def add_correction(browser, item, note="the date of the meeting", date="2025-03-12"):
    """Post the item's admin page with a new row in its "public correction notes"."""
    url = admin_url(item)
    data = form_data(signed_in(PUBLISHER).get(url))
    count = int(data[f"{PREFIX}-TOTAL_FORMS"][0])
    data[f"{PREFIX}-TOTAL_FORMS"] = [str(count + 1)]
    data[f"{PREFIX}-{count}-date"] = [date]
    data[f"{PREFIX}-{count}-note_en"] = [note]
    data[f"{PREFIX}-{count}-note_ru"] = [""]
    return browser.post(url, data)


CONTENT_FACTORIES = [
    ArticleFactory,
    MeetingFactory,
    DocumentFactory,
    EventFactory,
    PageFactory,
    PersonFactory,
]


# --- corrections ----------------------------------------------------------------------------


@pytest.mark.parametrize("factory", CONTENT_FACTORIES)
def test_publisher_adds_a_dated_note_readers_see_on_any_item(client, factory):
    item = factory()
    response = add_correction(signed_in(PUBLISHER), item)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Corrected 12.03.2025: the date of the meeting" in page
    assert page.index("Corrected 12.03.2025") < page.index("</article>")


@pytest.mark.parametrize("factory", [ArticleFactory, MeetingFactory])
def test_editor_may_not_add_a_correction(factory):
    editor = signed_in(EDITOR)
    published = factory()
    assert add_correction(editor, published).status_code == 403
    draft = factory(draft=True)  # an editor may save a draft, but the note is ignored
    assert add_correction(editor, draft).status_code == 302
    assert not Correction.objects.exists()


def test_editors_see_the_notes_but_may_not_change_or_delete_them():
    draft = MeetingFactory(draft=True)
    correction = Correction.objects.create(item=draft, note_en="the place")
    editor = signed_in(EDITOR)
    url = admin_url(draft)
    page = editor.get(url)
    assert "the place" in page.content.decode()
    data = form_data(page)
    assert f"{PREFIX}-0-note_en" not in data  # shown read-only
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": ["1"],
            f"{PREFIX}-INITIAL_FORMS": ["1"],
            f"{PREFIX}-0-id": [str(correction.pk)],
            f"{PREFIX}-0-date": ["2025-03-12"],
            f"{PREFIX}-0-note_en": ["rewritten"],
            f"{PREFIX}-0-DELETE": ["on"],
        }
    )
    editor.post(url, data)
    correction.refresh_from_db()
    assert correction.note_en == "the place"


def test_publisher_changes_and_deletes_a_note():
    meeting = MeetingFactory()
    correction = Correction.objects.create(item=meeting, note_en="the place")
    publisher = signed_in(PUBLISHER)
    url = admin_url(meeting)
    data = form_data(publisher.get(url))
    data[f"{PREFIX}-0-note_en"] = ["the place and the date"]
    assert publisher.post(url, data).status_code == 302
    correction.refresh_from_db()
    assert correction.note_en == "the place and the date"
    data[f"{PREFIX}-0-DELETE"] = ["on"]
    assert publisher.post(url, data).status_code == 302
    assert not Correction.objects.exists()


def test_deleting_an_item_deletes_its_notes():
    event = EventFactory()
    Correction.objects.create(item=event, note_en="the time")
    kept = Correction.objects.create(item=MeetingFactory(), note_en="the place")
    event.delete()
    assert list(Correction.objects.all()) == [kept]


def test_a_correction_marks_the_article_updated_in_feeds_and_sitemap(client, release):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Article.objects.filter(pk=release.pk).update(updated_at=long_ago)
    Correction.objects.create(item=release, note_en="the date of the meeting")
    release.refresh_from_db()
    assert release.updated_at > long_ago + datetime.timedelta(days=29)

    atom = ET.fromstring(client.get(reverse("news:feed_atom")).content)
    (entry,) = [e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == release.title]
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert abs(updated - release.updated_at) < datetime.timedelta(seconds=1)
    assert sitemap_lastmod(client, "articles", release) > long_ago.date()


def sitemap_lastmod(client, section, item):
    sitemap = ET.fromstring(
        client.get(reverse("sitemap_section", kwargs={"section": section})).content
    )
    lastmods = {
        url.findtext(f"{SITEMAP}loc").split("/", 3)[-1]: url.findtext(f"{SITEMAP}lastmod")
        for url in sitemap.iter(f"{SITEMAP}url")
    }
    return datetime.date.fromisoformat(lastmods[item.get_absolute_url().lstrip("/")][:10])


def test_a_correction_marks_a_meeting_updated_in_its_feeds_and_sitemap(client):
    meeting = MeetingFactory(title="Council of Foreign Ministers in Minsk")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    type(meeting).objects.filter(pk=meeting.pk).update(updated_at=long_ago)
    assert sitemap_lastmod(client, "meetings", meeting) == long_ago.date()

    correction = Correction.objects.create(item=meeting, note_en="the city")
    meeting.refresh_from_db()
    assert meeting.updated_at > long_ago + datetime.timedelta(days=29)
    atom = ET.fromstring(client.get(reverse("meetings:meeting_feed_atom")).content)
    (entry,) = [e for e in atom.iter(f"{ATOM}entry") if meeting.title in e.findtext(f"{ATOM}title")]
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert abs(updated - meeting.updated_at) < datetime.timedelta(seconds=1)
    assert sitemap_lastmod(client, "meetings", meeting) > long_ago.date()

    # RSS 2.0 has no element of its own for it: the Atom one is carried in the item.
    rss = ET.fromstring(client.get(reverse("meetings:meeting_feed_rss")).content)
    (item,) = [i for i in rss.iter("item") if meeting.title in i.findtext("title")]
    updated = datetime.datetime.fromisoformat(item.findtext(f"{ATOM}updated"))
    assert abs(updated - meeting.updated_at) < datetime.timedelta(seconds=1)

    type(meeting).objects.filter(pk=meeting.pk).update(updated_at=long_ago)
    correction.delete()  # taking a note back is a change readers see too
    meeting.refresh_from_db()
    assert meeting.updated_at > long_ago + datetime.timedelta(days=29)


def test_a_note_is_shown_in_the_language_it_is_written_in(client, release):
    release.title_ru = "Постоянный совет провёл заседание в Ереване"
    release.save()
    Correction.objects.create(
        item=release, date=datetime.date(2025, 3, 12), note_en="", note_ru="дата заседания"
    )
    assert "Corrected" not in client.get(release.get_absolute_url()).content.decode()
    russian = client.get(f"/ru/news/{release.section.slug}/{release.slug}/").content.decode()
    assert "Исправлено 12.03.2025: дата заседания" in russian


@pytest.mark.parametrize("factory", [ArticleFactory, MeetingFactory, DocumentFactory, EventFactory])
def test_notes_cost_no_query_of_their_own(client, factory):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = factory()
    url = item.get_absolute_url()
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    for number in range(3):
        Correction.objects.create(item=item, note_en=f"note {number}")
    cache.clear()
    with CaptureQueriesContext(connection) as with_notes:
        page = client.get(url).content.decode()
    assert page.count("Corrected ") == 3
    assert len(with_notes) == len(without)


# --- withdrawal -----------------------------------------------------------------------------


def withdraw(item, reason="The release was issued in error."):
    item.status = PublicationStatus.WITHDRAWN
    item.withdrawal_reason_en = reason
    item.save()
    return item


def test_withdrawn_article_keeps_its_address_with_banner_and_reason(client, release):
    withdraw(release)
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="withdrawn-banner"' in page
    assert "Reason: The release was issued in error." in page
    assert '<meta name="robots" content="noindex, follow">' in page
    assert "Preview" not in page
    assert "private" not in response.get("Cache-Control", "")


def test_withdrawn_article_leaves_lists_feeds_search_and_sitemap(client, release):
    withdraw(release)
    title = release.title
    for url in (
        reverse("home"),
        reverse("news:article_list"),
        release.section.get_absolute_url(),
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("search") + "?q=Yerevan",
        reverse("sitemap_section", kwargs={"section": "articles"}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (
            title not in response.content.decode() and release.slug not in response.content.decode()
        ), url


def test_withdrawal_needs_a_reason():
    article = ArticleFactory()
    article.status = PublicationStatus.WITHDRAWN
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "withdrawal_reason_en" in error.value.message_dict


def test_publisher_withdraws_in_the_admin_and_a_reason_is_required(client, release):
    publisher = signed_in(PUBLISHER)
    url = reverse("admin:news_article_change", args=[release.pk])
    data = form_data(publisher.get(url))
    data["status"] = ["withdrawn"]
    refused = publisher.post(url, data)
    assert refused.status_code == 200 and "Say why it is withdrawn" in refused.content.decode()
    data["withdrawal_reason_en"] = ["Issued in error."]
    assert publisher.post(url, data).status_code == 302
    release.refresh_from_db()
    assert release.status == PublicationStatus.WITHDRAWN
    assert "Reason: Issued in error." in client.get(release.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", [{"draft": True}, {"embargoed": True}])
def test_an_item_readers_never_saw_cannot_be_withdrawn(client, state):
    """A withdrawn item keeps its address, with its text: one never released must be set
    back to draft instead, or it would appear at its address once its time came."""
    article = ArticleFactory(**state)
    publisher = signed_in(PUBLISHER)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(publisher.get(url))
    data.update(status=["withdrawn"], withdrawal_reason_en=["Cancelled."])
    refused = publisher.post(url, data)
    assert refused.status_code == 200
    assert "Only an item readers have seen can be withdrawn" in refused.content.decode()
    article.refresh_from_db()
    assert article.status != PublicationStatus.WITHDRAWN


def test_editor_cannot_withdraw_nor_change_a_withdrawn_item(release):
    editor = signed_in(EDITOR)
    url = reverse("admin:news_article_change", args=[release.pk])
    data = form_data(signed_in(PUBLISHER).get(url))
    data.update(status=["withdrawn"], withdrawal_reason_en=["Because."])
    assert editor.post(url, data).status_code == 403
    release.refresh_from_db()
    assert release.status == PublicationStatus.PUBLISHED
    withdraw(release)
    data.update(title_en=["Rewritten by an editor"])
    assert editor.post(url, data).status_code == 403
    release.refresh_from_db()
    assert release.title_en == "The Permanent Council met in Yerevan"


@pytest.mark.parametrize("factory", [MeetingFactory, DocumentFactory, EventFactory])
def test_every_content_type_keeps_a_withdrawn_page(client, factory):
    item = withdraw(factory())
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'class="withdrawn-banner"' in page and "issued in error" in page


def test_withdrawn_document_file_is_not_served(client):
    document = withdraw(DocumentFactory())
    assert client.get(document.get_download_url()).status_code == 404


def test_drafts_and_unreleased_withdrawn_items_stay_not_found(client):
    draft = ArticleFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    early = withdraw(ArticleFactory(embargoed=True))
    assert client.get(early.get_absolute_url()).status_code == 404
