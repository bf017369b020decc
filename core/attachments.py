"""Files attached to a content item: a statement's Russian original and English translation,
its annexes, a table of figures (PDF, DOCX, ODT or XLSX).

Each app declares its own attachment model on this abstract one (``news.ArticleAttachment``,
``meetings.DocumentAttachment``), with a foreign key to its item, and registers it as a part
of that item (``core.content.register_part(…, search=…)``): it is shown, downloaded and found
by search only where its item is published, and who may change it is decided by its item.

- **Versions of one text share a position.** ``position`` orders the list readers see; the
  files at the same position are the language versions of one text (the Russian original and
  its English translation of Annex 1). The admin says which language is missing at each
  position, and readers see one row per position with a download per language.
- **Checked by content.** The file must really be what its extension says
  (``core.validators.validate_attachment_file``: PDF header, the DOCX/XLSX/ODT zip structure),
  within ``MAX_DOCUMENT_UPLOAD_BYTES``; it is stored under a generated name and downloaded as
  an attachment named after its title (``download_response``).
- **Its words are searched.** When a PDF or DOCX is uploaded its text is extracted (pypdf,
  python-docx) and stored in ``text``; the search vector of the file's own language is made
  from its title and that text (``text_language_field``, ``core.search``), so a reader finds
  a word that occurs only inside an annex. A PDF without a text layer (a scan) is indexed by
  its title only and flagged in the admin (``text_state``).
"""

import posixpath
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views import View

from .slugs import latin_slug
from .uploads import UploadTo
from .validators import validate_attachment_file

# Enough for the longest treaty with its annexes; a tsvector holds at most 1 MB.
MAX_TEXT_CHARACTERS = 200_000
MAX_PDF_PAGES = 1000
# A DOCX whose text part unpacks to more than this is not read (a zip bomb, not a statement).
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024

FORMAT_NAMES = {".pdf": "PDF", ".docx": "DOCX", ".odt": "ODT", ".xlsx": "XLSX"}


class TextState(models.TextChoices):
    FOUND = "found", _("Text indexed for search")
    NO_TEXT_LAYER = "no_text", _("No text layer (a scan?): found by its title only")
    NOT_READ = "not_read", _("Found by its title only (the format's text is not read)")


def _pdf_text(file):
    from pypdf import PdfReader

    reader = PdfReader(file)
    pieces, length = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        piece = page.extract_text() or ""
        pieces.append(piece)
        length += len(piece)
        if length >= MAX_TEXT_CHARACTERS:
            break
    return "\n".join(pieces)


def _docx_text(file):
    import docx

    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_XML_BYTES:
            return ""
    file.seek(0)
    document = docx.Document(file)
    pieces = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            pieces.extend(cell.text for cell in row.cells)
    return "\n".join(pieces)


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text}


def extract_text(file, name):
    """``(text, TextState)`` of an uploaded file: its words for search, and what became of
    them. A file a reader cannot parse is not an error here: its checks passed, it is kept
    and found by its title."""
    extractor = EXTRACTORS.get(posixpath.splitext(name or "")[1].lower())
    if extractor is None:
        return "", TextState.NOT_READ
    try:
        file.seek(0)
        text = extractor(file)
    except Exception:  # noqa: BLE001 - any parser failure means "no text", never a 500
        text = ""
    finally:
        file.seek(0)
    text = " ".join(text.replace("\x00", " ").split())[:MAX_TEXT_CHARACTERS]
    return text, (TextState.FOUND if text else TextState.NO_TEXT_LAYER)


