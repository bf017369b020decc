from django.urls import reverse

from csto_press.sitemaps import Sitemap

from .models import Article, Section


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["home", "news:article_list"]

    def location(self, item):
        return reverse(item)


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Section.objects.all()


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    lastmod_field = "updated_at"

    def items(self):
        return (
            Article.objects.published_in_any_language()
            .for_listing()
            .only("slug", "updated_at", "section__slug", "title_en", "title_ru")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at
