import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_fills_a_month_of_events_in_both_languages(client):
    call_command("load_demo")
    call_command("load_demo")  # twice adds nothing
    assert Event.objects.count() == 10
    for language in ("en", "ru"):
        assert Event.objects.published(language).count() == 10
    english = client.get(reverse("events:event_list")).content.decode()
    assert "Press conference of the Secretary General" in english
    russian = client.get("/ru/events/").content.decode()
    assert "Пресс-конференция Генерального секретаря" in russian
    home = client.get("/ru/").content.decode()
    assert 'id="forward-look-title"' in home
