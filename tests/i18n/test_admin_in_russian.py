"""What the press office reads in the admin's forms is Russian on the Russian admin."""

import pytest
from django.urls import reverse

from tests.factories import SectionFactory
from tests.news.test_sanitizing import article_form_data
from tests.security.test_uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

RUSSIAN = {"accept-language": "ru"}


def test_the_line_of_a_kept_file_reads_in_russian(staff_client):
    data = article_form_data(SectionFactory(), image_alt="")
    data["image"] = upload("summit.png", image_bytes())

    page = staff_client.post(reverse("admin:news_article_add"), data, headers=RUSSIAN)

    text = page.content.decode()
    assert "Файл из предыдущей попытки: summit.png — он будет сохранён вместе с формой." in text
    assert "Не использовать этот файл" in text
