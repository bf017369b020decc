"""RSS 2.0 and Atom feeds of published articles: all news and one per section."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.feeds import FEED_SIZE, Feed, item_guid_for

from .models import Article, Section


class ArticleFeedMixin:
    """Item fields shared by every article feed."""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item_guid_for("article", item.pk, item.created_at)

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item.section.name]

    def item_author_name(self, item):
        return item.signature or None


class LatestNewsFeed(ArticleFeedMixin, Feed):
    title = _("CSTO Secretariat press service: all news")
    description = _("News, statements, interviews and speeches of the CSTO Secretariat.")

    def link(self):
        return reverse("news:article_list")

    def items(self):
        return Article.objects.published().for_listing().defer("body")[:FEED_SIZE]


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description


class SectionFeed(ArticleFeedMixin, Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return _("CSTO Secretariat press service: %(section)s") % {"section": section.name}

    def description(self, section):
        return section.description or section.name

    def link(self, section):
        return section.get_absolute_url()

    def items(self, section):
        return Article.objects.published().for_listing().filter(section=section)[:FEED_SIZE]


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, section):
        return self.description(section)
