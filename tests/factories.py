"""factory_boy factories for test data; published by default, drafts on request."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from csto_press.publishing import PublicationStatus
from news.models import Article, Section


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


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
