"""Bringing the old site's releases in (``manage.py import_archive``).

Each record (one release in one language) is applied in its own transaction: it becomes,
or updates, one side of an ``Article`` found by the release's source key, so the Russian and
the English version of a release end up in one article, in whatever order they come. A
record whose source has not changed since the last run is skipped; a changed one updates
the article, and the article's history (django-simple-history) keeps what it was. A bad
record is reported and rolled back whole; the run goes on.

Files are read from the export's folder only (never a path outside it, never the network),
checked like uploads (``core.validators``), images re-encoded (``core.images``), and stored
under names made from their content, so importing the same file twice stores it once. A
record's attached files become the article's files in its language (``Importer.attach``);
one the attachment checks refuse is reported as a bad file and the release comes in
without it.
"""

import hashlib
import io
import posixpath
from collections import Counter, OrderedDict
from contextlib import contextmanager
from itertools import groupby, islice
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from lxml import etree, html

from core.attachments import extract_text
from core.images import reencode
from core.publishing import PublicationStatus
from core.slugs import latin_slug
from core.validators import (
    DOCUMENT_EXTENSIONS,
    validate_attachment_file,
    validate_document_file,
    validate_image_file,
)
from news.models import Article, ArticleAttachment, Section

from .addresses import ANY_PATH, split_old_url
from .models import ArchiveItem, OldAddress
from .sources import UNREADABLE

LANGUAGES = ("en", "ru")
# Old section codes and where their releases go; a mapping file's "sections" adds to them.
DEFAULT_SECTIONS = {
    "news_odkb": {"section": "csto-news", "kind": "news"},
    "smi": {"section": "media-about-the-csto", "kind": "news"},
    "permanent_council": {"section": "csto-news", "kind": "news"},
    "statements": {"section": "statements", "kind": "statement"},
}


class ImportProblem(Exception):
    """Why one record cannot be imported (shown in the report)."""


def describe(error):
    if isinstance(error, ImportProblem):
        return str(error)
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return f"{type(error).__name__}: {str(error).strip()[:200]}"


def pair_form(text):
    """A key or an old address as the pairs file and the records may each write it."""
    text = (text or "").strip()
    return split_old_url(text) if "/" in text else ("key", text)


class Report:
    def __init__(self):
        self.counts = Counter()
        self.skipped = []  # (origin, reason)
        self.bad_files = []  # (origin, reference, reason): left out, the release came in

    def skip(self, record, reason):
        self.counts["skipped"] += 1
        self.skipped.append((record.origin, reason))

    def lines(self):
        counts = self.counts
        yield (
            f"created {counts['created']}, translations paired {counts['paired']}, "
            f"updated {counts['updated']}, unchanged {counts['unchanged']}, "
            f"skipped {counts['skipped']}, bad files {len(self.bad_files)}"
        )
        for origin, reason in self.skipped:
            yield f"  skipped {origin}: {reason}"
        for origin, reference, reason in self.bad_files:
            yield f"  bad file {origin}: {reference}: {reason}"


