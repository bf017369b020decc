import pytest
from django.core.management import call_command

from core.models import Correction
from events.models import Event
from topics.models import Topic

pytestmark = pytest.mark.django_db


def test_demo_tags_the_seed_and_corrects_one_release(client):
    call_command("load_demo")
    call_command("load_demo")  # twice adds nothing
    assert Topic.objects.count() == 5
    for topic in Topic.objects.all():
        assert topic.name_en and topic.name_ru
        assert topic.articles.exists() or topic.meetings.exists() or topic.documents.exists()
    page = client.get("/ru/topics/international-cooperation/").content.decode()
    assert "Международное сотрудничество" in page
    # Some of the demo's events carry topics too, and their pages link them.
    assert Event.objects.filter(topics__isnull=False).distinct().count() == 5
    security = client.get("/ru/topics/information-security/?type=event").content.decode()
    assert "Конференция по международной информационной безопасности" in security
    event = client.get("/ru/events/demo-conference-information-security/").content.decode()
    assert 'href="/ru/topics/information-security/"' in event
    (correction,) = Correction.objects.all()
    article = correction.item
    english = client.get(f"/en/news/{article.section.slug}/{article.slug}/").content.decode()
    assert "Corrected 26.07.2024: the name of the organizing institute." in english
    russian = client.get(f"/ru/news/{article.section.slug}/{article.slug}/").content.decode()
    assert "Исправлено 26.07.2024: название института-организатора." in russian
