"""The demo of issue 17: the press office's pages, the people of the seed's releases, the
bodies and member states with pages, in both languages."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from meetings.models import Body, MemberState
from pages import demo as pages_demo
from pages.models import Page
from people import demo as people_demo
from people.models import Person

pytestmark = pytest.mark.django_db

PAGE_SLUGS = [
    "about-the-csto", "structure-of-the-secretariat", "founding-documents",
    "press-accreditation", "contacts",
]  # fmt: skip


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_is_idempotent(loaded):
    counts = (Page.objects.count(), Person.objects.count())
    assert pages_demo.load() == 0 and people_demo.load() == 0
    assert counts == (Page.objects.count(), Person.objects.count())


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_demo_page_reads_in_both_languages(loaded, language):
    reader = Client()
    for slug in PAGE_SLUGS:
        page = Page.objects.get(slug=slug)
        response = reader.get(f"/{language}/pages/{slug}/")
        assert response.status_code == 200, slug
        assert f"<h1>{getattr(page, f'title_{language}')}</h1>" in response.text
    menu = reader.get(f"/{language}/news/").text.split('class="site-nav__list"')[1]
    titles = {"en": ["About the CSTO", "Press accreditation", "Contacts"],
              "ru": ["Об ОДКБ", "Аккредитация СМИ", "Контакты"]}[language]  # fmt: skip
    positions = [menu.index(title) for title in titles]
    assert positions == sorted(positions)


def test_secretary_general_of_the_seed_is_linked_to_its_releases(loaded, client):
    secretary_general = Person.objects.get(slug="imangali-tasmagambetov")
    assert secretary_general.articles.count() == 3
    text = client.get(secretary_general.get_absolute_url()).text
    assert "Speech of the CSTO Secretary General" in text
    russian = Client().get(secretary_general.get_absolute_url().replace("/en/", "/ru/")).text
    assert "Имангали Тасмагамбетов" in russian and "Биография" in russian


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_two_councils_and_six_member_states_have_pages(loaded, language):
    reader = Client()
    for slug in ("permanent-council", "council-of-foreign-ministers"):
        body = Body.objects.get(slug=slug)
        response = reader.get(f"/{language}/bodies/{slug}/")
        assert response.status_code == 200
        assert getattr(body, f"name_{language}") in response.text
    assert MemberState.objects.count() == 6
    for state in MemberState.objects.all():
        response = reader.get(f"/{language}/member-states/{state.code.lower()}/")
        assert response.status_code == 200
        assert getattr(state, f"name_{language}") in response.text


def test_member_state_pages_find_the_seed_news_that_mention_them(loaded, client):
    belarus = client.get("/en/member-states/blr/").text.split('id="news-heading"')[1]
    assert "interview-of-the-secretary-general-to-belta" in belarus
    kyrgyzstan = Client().get("/ru/member-states/kgz/").text.split('id="news-heading"')[1]
    assert "permanent-council-draft-statements" in kyrgyzstan
    permanent_council = client.get("/en/bodies/permanent-council/").text
    assert "Upcoming meetings" in permanent_council and "Scheduled" in permanent_council
