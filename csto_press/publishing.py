"""The publication gate shared by every public model (articles, meetings, documents).

Every public view, feed, sitemap, search and template tag starts its query from
``Model.objects.published()``: that method is the only definition of "a reader may see it".
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Items a reader may see: published, and their publication time has come."""
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())

    def publish(self):
        """Mark the selected items published; returns how many changed."""
        return self.exclude(status=PublicationStatus.PUBLISHED).update(
            status=PublicationStatus.PUBLISHED
        )

    def unpublish(self):
        """Take the selected items back to draft; returns how many changed."""
        return self.exclude(status=PublicationStatus.DRAFT).update(status=PublicationStatus.DRAFT)


class Publishable(models.Model):
    """Status and publication time; a future time on a published item is an embargo."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_("Readers see a published item from this moment on."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.status == PublicationStatus.PUBLISHED and self.published_at <= timezone.now()
