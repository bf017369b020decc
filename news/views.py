import datetime

from django.db.models import Exists, Max, Min, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils import timezone
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from core.attachments import files_for_page, with_files_flag
from core.cache import remember
from core.navigation import safe_back_url
from core.pagination import CachedCountMixin
from core.publishing import PreviewMixin
from core.search import vector_fields
from core.video import frame_sources

from .context_processors import menu_sections
from .models import Article, ArticleAttachment

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


def _local_month(moment):
    moment = timezone.localtime(moment)
    return datetime.date(moment.year, moment.month, 1)


def archive_years():
    """Years of the archive links, newest first: from the newest published article's year
    to the oldest's (two index lookups, remembered). A year without news among them shows an
    empty page rather than being left out: the press service publishes every year."""

    def span():
        found = Article.objects.published().aggregate(
            first=Min("published_at"), last=Max("published_at")
        )
        if found["last"] is None:
            return []
        first, last = timezone.localtime(found["first"]), timezone.localtime(found["last"])
        return list(range(last.year, first.year - 1, -1))

    return [datetime.date(year, 1, 1) for year in remember("news:archive-years", span)]


def months_with_news(year):
    """First days of the months of ``year`` that have published news, oldest first."""
    return remember(
        f"news:archive-months:{year}",
        lambda: [
            moment.date()
            for moment in Article.objects.published()
            .filter(published_at__year=year)
            .datetimes("published_at", "month")
        ],
    )


def neighbour_month(month, *, later):
    """The nearest month before (or after) ``month`` that has news, or None: one index
    lookup, remembered."""

    def find():
        articles = Article.objects.published()
        if later:
            after = (month + datetime.timedelta(days=32)).replace(day=1)
            start = timezone.make_aware(datetime.datetime.combine(after, datetime.time()))
            moment = articles.filter(published_at__gte=start).aggregate(m=Min("published_at"))
        else:
            start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
            moment = articles.filter(published_at__lt=start).aggregate(m=Max("published_at"))
        return _local_month(moment["m"]) if moment["m"] else None

    return remember(f"news:archive-neighbour:{month}:{later}", find)


class ArticleListView(ArticleListMixin, ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=archive_years(), **kwargs)


class ArticleArchiveMixin(ArticleListMixin):
    """Which periods have news, and their neighbours, come from a few remembered index
    lookups instead of the generic views' queries over the whole archive."""

    date_field = "published_at"
    context_object_name = "articles"
    allow_empty = True  # an empty period is a 404 all the same, decided in get_date_list()
    month_format = "%m"

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=archive_years(), **kwargs)

    def get_dated_queryset(self, **lookup):
        return super().get_dated_queryset(**lookup).order_by("-published_at", "-pk")


class ArticleYearArchiveView(ArticleArchiveMixin, YearArchiveView):
    """News of one year, newest first, with links to its months."""

    template_name = "news/archive_year.html"
    make_object_list = True

    def years(self):
        return [date.year for date in archive_years()]

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        year = int(self.get_year())
        if year not in self.years():
            raise Http404("No news in this year.")
        return months_with_news(year)

    def get_next_year(self, date):
        return date.replace(year=date.year + 1) if date.year + 1 in self.years() else None

    def get_previous_year(self, date):
        return date.replace(year=date.year - 1) if date.year - 1 in self.years() else None


class ArticleMonthArchiveView(ArticleArchiveMixin, MonthArchiveView):
    template_name = "news/archive_month.html"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return [datetime.date(int(self.get_year()), int(self.get_month()), 1)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["paginator"].count == 0:  # the total the page counts anyway
            raise Http404("No news in this month.")
        return context

    def get_next_month(self, date):
        return neighbour_month(date.replace(day=1), later=True)

    def get_previous_month(self, date):
        return neighbour_month(date.replace(day=1), later=False)


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
        # Whether it has a gallery, in the same query: an article without one makes no query
        # for its photos (templates/gallery/gallery.html makes one for all of them).
        photo = Article._meta.get_field("photos").related_model
        articles = (
            Article.objects.with_topics()
            .select_related("section", "meeting")
            .defer("meeting__summary", *vector_fields(Article), *vector_fields(meeting, "meeting"))
            .annotate(has_photos=Exists(photo.objects.filter(article=OuterRef("pk"))))
        )
        return with_files_flag(articles, ArticleAttachment)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.section.slug != kwargs["section"]:
            # The article moved to another section: send readers to its one address.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        players = frame_sources(context.get("article"))
        if players:  # frames from these players only, on this page only (core/video.py)
            response._csp_replace = {"frame-src": players}
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        section_url = article.section.get_absolute_url()
        context.update(
            section=article.section,
            previous_article=article.get_previous_published(),
            next_article=article.get_next_published(),
            latest_articles=[a for a in sidebar_articles() if a.pk != article.pk][:SIDEBAR_SIZE],
            topics=article.public_topics(),
            related_articles=remember(f"news:related:{article.pk}", article.related),
            back_url=safe_back_url(self.request, section_url),
            structured_data=self.structured_data(article),
            attachments=files_for_page(article),
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
            "dateModified": (article.updated_at or article.published_at).isoformat(),
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
