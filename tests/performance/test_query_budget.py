"""Every public page makes at most QUERY_BUDGET queries, the same number with 3 items or 60.

Measured cold: the cache is emptied before each request, so the count includes what the
page cache and the small shared caches (menu, totals, archive years, next publication)
would otherwise save. A warm repeat by an anonymous reader makes no query at all
(tests/performance/test_page_cache.py).
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.paginator import Page
from django.db import connection
from django.db.models import Model, QuerySet
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core import content, search
from events.models import Event
from gallery.models import Photo
from meetings.models import Document, DocumentAttachment, DocumentStep, StepStatus
from news.models import Article, ArticleAttachment
from pages.models import Page as InformationPage
from people.models import Person
from tests.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    BodyFactory,
    DocumentAttachmentFactory,
    DocumentFactory,
    EventFactory,
    EventKindFactory,
    MeetingFactory,
    MemberStateFactory,
    PageFactory,
    PersonFactory,
    SectionFactory,
    TopicFactory,
)
from tests.gallery.conftest import camera_jpeg, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def remembered_values(settings):
    """As in production: a value computed once in a request is reused by the rest of it."""
    settings.CSTO_VALUE_CACHE_SECONDS = 5


QUERY_BUDGET = 7
# The search page fetches the items of each kind on its page, one query per kind: with more
# than three searchable kinds, one more query per kind (a fixed number, whatever the data).
SEARCH_BUDGET = QUERY_BUDGET + max(0, len(search.targets()) - 3)
# The sitemap index counts each of its database-backed sections (core/sitemaps.py): one query
# per registered type with pages, plus the next scheduled publication (a fixed number too).
SITEMAP_BUDGET = max(QUERY_BUDGET, 1 + len([e for e in content.entries() if e.sitemap]))
# An article page also shows its gallery and its attached files, one query each, run only
# when it has some, and its related articles: the walk's article has all three (7 + 2).
ARTICLE_BUDGET = QUERY_BUDGET + 2
YEAR = 2023


# URL patterns that are not public pages: the admin, the editor's uploads, health checks.
NOT_PUBLIC = {"admin", "ckeditor_upload", "ckeditor_browse", "healthz", "readyz"}


def public_view_names():
    """The view name of every public URL pattern (everything outside NOT_PUBLIC)."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in NOT_PUBLIC:
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name not in NOT_PUBLIC:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def grow(data, size):
    """Add ``size`` published items of every kind to ``data`` (bulk, so it stays quick)."""
    section, body = data["section"], data["body"]
    base = datetime.datetime(YEAR, 5, 10, 12, tzinfo=datetime.UTC)
    start = Article.objects.count()
    articles = Article.objects.bulk_create(
        Article(
            section=section,
            title=f"Summit statement {start + i}",
            slug=f"bulk-article-{start + i}",
            lead="Ministers met in Minsk.",
            body="<p>Ministers met in Minsk.</p>",
            status="published",
            published_at=base + datetime.timedelta(hours=i),
            meeting=data["meeting"],
        )
        for i in range(size)
    )
    data["person"].articles.add(*articles)
    start = Person.objects.count()
    Person.objects.bulk_create(
        Person(title=f"Official {start + i}", slug=f"bulk-person-{start + i}", status="published")
        for i in range(size)
    )
    start = InformationPage.objects.count()
    InformationPage.objects.bulk_create(
        InformationPage(
            title=f"Page {start + i}",
            slug=f"bulk-page-{start + i}",
            parent=data["page"],
            show_in_menu=i < 3,
            status="published",
        )
        for i in range(size)
    )
    meetings = [
        MeetingFactory(
            body=body,
            date=datetime.date(YEAR, 5, 1 + i % 28),
            chair_state=data["meeting"].chair_state,
            chair_name="Representative of Belarus",
        )
        for i in range(size)
    ]
    for i in range(size):  # on the calendar's month, and coming up
        EventFactory(kind=data["event"].kind, body=body, date=datetime.date(YEAR, 5, 1 + i % 28))
        EventFactory(kind=data["event"].kind, body=body, meeting=meetings[i])
    start = Document.objects.count()
    for model, item in ((ArticleAttachment, "article"), (DocumentAttachment, "document")):
        start = model.objects.count()
        model.objects.bulk_create(
            model(
                **{item: data[item]},
                position=start + i + 1,
                language="en",
                title=f"Minsk annex {start + i}",
                file=f"attachments/bulk-{start + i}.pdf",
                size=1000,
                text="Ministers met in Minsk.",
            )
            for i in range(size)
        )
    documents = Document.objects.bulk_create(
        Document(
            title=f"Summit document {start + i}",
            slug=f"bulk-document-{start + i}",
            kind="statement",
            body=body,
            summary="On collective security in Minsk.",
            status="published",
            published_at=base,
        )
        for i in range(size)
    )
    DocumentStep.objects.bulk_create(
        step
        for i, document in enumerate(documents + [data["document"]] * size)
        for step in (
            DocumentStep(
                document=document, status=StepStatus.DRAFTED, date=datetime.date(YEAR, 4, 1)
            ),
            DocumentStep(
                document=document,
                status=StepStatus.UNDER_CONSIDERATION,
                date=datetime.date(YEAR, 5, 2),
                meeting=meetings[i % size] if i < size else data["meeting"],
                order=i,
            ),
        )
    )
    if "topic" in data:  # tagged with the topic, so its pages and feeds grow too
        tagged = (
            (Article, Article.objects.all()),
            (Document, documents),
            (Event, Event.objects.all()),
        )
        for model, items in tagged:
            through = model.topics.through
            through.objects.bulk_create(
                (
                    through(**{model._meta.model_name: item, "topic": data["topic"]})
                    for item in items
                ),
                ignore_conflicts=True,
            )
        for meeting in meetings:
            meeting.topics.add(data["topic"])


