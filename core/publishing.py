"""The publication gate shared by every public model (articles, meetings, documents).

Every public view, feed, sitemap, search and template tag starts its query from
``Model.objects.published()``: that method is the only definition of "a reader may see it".
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def content_language(language=None):
    """One of the site's languages: the given or active one, else the default."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or get_language() or "").split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def written_in_a_language(field="title"):
    """The condition "``field`` is written in at least one of the site's languages", for a
    CheckConstraint: an item may start in either language (modeltranslation's columns are
    NULL when never written, so "not NULL and not empty")."""
    condition = models.Q()
    for code, _name in settings.LANGUAGES:
        condition |= models.Q(**{f"{field}_{code}__isnull": False, f"{field}_{code}__gt": ""})
    return condition


# Sent by every save of a public item, inside the transaction that writes it, with
# ``item`` and ``previous_status`` (None for a new item): what must happen exactly when an
# item is published, corrected or withdrawn (subscribers' mail, webhooks: an outbox written
# in that same transaction) listens here, so no write path (admin form, bulk action, code)
# can skip it. Core imports no app; the apps that care connect to it.
publication_saved = Signal()


class JSONList(models.Aggregate):
    """Its expression's values as one JSON array (``json_agg`` on PostgreSQL,
    ``json_group_array`` on SQLite): an item's small lists (notes, topics) come inside the
    item's own query."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # As text, as SQLite gives it: psycopg2 would decode a json value itself.
        template = "%(function)s(%(expressions)s)::text"
        return super().as_sql(
            compiler, connection, function="JSON_AGG", template=template, **extra_context
        )


def listed(model, field_name, columns, among=None):
    """For ``annotate()``: the rows each item's ManyToMany ``field_name`` links it to, as a
    JSON list of their ``id`` and ``columns``, inside the item's own query (an item's topics
    or people on its page cost no query of their own). ``among``: only related rows in this
    queryset (the public ones)."""
    field = model._meta.get_field(field_name)
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = field.remote_field.through.objects.filter(**{f"{own}_id": OuterRef("pk")})
    if among is not None:
        rows = rows.filter(**{f"{other}__in": among})
    values = {name: f"{other}__{name}" for name in columns}
    found = JSONList(JSONObject(id=f"{other}_id", **values))
    rows = rows.order_by().values(f"{own}_id").annotate(found=found).values("found")
    return Subquery(rows, output_field=JSONField())


def translated_columns(name):
    """``name``'s column in each of the site's languages: ["name_en", "name_ru"]."""
    return [f"{name}_{code}" for code in settings.MODELTRANSLATION_LANGUAGES]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    # Taken back by a publisher after release: out of every list, feed, search and sitemap,
    # but its address stays, with a "withdrawn" banner and the reason (README "Corrections
    # and withdrawal").
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublishableQuerySet(models.QuerySet):
    def published(self, language=None):
        """Items a reader may see: published, their publication time has come, and written
        in the reader's language (an item not translated into it is hidden there)."""
        return self.filter(
            status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now()
        ).translated(language)

    def on_record(self, language=None):
        """What a reader may open at its address: the published items, and those withdrawn
        after their release (shown with the reason). Lists use ``published()``."""
        return self.filter(
            status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN],
            published_at__lte=timezone.now(),
        ).translated(language)

    def published_in_any_language(self):
        """Published items written in at least one language (the sitemap lists each in
        the languages it exists in)."""
        field = self.model.translation_gate_field
        written = models.Q()
        for code, _name in settings.LANGUAGES:
            written |= models.Q(**{f"{field}_{code}__gt": ""})
        return self.filter(
            written, status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now()
        )

    def for_listing(self):
        """What lists of this type show, in one query: the relations its registration names
        (``list_related``), without the stored search vectors (lists never show them)."""
        from .content import entry_for
        from .search import vector_fields

        entry = entry_for(self.model)
        related = entry.list_related if entry else ()
        return self.select_related(*related).defer(*vector_fields(self.model))

    def with_corrections(self):
        """Each item's correction notes (``core.models.Correction``) inside the item's own
        query, as ``correction_list``: read by ``Publishable.public_corrections()``."""
        from .models import Correction

        opts = self.model._meta
        notes = {f"note_{code}": f"note_{code}" for code in settings.MODELTRANSLATION_LANGUAGES}
        rows = (
            Correction.objects.filter(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
                object_id=OuterRef("pk"),
            )
            .order_by()
            .values("object_id")
            .annotate(found=JSONList(JSONObject(id="pk", date="date", **notes)))
            .values("found")
        )
        return self.annotate(correction_list=Subquery(rows, output_field=JSONField()))

    def with_topics(self):
        """For types tagged with topics: each item's topics (address and names) in its own
        query, as ``topic_list``, read by ``Publishable.public_topics()``."""
        columns = ["slug", "position", *translated_columns("name")]
        return self.annotate(topic_list=listed(self.model, "topics", columns))

    def translated(self, language=None):
        """Items that exist in ``language`` (default: the active one): their
        ``translation_gate_field`` in that language is filled."""
        field = getattr(self.model, "translation_gate_field", None)
        if not field:
            return self
        return self.filter(**{f"{field}_{content_language(language)}__gt": ""})

    def publish(self):
        """Mark the selected items published; returns how many changed."""
        return self._set_status(PublicationStatus.PUBLISHED)

    def unpublish(self):
        """Take the selected items back to draft; returns how many changed."""
        return self._set_status(PublicationStatus.DRAFT)

    def _set_status(self, status):
        # One save per item, not one UPDATE: each change is kept in the item's history and
        # goes through the same save() as an edit (sanitizing, search vector, signals).
        changed = 0
        for item in self.exclude(status=status):
            item.status = status
            item.save()
            changed += 1
        return changed


