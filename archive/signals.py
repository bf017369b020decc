"""An article's earlier addresses keep working: a changed slug or section leaves its old
page address as a redirect, and a deleted article's addresses answer 410 (gone)."""

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation

from news.models import Article

from .addresses import normalise_path
from .models import OldAddress


def _page_paths(slug, section_slug, languages):
    for code in languages:
        with translation.override(code):
            path = reverse("news:article_detail", kwargs={"section": section_slug, "slug": slug})
        yield code, normalise_path(path)


@receiver(pre_save, sender=Article, dispatch_uid="archive-keep-old-article-address")
def keep_old_address(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or getattr(instance, "_keeps_its_address", False):
        return
    before = (
        Article._base_manager.filter(pk=instance.pk)
        .values("slug", "section__slug", *[f"title_{code}" for code in ("en", "ru")])
        .first()
    )
    if before is None or not before["slug"]:
        return
    section_slug = instance.section.slug if instance.section_id else before["section__slug"]
    if before["slug"] == instance.slug and before["section__slug"] == section_slug:
        return
    written = [code for code in ("en", "ru") if before[f"title_{code}"]]
    for code, path in _page_paths(before["slug"], before["section__slug"], written):
        OldAddress.objects.update_or_create(
            host="ru",
            path=path,
            query="",
            defaults={"article": instance, "language": code, "new_path": ""},
        )


@receiver(pre_delete, sender=Article, dispatch_uid="archive-removed-article-is-gone")
def mark_gone(sender, instance, **kwargs):
    for code, path in _page_paths(
        instance.slug, instance.section.slug, instance.languages_written()
    ):
        OldAddress.objects.update_or_create(
            host="ru",
            path=path,
            query="",
            defaults={"article": None, "language": code, "new_path": ""},
        )
