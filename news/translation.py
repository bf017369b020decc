"""Which fields exist in Russian and English (django-modeltranslation: one column per
language, so translations cost no extra queries), and the change history, registered
after the translations so it keeps every language's text."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Article, Section


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "lead", "body", "signature")


register_history(Article, excluded_fields=["search_vector"])
