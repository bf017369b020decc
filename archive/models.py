"""What the move from the old site leaves behind: which release each archive item became,
the addresses readers and other sites still hold, and the links found broken."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .addresses import normalise_path, validate_site_path


class ArchiveItem(models.Model):
    """One release of the old site (both its languages), by the stable key its exports give
    it, and the article it became. The digests say what each language looked like when last
    imported: an unchanged source is skipped, a changed one updates the article."""

    key = models.CharField(_("source key"), max_length=200, unique=True)
    article = models.OneToOneField(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="archive_item",
        verbose_name=_("article"),
    )
    digest_en = models.CharField(max_length=64, blank=True, editable=False)
    digest_ru = models.CharField(max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("archive item")
        verbose_name_plural = _("archive items")

    def __str__(self):
        return self.key


class OldAddress(models.Model):
    """An address of the old site (or an earlier one of this site) and where it leads now:
    an article (its page in ``language``), another page of this site, or nowhere (the item
    was removed: 410). Looked up only when a request finds no page (``archive.middleware``)."""

    class Host(models.TextChoices):
        MAIN = "ru", _("main host (Russian)")
        EN = "en", _("en. host (English)")

    host = models.CharField(_("host"), max_length=2, choices=Host.choices, default=Host.MAIN)
    path = models.CharField(
        _("old path"), max_length=500, help_text=_("For example /news/news_odkb/some-release/")
    )
    query = models.CharField(
        _("query form"),
        max_length=200,
        blank=True,
        help_text=_("Optional, for example ELEMENT_ID=23867."),
    )
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="old_addresses",
        verbose_name=_("article"),
    )
    language = models.CharField(
        _("language of the page"),
        max_length=2,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the host's language."),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=500,
        blank=True,
        help_text=_(
            "A path on this site, for example /ru/news/. Leave it and the article empty to "
            "answer that the page was removed (410)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["host", "path", "query"]
        constraints = [
            models.UniqueConstraint(fields=["host", "path", "query"], name="old_address_unique"),
            models.CheckConstraint(
                condition=models.Q(article__isnull=True) | models.Q(new_path=""),
                name="old_address_one_target",
            ),
        ]

    def __str__(self):
        return self.path + (f"?{self.query}" if self.query else "")

    def save(self, *args, **kwargs):
        self.path = normalise_path(self.path)
        super().save(*args, **kwargs)

    def page_language(self):
        return self.language or self.host

    def clean(self):
        super().clean()
        self.path = normalise_path(self.path)
        if self.article_id and self.new_path:
            raise ValidationError(_("Lead to an article or to a new address, not both."))
        if self.new_path:
            try:
                validate_site_path(self.new_path)
            except ValidationError as error:
                raise ValidationError({"new_path": error.messages}) from None
            if normalise_path(self.new_path) == self.path:
                raise ValidationError({"new_path": _("An address cannot lead to itself.")})
            target = normalise_path(self.new_path.split("?")[0])
            chained = OldAddress.objects.filter(host=self.Host.MAIN, path=target).exclude(
                pk=self.pk
            )
            if chained.exists():
                raise ValidationError(
                    {"new_path": _("That address is itself an old one; give where it leads.")}
                )


class BrokenLink(models.Model):
    """A link found broken in a published item's text or attachment by ``check_links``."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    item_title = models.CharField(_("item"), max_length=300)
    field = models.CharField(_("where"), max_length=40)
    url = models.CharField(_("link"), max_length=2000)
    problem = models.CharField(_("problem"), max_length=300)
    checked_at = models.DateTimeField(_("checked"))

    class Meta:
        verbose_name = _("broken link")
        verbose_name_plural = _("broken links")
        ordering = ["content_type", "object_id", "url"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.url
