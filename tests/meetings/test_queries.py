"""Query counts do not grow with the number of documents, steps or meetings."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Document, DocumentStep, StepStatus
from tests.factories import ArticleFactory, BodyFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def remembered_values(settings):
    """As in production: a value computed once in a request is reused by the rest of it."""
    settings.CSTO_VALUE_CACHE_SECONDS = 5


D = datetime.date
# Measured: the header's sections and the next scheduled publication (how long nginx may
# keep the page) on every page; then lists: filter years, filter bodies, count, page;
# meeting detail: meeting, documents with their steps there, releases; document detail:
# document, steps with their published meetings.
MAX_QUERIES = {"meeting_list": 6, "meeting_detail": 5, "document_list": 6, "document_detail": 4}


def build(size):
    """``size`` published documents, each reviewed at its own meeting and at a shared one."""
    bodies = BodyFactory.create_batch(3)
    shared = MeetingFactory(body=bodies[0], date=D(2019, 7, 16))
    ArticleFactory.create_batch(3, meeting=shared)
    meetings = [MeetingFactory(body=bodies[i % 3]) for i in range(min(size, 25))]
    documents = Document.objects.bulk_create(
        [
            Document(
                title=f"Document {i}",
                slug=f"document-{size}-{i}",
                kind="statement",
                body=bodies[i % 3],
                status="published",
                published_at=shared.published_at,
            )
            for i in range(size)
        ]
    )
    steps = []
    for i, document in enumerate(documents):
        own = meetings[i % len(meetings)]
        steps += [
            DocumentStep(document=document, status=StepStatus.DRAFTED, date=D(2019, 7, 1)),
            DocumentStep(
                document=document,
                status=StepStatus.UNDER_CONSIDERATION,
                date=shared.date,
                meeting=shared,
                body=shared.body,
            ),
            DocumentStep(
                document=document,
                status=StepStatus.DOMESTIC_APPROVAL,
                date=own.date,
                meeting=own,
                body=own.body,
                order=1,
            ),
        ]
    DocumentStep.objects.bulk_create(steps)
    busy = DocumentFactory(body=bodies[0])
    DocumentStep.objects.bulk_create(
        DocumentStep(
            document=busy,
            status=StepStatus.UNDER_CONSIDERATION,
            date=meetings[i % len(meetings)].date,
            meeting=meetings[i % len(meetings)],
            order=i,
        )
        for i in range(size)
    )
    return {
        "meeting_list": "/en/meetings/",
        "meeting_detail": shared.get_absolute_url(),
        "document_list": "/en/documents/?status=domestic_approval",
        "document_detail": busy.get_absolute_url(),
    }


def queries_for(client, url):
    cache.clear()  # cold: the remembered values are computed again
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("page", sorted(MAX_QUERIES))
def test_page_query_count_does_not_depend_on_the_amount_of_data(client, page):
    small, _ = queries_for(client, build(3)[page])
    DocumentStep.objects.all().delete()
    Document.objects.all().delete()
    large, response = queries_for(client, build(300)[page])
    assert small == large
    assert large <= MAX_QUERIES[page]
    # The large page really shows the data (rows or timeline steps), not an empty list.
    assert response.text.count("<tr>") + response.text.count('class="timeline__step"') > 20


@pytest.mark.parametrize("page", sorted(MAX_QUERIES))
def test_page_stays_within_its_query_budget(client, django_assert_max_num_queries, page):
    url = build(30)[page]
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        assert client.get(url).status_code == 200