class ReviewState(models.TextChoices):
    """Where a draft stands between the editor who writes it and the publisher."""

    NONE = "", _("Not submitted")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned to the editor")


class Publishable(models.Model):
    """Status and publication time (a future time on a published item is an embargo), the
    item's address, made from its title when left empty, and its review hand-off."""

    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Leave empty to make it from the title (Russian titles are transliterated)."),
    )

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_("Readers see a published item from this moment on."),
    )
    review = models.CharField(
        _("review"),
        max_length=10,
        choices=ReviewState.choices,
        default=ReviewState.NONE,
        blank=True,
        editable=False,
        db_index=True,
    )
    review_note = models.TextField(
        _("note for the review"),
        blank=True,
        help_text=_(
            "For the publisher when you submit it; for the editor when you send it back. "
            "Kept in the item's history."
        ),
    )
    withdrawal_reason = models.TextField(
        _("reason for the withdrawal"),
        blank=True,
        help_text=_("Required to withdraw it: readers see it at its address instead."),
    )

    # Its public correction notes (core.models.Correction); deleted with it.
    corrections = GenericRelation("core.Correction")

    # The field whose translation decides whether the item exists in a language.
    translation_gate_field = "title"

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from .content import entry_for
        from .sanitizer import sanitize_field

        if not self.slug:
            from .slugs import unique_slug

            titles = [getattr(self, f"title_{code}", "") for code, _name in settings.LANGUAGES]
            self.slug = unique_slug(self, next((t for t in titles if t), "") or str(self.title))
        # Stored clean (and sanitized again when shown: the |richtext filter).
        for name in entry_for(type(self)).rich_text:
            sanitize_field(self, name)
        with transaction.atomic():
            previous, released = None, False
            if self.pk is not None and publication_saved.has_listeners(type(self)):
                stored = type(self).objects.filter(pk=self.pk).select_for_update()
                previous, since = stored.values_list("status", "published_at").first() or (
                    None,
                    None,
                )
                released = previous == PublicationStatus.PUBLISHED and since <= timezone.now()
            super().save(*args, **kwargs)
            publication_saved.send(
                sender=type(self), item=self, previous_status=previous, was_released=released
            )

    @property
    def is_released(self):
        """Published and its time has come: readers of the languages it is written in see it."""
        return self.status == PublicationStatus.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_withdrawn(self):
        return self.status == PublicationStatus.WITHDRAWN

    @property
    def is_public(self):
        """Released, and written in the active language."""
        return self.is_released and self.is_translated()

    def clean(self):
        super().clean()
        written = [code for code, _name in settings.LANGUAGES if self.is_translated(code)]
        if not written:
            message = _("Give the title in at least one language; the other can follow later.")
            raise ValidationError({f"title_{code}": message for code, _name in settings.LANGUAGES})
        missing_reason = [
            f"withdrawal_reason_{code}"
            for code in written
            if not (getattr(self, f"withdrawal_reason_{code}", None) or "").strip()
        ]
        if self.is_withdrawn and missing_reason:
            message = _("Say why it is withdrawn, in each language it is written in.")
            raise ValidationError(dict.fromkeys(missing_reason, message))
        if self.is_withdrawn and not self._released_before():
            raise ValidationError(
                {
                    "status": _(
                        "Only an item readers have seen can be withdrawn: set it back to Draft."
                    )
                }
            )

    def _released_before(self):
        """Whether the stored item has been released (a withdrawal keeps its address and shows
        it with the reason, so an item readers never saw must not become one)."""
        stored = type(self).objects.filter(pk=self.pk).values("status", "published_at").first()
        return bool(
            stored
            and stored["status"] in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)
            and stored["published_at"] <= timezone.now()
        )

    def languages_written(self):
        """The site's languages this item is written in (its title decides)."""
        return [code for code, _name in settings.LANGUAGES if self.is_translated(code)]

    def is_translated(self, language=None):
        field = f"{self.translation_gate_field}_{content_language(language)}"
        return bool(getattr(self, field, None))

    def public_topics(self):
        """For types tagged with topics: its topics (reference data: every topic is public),
        in their list order; from ``topic_list`` when read ``with_topics()``, else one query."""
        if self.pk is None:  # a preview of an item not saved yet
            return []
        if not hasattr(self, "topic_list"):
            return list(self.topics.all())
        topic = self._meta.get_field("topics").related_model
        found = [topic(**fields) for fields in self.topic_list or []]
        return sorted(found, key=lambda each: (each.position, each.name))

    def public_corrections(self, language=None):
        """Its correction notes written in the reader's language, oldest first: from
        ``correction_list`` when read ``with_corrections()``, else one query."""
        from .models import Correction

        if self.pk is None:
            return []
        if hasattr(self, "correction_list"):
            found = [
                Correction(
                    pk=row["id"],
                    item=self,
                    date=datetime.date.fromisoformat(row["date"]),
                    **{key: value for key, value in row.items() if key.startswith("note_")},
                )  # fmt: skip
                for row in self.correction_list or []
            ]
        else:
            found = list(self.corrections.all())
        field = f"note_{content_language(language)}"
        written = [correction for correction in found if getattr(correction, field, None)]
        return sorted(written, key=lambda correction: (correction.date, correction.pk))

    def get_parent_url(self):
        """Where the language switcher sends readers when this item is not translated."""
        raise NotImplementedError


