"""Demo content for ``manage.py load_demo``: the Secretary General of the seed's releases, his
predecessor and the press secretary who signs them, linked to those releases.

Loaded after the news demo (INSTALLED_APPS order), whose releases it links.
"""

import datetime

from core.demo import get_or_create_translated
from core.publishing import PublicationStatus

from .models import Person

D = datetime.date

PEOPLE = [
    {
        "slug": "imangali-tasmagambetov",
        "position": 10,
        "in_office_from": D(2023, 1, 1),
        "en": {
            "title": "Imangali Tasmagambetov",
            "role": "Secretary General of the Collective Security Treaty Organization",
            "biography": (
                "<p>Born in 1956 in the Atyrau region of Kazakhstan.</p><p>Before taking "
                "office he served the Republic of Kazakhstan as Prime Minister, Minister of "
                "Defence and Ambassador to the Russian Federation.</p>"
            ),
        },
        "ru": {
            "title": "Имангали Тасмагамбетов",
            "role": "Генеральный секретарь Организации Договора о коллективной безопасности",
            "biography": (
                "<p>Родился в 1956 году в Атырауской области Казахстана.</p><p>До назначения "
                "был премьер-министром, министром обороны Республики Казахстан и послом "
                "Казахстана в Российской Федерации.</p>"
            ),
        },
        "articles": [
            "secretary-general-takes-part-in-un-security-council-debate",
            "speech-of-the-secretary-general-at-the-un-security-council",
            "interview-of-the-secretary-general-to-belta",
        ],
    },
    {
        "slug": "vladimir-zainetdinov",
        "position": 50,
        "en": {
            "title": "Vladimir Zainetdinov",
            "role": "Press Secretary of the CSTO, head of the press service of the Secretariat",
            "biography": "<p>Signs the press releases of the Secretariat.</p>",
        },
        "ru": {
            "title": "Владимир Зайнетдинов",
            "role": "Пресс-секретарь ОДКБ, руководитель пресс-службы Секретариата",
            "biography": "<p>Подписывает пресс-релизы Секретариата.</p>",
        },
        "articles": [
            "permanent-council-draft-statements-nazism-middle-east-ew-working-group",
            "secretariat-meets-graduates-of-the-international-school-of-diplomacy",
        ],
    },
    {
        "slug": "stanislav-zas",
        "position": 90,
        "in_office_from": D(2020, 1, 1),
        "in_office_until": D(2022, 12, 31),
        "en": {
            "title": "Stanislav Zas",
            "role": "Secretary General of the CSTO (2020–2022)",
            "biography": "<p>Secretary General of the Organization from 2020 to 2022.</p>",
        },
        "ru": {
            "title": "Станислав Зась",
            "role": "Генеральный секретарь ОДКБ (2020–2022)",
            "biography": "<p>Генеральный секретарь Организации в 2020–2022 годах.</p>",
        },
        "articles": [],
    },
]


def load():
    """Create the demo people that are missing and link them to the seed's releases;
    returns how many records were created or linked."""
    created = 0
    for spec in PEOPLE:
        fields = {
            key: spec[key]
            for key in ("position", "in_office_from", "in_office_until")
            if key in spec
        }
        person, was_created = get_or_create_translated(
            Person,
            {"slug": spec["slug"]},
            {**spec["en"], **fields, "status": PublicationStatus.PUBLISHED},
            spec["ru"],
        )
        created += was_created
        articles = Person.articles.rel.related_model.objects.filter(slug__in=spec["articles"])
        missing = articles.exclude(people=person)
        created += missing.count()
        person.articles.add(*missing)
    return created
