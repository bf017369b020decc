"""An item may be written in either language first; it needs a title in at least one."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from news.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db


def russian_only(section, **overrides):
    data = article_form_data(section, **overrides)
    data.update(
        title_en="",
        lead_en="",
        body_en="",
        signature_en="",
        title_ru="Заседание Постоянного совета ОДКБ",
        lead_ru="Постоянный совет рассмотрел проекты документов.",
        body_ru="<p>Состоялось заседание Постоянного совета.</p>",
        slug="",
    )
    return data


def test_a_russian_only_release_is_saved_and_shown_in_russian_only(staff_client, client):
    section = SectionFactory()
    response = staff_client.post(reverse("admin:news_article_add"), russian_only(section))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.slug == "zasedanie-postoyannogo-soveta-odkb"
    with translation.override("ru"):
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200 and "Заседание Постоянного совета" in page.text
        assert "Заседание Постоянного совета" in client.get(reverse("news:article_list")).text
    with translation.override("en"):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Заседание" not in client.get(reverse("news:article_list")).text


def test_without_a_title_in_any_language_the_form_says_so_and_nothing_is_saved(staff_client):
    data = russian_only(SectionFactory())
    data["title_ru"] = ""
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "Give the title in at least one language" in response.content.decode()
    assert not Article.objects.exists()


def test_the_database_refuses_an_item_without_any_title():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title_en="", title_ru=None)


def test_the_admin_shows_which_languages_are_written(staff_client):
    article = ArticleFactory(title_en="", title_ru="Только по-русски")
    page = staff_client.get(reverse("admin:news_article_change", args=[article.pk])).text
    assert "EN ✗" in page and "RU ✓" in page
    listing = staff_client.get(reverse("admin:news_article_changelist")).text
    assert "EN ✗" in listing


def test_a_photo_needs_its_description_in_every_language_the_release_is_written_in(
    staff_client,
):
    from tests.security.test_uploads import image_bytes, upload

    data = russian_only(SectionFactory())
    data["title_en"] = "Permanent Council meeting"
    data["image"] = upload("council.png", image_bytes())
    data["image_alt_ru"] = "Участники заседания"
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it." in response.content.decode()
    assert not Article.objects.exists()
