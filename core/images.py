"""Uploaded pictures are re-encoded before they are stored: a browser can show every stored
image, and nothing the camera or the uploader put in the file travels with it.

A file that passed ``core.validators.validate_image_file`` (a verified JPEG, PNG, GIF or
WebP, within the size and pixel limits, with no markup in it) is decoded and written again:

- as JPEG, PNG or WebP only: a JPEG stays JPEG, a WebP stays WebP, anything else (GIF, a PNG
  with another extension…) becomes PNG, so a file is always stored under the extension of
  what it really is;
- with its EXIF orientation applied to the pixels, and no metadata kept (no EXIF: no GPS
  position, camera serial or author), except the colour profile, so colours stay right.
"""

import posixpath
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from PIL import Image, ImageOps

STORED_FORMATS = {"JPEG": (".jpg", "image/jpeg"), "WEBP": (".webp", "image/webp")}
FALLBACK = ("PNG", ".png", "image/png")
JPEG_QUALITY = 90


def reencode(upload):
    """A new uploaded file holding ``upload``'s picture, re-encoded (see the module
    docstring), named ``<original stem>.<real extension>``."""
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)  # a copy, with the rotation applied
    upload.seek(0)
    if image_format in STORED_FORMATS:
        extension, content_type = STORED_FORMATS[image_format]
    else:
        image_format, extension, content_type = FALLBACK
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY)
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
        image = image.convert("RGBA")
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    stem = posixpath.splitext(posixpath.basename(upload.name or "image"))[0] or "image"
    return SimpleUploadedFile(f"{stem}{extension}", buffer.getvalue(), content_type=content_type)


class ReencodedImageField(models.ImageField):
    """An ``ImageField`` whose new uploads are re-encoded (``reencode``) as they are saved,
    whatever form or code assigned them.

    With ``renditions`` (shapes of ``core.renditions``: ``("full", "thumb")``), a new
    picture's renditions are made once its row is saved, and its pixel size is written to
    the model's fields named by ``size_fields`` (``("image_width", "image_height")``), so
    pages give every ``<img>`` its width and height without opening a file. The crop
    centre of the thumbs is the model's ``crop_centre()`` (x, y in per cent), if it has one.
    Not Django's ``width_field``: that one opens the file whenever a row is read without it.
    """

    def __init__(self, *args, renditions=(), size_fields=None, **kwargs):
        self.renditions, self.size_fields = tuple(renditions), size_fields
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if self.renditions and not cls._meta.abstract:
            models.signals.post_save.connect(self._make_renditions, sender=cls, weak=False)
            models.signals.post_delete.connect(self._delete_files, sender=cls, weak=False)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            fresh = reencode(file.file)
            file.file, file.name = fresh, fresh.name
            if self.size_fields:
                with Image.open(fresh) as stored:
                    sizes = stored.size
                fresh.seek(0)
                for field_name, value in zip(self.size_fields, sizes, strict=True):
                    setattr(model_instance, field_name, value)
            model_instance._new_pictures = {
                *getattr(model_instance, "_new_pictures", ()),
                self.attname,
            }
        return super().pre_save(model_instance, add)

    def _make_renditions(self, sender, instance, **kwargs):
        """After the save: the renditions of a new picture, made afresh; for a picture
        already stored, those missing (a new crop centre's thumbs)."""
        from .renditions import make_renditions

        file = getattr(instance, self.attname)
        if not file:
            return
        new = self.attname in getattr(instance, "_new_pictures", ())
        if new:
            instance._new_pictures.discard(self.attname)
        centre = instance.crop_centre() if hasattr(instance, "crop_centre") else (50, 50)
        size = self.picture_size(instance)
        if size is None:
            with Image.open(file) as stored:
                size = stored.size
        make_renditions(file, size, self.renditions, centre, force=new)

    def _delete_files(self, sender, instance, **kwargs):
        """Once its row is gone (and the transaction committed), the picture and its
        renditions are deleted too: a photo taken down is no longer at its address."""
        from .renditions import every_rendition

        file = getattr(instance, self.attname)
        size = self.picture_size(instance)
        if not file or size is None:
            return
        centre = instance.crop_centre() if hasattr(instance, "crop_centre") else (50, 50)
        names = [r.name for r in every_rendition(file, size, self.renditions, centre)]
        names.append(file.name)
        storage = file.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])

    def picture_size(self, instance):
        """(width, height) of the stored picture, as recorded; None if not recorded."""
        sizes = tuple(getattr(instance, f, None) for f in self.size_fields or ())
        return sizes if sizes and all(sizes) else None