class Attachment(models.Model):
    """One file of an item, in one language (abstract: each app adds the key to its item)."""

    # Each row is written in one language: its untranslated text is searched in that
    # language only (core.search.language_vector).
    text_language_field = "language"

    position = models.PositiveSmallIntegerField(
        _("position"),
        default=1,
        help_text=_(
            "Files are listed by position. Give the language versions of one text "
            "(the original and its translation) the same position."
        ),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("For example: Annex 1. Plan")
    )
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("attachments"),
        max_length=200,
        validators=[validate_attachment_file],
        help_text=_("PDF, DOCX, ODT or XLSX, checked by its content."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    text = models.TextField(_("text found in the file"), blank=True, editable=False)
    text_state = models.CharField(
        _("search"),
        max_length=10,
        choices=TextState.choices,
        default=TextState.NOT_READ,
        editable=False,
    )

    class Meta:
        abstract = True
        ordering = ["position", "language", "pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self):
        return self.title or self.format_name

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            upload = self.file.file
            self.size = self.file.size or 0
            self.text, self.text_state = extract_text(upload, self.file.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not any(
            (getattr(self, f"title_{code}", "") or "").strip() for code, _n in settings.LANGUAGES
        ):
            raise ValidationError(
                {f"title_{settings.LANGUAGE_CODE}": _("Give the file a title readers will see.")}
            )

    @property
    def extension(self):
        return posixpath.splitext(self.file.name or "")[1].lower()

    @property
    def format_name(self):
        return FORMAT_NAMES.get(self.extension, self.extension.lstrip(".").upper())

    @property
    def size_display(self):
        return filesizeformat(self.size)

    @property
    def language_name(self):
        return self.get_language_display()

    def download_name(self):
        """A readable file name: the title in the file's language, transliterated, and the
        language (``prilozhenie-1-plan-ru.docx``)."""
        title = getattr(self, f"title_{self.language}", "") or self.title
        stem = latin_slug(title, max_length=80) or "file"
        return f"{stem}-{self.language}{self.extension}"


def download_response(attachment):
    """The file as a download under its readable name (never shown inline)."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404("The file is missing from storage.") from missing
    response = FileResponse(handle, as_attachment=True, filename=attachment.download_name())
    response["X-Content-Type-Options"] = "nosniff"
    return response


def by_position(attachments):
    """Rows for the reader: ``[(position's title, [versions…]), …]``, in the reader's
    language's version first."""
    from .publishing import content_language

    language = content_language()
    rows = {}
    for attachment in attachments:
        rows.setdefault(attachment.position, []).append(attachment)
    result = []
    for position in sorted(rows):
        versions = sorted(rows[position], key=lambda a: (a.language != language, a.language))
        result.append({"title": str(versions[0]), "versions": versions})
    return result


def missing_languages(attachments):
    """``{position: [language names missing]}`` over the site's languages."""
    names = dict(settings.LANGUAGES)
    present = {}
    for attachment in attachments:
        present.setdefault(attachment.position, set()).add(attachment.language)
    return {
        position: [str(names[code]) for code in names if code not in languages]
        for position, languages in sorted(present.items())
        if len(languages) < len(names)
    }


def with_files_flag(items, model):
    """``items`` annotated ``has_files`` (in the same query): a page whose item has no
    files (most releases) makes no query for them."""
    from . import content

    of = content.entry_for(model).of
    return items.annotate(has_files=models.Exists(model.objects.filter(**{of: OuterRef("pk")})))


def files_for_page(item, related_name="attachments"):
    """An item's files as its page lists them (``by_position``), without the text found in
    them (the page never shows it) or their search vectors; none for an item not saved yet
    (a preview) or flagged without files (``with_files_flag``)."""
    from .search import vector_fields

    if item.pk is None or not getattr(item, "has_files", True):
        return []
    attachments = getattr(item, related_name).all()
    return by_position(attachments.defer("text", *vector_fields(attachments.model)))


class AttachmentDownloadView(View):
    """A file of a published item, as a download. ``item_lookups`` maps the URL's keywords
    to the item's fields (``{"slug": "slug"}``); the part's registration names its item."""

    model = None
    item_lookups = {"slug": "slug"}

    def get(self, request, pk, **kwargs):
        from . import content

        of = content.entry_for(self.model).of
        items = self.model._meta.get_field(of).related_model.objects.published()
        items = items.filter(**{self.item_lookups[key]: value for key, value in kwargs.items()})
        return download_response(
            get_object_or_404(self.model.objects.filter(**{f"{of}__in": items}), pk=pk)
        )
