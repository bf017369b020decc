"""Demo content for ``manage.py load_demo``: the press office's pages, in both languages.

General facts about the Organization only (its Treaty, Charter, bodies and Secretariat); the
press office replaces them with its own text in the admin.
"""

from core.demo import get_or_create_translated
from core.publishing import PublicationStatus

from .models import MenuPlace, Page

# slug, parent slug, position, in the menu, English (title, body), Russian (title, body)
PAGES = [
    (
        "about-the-csto", None, 10, True,
        ("About the CSTO",
         "<p>The Collective Security Treaty Organization (CSTO) is an international regional "
         "organization of Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.</p>"
         "<p>The Collective Security Treaty was signed in Tashkent on 15 May 1992; the Charter "
         "of the Organization was signed in Chisinau on 7 October 2002.</p>"
         "<h2>Bodies</h2><p>The Collective Security Council, the Council of Foreign Ministers, "
         "the Council of Ministers of Defense, the Committee of Secretaries of Security "
         "Councils, the Permanent Council and the Secretariat: see "
         '<a href="/en/bodies/">the bodies of the Organization</a> and '
         '<a href="/en/member-states/">the member states</a>.</p>'),
        ("Об ОДКБ",
         "<p>Организация Договора о коллективной безопасности (ОДКБ) — международная "
         "региональная организация Армении, Беларуси, Казахстана, Кыргызстана, России и "
         "Таджикистана.</p>"
         "<p>Договор о коллективной безопасности подписан в Ташкенте 15 мая 1992 года; Устав "
         "Организации подписан в Кишинёве 7 октября 2002 года.</p>"
         "<h2>Органы</h2><p>Совет коллективной безопасности, Совет министров иностранных дел, "
         "Совет министров обороны, Комитет секретарей советов безопасности, Постоянный совет "
         'и Секретариат: см. <a href="/ru/bodies/">органы Организации</a> и '
         '<a href="/ru/member-states/">государства-члены</a>.</p>'),
    ),
    (
        "structure-of-the-secretariat", "about-the-csto", 10, False,
        ("Structure of the Secretariat",
         "<p>The Secretariat is the permanent working body of the Organization. It supports "
         "the work of the statutory bodies and is based in Moscow.</p>"
         "<p>It is headed by the Secretary General, appointed by the Collective Security "
         "Council, with his deputies; its press service informs the media.</p>"
         '<p>See <a href="/en/people/">the leadership of the Secretariat</a>.</p>'),
        ("Структура Секретариата",
         "<p>Секретариат — постоянно действующий рабочий орган Организации. Он обеспечивает "
         "деятельность уставных органов и находится в Москве.</p>"
         "<p>Его возглавляет Генеральный секретарь, назначаемый Советом коллективной "
         "безопасности, вместе с заместителями; пресс-служба информирует СМИ.</p>"
         '<p>См. <a href="/ru/people/">руководство Секретариата</a>.</p>'),
    ),
    (
        "founding-documents", "about-the-csto", 20, False,
        ("Founding documents",
         "<ul><li>The Collective Security Treaty, Tashkent, 15 May 1992.</li>"
         "<li>The Charter of the Collective Security Treaty Organization, Chisinau, "
         "7 October 2002.</li>"
         "<li>The Agreement on the legal status of the Collective Security Treaty "
         "Organization, Chisinau, 7 October 2002.</li></ul>"
         '<p>The documents the bodies review now are in <a href="/en/documents/">the '
         "register</a>.</p>"),
        ("Основополагающие документы",
         "<ul><li>Договор о коллективной безопасности, Ташкент, 15 мая 1992 года.</li>"
         "<li>Устав Организации Договора о коллективной безопасности, Кишинёв, "
         "7 октября 2002 года.</li>"
         "<li>Соглашение о правовом статусе Организации Договора о коллективной "
         "безопасности, Кишинёв, 7 октября 2002 года.</li></ul>"
         '<p>Документы, которые органы рассматривают сейчас, — в <a href="/ru/documents/">'
         "реестре</a>.</p>"),
    ),
    (
        "press-accreditation", None, 20, True,
        ("Press accreditation",
         "<p>Journalists cover the sessions of the statutory bodies with an accreditation "
         "from the press service of the Secretariat.</p>"
         "<h2>How to apply</h2><ol><li>Write to the press service from your editorial "
         "office, giving the event, your name, your outlet and your press card number.</li>"
         "<li>Apply no later than five working days before the event.</li>"
         "<li>The press service confirms the accreditation and the arrangements.</li></ol>"),
        ("Аккредитация СМИ",
         "<p>Журналисты освещают заседания уставных органов по аккредитации пресс-службы "
         "Секретариата.</p>"
         "<h2>Как подать заявку</h2><ol><li>Напишите в пресс-службу от имени редакции, "
         "указав мероприятие, фамилию и имя, издание и номер удостоверения.</li>"
         "<li>Заявку подают не позднее чем за пять рабочих дней до мероприятия.</li>"
         "<li>Пресс-служба подтверждает аккредитацию и условия работы.</li></ol>"),
    ),
    (
        "contacts", None, 30, True,
        ("Contacts",
         "<p>Press service of the Secretariat of the Collective Security Treaty "
         "Organization.</p><p>Address: 39 Sivtsev Vrazhek Lane, Moscow, Russian "
         "Federation.</p>"),
        ("Контакты",
         "<p>Пресс-служба Секретариата Организации Договора о коллективной "
         "безопасности.</p><p>Адрес: Российская Федерация, Москва, переулок Сивцев Вражек, "
         "39.</p>"),
    ),
]  # fmt: skip


# Placed before "All news" in the main menu; the other menu pages come after Documents.
FIRST_IN_MENU = {"about-the-csto"}


def load():
    """Create the demo pages that are missing; returns how many were created."""
    created, pages = 0, {}
    for slug, parent, position, in_menu, (title, body), (title_ru, body_ru) in PAGES:
        pages[slug], was_created = get_or_create_translated(
            Page,
            {"slug": slug},
            {
                "title": title,
                "body": body,
                "parent": pages.get(parent),
                "position": position,
                "show_in_menu": in_menu,
                "menu_place": MenuPlace.START if slug in FIRST_IN_MENU else MenuPlace.END,
                "status": PublicationStatus.PUBLISHED,
            },
            {"title": title_ru, "body": body_ru},
        )
        created += was_created
    return created
