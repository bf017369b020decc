from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from csto_press import health
from csto_press.views import SearchView, editor_browse, editor_image_upload, robots_txt
from meetings.sitemaps import DocumentSitemap, MeetingSitemap, MeetingsPagesSitemap
from news.sitemaps import ArticleSitemap, SectionSitemap, StaticPagesSitemap
from news.views import HomeView

admin.site.site_header = _("CSTO Secretariat press office")
admin.site.site_title = _("CSTO press office")
admin.site.index_title = _("Content")

sitemaps = {
    "pages": StaticPagesSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "meeting-pages": MeetingsPagesSitemap,
    "meetings": MeetingSitemap,
    "documents": DocumentSitemap,
}

# Not language-specific: health checks, robots, the sitemap (it lists both languages),
# the admin and the editor's uploads.
urlpatterns = [
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The index, then one sitemap per section (paginated: ?p=2…), all listed by the index.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # The editor's two endpoints, routed here rather than by including ckeditor_uploader's
    # URLconf: its unanchored "^upload/" would let /ckeditor/upload/<anything> skip our checks.
    path("ckeditor/upload/", editor_image_upload, name="ckeditor_upload"),
    path("ckeditor/browse/", editor_browse, name="ckeditor_browse"),
]

# Every page readers see, under /en/… and /ru/…; "/" redirects by the browser's language.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("meetings.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "csto_press.errors.bad_request"
