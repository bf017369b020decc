"""Statutory bodies, their meetings, and the draft documents those meetings review.

A document's path is a list of dated steps (DocumentStep). Its current status and date are
the latest step's, copied onto the document so the public register can filter and sort on
an index; every way of changing steps through the ORM recomputes that copy
(see ``DocumentStepQuerySet`` and ``DocumentStep.save/delete``).
"""

import posixpath

from django.db import models, router, transaction
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from csto_press.publishing import Publishable, PublishableQuerySet, Tracked
from csto_press.sanitizer import sanitize_field
from csto_press.search import Searchable
from csto_press.uploads import UploadTo
from csto_press.validators import validate_document_file


class Body(models.Model):
    """A statutory or working body of the Organization: the CSC, the CFM, a working group…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=20, blank=True, help_text=_("For example: CFM, CMD.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position in lists"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.name


class MemberState(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("short code"), max_length=3, unique=True, help_text=_("ISO 3166 alpha-3, e.g. KGZ.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")

    def __str__(self):
        return self.name


class MeetingQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What the meeting list shows, in the same query as the meetings."""
        return self.select_related("body", "chair_state").defer("summary", "search_vector")


class Meeting(Publishable, Searchable, Tracked):
    """One session of a body; recorded by the press office, public once published."""

    class MeetingStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Leave empty to make it from the title (Russian titles are transliterated)."),
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True, help_text=_("Moscow time."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_videoconference = models.BooleanField(_("held by videoconference"), default=False)
    chair_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chairing member state"),
    )
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    chair_title = models.CharField(
        _("chair's title"),
        max_length=300,
        blank=True,
        help_text=_(
            "For example: Permanent and Plenipotentiary Representative of the Kyrgyz Republic"
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    meeting_status = models.CharField(
        _("meeting status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.HELD,
        db_index=True,
    )

    search_fields = {"title": "A", "chair_name": "B", "summary": "C", "place": "D"}

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        get_latest_by = "date"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("publish_meeting", _("Can publish and unpublish meetings"))]
        indexes = [
            models.Index(fields=["status", "-date"], name="meeting_public_idx"),
            models.Index(fields=["body", "status", "-date"], name="meeting_body_public_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})" if self.date else self.title

    def save(self, *args, **kwargs):
        sanitize_field(self, "summary")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"slug": self.slug})

    def get_parent_url(self):
        return reverse("meetings:meeting_list")

    @property
    def status_tone(self):
        return MEETING_STATUS_TONES.get(self.meeting_status, "")


class StepStatus(models.TextChoices):
    """Where a document stands; labels read on their own, without colour."""

    DRAFTED = "drafted", _("Drafted")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    RETURNED_FOR_REVISION = "returned", _("Returned for revision")
    DEFERRED = "deferred", _("Consideration deferred")
    AGREED = "agreed", _("Agreed by the Permanent Council")
    DOMESTIC_APPROVAL = "domestic_approval", _("Sent for domestic approval")
    SUBMITTED = "submitted", _("Submitted to a statutory body")
    ADOPTED = "adopted", _("Adopted")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("Entered into force")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


# CSS groupings for the status badge: colour is an extra, the label always says it in words.
STEP_STATUS_TONES = {
    StepStatus.ADOPTED: "done",
    StepStatus.SIGNED: "done",
    StepStatus.IN_FORCE: "done",
    StepStatus.WITHDRAWN: "stopped",
    StepStatus.REJECTED: "stopped",
    StepStatus.RETURNED_FOR_REVISION: "waiting",
    StepStatus.DEFERRED: "waiting",
}
MEETING_STATUS_TONES = {
    Meeting.MeetingStatus.HELD: "done",
    Meeting.MeetingStatus.POSTPONED: "waiting",
    Meeting.MeetingStatus.CANCELLED: "stopped",
}


class DocumentQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("body").defer("summary", "search_vector")

    def refresh_current_status(self):
        """Copy each selected document's latest step (date, order, pk) onto it; one query."""
        latest = DocumentStep.objects.filter(document=OuterRef("pk")).order_by(
            "-date", "-order", "-pk"
        )
        return self.update(
            current_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
            current_status_date=Subquery(latest.values("date")[:1]),
        )


class Document(Publishable, Searchable, Tracked):
    """A draft or adopted document whose path through the bodies readers can follow."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        DECISION = "decision", _("Decision")
        RESOLUTION = "resolution", _("Resolution")
        PLAN = "plan", _("Plan")
        AGREEMENT = "agreement", _("Agreement")
        PROTOCOL = "protocol", _("Protocol")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Leave empty to make it from the title (Russian titles are transliterated)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("intended for"),
        help_text=_("The body expected to adopt or sign it, e.g. the CMD."),
    )
    reference_number = models.CharField(
        _("reference number"), max_length=100, null=True, blank=True, unique=True
    )
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("official text"),
        upload_to=UploadTo("documents"),
        blank=True,
        max_length=200,
        validators=[validate_document_file],
        help_text=_("PDF, DOCX or ODT."),
    )
    current_status = models.CharField(
        _("current status"),
        max_length=20,
        choices=StepStatus.choices,
        blank=True,
        editable=False,
        db_index=True,
    )
    current_status_date = models.DateField(
        _("current status since"), null=True, blank=True, editable=False, db_index=True
    )

    search_fields = {"title": "A", "reference_number": "B", "summary": "C"}

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = [models.F("current_status_date").desc(nulls_last=True), "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("publish_document", _("Can publish and unpublish documents"))]
        indexes = [
            models.Index(
                fields=["status", "current_status", "-current_status_date"],
                name="document_register_idx",
            ),
            # PostgreSQL also gets indexes in the register's exact order (latest status first,
            # undated last, then id), one per language: migration 0005 (PostgreSQL only:
            # SQLite cannot index NULLS LAST).
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(current_status="", current_status_date__isnull=True)
                    | (~Q(current_status="") & Q(current_status_date__isnull=False))
                ),
                name="document_status_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.reference_number:
            self.reference_number = None
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            # Whatever this instance held, the copy must match the steps in the database.
            from .services import refresh_current_status

            refresh_current_status(self)

    def get_absolute_url(self):
        return reverse("meetings:document_detail", kwargs={"slug": self.slug})

    def get_parent_url(self):
        return reverse("meetings:document_list")

    def fragment_values(self):
        """Everything a register row shows (in the active language): the key of its cached
        HTML (csto_press.fragments)."""
        return (
            self.title,
            self.slug,
            self.reference_number,
            self.kind,
            self.body.name,
            self.current_status,
            self.current_status_date,
        )

    def meeting_row_values(self):
        """What a row of a meeting's documents shows: the register's values and the steps
        recorded at that meeting (``steps_here``, set by the meeting view)."""
        return (*self.fragment_values(), tuple(step.status for step in self.steps_here))

    def get_download_url(self):
        return reverse("meetings:document_download", kwargs={"slug": self.slug})

    @property
    def file_extension(self):
        return posixpath.splitext(self.file.name)[1].lstrip(".").upper() if self.file else ""

    @property
    def status_tone(self):
        return STEP_STATUS_TONES.get(self.current_status, "")


class DocumentStepQuerySet(models.QuerySet):
    """Bulk changes to steps refresh the current status of every document they touch."""

    def _document_ids(self):
        return set(self.values_list("document_id", flat=True))

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            step_ids = list(self.values_list("pk", flat=True))
            document_ids = self._document_ids()
            rows = super().update(**kwargs)
            # Where the steps are now (a move, even as bulk_update's CASE expression).
            document_ids |= set(
                DocumentStep._base_manager.using(self.db)
                .filter(pk__in=step_ids)
                .values_list("document_id", flat=True)
            )
            Document.objects.using(self.db).filter(pk__in=document_ids).refresh_current_status()
        return rows

    update.alters_data = True

    def delete(self):
        with transaction.atomic(using=self.db):
            document_ids = self._document_ids()
            result = super().delete()
            Document.objects.using(self.db).filter(pk__in=document_ids).refresh_current_status()
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            document_ids = {step.document_id for step in created}
            Document.objects.using(self.db).filter(pk__in=document_ids).refresh_current_status()
        return created

    bulk_create.alters_data = True


class DocumentStep(models.Model):
    """One dated step of a document's path, optionally at a meeting."""

    Status = StepStatus

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="steps", verbose_name=_("document")
    )
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices)
    date = models.DateField(_("date"))
    order = models.PositiveSmallIntegerField(
        _("order on the day"),
        default=0,
        help_text=_("For steps on the same day: smaller numbers happened first."),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("at the meeting"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("acting body"),
        help_text=_("Taken from the meeting when left empty."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DocumentStepQuerySet.as_manager()

    class Meta:
        ordering = ["date", "order", "pk"]
        verbose_name = _("document step")
        verbose_name_plural = _("document steps")
        indexes = [
            models.Index(fields=["document", "date", "order"], name="step_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_status_display()}" if self.date else self.status

    def save(self, *args, **kwargs):
        if self.meeting_id and not self.body_id:
            self.body_id = self.meeting.body_id
        using = kwargs.get("using") or router.db_for_write(DocumentStep, instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            document_ids = {self.document_id, getattr(self, "_loaded_document_id", None)}
            documents = Document.objects.using(using).filter(pk__in=document_ids - {None})
            documents.refresh_current_status()
        self._loaded_document_id = self.document_id

    save.alters_data = True

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(DocumentStep, instance=self)
        document_id = self.document_id
        with transaction.atomic(using=using):
            result = super().delete(*args, **kwargs)
            Document.objects.using(using).filter(pk=document_id).refresh_current_status()
        return result

    delete.alters_data = True

    @classmethod
    def from_db(cls, db, field_names, values):
        step = super().from_db(db, field_names, values)
        # Remembered so that moving a step to another document refreshes both.
        step._loaded_document_id = step.__dict__.get("document_id")
        return step

    @property
    def status_tone(self):
        return STEP_STATUS_TONES.get(self.status, "")