class Tracked(models.Model):
    """Creation/change times and who made them (filled by ``admin_mixins.TrackAuthorAdmin``);
    deleting a staff account keeps what it wrote."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        abstract = True


class PreviewMixin:
    """For detail views: readers get published items only (404 otherwise); a staff user
    who may change the model also gets drafts and embargoed items, shown with a
    "Preview — not published" banner and sent ``Cache-Control: private, no-store``.

    Views define ``get_base_queryset()`` (the ungated queryset with its joins); the gate
    is applied here, so a view cannot forget it.
    """

    preview = False
    withdrawn = False

    def get_base_queryset(self):
        raise NotImplementedError

    def can_preview(self):
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            # No session, so not signed in: not even looked up, so an anonymous reader's
            # page stays free of "Vary: Cookie" and shared caches may keep it.
            return False
        user = self.request.user
        if not (user.is_active and user.is_staff):
            return False
        opts = self.get_base_queryset().model._meta
        return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_queryset(self):
        queryset = self.get_base_queryset().with_corrections()
        return queryset if self.can_preview() else queryset.on_record()

    def get_object(self, queryset=None):
        """The item, remembered for readers like any value (``core.cache.remember``: at most
        a few seconds old, fresh for signed-in staff, who are the only ones to preview)."""
        from .cache import remember

        model = self.get_base_queryset().model
        key = f"object:{model._meta.label}:{sorted(self.kwargs.items())}"
        obj = remember(key, lambda: super(PreviewMixin, self).get_object(queryset))
        self.withdrawn = obj.is_withdrawn and obj.published_at <= timezone.now()
        self.preview = not obj.is_public and not (self.withdrawn and obj.is_translated())
        return obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=self.preview,
            withdrawn=self.withdrawn,
            corrections=self.object.public_corrections(),
            **kwargs,
        )

    @classmethod
    def preview_response(cls, request, obj):
        """The page as readers would see it, for an item as the admin form holds it, saved
        or not (``core.preview``): views must not ask the database about an unsaved one."""
        view = cls()
        view.setup(request)
        view.object, view.preview = obj, True
        return view.render_to_response(view.get_context_data(object=obj))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            from django.utils.cache import patch_cache_control

            patch_cache_control(response, private=True, no_store=True)
        return response
