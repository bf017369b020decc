"""Translated fields of the meetings app (see news/translation.py for why history is
registered here)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Body, Document, DocumentStep, Meeting, MemberState


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "abbreviation", "description")


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name",)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "place", "chair_name", "chair_title", "summary")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(DocumentStep)
class DocumentStepTranslation(TranslationOptions):
    fields = ("note",)


register_history(Meeting, excluded_fields=["search_vector"])
register_history(Document, excluded_fields=["search_vector"])
register_history(DocumentStep)
