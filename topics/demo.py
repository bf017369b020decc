"""Demo content for ``manage.py load_demo``: topics, tagged on the seed's articles, meetings,
documents and the demo's events (loaded after news, meetings and events: INSTALLED_APPS
order)."""

from core.demo import get_or_create_translated
from events.models import Event
from meetings.models import Document, Meeting
from news.demo import PERMANENT_COUNCIL_2019_SLUG
from news.models import Article

from .models import Topic

TOPICS = [
    ("counter-terrorism", "Counter-terrorism", "Противодействие терроризму", 10),
    ("peacekeeping", "Peacekeeping", "Миротворческая деятельность", 20),
    ("information-security", "Information security", "Информационная безопасность", 30),
    ("military-cooperation", "Military cooperation", "Военное сотрудничество", 40),
    ("international-cooperation", "International cooperation", "Международное сотрудничество", 50),
]  # fmt: skip

# What carries each topic: (model, slug) pairs from the seed (news/demo.py, meetings/demo.py,
# events/demo.py).
TAGGED = {
    "counter-terrorism": [
        (Article, "secretary-general-takes-part-in-un-security-council-debate"),
        (Article, "speech-of-the-secretary-general-at-the-un-security-council"),
        (Meeting, "committee-of-secretaries-of-security-councils-2020-04-15"),
        (Event, "demo-exercise-search"),
    ],
    "peacekeeping": [
        (Document, "protocol-on-amendments-to-the-agreement-on-peacekeeping-activities"),
        (Meeting, "council-of-ministers-of-defense-2023-11-22"),
    ],
    "information-security": [
        (Article, "interview-of-the-secretary-general-to-belta"),
        (Document, "draft-cfm-statement-on-international-information-security"),
        (Document, "draft-protocol-on-the-procedure-for-information-exchange"),
        (Event, "demo-conference-information-security"),
    ],
    "military-cooperation": [
        (Article, PERMANENT_COUNCIL_2019_SLUG),
        (Meeting, "permanent-council-2019-07-16"),
        (Document, "draft-cmd-decision-working-group-electronic-warfare"),
        (Document, "agreement-on-cooperation-in-training-of-military-personnel"),
        (Event, "demo-exercise-interaction"),
    ],
    "international-cooperation": [
        (Article, "secretary-general-takes-part-in-un-security-council-debate"),
        (Article, "speech-of-the-secretary-general-at-the-un-security-council"),
        (Article, "secretariat-meets-graduates-of-the-international-school-of-diplomacy"),
        (Article, "interview-of-the-secretary-general-to-belta"),
        (Meeting, "council-of-foreign-ministers-2021-06-30"),
        (Event, "demo-visit-bishkek"),
        (Event, "demo-press-conference-cfm"),
    ],
}


def load():
    created = 0
    for slug, name, name_ru, position in TOPICS:
        topic, was_created = get_or_create_translated(
            Topic, {"slug": slug}, {"name": name, "position": position}, {"name": name_ru}
        )
        created += was_created
        for model, item_slug in TAGGED[slug]:
            item = model.objects.filter(slug=item_slug).first()
            if item is not None and not item.topics.filter(pk=topic.pk).exists():
                item.topics.add(topic)
                created += 1
    return created