class Importer:
    def __init__(self, *, files_root=None, mapping=None, batch_size=500, pairs=()):
        self.files_root = Path(files_root).resolve() if files_root else None
        # Releases whose two languages share no id (two sites, two numberings): each pair of
        # old addresses (or keys) names one release, imported under the first one's key.
        self.pairs = {}
        for first, second in pairs:
            for member in (first, second):
                self.pairs[pair_form(member)] = f"pair:{first.strip()}"
        self.mapping = mapping or {}
        self.sections_map = {**DEFAULT_SECTIONS, **self.mapping.get("sections", {})}
        self.batch_size = batch_size
        self.report = Report()
        self.bad_files = []  # of the release being written, reported once it is written
        # (key, language) of each record read, as 8-byte hashes: duplicates within a run
        # are found with little memory.
        self.seen = set()
        self._stored_images = OrderedDict()  # path -> storage name, the last few hundred
        self.sections = {section.slug: section for section in Section.objects.all()}

    # --- the run ------------------------------------------------------------------------

    def run(self, records, progress=None):
        """Import ``records`` (any iterable, read as it goes): in batches whose known items
        are fetched in one query, and the records of one release that come together (its
        two languages, one after the other) in one transaction. A source that cannot be
        read on (a feed cut off) raises once what was read before it is imported."""
        records = iter(records)
        with self.quick_commits():
            while True:
                batch, error = [], None
                try:
                    batch.extend(islice(records, self.batch_size))
                except UNREADABLE as unreadable:
                    error = unreadable
                if not batch and error is None:
                    break
                if self.pairs:
                    for record in batch:
                        self.pair(record)
                known = {
                    row["key"]: row
                    for row in ArchiveItem.objects.filter(
                        key__in={record.key for record in batch}
                    ).values("key", "article_id", "digest_en", "digest_ru")
                }
                for _key, group in groupby(batch, key=lambda record: record.key):
                    group = list(group)
                    self.release(group, known)
                    if progress is not None:
                        progress.update(len(group))
                if error is not None:
                    raise error
        return self.report

    @contextmanager
    def quick_commits(self):
        """The import can always be run again, so a crash may lose its last commits:
        PostgreSQL need not wait for the disk at each release (this connection only)."""
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        try:
            yield
        finally:
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET synchronous_commit TO DEFAULT")

    def release(self, group, known):
        """The records of one release (by key) that came together: checked one by one,
        then written in one transaction; if that fails, each again on its own, so one bad
        language does not cost the other."""
        todo = [pair for record in group if (pair := self.check(record, known))]
        if not todo:
            return
        if len(todo) > 1 and self.write(todo, known, report=False):
            return
        for pair in todo:
            self.write([pair], known, report=True)

    def pair(self, record):
        """The record under its release's key from the pairs file, if it is named there."""
        for candidate in (record.key, *record.urls):
            if (key := self.pairs.get(pair_form(candidate))) is not None:
                record.key = key
                return

    def check(self, record, known):
        """(record, digest) when the record has something to import, else None (reported)."""
        if record.problem:
            return self.report.skip(record, record.problem)
        if record.language not in LANGUAGES:
            return self.report.skip(record, f"unknown language {record.language!r}")
        marker = hashlib.blake2b(f"{record.key}\0{record.language}".encode(), digest_size=8)
        marker = int.from_bytes(marker.digest(), "big")
        if marker in self.seen:
            reason = "a duplicate of an earlier record (same key and language)"
            return self.report.skip(record, reason)
        self.seen.add(marker)
        try:
            digest = record.digest(self.file_stats(record))
        except ImportProblem as problem:
            return self.report.skip(record, str(problem))
        row = known.get(record.key)
        if row is not None and row[f"digest_{record.language}"] == digest:
            self.report.counts["unchanged"] += 1
            return None
        if row is not None and row["article_id"] is None:
            return self.report.skip(record, "removed on the new site; not brought back")
        return record, digest

    def write(self, todo, known, *, report):
        """Apply ``todo`` in one transaction; True when it was imported. A failure is
        reported for each record (``report``) or left to the caller."""
        self.bad_files = []
        try:
            with transaction.atomic():
                outcomes, article_id = self.apply(todo, known)
        except (ImportProblem, ValidationError, DatabaseError, OSError, ValueError) as error:
            if report:
                self.report.skip(todo[0][0], describe(error))
            return False
        self.report.bad_files.extend(self.bad_files)
        for (record, digest), outcome in zip(todo, outcomes, strict=True):
            row = known.setdefault(
                record.key,
                {"key": record.key, "article_id": article_id, "digest_en": "", "digest_ru": ""},
            )
            row[f"digest_{record.language}"] = digest
            self.report.counts[outcome] += 1
        return True

    # --- one release ----------------------------------------------------------------------

    def apply(self, todo, known):
        """The records of one release written into its article; returns what happened to
        each ("created", "paired", "updated") and the article's id."""
        key = todo[0][0].key
        item = None
        if key in known:  # else new (a release written meanwhile fails on the unique key)
            item = (
                ArchiveItem.objects.select_for_update(of=("self",))
                .select_related("article__section")
                .filter(key=key)
                .first()
            )
        article = item.article if item is not None else None
        if item is not None and article is None:
            raise ImportProblem("removed on the new site; not brought back")
        outcomes = []
        for record, _digest in todo:
            if not record.title.strip():
                raise ImportProblem("no title")
            if article is None:
                section, kind = self.section_for(record)
                article = Article(
                    section=section,
                    kind=kind,
                    status=PublicationStatus.PUBLISHED,
                    published_at=record.date,
                )
                article.slug = self.slug_for(record)
                outcomes.append("created")
            elif article.is_translated(record.language):
                article.published_at = record.date
                outcomes.append("updated")
            else:
                outcomes.append("paired")
            self.fill(article, record)
        # Its slug and section are never changed here: no earlier address to keep
        # (archive.signals would look the stored ones up).
        article._keeps_its_address = True
        article._change_reason = f"Imported from the archive ({todo[-1][0].origin})"
        article.save()
        if item is None:
            item = ArchiveItem(key=key, article=article)
        for record, digest in todo:
            setattr(item, f"digest_{record.language}", digest)
        item.save()
        for record, _digest in todo:
            self.attach(article, record)
        self.remember_addresses([record for record, _digest in todo], article)
        return outcomes, article.pk

    def fill(self, article, record):
        language = record.language
        setattr(article, f"title_{language}", record.title.strip()[:300])
        setattr(article, f"lead_{language}", record.lead)
        setattr(article, f"signature_{language}", record.signature[:200])
        setattr(article, f"body_{language}", self.body_for(record))
        if record.images:
            article.image.name = self.store_image(self.local_file(record, record.images[0]))
        if article.image:
            for code in LANGUAGES:
                if article.is_translated(code) and not getattr(article, f"image_alt_{code}"):
                    text = record.image_alt if code == language else ""
                    alt = text or getattr(article, f"title_{code}")
                    setattr(article, f"image_alt_{code}", alt[:250])

    def section_for(self, record):
        code = (record.section or "").strip()
        target = self.sections_map.get(code, {"section": code})
        section = self.sections.get(target.get("section", ""))
        if section is None:
            raise ImportProblem(f"no section for {code!r} (add it to the mapping's sections)")
        kind = record.kind or target.get("kind") or Article.Kind.NEWS
        if kind not in Article.Kind.values:
            raise ImportProblem(f"unknown kind {kind!r}")
        return section, kind

    def slug_for(self, record):
        """The old address's own slug when it is a readable one, else one from the title;
        unique among articles."""
        candidates = []
        for url in record.urls:
            last = [part for part in urlsplit(url).path.split("/") if part]
            if last and not last[-1].endswith(".php") and not last[-1].isdigit():
                candidates.append(latin_slug(unquote(last[-1]), 190))
        candidates.append(latin_slug(record.title, 190) or "release")
        base = next(slug for slug in candidates if slug)
        taken = set(
            Article._base_manager.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def remember_addresses(self, records, article):
        """Each old address of the records, in the forms readers may hold: the path with its
        item's query (``?ELEMENT_ID=…``), the path alone when it names the item (a slug, not
        a script like ``detail.php``), and the query on any path (the id is the item's)."""
        rows = {}
        for source, url in [(record, url) for record in records for url in record.urls]:
            host, path, query = split_old_url(url, default_host=source.language)
            forms = {(path, query)}
            if query:
                forms.add((ANY_PATH, query))
            if not path.endswith(".php") and path != "/":
                forms.add((path, ""))
            for form_path, form_query in forms:
                rows[(host, form_path, form_query)] = OldAddress(
                    host=host,
                    path=form_path,
                    query=form_query,
                    article=article,
                    language=source.language,
                )
        if rows:
            OldAddress.objects.bulk_create(
                rows.values(),
                update_conflicts=True,
                unique_fields=["host", "path", "query"],
                update_fields=["article", "language", "new_path"],
            )

    # --- files --------------------------------------------------------------------------

    def root_for(self, record):
        return self.files_root or Path(record.root or record.base).resolve()

    def local_file(self, record, reference):
        """The file an export refers to ("photo.jpg", "/upload/iblock/x.jpg",
        "https://odkb-csto.org/upload/x.jpg"), inside the export's folder only."""
        parts = urlsplit(reference.strip())
        relative = unquote(parts.path)
        root = self.root_for(record)
        if parts.scheme or parts.netloc or relative.startswith("/"):
            candidate = root / relative.lstrip("/")
        else:
            candidate = Path(record.base).resolve() / relative
        candidate = candidate.resolve()
        if not (
            candidate.is_relative_to(root) or candidate.is_relative_to(Path(record.base).resolve())
        ):
            raise ImportProblem(f"{reference}: outside the export's folder")
        if not candidate.is_file():
            raise ImportProblem(f"{reference}: no such file in the export")
        return candidate

    def file_stats(self, record):
        stats = []
        for reference in [*record.images, *record.attachments]:
            path = self.local_file(record, reference)
            status = path.stat()
            stats.append([reference, status.st_size, status.st_mtime_ns])
        return stats

    @staticmethod
    def _stored_name(folder, content, extension):
        digest = hashlib.sha256(content).hexdigest()
        return f"archive/{folder}/{digest[:2]}/{digest}{extension}"

    def store_image(self, path):
        """The image checked like an upload, re-encoded, stored once; its storage name."""
        if path in self._stored_images:  # the other language of the same release
            return self._stored_images[path]
        name = self._store_image(path)
        self._stored_images[path] = name
        if len(self._stored_images) > 500:
            self._stored_images.popitem(last=False)
        return name

    @staticmethod
    def _accepted(path, validate):
        """The file's bytes, once ``validate`` (an upload validator) accepts it; else its
        ``ValidationError``."""
        with open(path, "rb") as handle:
            upload = File(handle, name=path.name)
            validate(upload)
            return upload.read()

    @classmethod
    def _checked(cls, path, validate):
        """``_accepted``, a refused file making the record an ``ImportProblem``."""
        try:
            return cls._accepted(path, validate)
        except ValidationError as error:
            raise ImportProblem(f"{path.name}: {'; '.join(error.messages)}") from None

    def _store_image(self, path):
        content = self._checked(path, validate_image_file)
        for extension in (".jpg", ".png", ".webp"):
            name = self._stored_name("images", content, extension)
            if default_storage.exists(name):
                return name
        fresh = reencode(ContentFile(content, name=path.name))
        extension = posixpath.splitext(fresh.name)[1]
        return default_storage.save(
            self._stored_name("images", content, extension), ContentFile(fresh.read())
        )

    def store_document(self, path):
        content = self._checked(path, validate_document_file)
        name = self._stored_name("files", content, path.suffix.lower())
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
        return name

    def store_attachment(self, path):
        """An attached file checked like an upload (PDF, DOCX, ODT, XLSX by content) and
        stored once under a name made from its content: (storage name, bytes). A refused
        file raises its ``ValidationError``."""
        content = self._accepted(path, validate_attachment_file)
        name = self._stored_name("files", content, path.suffix.lower())
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
        return name, content

    def attach(self, article, record):
        """The record's attached files as the article's files in the record's language
        (``news.ArticleAttachment``, core/attachments.py).

        The rule for positions: the n-th file a record lists is at position n. The versions
        of one text share a position, so when the Russian and the English record of a
        release list their annexes in the same order, each annex's two versions land at
        one position; listed in another order (or one record listing more), they land
        where each list puts them, and an editor moves them in the admin.

        Titled by the link's text where the export gives one, else by the file's name.
        A row is changed only when its file (its content, named by its hash) or its title
        changed, and runs only when the record changed (its digest: the list and the
        files' sizes and times), so a second run adds nothing. Files this importer stored
        at positions the record no longer lists are removed; files editors uploaded on the
        new site (not under ``archive/``) are left as they are, and keep their place. A
        file the checks refuse is a bad file in the report, left out; the row of an earlier
        run at its position, if any, is kept."""
        language = record.language
        rows = {row.position: row for row in article.attachments.filter(language=language)}
        titles = record.attachment_titles
        for position, reference in enumerate(record.attachments, 1):
            path = self.local_file(record, reference)
            try:
                name, content = self.store_attachment(path)
            except ValidationError as refused:
                self.bad_files.append((record.origin, reference, describe(refused)))
                continue
            label = titles[position - 1] if position <= len(titles) else ""
            title = (label or self.file_title(reference))[:300]
            row = rows.get(position)
            if row is not None and not row.file.name.startswith("archive/"):
                continue  # an editor's file at that place since: theirs stays
            if row is None:
                row = ArticleAttachment(article=article, position=position, language=language)
            elif row.file.name == name and getattr(row, f"title_{language}") == title:
                continue
            setattr(row, f"title_{language}", title)
            if row.file.name != name:
                row.file = name
                row.size = len(content)
                row.text, row.text_state = extract_text(io.BytesIO(content), name)
            row._change_reason = f"Imported from the archive ({record.origin})"
            row.save()
        for position, row in rows.items():
            if position > len(record.attachments) and row.file.name.startswith("archive/"):
                row._change_reason = f"No longer in the archive's export ({record.origin})"
                row.delete()

    @staticmethod
    def file_title(reference):
        """A title from a file's name: ``/upload/Annex_1.docx`` -> ``Annex 1``."""
        stem = posixpath.splitext(unquote(posixpath.basename(urlsplit(reference).path)))[0]
        return " ".join(stem.replace("_", " ").split()) or stem

    def body_for(self, record):
        """The body with its pictures and documents brought in from the export's folder
        (those not in it stay as they are; the record's attachments are its files,
        ``attach``). Sanitized when the article is saved (``Publishable.save``)."""
        body = record.body or ""
        if body.strip():
            try:
                tree = html.fragment_fromstring(body, create_parent="div")
            except (etree.ParserError, ValueError):
                tree = None
            if tree is not None:
                for image in tree.iter("img"):
                    stored = self._bring_in(record, image.get("src", ""), self.store_image)
                    if stored:
                        image.set("src", stored)
                for link in tree.iter("a"):
                    href = link.get("href", "")
                    if posixpath.splitext(urlsplit(href).path)[1].lower() in DOCUMENT_EXTENSIONS:
                        stored = self._bring_in(record, href, self.store_document)
                        if stored:
                            link.set("href", stored)
                body = (tree.text or "") + "".join(
                    html.tostring(child, encoding="unicode") for child in tree
                )
        return body

    def _bring_in(self, record, reference, store):
        """A file the body refers to, stored if the export has it; None if it does not."""
        if not reference or reference.startswith(("data:", "mailto:", "#")):
            return None
        try:
            path = self.local_file(record, reference)
        except ImportProblem:
            return None
        return default_storage.url(store(path))
