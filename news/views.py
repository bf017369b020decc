import datetime

from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from core.cache import remember
from core.navigation import safe_back_url
from core.pagination import CachedCountMixin
from core.publishing import PreviewMixin
from core.search import vector_fields

from .context_processors import menu_sections
from .models import Article

SIDEBAR_SIZE = 5


def latest_articles(limit=SIDEBAR_SIZE):
    return Article.objects.published().for_listing()[:limit]


def sidebar_articles():
    """The "Latest news" sidebar of article pages (one more than shown, so the page's own
    article can be left out): the same on every article page, so it is remembered per site
    version and language, like the menu."""
    return remember("news:sidebar-latest", lambda: list(latest_articles(SIDEBAR_SIZE + 1)))


class ArticleListMixin(CachedCountMixin):
    """Shared by every article list: the publication gate, the page size, a cached total."""

    paginate_by = 12
    allow_empty = True

    def get_queryset(self):
        return Article.objects.published().for_listing()


def archive_months():
    """First days of the months that have published news, newest first.

    One query over every published article, remembered per site version: the year and
    month archives, their neighbours and the archive links all come from it.
    """
    return remember(
        "news:archive-months",
        lambda: [
            moment.date()
            for moment in Article.objects.published().datetimes(
                "published_at", "month", order="DESC"
            )
        ],
    )


def archive_years():
    """Years that have published news, newest first, for the archive links."""
    years = sorted({month.year for month in archive_months()}, reverse=True)
    return [datetime.date(year, 1, 1) for year in years]


class ArticleListView(ArticleListMixin, ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=archive_years(), **kwargs)


class ArticleArchiveMixin(ArticleListMixin):
    """Which periods have news, and their neighbours, come from archive_months() instead of
    a query each (the generic views would make four: exists, dates, previous, next)."""

    date_field = "published_at"
    context_object_name = "articles"
    allow_empty = True  # an empty period is a 404 all the same, decided in get_date_list()
    month_format = "%m"

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=archive_years(), **kwargs)

    def periods(self):
        """The archive's periods (years or months) that have news, oldest first."""
        raise NotImplementedError

    def neighbour(self, date, *, later):
        periods = self.periods()
        if later:
            return next((period for period in periods if period > date), None)
        return next((period for period in reversed(periods) if period < date), None)

    def require_news_in(self, date):
        if date not in self.periods():
            raise Http404("No news in this period.")


class ArticleYearArchiveView(ArticleArchiveMixin, YearArchiveView):
    """News of one year, newest first, with links to its months."""

    template_name = "news/archive_year.html"
    make_object_list = True

    def periods(self):
        return [datetime.date(year.year, 1, 1) for year in reversed(archive_years())]

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        year = int(self.get_year())
        self.require_news_in(datetime.date(year, 1, 1))
        return [month for month in reversed(archive_months()) if month.year == year]

    def get_next_year(self, date):
        return self.neighbour(date, later=True)

    def get_previous_year(self, date):
        return self.neighbour(date, later=False)

    def get_dated_queryset(self, **lookup):
        return super().get_dated_queryset(**lookup).order_by("-published_at", "-pk")


class ArticleMonthArchiveView(ArticleArchiveMixin, MonthArchiveView):
    template_name = "news/archive_month.html"

    def periods(self):
        return list(reversed(archive_months()))

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        month = datetime.date(int(self.get_year()), int(self.get_month()), 1)
        self.require_news_in(month)
        return [month]

    def get_next_month(self, date):
        return self.neighbour(date.replace(day=1), later=True)

    def get_previous_month(self, date):
        return self.neighbour(date.replace(day=1), later=False)

    def get_dated_queryset(self, **lookup):
        return super().get_dated_queryset(**lookup).order_by("-published_at", "-pk")


class SectionDetailView(ArticleListMixin, ListView):
    """One section's articles, newest first."""

    template_name = "news/section_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        # From the header menu's (cached) list of sections rather than a query of its own.
        self.section = next(
            (section for section in menu_sections() if section.slug == self.kwargs["slug"]),
            None,
        )
        if self.section is None:
            raise Http404("No such section.")
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class ArticleDetailView(PreviewMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_base_queryset(self):
        # The meeting comes in the same query; Article.public_meeting() checks it is public.
        meeting = Article._meta.get_field("meeting").related_model
        return Article.objects.select_related("section", "meeting").defer(
            "meeting__summary", *vector_fields(Article), *vector_fields(meeting, "meeting")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.section.slug != kwargs["section"]:
            # The article moved to another section: send readers to its one address.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        section_url = article.section.get_absolute_url()
        context.update(
            section=article.section,
            previous_article=article.get_previous_published(),
            next_article=article.get_next_published(),
            latest_articles=[a for a in sidebar_articles() if a.pk != article.pk][:SIDEBAR_SIZE],
            back_url=safe_back_url(self.request, section_url),
            structured_data=self.structured_data(article),
        )
        return context

    def structured_data(self, article):
        """schema.org NewsArticle, for search engines and link previews."""
        absolute = self.request.build_absolute_uri
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title[:110],
            "description": article.lead,
            "datePublished": article.published_at.isoformat(),
            "dateModified": article.updated_at.isoformat(),
            "mainEntityOfPage": absolute(article.get_absolute_url()),
            "articleSection": article.section.name,
            "publisher": {
                "@type": "Organization",
                "name": "Collective Security Treaty Organization Secretariat",
                "logo": {"@type": "ImageObject", "url": absolute(static("img/og-default.png"))},
            },
        }
        if article.image:
            data["image"] = [absolute(article.image.url)]
        if article.signature:
            data["author"] = {"@type": "Person", "name": article.signature}
        return data
