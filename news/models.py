from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.attachments import Attachment
from core.cache import remember
from core.images import ReencodedImageField
from core.publishing import (
    Publishable,
    PublishableQuerySet,
    Tracked,
    listed,
    translated_columns,
    written_in_a_language,
)
from core.uploads import UploadTo
from core.validators import validate_image_file
from core.video import VideoFields

# Words used by fixed addresses under /news/; a section cannot take them as its slug.
RESERVED_SLUGS = {"feed", "archive"}


class Section(models.Model):
    """A heading readers browse by: "CSTO news", "Statements", "Interviews", …"""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position in the menu"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:section_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is used by the site; choose another.")})


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What list pages and cards need, fetched in the same query."""
        return super().for_listing().defer("body")

    def with_topics(self):
        """Each article's topics and the public people it names in the article's own query,
        as ``topic_list`` and ``person_list``: an article page shows them and its related
        articles within its query budget (README "Performance"; its correction notes come
        the same way, from ``with_corrections()``)."""
        person = self.model._meta.get_field("people").related_model
        columns = ["slug", "position", *translated_columns("title")]
        public = person.objects.published().values("pk")
        return (
            super()
            .with_topics()
            .annotate(person_list=listed(self.model, "people", columns, among=public))
        )


# How many of the newest related articles the "Related" box ranks (Article.related).
RELATED_CANDIDATES = 200


class Article(Publishable, Tracked, VideoFields):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        STATEMENT = "statement", _("Statement")
        INTERVIEW = "interview", _("Interview")
        SPEECH = "speech", _("Speech")

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=300, blank=True)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("A short summary shown in lists and share cards.")
    )
    body = models.TextField(_("body"), blank=True)
    signature = models.CharField(
        _("signature line"),
        max_length=200,
        blank=True,
        help_text=_("For example: CSTO press secretary Vladimir Zainetdinov"),
    )
    image = ReencodedImageField(
        _("lead image"),
        upload_to=UploadTo("articles"),
        blank=True,
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, GIF or WebP; stored as JPEG, PNG or WebP without its metadata."),
        renditions=("full", "thumb"),
        size_fields=("image_width", "image_height"),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_(
            "Required with an image: what the picture shows, for readers who cannot see it."
        ),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("meeting"),
        help_text=_("The meeting this release reports on, if any."),
    )
    people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="articles",
        verbose_name=_("people"),
        help_text=_("The people this release quotes or reports on."),
    )
    topics = models.ManyToManyField(
        "topics.Topic",
        blank=True,
        related_name="articles",
        verbose_name=_("topics"),
        help_text=_("What it is about, for readers following a topic."),
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The lists' order exactly (newest first, then by id), one per language, as
            # published() asks for items written in the reader's language: page 1 reads 12
            # entries, and a deep page's keys and the total come from index-only scans.
            *(
                models.Index(
                    fields=["status", "-published_at", "-id"],
                    condition=Q(**{f"title_{code}__gt": ""}),
                    name=f"article_public_{code}_idx",
                )
                for code in settings.MODELTRANSLATION_LANGUAGES
            ),
            *(
                models.Index(
                    fields=["section", "status", "-published_at", "-id"],
                    condition=Q(**{f"title_{code}__gt": ""}),
                    name=f"article_section_{code}_idx",
                )
                for code in settings.MODELTRANSLATION_LANGUAGES
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=written_in_a_language(), name="article_has_a_title"),
            models.CheckConstraint(
                condition=Q(image="") | written_in_a_language("image_alt"),
                name="article_image_has_alt",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "news:article_detail", kwargs={"section": self.section.slug, "slug": self.slug}
        )

    def get_parent_url(self):
        return self.section.get_absolute_url()

    def clean(self):
        super().clean()
        if self.image:
            # In every language the release is written in: readers who cannot see the picture
            # read about it in their own language.
            missing = {
                f"image_alt_{code}": _("Describe the image for readers who cannot see it.")
                for code in self.languages_written()
                if not (getattr(self, f"image_alt_{code}") or "").strip()
            }
            if missing:
                raise ValidationError(missing)

    def public_meeting(self):
        """The meeting this release reports on, only if readers may see it."""
        if not self.meeting_id:
            return None
        if Article.meeting.is_cached(self):  # select_related("meeting"): no query
            return self.meeting if self.meeting.is_public else None
        return (
            self._meta.get_field("meeting")
            .related_model.objects.published()
            .filter(pk=self.meeting_id)
            .first()
        )

    def public_people(self):
        """The people this release quotes or reports on whom readers may see (only what
        their links show)."""
        if self.pk is None:  # a preview of an article not saved yet
            return []
        person = self._meta.get_field("people").related_model
        if hasattr(self, "person_list"):  # read with_topics(): in the article's own query
            found = [person(**fields) for fields in self.person_list or []]
            return sorted(found, key=lambda each: (each.position, each.pk))
        titles = [f"title_{code}" for code, _name in settings.LANGUAGES]
        return list(self.people.published().only("slug", "position", *titles))

    def _neighbour(self, older):
        """The next older (or newer) published article in the same section: only what its
        link shows (title, address), and this article's section, already at hand."""
        if self.pk is None:  # a preview of an article not saved yet
            return None
        titles = [f"title_{code}" for code, _name in settings.LANGUAGES]
        same_section = (
            Article.objects.published()
            .filter(section_id=self.section_id)
            .only("slug", "published_at", "section_id", *titles)
        )
        if older:
            same_section = same_section.filter(
                Q(published_at__lt=self.published_at)
                | Q(published_at=self.published_at, pk__lt=self.pk)
            ).order_by("-published_at", "-pk")
        else:
            same_section = same_section.filter(
                Q(published_at__gt=self.published_at)
                | Q(published_at=self.published_at, pk__gt=self.pk)
            ).order_by("published_at", "pk")
        neighbour = same_section.first()
        if neighbour is not None:
            neighbour.section = self.section
        return neighbour

    def related(self, limit=5):
        """Up to ``limit`` published articles related to this one: those sharing the most
        topics first (newest first among equals), then others on the same meeting. One
        query, whatever the number of topics or articles (no query per item)."""
        if self.pk is None:  # a preview of an article not saved yet
            return []
        if hasattr(self, "topic_list"):  # read with_topics(): its topics are known
            mine = [topic["id"] for topic in self.topic_list or []]
            if not mine and not self.meeting_id:
                return []
        else:
            mine = Article.topics.through.objects.filter(article_id=self.pk).values("topic_id")
        related = Q(topics__in=mine)
        if self.meeting_id:
            related |= Q(meeting_id=self.meeting_id)
        # Ranked among the newest RELATED_CANDIDATES related articles only (one subquery in
        # the same query): a topic carried by tens of thousands of articles is not counted
        # through to its oldest one.
        candidates = (
            Article.objects.published()
            .filter(related)
            .exclude(pk=self.pk)
            .order_by("-published_at", "-pk")
            .values("pk")[:RELATED_CANDIDATES]
        )
        return list(
            Article.objects.for_listing()
            .filter(pk__in=candidates)
            .annotate(shared=Count("topics", filter=Q(topics__in=mine), distinct=True))
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )

    def get_previous_published(self):
        return remember(f"news:previous:{self.pk}", lambda: self._neighbour(older=True))

    def get_next_published(self):
        return remember(f"news:next:{self.pk}", lambda: self._neighbour(older=False))


class ArticleAttachment(Attachment):
    """A file attached to a release (core/attachments.py): a statement's full text, an annex."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("article")
    )

    class Meta(Attachment.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position", "language"], name="article_file_per_language"
            ),
        ]

    def get_absolute_url(self):
        article = self.article
        return reverse(
            "news:article_attachment",
            kwargs={"section": article.section.slug, "slug": article.slug, "pk": self.pk},
        )
