"""Public pages make a fixed number of queries, whatever the number of articles."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def remembered_values(settings):
    """As in production: a value computed once in a request is reused by the rest of it."""
    settings.CSTO_VALUE_CACHE_SECONDS = 5


MAX_QUERIES = 6


@pytest.mark.parametrize("total", [5, 500])
def test_query_count_is_fixed(client, django_assert_max_num_queries, total):
    sections = [SectionFactory() for _ in range(3)]
    articles = ArticleFactory.create_batch(total, section=sections[0])
    for section in sections[1:]:
        ArticleFactory(section=section)
    middle = articles[len(articles) // 2]
    urls = [
        reverse("home"),
        reverse("news:article_list"),
        reverse("news:article_list") + "?page=last",
        sections[0].get_absolute_url(),
        middle.get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            assert client.get(url).status_code == 200
        counts = len(captured.captured_queries)
        assert counts <= MAX_QUERIES, url


def test_list_page_queries_do_not_grow_with_articles(client, django_assert_num_queries):
    section = SectionFactory()
    ArticleFactory.create_batch(5, section=section)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        cache.clear()  # cold: the remembered values are computed again
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    small = {u: count(u) for u in ["/", "/en/news/", section.get_absolute_url()]}
    ArticleFactory.create_batch(100, section=section)
    large = {u: count(u) for u in small}
    assert small == large
