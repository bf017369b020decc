from django.urls import path

from core.attachments import AttachmentDownloadView

from . import feeds, views
from .models import ArticleAttachment

app_name = "news"

# Fixed words come before the section pattern; Section.slug refuses them (RESERVED_SLUGS).
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("feed/rss/", feeds.LatestNewsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestNewsAtomFeed(), name="feed_atom"),
    path("archive/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive_month",
    ),
    path("<slug:slug>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("<slug:slug>/feed/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path(
        "<slug:section>/<slug:slug>/files/<int:pk>/",
        AttachmentDownloadView.as_view(
            model=ArticleAttachment, item_lookups={"section": "section__slug", "slug": "slug"}
        ),
        name="article_attachment",
    ),
]
