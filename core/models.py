"""The one model the core owns: a correction note, on an item of any content type."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Correction(models.Model):
    """A dated public note on a published item ("Corrected 12.03.2025: the date of the
    meeting"), on an article, a meeting, a document, an event, a page or a person alike
    (``Publishable.corrections``). Publishers write them on the item's admin page, editors
    see them (``core.content``: a publishers-only part); readers see them above the text.
    Saving or deleting one marks the item as updated: its feeds' dates, the sitemap's
    lastmod, JSON-LD ``dateModified`` and iCalendar's ``LAST-MODIFIED`` follow."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey()
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(
        _("note"), help_text=_("What was corrected, for readers: e.g. the date of the meeting.")
    )

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.note}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._mark_item_updated()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._mark_item_updated()
        return result

    def _mark_item_updated(self):
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        model._base_manager.filter(pk=self.object_id).update(updated_at=timezone.now())
