"""The news app's content types, each registered once (see core/content.py)."""

from django.utils.translation import gettext_lazy as _

from core import content

from .models import Article, ArticleAttachment, Section

content.register_reference(
    Section,
    translated=("name", "description"),
    sitemap={"changefreq": "daily", "priority": 0.5},
)
content.register(
    Article,
    detail_view="news.views.ArticleDetailView",
    list_url="news:article_list",
    label=_("News"),
    translated=("title", "lead", "body", "signature", "image_alt"),
    rich_text=("body",),
    search={"title": "A", "lead": "B", "body": "C", "signature": "D"},
    list_related=("section",),
    sitemap={"changefreq": "monthly", "priority": 0.8},
)
content.register_part(
    ArticleAttachment,
    of="article",
    translated=("title",),
    label=_("Files of news releases"),
    search={"title": "A", "text": "C"},
    list_related=("article__section",),
)
