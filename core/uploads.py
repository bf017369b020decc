"""Where uploaded files go: generated names, so nothing a user typed becomes a path."""

import posixpath
import uuid

from django.utils import timezone


def _generated_name(original_name: str) -> str:
    extension = posixpath.splitext(original_name)[1].lower()
    if not extension[1:].isalnum() or len(extension) > 6:
        extension = ""
    return f"{uuid.uuid4().hex}{extension}"


class UploadTo:
    """``upload_to`` callable: ``<folder>/<year>/<month>/<random>.<ext>``.

    A class (not a closure) so migrations can serialize it.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        today = timezone.localdate()
        return f"{self.folder}/{today:%Y/%m}/{_generated_name(filename)}"

    def deconstruct(self):
        return ("core.uploads.UploadTo", (self.folder,), {})

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.folder == self.folder


def ckeditor_filename(filename, request=None):
    """CKEDITOR_FILENAME_GENERATOR: images uploaded from the editor get random names."""
    return _generated_name(filename)
