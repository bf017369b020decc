"""The press office's own pages (About the CSTO, Contacts, …): a small tree, bilingual.

Not ``django.contrib.flatpages``: a page here goes through the publication gate, the
translated columns, the sanitizer, the history and the caching like any content type
(``pages/content.py``). The tree only orders pages and gives breadcrumbs: each page has one
address of its own, ``/pages/<slug>/``, so moving it in the tree never breaks a link.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, Tracked, written_in_a_language

# Levels of the tree: a page, its child and its grandchild. The breadcrumbs come with the
# page in one query (select_related up the chain), so the depth is bounded.
MAX_DEPTH = 3


class MenuPlace(models.TextChoices):
    """Where a page shown in the main menu goes among the menu's fixed entries."""

    START = "start", _("at the start, before All news")
    END = "end", _("at the end, after Documents")


class Page(Publishable, Tracked):
    title = models.CharField(_("title"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
        help_text=_("Leave empty for a top-level page. At most three levels."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Among its sister pages and in the menu: smaller numbers come first."),
    )
    show_in_menu = models.BooleanField(
        _("show in the menu"),
        default=False,
        help_text=_("Shown in the site's main menu, at its place there, in the order of position."),
    )
    menu_place = models.CharField(
        _("place in the menu"), max_length=5, choices=MenuPlace.choices, default=MenuPlace.END
    )
    body = models.TextField(_("body"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        indexes = [
            models.Index(fields=["show_in_menu", "status", "position"], name="page_menu_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=written_in_a_language(), name="page_has_a_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    def get_parent_url(self):
        return reverse("home")

    def ancestors(self):
        """Parent first, up to the top (from the chain already fetched with the page)."""
        found, page = [], self.parent
        while page is not None and len(found) < MAX_DEPTH - 1:
            found.append(page)
            page = page.parent
        return found

    def clean(self):
        super().clean()
        depth, page = 1, self.parent
        while page is not None:
            if self.pk is not None and page.pk == self.pk:
                raise ValidationError({"parent": _("A page cannot be placed under itself.")})
            depth, page = depth + 1, page.parent
        if depth > MAX_DEPTH:
            raise ValidationError({"parent": _("Pages go at most three levels deep.")})
        if self.pk is not None and self.parent_id and self.children.exists():
            grandchildren = Page.objects.filter(parent__parent=self).exists()
            if depth + 1 + grandchildren > MAX_DEPTH:
                raise ValidationError({"parent": _("Pages go at most three levels deep.")})
