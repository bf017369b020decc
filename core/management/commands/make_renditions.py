"""``manage.py make_renditions``: make the stored renditions (core/renditions.py) of every
picture already stored, e.g. those uploaded before renditions existed or after a change of
their widths; records their pixel size where it is missing. Those already made are kept
(``--force`` makes them again), so a second run makes nothing.

The pictures are the image fields that have renditions (lead images, gallery photos) and
every image uploaded through the rich-text editor (``core.editor_images.stored_uploads``):
those uploaded before their renditions existed are shown as a plain ``<img>`` until then."""

from django.apps import apps
from django.core.management.base import BaseCommand
from PIL import Image

from core.editor_images import make_editor_renditions, stored_uploads
from core.images import ReencodedImageField
from core.renditions import make_renditions


class Command(BaseCommand):
    help = "Make the missing renditions of every stored picture, editor images included."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Make them again.")

    def handle(self, *args, force=False, **options):
        pictures = made = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, ReencodedImageField) or not field.renditions:
                    continue
                for item in model._default_manager.exclude(**{field.name: ""}).iterator():
                    file = getattr(item, field.attname)
                    size = field.picture_size(item)
                    if size is None:
                        with file.open("rb"), Image.open(file) as stored:
                            size = stored.size
                        if field.size_fields:
                            model._default_manager.filter(pk=item.pk).update(
                                **dict(zip(field.size_fields, size, strict=True))
                            )
                    centre = item.crop_centre() if hasattr(item, "crop_centre") else (50, 50)
                    made += len(make_renditions(file, size, field.renditions, centre, force))
                    pictures += 1
        self.stdout.write(f"Lead images and photos: {pictures}, {made} renditions made.")
        uploads = made = failed = 0
        for name in stored_uploads():
            try:
                made += len(make_editor_renditions(name, force))
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                # One damaged upload must not stop the others: it keeps its plain <img>.
                self.stderr.write(f"{name}: skipped ({error})")
                failed += 1
            uploads += 1
        skipped = f", {failed} skipped" if failed else ""
        self.stdout.write(f"Editor images: {uploads}, {made} renditions made{skipped}.")
