"""The events' admin screen, through real admin requests: editors tag events with topics."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.admin_forms import per_language
from tests.factories import EventKindFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_an_event_is_tagged_with_topics_in_its_admin_form(staff_client):
    kind = EventKindFactory(slug="exercise")
    topics = [TopicFactory(name="Peacekeeping"), TopicFactory(name="Counter-terrorism")]
    TopicFactory(name="Information security")
    url = reverse("admin:events_event_add")
    form = staff_client.get(url).content.decode()
    assert 'name="topics"' in form and "admin-autocomplete" in form
    data = per_language(
        {
            "kind": kind.pk,
            "title": "Joint exercise",
            "slug": "joint-exercise",
            "description": "",
            "date": "2030-05-04",
            "place": "Kazakhstan",
            "event_status": "scheduled",
            "status": "draft",
            "published_at_0": "2030-01-01",
            "published_at_1": "10:00:00",
            "topics": [topic.pk for topic in topics],
        },
        Event,
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get(slug="joint-exercise")
    assert set(event.topics.all()) == set(topics)
