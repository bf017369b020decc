"""factory_boy factories for test data; published by default, drafts on request."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import demo_docx
from core.publishing import PublicationStatus
from news.models import Article, Section


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class RoleUserFactory(UserFactory):
    """A staff member in one role's group: ``RoleUserFactory(role=EDITOR)``."""

    is_staff = True

    class Meta:
        # The group is added to the saved user; nothing of the user itself changes after.
        skip_postgeneration_save = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))


class StaffUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    position = factory.Sequence(int)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Press release number {n}")
    slug = factory.Sequence(lambda n: f"press-release-{n}")
    lead = "A short summary of the release."
    body = "<p>The body of the release.</p>"
    signature = "CSTO press secretary Vladimir Zainetdinov"
    status = PublicationStatus.PUBLISHED
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1, minutes=n)
    )

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT)
        embargoed = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )


# --- meetings ---------------------------------------------------------------------------


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Body"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Body {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")
    abbreviation = factory.Sequence(lambda n: f"B{n}")


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.MemberState"
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Member state {n}")
    code = factory.Sequence(lambda n: f"M{n:02d}"[-3:])


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Meeting number {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    place = "Moscow"
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT)
        embargoed = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Document"

    title = factory.Sequence(lambda n: f"Draft document number {n}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    kind = "statement"
    body = factory.SubFactory(BodyFactory)
    summary = "A short summary of the document."
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT)
        embargoed = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )


class DocumentStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.DocumentStep"

    document = factory.SubFactory(DocumentFactory)
    status = "drafted"
    date = datetime.date(2020, 1, 1)


# --- pages and people (issue 17) -------------------------------------------------------


class PublishedFactory(factory.django.DjangoModelFactory):
    """Published a day ago; ``draft=True`` or ``embargoed=True`` on request."""

    class Meta:
        abstract = True

    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT)
        embargoed = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )


class PageFactory(PublishedFactory):
    class Meta:
        model = "pages.Page"

    title = factory.Sequence(lambda n: f"Information page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>What the press office wants readers to know.</p>"


class PersonFactory(PublishedFactory):
    class Meta:
        model = "people.Person"

    title = factory.Sequence(lambda n: f"Official number {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    role = "Deputy Secretary General of the CSTO"
    in_office_from = datetime.date(2022, 1, 1)
    biography = "<p>Born in 1960.</p>"


# --- attached files (core/attachments.py) -------------------------------------------------


class AttachmentFactoryBase(factory.django.DjangoModelFactory):
    """A DOCX in English at position 1 whose text says ``text``."""

    class Meta:
        abstract = True

    class Params:
        text = "The full text of the annex."

    position = 1
    language = "en"
    title = factory.Sequence(lambda n: f"Annex {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(demo_docx(o.title, o.text), name="annex.docx")
    )


class ArticleAttachmentFactory(AttachmentFactoryBase):
    class Meta:
        model = "news.ArticleAttachment"

    article = factory.SubFactory(ArticleFactory)


class DocumentAttachmentFactory(AttachmentFactoryBase):
    class Meta:
        model = "meetings.DocumentAttachment"

    document = factory.SubFactory(DocumentFactory)


# --- events (issue 17b) ------------------------------------------------------------------


class EventKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventKind"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kind {n}")
    slug = factory.Sequence(lambda n: f"kind-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Event"

    kind = factory.SubFactory(EventKindFactory)
    title = factory.Sequence(lambda n: f"Event number {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    place = "Moscow"
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "topics.Topic"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