@pytest.fixture
def site():
    section = SectionFactory(slug="statements")
    SectionFactory(slug="interviews")
    body = BodyFactory(slug="cfm")
    meeting = MeetingFactory(
        body=body,
        date=datetime.date(YEAR, 5, 2),
        chair_state=MemberStateFactory(name="Belarus", mentions="Minsk"),
        place="Minsk",
    )
    article = ArticleFactory(
        section=section,
        meeting=meeting,
        title="Summit in Minsk",
        video_url="https://youtu.be/dQw4w9WgXcQ",
        published_at=datetime.datetime(YEAR, 5, 2, 10, tzinfo=datetime.UTC),
    )
    # A gallery on the article: its photos are shown, in one query whatever their number.
    for number in range(3):
        Photo.objects.create(article=article, image=upload(f"p{number}.jpg", camera_jpeg((40, 30))))
    document = DocumentFactory(body=body, title="Summit declaration Minsk")
    document.file.save("declaration.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    DocumentStep.objects.create(
        document=document,
        status=StepStatus.DOMESTIC_APPROVAL,
        date=datetime.date(YEAR, 5, 2),
        meeting=meeting,
    )
    top_page = PageFactory(title="About the CSTO in Minsk", show_in_menu=True)
    person = PersonFactory(title="Secretary General in Minsk")
    article.people.add(person)
    article_file = ArticleAttachmentFactory(article=article, title="Minsk annex", text="Minsk")
    document_file = DocumentAttachmentFactory(document=document, title="Minsk text", text="Minsk")
    data = {
        "article_file": article_file,
        "document_file": document_file,
        "section": section,
        "body": body,
        "meeting": meeting,
        "article": article,
        "document": document,
        "page": PageFactory(title="Contacts in Minsk", parent=top_page),
        "person": person,
    }
    visit = EventKindFactory(slug="visit")
    data["event"] = EventFactory(
        kind=visit, body=body, meeting=meeting, date=datetime.date(YEAR, 5, 3)
    )
    article.corrections.create(note_en="The date of the meeting.")  # shown on its page
    topic = data["topic"] = TopicFactory(slug="peacekeeping")
    for item in (article, meeting, document):
        item.topics.add(topic)
    data["coming"] = EventFactory(kind=data["event"].kind, body=body, meeting=meeting)
    data["coming"].topics.add(topic)
    # Meetings coming up before and after every event: the calendar's first and last pages
    # show meetings as well as events, at any size.
    for days in (1, 300):
        MeetingFactory(body=body, date=timezone.localdate() + datetime.timedelta(days=days))
    grow(data, 2)
    return data


