from django.urls import reverse

from csto_press.sitemaps import Sitemap

from .models import Document, Meeting


class MeetingsPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["meetings:meeting_list", "meetings:document_list"]

    def location(self, item):
        return reverse(item)


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    lastmod_field = "updated_at"

    def items(self):
        return (
            Meeting.objects.published_in_any_language()
            .only("slug", "updated_at", "title_en", "title_ru")
            .order_by("-date", "-pk")
        )

    def lastmod(self, meeting):
        return meeting.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    lastmod_field = "updated_at"

    def items(self):
        return (
            Document.objects.published_in_any_language()
            .only("slug", "updated_at", "title_en", "title_ru")
            .order_by("-pk")
        )

    def lastmod(self, document):
        return document.updated_at
