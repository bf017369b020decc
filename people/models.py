"""The people of the Organization the press office writes about: the Secretary General, his
deputies and officials. Articles link to the people they quote or report on
(``news.Article.people``); a person's page lists those articles, newest first."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.images import ReencodedImageField
from core.publishing import Publishable, Tracked, written_in_a_language
from core.uploads import UploadTo
from core.validators import validate_image_file


class Person(Publishable, Tracked):
    # "title" is the person's name: every content type's gate, desk and search read a
    # translated ``title`` (core/publishing.py).
    title = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(
        _("role"),
        max_length=300,
        blank=True,
        help_text=_("For example: Secretary General of the CSTO"),
    )
    position = models.PositiveSmallIntegerField(
        _("position in lists"),
        default=0,
        help_text=_("Smaller numbers come first: the Secretary General, then the deputies."),
    )
    photo = ReencodedImageField(
        _("photo"),
        upload_to=UploadTo("people"),
        blank=True,
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, GIF or WebP; stored as JPEG, PNG or WebP without its metadata."),
    )
    in_office_from = models.DateField(_("in office since"), null=True, blank=True)
    in_office_until = models.DateField(
        _("in office until"), null=True, blank=True, help_text=_("Leave empty while in office.")
    )
    biography = models.TextField(_("biography"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(condition=written_in_a_language(), name="person_has_a_name"),
            models.CheckConstraint(
                condition=models.Q(in_office_until__isnull=True)
                | models.Q(in_office_from__isnull=True)
                | models.Q(in_office_until__gte=models.F("in_office_from")),
                name="person_office_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("people:person_detail", kwargs={"slug": self.slug})

    def get_parent_url(self):
        return reverse("people:person_list")

    @property
    def in_office(self):
        return self.in_office_until is None

    def clean(self):
        super().clean()
        start, end = self.in_office_from, self.in_office_until
        if start and end and end < start:
            raise ValidationError(
                {"in_office_until": _("The end of the term cannot come before its start.")}
            )