def urls_for(data):
    """One address per public URL pattern, with its filters and a deep page where it has one."""
    section, meeting, article, document = (
        data["section"],
        data["meeting"],
        data["article"],
        data["document"],
    )
    search, news = reverse("search"), reverse("news:article_list")
    meetings, documents = reverse("meetings:meeting_list"), reverse("meetings:document_list")
    # The subscription pages a reader reaches by the links in their mail.
    from subscriptions import tokens
    from subscriptions.models import Subscriber

    reader, _new = Subscriber.objects.get_or_create(
        email="walk@example.org", defaults={"language": "en", "pending": "walk", "all_news": True}
    )
    own, confirm = tokens.subscriber_token(reader), tokens.confirm_token(reader, {"l": "en"})
    return {
        "subscriptions:subscribe": [reverse("subscriptions:subscribe")],
        "subscriptions:check_inbox": [reverse("subscriptions:check_inbox")],
        "subscriptions:confirm": [reverse("subscriptions:confirm", args=[confirm])],
        "subscriptions:unsubscribe": [reverse("subscriptions:unsubscribe", args=[own])],
        "subscriptions:request_data": [reverse("subscriptions:request_data")],
        "subscriptions:data": [reverse("subscriptions:data", args=[own])],
        "home": [reverse("home")],
        "search": [
            f"{search}?q=Minsk",
            f"{search}?q=Minsk&type=article&page=1",
            f"{search}?q=Minsk&type=articleattachment",
            f"{search}?q=Minsk&type=documentattachment",
        ],
        "robots_txt": [reverse("robots_txt")],
        "sitemap": [reverse("sitemap")],
        "sitemap_section": [
            reverse("sitemap_section", kwargs={"section": name})
            for name in (
                "pages",
                "sections",
                "articles",
                "meetings",
                "documents",
                "information-pages",
                "people",
                "bodies",
                "member-states",
                "events",
                "topics",
            )  # fmt: skip
        ],
        "news:article_list": [news, f"{news}?page=last"],
        "news:feed_rss": [reverse("news:feed_rss")],
        "news:feed_atom": [reverse("news:feed_atom")],
        "news:archive_year": [reverse("news:archive_year", args=[YEAR])],
        "news:archive_month": [reverse("news:archive_month", args=[YEAR, 5]) + "?page=last"],
        "news:section_detail": [
            section.get_absolute_url(),
            f"{section.get_absolute_url()}?page=last",
        ],
        "news:section_feed_rss": [reverse("news:section_feed_rss", args=[section.slug])],
        "news:section_feed_atom": [reverse("news:section_feed_atom", args=[section.slug])],
        "news:article_detail": [article.get_absolute_url()],
        "meetings:meeting_list": [
            meetings,
            f"{meetings}?body={data['body'].slug}&year={YEAR}&page=last",
        ],
        "meetings:meeting_feed_rss": [reverse("meetings:meeting_feed_rss")],
        "meetings:meeting_feed_atom": [reverse("meetings:meeting_feed_atom")],
        "meetings:meeting_detail": [meeting.get_absolute_url()],
        "meetings:document_list": [
            documents,
            f"{documents}?status=under_consideration&page=last",
            f"{documents}?q=Summit&kind=statement&body={data['body'].slug}&year={YEAR}",
        ],
        "meetings:document_feed_rss": [reverse("meetings:document_feed_rss")],
        "meetings:document_feed_atom": [reverse("meetings:document_feed_atom")],
        "meetings:document_detail": [document.get_absolute_url()],
        "meetings:document_download": [document.get_download_url()],
        "meetings:body_list": [reverse("meetings:body_list")],
        "meetings:body_detail": [data["body"].get_absolute_url()],
        "meetings:body_feed_rss": [reverse("meetings:body_feed_rss", args=[data["body"].slug])],
        "meetings:body_feed_atom": [reverse("meetings:body_feed_atom", args=[data["body"].slug])],
        "meetings:member_state_list": [reverse("meetings:member_state_list")],
        "meetings:member_state_detail": [meeting.chair_state.get_absolute_url()],
        "pages:page_detail": [data["page"].get_absolute_url()],
        "people:person_list": [reverse("people:person_list")],
        "people:person_detail": [
            data["person"].get_absolute_url(),
            f"{data['person'].get_absolute_url()}?page=last",
        ],
        # The open JSON API (api/): each list filtered and on its last page, each item.
        **api_urls(data),
        "news:article_attachment": [data["article_file"].get_absolute_url()],
        "meetings:document_attachment": [data["document_file"].get_absolute_url()],
        **calendar_urls(data),
    }


def calendar_urls(data):
    """The events calendar's addresses (issue 17b), with its filters."""
    event, body = data["event"], data["body"]
    events = reverse("events:event_list")
    month = reverse("events:event_month", args=[YEAR, 5])
    return {
        "events:event_list": [
            events,
            f"{events}?kind=visit&body={body.slug}",
            f"{events}?body={body.slug}&page=last",
        ],
        "events:event_month": [month, f"{month}?kind=meetings&body={body.slug}"],
        "events:event_detail": [event.get_absolute_url()],
        "events:event_ics": [event.get_ics_url()],
        "events:meeting_ics": [reverse("events:meeting_ics", args=[data["meeting"].slug])],
        "events:calendar_ics": [reverse("events:calendar_ics")],
        "events:body_ics": [reverse("events:body_ics", args=[body.slug])],
        "events:kind_ics": [reverse("events:kind_ics", args=["visit"])],
        "topics:topic_list": [reverse("topics:topic_list")],
        "topics:topic_detail": [
            data["topic"].get_absolute_url(),
            f"{data['topic'].get_absolute_url()}?type=article&page=last",
            f"{data['topic'].get_absolute_url()}?type=event&page=last",
        ],
        "topics:topic_feed_rss": [reverse("topics:topic_feed_rss", args=["peacekeeping"])],
        "topics:topic_feed_atom": [reverse("topics:topic_feed_atom", args=["peacekeeping"])],
    }


