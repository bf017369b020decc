"""Topics (counter-terrorism, peacekeeping, information security, …) that editors tag
articles, meetings, documents and events with; each has a page listing what carries it, and
feeds."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position in lists"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topics:topic_detail", kwargs={"slug": self.slug})
