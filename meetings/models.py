"""Statutory bodies, their meetings, and the draft documents those meetings review.

A document's path is a list of dated steps (DocumentStep). Its current status and date are
the latest step's, copied onto the document so the public register can filter and sort on
an index. The database keeps that copy: a trigger on the steps table (migration 0007)
recomputes it whenever a step is inserted, changed, moved or deleted, whatever wrote it.
"""

import posixpath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.attachments import Attachment, extract_text
from core.publishing import Publishable, PublishableQuerySet, Tracked, written_in_a_language
from core.uploads import UploadTo
from core.validators import validate_document_file


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

    def get_absolute_url(self):
        return reverse("meetings:body_detail", kwargs={"slug": self.slug})


class MemberState(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("short code"), max_length=3, unique=True, help_text=_("ISO 3166 alpha-3, e.g. KGZ.")
    )
    mentions = models.CharField(
        _("words that mention it"),
        max_length=300,
        blank=True,
        help_text=_(
            "What finds the news that mention this state, in site search syntax, e.g. "
            "“Kyrgyzstan or Kyrgyz or Bishkek”. Empty: its name."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:member_state_detail", kwargs={"code": self.code.lower()})


class MeetingQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What the meeting list shows, in the same query as the meetings."""
        return super().for_listing().defer("summary")


class Meeting(Publishable, Tracked):
    """One session of a body; recorded by the press office, public once published."""

    class MeetingStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
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
    topics = models.ManyToManyField(
        "topics.Topic",
        blank=True,
        related_name="meetings",
        verbose_name=_("topics"),
        help_text=_("What it is about, for readers following a topic."),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        get_latest_by = "date"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["status", "-date"], name="meeting_public_idx"),
            models.Index(fields=["body", "status", "-date"], name="meeting_body_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=written_in_a_language(), name="meeting_has_a_title"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})" if self.date else self.title

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


# Kept by the database from the steps; never written from Python.
DERIVED_FIELDS = {"current_status", "current_status_date"}


class DocumentQuerySet(PublishableQuerySet):
    def for_listing(self):
        return super().for_listing().defer("summary", "file_text")


class Document(Publishable, Tracked):
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

    title = models.CharField(_("title"), max_length=500, blank=True)
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
    # The official text's words, for site search (README "Attached files"): read from a PDF
    # or DOCX when it is uploaded, as an attached file's are (core.attachments).
    file_text = models.TextField(_("text found in the official text"), blank=True, editable=False)
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

    topics = models.ManyToManyField(
        "topics.Topic",
        blank=True,
        related_name="documents",
        verbose_name=_("topics"),
        help_text=_("What it is about, for readers following a topic."),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = [models.F("current_status_date").desc(nulls_last=True), "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
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
            models.CheckConstraint(condition=written_in_a_language(), name="document_has_a_title"),
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
        if not self.file:
            self.file_text = ""
        elif not self.file._committed:
            self.file_text, _state = extract_text(self.file.file, self.file.name)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The current status is the database's to write (migration 0007): an instance
            # loaded before a step was recorded must not put its old copy back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not (field.primary_key or field.generated or field.name in DERIVED_FIELDS)
            ]
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=sorted(DERIVED_FIELDS))

    def get_absolute_url(self):
        return reverse("meetings:document_detail", kwargs={"slug": self.slug})

    def get_parent_url(self):
        return reverse("meetings:document_list")

    def get_download_url(self):
        return reverse("meetings:document_download", kwargs={"slug": self.slug})

    @property
    def file_extension(self):
        return posixpath.splitext(self.file.name)[1].lstrip(".").upper() if self.file else ""

    @property
    def status_tone(self):
        return STEP_STATUS_TONES.get(self.current_status, "")


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
        super().save(*args, **kwargs)

    @property
    def status_tone(self):
        return STEP_STATUS_TONES.get(self.status, "")


class DocumentAttachment(Attachment):
    """A file of a document besides its official text (core/attachments.py): its annexes,
    its versions in each language."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("document")
    )

    class Meta(Attachment.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position", "language"], name="document_file_per_language"
            ),
        ]

    def get_absolute_url(self):
        return reverse(
            "meetings:document_attachment",
            kwargs={"slug": self.document.slug, "pk": self.pk},
        )