def api_urls(data):
    body, section = data["body"].slug, data["section"].slug
    lists = {
        "article": f"section={section}&year={YEAR}&month=5&kind=news",
        "meeting": f"body={body}&year={YEAR}",
        "document": f"q=Summit&status=domestic_approval&body={body}&year={YEAR}"
        f"&meeting={data['meeting'].pk}",
        "page": "",
        "person": "",
        "event": f"kind={data['event'].kind.slug}&body={body}&from_date={YEAR}-01-01"
        f"&to_date={YEAR}-12-31",
        "section": "",
        "body": "",
        "member-state": "",
        "event-kind": "",
    }
    urls = {"api:root": ["/api/v1/?lang=en"], "api:schema": ["/api/schema/"]}
    urls["api:docs"] = ["/api/docs/"]
    for name, query in lists.items():
        listed = reverse(f"api:{name}-list")
        urls[f"api:{name}-list"] = [f"{listed}?lang=ru", f"{listed}?lang=en&{query}&page=last"]
    items = {
        "article": data["article"],
        "meeting": data["meeting"],
        "document": data["document"],
        "section": data["section"],
        "body": data["body"],
        "member-state": data["meeting"].chair_state,
        "page": data["page"],
        "person": data["person"],
        "event": data["event"],
        "event-kind": data["event"].kind,
    }
    for name, item in items.items():
        urls[f"api:{name}-detail"] = [reverse(f"api:{name}-detail", args=[item.pk]) + "?lang=en"]
    return urls


def cold_query_count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if not response.streaming:
        assert response.content
    return len(captured.captured_queries), captured


def test_every_public_url_pattern_is_measured(site):
    assert public_view_names() == set(urls_for(site))


def test_every_public_page_keeps_its_query_budget_whatever_the_amount_of_data(client, site):
    small = {}
    search = reverse("search")

    def budget(url):
        if url == reverse("sitemap"):
            return SITEMAP_BUDGET
        if url == site["article"].get_absolute_url():
            return ARTICLE_BUDGET
        return SEARCH_BUDGET if url.startswith(search) else QUERY_BUDGET

    for url in [url for urls in urls_for(site).values() for url in urls]:
        small[url], captured = cold_query_count(client, url)
        assert small[url] <= budget(url), (url, [q["sql"] for q in captured.captured_queries])
    grow(site, 60)
    large = {url: cold_query_count(client, url)[0] for url in small}
    assert all(count <= budget(url) for url, count in large.items()), large
    # Search fetches the items of each kind on the page: which kinds rank first depends on
    # the data, not on how much of it there is.
    assert {u: n for u, n in large.items() if not u.startswith(search)} == {
        u: n for u, n in small.items() if not u.startswith(search)
    }


def models_shown(client, url):
    """The models whose rows a page's templates were given (items, lists, pages of items,
    and the items inside a sitemap's or a search page's entries)."""
    seen = set()

    def visit(value, depth=0):
        if depth > 2 or isinstance(value, str | bytes):
            return
        if isinstance(value, Model):
            seen.add(type(value)._meta.concrete_model)
        elif isinstance(value, QuerySet):
            seen.add(value.model._meta.concrete_model)
        elif isinstance(value, Page):
            visit(list(value.object_list), depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item, depth + 1)
        elif isinstance(value, list | tuple):
            for item in value[:50]:
                visit(item, depth + 1)

    def record(sender, context, **kwargs):
        for scope in context.dicts if hasattr(context, "dicts") else [context]:
            for name, value in scope.items():
                if name not in {"user", "perms", "request", "view"}:
                    visit(value)

    template_rendered.connect(record)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        template_rendered.disconnect(record)
    return seen


def unregistered_models_shown(client, site):
    found = {}
    for url in [url for urls in urls_for(site).values() for url in urls]:
        for model in models_shown(client, url):
            if not content.is_registered(model):
                found.setdefault(model._meta.label, url)
    return found


def test_every_public_page_shows_registered_content_only(client, site):
    """Whatever a public page lists comes from a registered type, so the gate, search, the
    sitemap, roles and this walk know of it: a new model shown without registering fails."""
    assert unregistered_models_shown(client, site) == {}


def test_an_unregistered_model_on_a_public_page_is_noticed(client, site, monkeypatch):
    monkeypatch.delitem(content._registry, type(site["section"]))
    assert "news.Section" in unregistered_models_shown(client, site)
