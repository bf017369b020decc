"""Media on S3-compatible object storage, stored so that no upload can act as a web page.

nginx gives files on the media volume the same treatment (deploy/nginx/default.conf.template):
documents are downloads, and nothing uploaded is ever served as HTML, SVG, XML or script.
"""

import mimetypes
import posixpath

from storages.backends.s3 import S3Storage

# Raster images may be shown inline; everything else is a download.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})
# Types a browser would run or render as a document from our domain: never sent as such.
ACTIVE_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
    }
)


def inert_object_parameters(name):
    """Content type from the file name (never the uploader's claim) and the disposition."""
    content_type, _encoding = mimetypes.guess_type(name)
    content_type = content_type or "application/octet-stream"
    if content_type in INLINE_IMAGE_TYPES:
        return {"ContentType": content_type}
    if content_type in ACTIVE_TYPES:
        content_type = "application/octet-stream"
    filename = posixpath.basename(name)
    return {"ContentType": content_type, "ContentDisposition": f'attachment; filename="{filename}"'}


class InertMediaS3Storage(S3Storage):
    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params.update(inert_object_parameters(name))
        return params
