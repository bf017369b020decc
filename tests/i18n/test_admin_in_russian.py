"""What the press office reads in the admin's forms is Russian on the Russian admin: the line
of a kept file and the texts of the drafts banner."""

import pytest
from django.urls import reverse

from tests.factories import SectionFactory
from tests.html import elements
from tests.news.test_sanitizing import article_form_data
from tests.security.test_uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

RUSSIAN = {"accept-language": "ru"}


def drafts_script(page):
    (script,) = [
        attrs
        for tag, attrs in elements(page)
        if tag == "script" and attrs.get("src", "").endswith("/admin-drafts.js")
    ]
    return script


def test_a_kept_file_and_the_drafts_banner_read_in_russian(staff_client, staff_user):
    data = article_form_data(SectionFactory(), image_alt="")
    data["image"] = upload("summit.png", image_bytes())

    page = staff_client.post(reverse("admin:news_article_add"), data, headers=RUSSIAN)

    text = page.content.decode()
    assert "Файл из предыдущей попытки: summit.png — он будет сохранён вместе с формой." in text
    assert "Не использовать этот файл" in text
    script = drafts_script(text)
    assert script["data-found"] == "Найден несохранённый текст от %(time)s."
    assert (script["data-restore"], script["data-discard"]) == ("Восстановить", "Удалить")
    assert (script["data-user"], script["data-form"]) == (str(staff_user.pk), "article_form")


def test_the_lists_clear_saved_drafts_in_russian_too(staff_client, staff_user):
    page = staff_client.get(reverse("admin:news_article_changelist"), headers=RUSSIAN)

    script = drafts_script(page.content.decode())
    assert script["data-form"] == "" and script["data-restore"] == "Восстановить"
