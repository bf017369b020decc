"""An article's gallery: its photos in order, each with a caption, a credit, a description
for readers who cannot see it and a crop centre for its thumbnail (README "Photos")."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.images import ReencodedImageField
from core.uploads import UploadTo
from core.validators import validate_image_file


class Photo(models.Model):
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="photos", verbose_name=_("article")
    )
    image = ReencodedImageField(
        _("photo"),
        upload_to=UploadTo("photos"),
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, GIF or WebP; stored as JPEG, PNG or WebP without its metadata."),
        renditions=("full", "thumb"),
        size_fields=("width", "height"),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt = models.CharField(
        _("description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=120, blank=True, help_text=_("Photographer"))
    focus_x = models.PositiveSmallIntegerField(
        _("crop centre, across (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the thumbnail is cut around: 0 is the left edge, 100 the right."),
    )
    focus_y = models.PositiveSmallIntegerField(
        _("crop centre, down (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 is the top edge, 100 the bottom."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [models.Index(fields=["article", "position"], name="photo_article_order_idx")]

    def __str__(self):
        return self.caption or self.alt or self.image.name.rpartition("/")[2]

    def crop_centre(self):
        return (self.focus_x, self.focus_y)
