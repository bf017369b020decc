"""The site's URLs: the pages readers see under /en/ and /ru/, and the few outside them."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import editor, health
from core.sitemaps import registered_sitemaps
from website import views as website

admin.site.site_header = _("CSTO Secretariat press office")
admin.site.site_title = _("CSTO press office")
admin.site.index_title = _("Content")

sitemaps = registered_sitemaps()

# Not language-specific: health checks, robots, the sitemap (it lists both languages),
# the admin and the editor's uploads.
urlpatterns = [
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("robots.txt", website.robots_txt, name="robots_txt"),
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
    path("ckeditor/upload/", editor.image_upload, name="ckeditor_upload"),
    path("ckeditor/browse/", editor.browse, name="ckeditor_browse"),
    # The open JSON API, its schema and docs: one address for both languages (?lang=).
    path("api/", include("api.urls")),
]

# Every page readers see, under /en/… and /ru/…; "/" redirects by the browser's language.
urlpatterns += i18n_patterns(
    path("", website.HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("search/", website.SearchView.as_view(), name="search"),
    path("", include("meetings.urls")),
    path("pages/", include("pages.urls")),
    path("people/", include("people.urls")),
    path("subscribe/", include("subscriptions.urls")),
    path("events/", include("events.urls")),
    path("topics/", include("topics.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"
