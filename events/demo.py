"""Demo content for ``manage.py load_demo``: event kinds and a month of events around today.

The events are illustrative (dates are counted from the day the demo is loaded, so the
calendar and the home page's forward look always have something to show); they refer to the
demo's bodies (meetings/demo.py) where they concern one.
"""

import datetime

from django.utils import timezone

from core.demo import get_or_create_translated
from core.publishing import PublicationStatus
from meetings.models import Body

from .models import Event, EventKind

KINDS = [
    ("visit", "Visit", "Визит", 10),
    ("exercise", "Exercise", "Учение", 20),
    ("press-conference", "Press conference", "Пресс-конференция", 30),
    ("briefing", "Briefing", "Брифинг", 40),
    ("conference", "Conference", "Конференция", 50),
]

T = datetime.time
# (slug, kind, days from today, start, end, last day offset, body, status,
#  (title, place), (Russian title, Russian place))
EVENTS = [
    ("demo-visit-dushanbe", "visit", -12, None, None, 1, "secretariat", "scheduled",
     ("Working visit of the Secretary General to Dushanbe", "Dushanbe"),
     ("Рабочий визит Генерального секретаря в Душанбе", "Душанбе")),
    ("demo-briefing-press-secretary", "briefing", -7, T(12, 0), T(13, 0), 0, "secretariat",
     "scheduled", ("Briefing by the press secretary", "Moscow, Secretariat"),
     ("Брифинг пресс-секретаря", "Москва, Секретариат")),
    ("demo-conference-information-security", "conference", -3, T(10, 0), T(17, 0), 0, "",
     "scheduled", ("Conference on international information security", "Minsk"),
     ("Конференция по международной информационной безопасности", "Минск")),
    ("demo-press-conference-secretary-general", "press-conference", 1, T(11, 0), T(12, 30), 0,
     "secretariat", "scheduled",
     ("Press conference of the Secretary General", "Moscow, Secretariat"),
     ("Пресс-конференция Генерального секретаря", "Москва, Секретариат")),
    ("demo-exercise-interaction", "exercise", 4, None, None, 4, "council-of-ministers-of-defense",
     "scheduled", ("Joint staff exercise \"Interaction\"", "Kazakhstan"),
     ("Совместное штабное учение «Взаимодействие»", "Казахстан")),
    ("demo-visit-yerevan", "visit", 6, T(9, 30), None, 0, "secretariat", "cancelled",
     ("Visit of the Deputy Secretary General to Yerevan", "Yerevan"),
     ("Визит заместителя Генерального секретаря в Ереван", "Ереван")),
    ("demo-briefing-permanent-council", "briefing", 9, T(15, 0), T(15, 45), 0,
     "permanent-council", "scheduled",
     ("Briefing after the meeting of the Permanent Council", "Moscow"),
     ("Брифинг по итогам заседания Постоянного совета", "Москва")),
    ("demo-visit-bishkek", "visit", 12, None, None, 1, "council-of-foreign-ministers",
     "postponed", ("Consultations of the Council of Foreign Ministers in Bishkek", "Bishkek"),
     ("Консультации Совета министров иностранных дел в Бишкеке", "Бишкек")),
    ("demo-exercise-search", "exercise", 15, None, None, 3, "", "scheduled",
     ("Special exercise \"Search\"", "Tajikistan"),
     ("Специальное учение «Поиск»", "Таджикистан")),
    ("demo-press-conference-cfm", "press-conference", 18, T(16, 0), T(17, 0), 0,
     "council-of-foreign-ministers", "scheduled",
     ("Press conference on the preparations for the Council of Foreign Ministers", "Moscow"),
     ("Пресс-конференция о подготовке Совета министров иностранных дел", "Москва")),
]  # fmt: skip

DESCRIPTION = (
    "<p>Journalists are asked to apply for accreditation to the press service of the "
    "Secretariat at least two working days in advance.</p>"
)
DESCRIPTION_RU = (
    "<p>Журналистов просят аккредитоваться в пресс-службе Секретариата не позднее чем "
    "за два рабочих дня.</p>"
)


def load():
    created = 0
    kinds = {}
    for slug, name, name_ru, position in KINDS:
        kinds[slug], was_created = get_or_create_translated(
            EventKind, {"slug": slug}, {"name": name, "position": position}, {"name": name_ru}
        )
        created += was_created
    bodies = {body.slug: body for body in Body.objects.all()}
    today = timezone.localdate()
    for spec in EVENTS:
        slug, kind, days, start, end, length, body, state, english, russian = spec
        date = today + datetime.timedelta(days=days)
        fields = {
            "kind": kinds[kind],
            "title": english[0],
            "place": english[1],
            "description": DESCRIPTION,
            "date": date,
            "time": start,
            "end_time": end,
            "end_date": date + datetime.timedelta(days=length) if length else None,
            "body": bodies.get(body),
            "event_status": state,
            "status": PublicationStatus.PUBLISHED,
            "published_at": timezone.now() - datetime.timedelta(days=20),
        }
        russian_fields = {"title": russian[0], "place": russian[1], "description": DESCRIPTION_RU}
        _event, was_created = get_or_create_translated(
            Event, {"slug": slug}, fields, russian_fields
        )
        created += was_created
    return created
