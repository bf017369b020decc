"""The Russian site reads in Russian: no interface string is left in English on the main
pages, key phrases read as the CSTO's own site writes them, and dates are Russian."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings import services
from meetings.models import StepStatus
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    EventFactory,
    EventKindFactory,
    MeetingFactory,
    MemberStateFactory,
    PageFactory,
    PersonFactory,
    SectionFactory,
    TopicFactory,
)
from tests.i18n.catalogue import load_catalogue, msgids
from tests.i18n.text import visible_text

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
# Latin words a Russian page may show: feed formats and file formats are names.
LATIN_ALLOWED = {"RSS", "Atom", "PDF", "DOCX", "ODT", "iCalendar", "ics"}


def english_phrases():
    """The multi-word English text of every msgid (split at its placeholders): single words
    could be names, these cannot appear on a Russian page unless left untranslated."""
    phrases = set()
    for msgid in msgids(load_catalogue()):
        if True:
            for fragment in PLACEHOLDER.split(msgid):
                fragment = fragment.strip(" .,:;()“”\"'·—-")
                if len(fragment.split()) >= 2:
                    phrases.add(fragment)
    return phrases


ENGLISH_PHRASES = english_phrases()


def bilingual(factory, english, russian, **common):
    """Create an item with its English and Russian texts (``{field: text}`` each)."""
    with translation.override("en"):
        return factory(**english, **{f"{field}_ru": text for field, text in russian.items()},
                       **common)  # fmt: skip


@pytest.fixture
def russian_site():
    """One of everything, written in Russian as the press office would (and in English)."""
    moscow = timezone.get_current_timezone()
    council = bilingual(
        BodyFactory,
        {"name": "Permanent Council", "abbreviation": "PC"},
        {"name": "Постоянный совет", "abbreviation": "ПС"},
        slug="permanent-council",
    )
    kyrgyzstan = bilingual(
        MemberStateFactory, {"name": "Kyrgyzstan"}, {"name": "Кыргызстан"}, code="KGZ"
    )
    meeting = bilingual(
        MeetingFactory,
        {"title": "Meeting of the Permanent Council", "place": "Moscow",
         "chair_name": "Aman Mambetseitov", "summary": "<p>Three drafts were reviewed.</p>"},
        {"title": "Заседание Постоянного совета при ОДКБ", "place": "Москва",
         "chair_name": "Аман Мамбетсеитов",
         "chair_title": "Постоянный и полномочный представитель Кыргызской Республики при ОДКБ",
         "summary": "<p>Рассмотрены три проекта документов.</p>"},
        chair_title="Permanent and Plenipotentiary Representative of the Kyrgyz Republic",
        body=council,
        chair_state=kyrgyzstan,
        date=datetime.date(2019, 7, 16),
        time=datetime.time(11, 0),
        slug="permanent-council-2019-07-16",
    )  # fmt: skip
    document = bilingual(
        DocumentFactory,
        {"title": "Draft decision on the CSTO crisis response centre",
         "summary": "On the crisis response centre."},
        {"title": "Проект решения о Кризисном центре ОДКБ",
         "summary": "О Кризисном центре Организации."},
        kind="decision",
        body=council,
        reference_number="№ 12",
        slug="draft-decision-crisis-centre",
    )  # fmt: skip
    services.record_step(
        document,
        status=StepStatus.DOMESTIC_APPROVAL,
        date=meeting.date,
        meeting=meeting,
    )
    section = bilingual(
        SectionFactory, {"name": "Statements"}, {"name": "Заявления"}, slug="statements"
    )
    article = bilingual(
        ArticleFactory,
        {"title": "The Permanent Council met in Moscow",
         "lead": "The Council reviewed three drafts.",
         "body": "<p>The drafts were sent for domestic approval.</p>",
         "signature": "CSTO press service"},
        {"title": "Постоянный совет ОДКБ провёл заседание в Москве",
         "lead": "Члены Постоянного совета рассмотрели три проекта документов.",
         "body": "<p>Проекты направлены на внутригосударственное согласование.</p>",
         "signature": "Пресс-служба Секретариата ОДКБ"},
        section=section,
        meeting=meeting,
        slug="permanent-council-met",
        published_at=datetime.datetime(2019, 7, 16, 15, 0, tzinfo=moscow),
    )  # fmt: skip
    bilingual(
        ArticleFactory,
        {"title": "Secretary General's interview", "lead": "", "body": "<p>Answers.</p>",
         "signature": ""},
        {"title": "Интервью Генерального секретаря ОДКБ", "lead": "",
         "body": "<p>Ответы на вопросы.</p>", "signature": ""},
        section=section,
        slug="interview",
        published_at=datetime.datetime(2019, 7, 10, 12, 0, tzinfo=moscow),
    )  # fmt: skip
    # Issue 17: a page under another, in the menu, and the Secretary General quoted.
    about = bilingual(PageFactory, {"title": "About the CSTO"}, {"title": "Об ОДКБ"},
                      slug="about", show_in_menu=True)  # fmt: skip
    contacts = bilingual(
        PageFactory,
        {"title": "Contacts", "body": "<p>Press service.</p>"},
        {"title": "Контакты", "body": "<p>Пресс-служба Секретариата.</p>"},
        slug="contacts",
        parent=about,
    )
    secretary_general = bilingual(
        PersonFactory,
        {"title": "Imangali Tasmagambetov", "role": "Secretary General of the CSTO",
         "biography": "<p>Born in 1956.</p>"},
        {"title": "Имангали Тасмагамбетов", "role": "Генеральный секретарь ОДКБ",
         "biography": "<p>Родился в 1956 году.</p>"},
        slug="imangali-tasmagambetov",
        in_office_from=datetime.date(2023, 1, 1),
    )  # fmt: skip
    article.people.add(secretary_general)
    press = bilingual(
        EventKindFactory, {"name": "Press conference"}, {"name": "Пресс-конференция"},
        slug="press-conference",
    )  # fmt: skip
    event = bilingual(
        EventFactory,
        {"title": "Press conference of the Secretary General", "place": "Moscow",
         "description": "<p>Accreditation is open.</p>"},
        {"title": "Пресс-конференция Генерального секретаря", "place": "Москва",
         "description": "<p>Аккредитация открыта.</p>"},
        kind=press, body=council, time=datetime.time(11, 0), slug="press-conference-sg",
    )  # fmt: skip
    topic = bilingual(
        TopicFactory, {"name": "Peacekeeping"}, {"name": "Миротворчество"}, slug="peacekeeping"
    )
    for item in (article, meeting, document):
        item.topics.add(topic)
    withdrawn = bilingual(
        ArticleFactory,
        {"title": "Withdrawn statement", "lead": "", "body": "<p>Text.</p>", "signature": "",
         "withdrawal_reason": "Issued in error."},
        {"title": "Отозванное заявление", "lead": "", "body": "<p>Текст.</p>", "signature": "",
         "withdrawal_reason": "Опубликовано по ошибке."},
        section=section, slug="withdrawn-statement", status="withdrawn",
    )  # fmt: skip
    article.corrections.create(note_en="the place.", note_ru="место проведения.")
    with translation.override("ru"):
        return {
            "withdrawn": withdrawn.get_absolute_url(),
            "topics": reverse("topics:topic_list"),
            "topic": topic.get_absolute_url(),
            "events": reverse("events:event_list"),
            "event_month": reverse("events:event_month", args=[event.date.year, event.date.month]),
            "event": event.get_absolute_url(),
            "page": contacts.get_absolute_url(),
            "people": reverse("people:person_list"),
            "person": secretary_general.get_absolute_url(),
            "bodies": reverse("meetings:body_list"),
            "body": council.get_absolute_url(),
            "member_states": reverse("meetings:member_state_list"),
            "member_state": kyrgyzstan.get_absolute_url(),
            "home": reverse("home"),
            "news": reverse("news:article_list"),
            "section": section.get_absolute_url(),
            "article": article.get_absolute_url(),
            "meetings": reverse("meetings:meeting_list"),
            "meeting": meeting.get_absolute_url(),
            "documents": reverse("meetings:document_list"),
            "document": document.get_absolute_url(),
            "search": reverse("search") + "?q=совет",
            "archive_year": reverse("news:archive_year", args=[2019]),
            "archive_month": reverse("news:archive_month", args=[2019, 7]),
            "not_found": "/ru/no-such-page/",
        }


# What each page must say in Russian (on top of the header and footer every page has).
EXPECTED = {
    "home": ["Последние новости", "Постоянный совет ОДКБ провёл заседание в Москве"],
    "news": ["Все новости", "Архив", "Подписка"],
    "section": ["Заявления", "Интервью Генерального секретаря ОДКБ"],
    "article": ["Вернуться назад", "Вернуться в раздел", "Вернуться ко всем новостям",
                "По итогам заседания:", "Предыдущий материал:", "Миротворчество",
                "Исправления", "место проведения."],
    "meetings": ["Заседания", "1 заседание", "Рассмотренные документы"],
    "meeting": ["Дата", "16 июля 2019", "Председательствующий", "Место проведения",
                "Направлен на внутригосударственное согласование"],
    "documents": ["Реестр документов", "1 документ", "Принимающий орган",
                  "Направлен на внутригосударственное согласование"],
    "document": ["Ход рассмотрения", "Регистрационный номер", "Вернуться к реестру"],
    "search": ["Поиск по новостям, заседаниям и документам"],
    "archive_year": ["Новости за 2019 год", "Июль"],
    "archive_month": ["Июль 2019"],
    "not_found": ["Страница не найдена", "Главная страница"],
    "page": ["Контакты", "Об ОДКБ", "Пресс-служба Секретариата."],
    "people": ["Руководство Секретариата", "Имангали Тасмагамбетов", "В должности с 1 января 2023"],
    "person": ["Генеральный секретарь ОДКБ", "Биография", "Постоянный совет ОДКБ провёл заседание"],
    "bodies": ["Органы Организации", "Постоянный совет"],
    "body": ["Текущий председатель", "Аман Мамбетсеитов", "Последние заседания",
             "Документы на его рассмотрении", "Проект решения о Кризисном центре ОДКБ"],
    "member_states": ["Государства-члены", "Кыргызстан"],
    "member_state": ["Его представители на заседаниях", "Аман Мамбетсеитов",
                     "Новости, в которых оно упоминается"],
    "events": ["Календарь событий", "Пресс-конференция Генерального секретаря",
               "Подписаться на календарь", "время московское"],
    "event_month": ["Предыдущий месяц", "Следующий месяц", "Пресс-конференция"],
    "event": ["Когда", "Добавить в календарь", "Постоянный совет"],
    "topics": ["Темы", "Миротворчество"],
    "withdrawn": ["Материал отозван.", "Причина: Опубликовано по ошибке."],
    "topic": ["Миротворчество", "Следить за темой", "Все типы", "Заседания", "Документы",
              "Постоянный совет ОДКБ провёл заседание в Москве"],
}  # fmt: skip
STATUS = {"not_found": 404}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_russian_page_has_no_english_interface_text(client, russian_site, page):
    response = client.get(russian_site[page])
    assert response.status_code == STATUS.get(page, 200)
    html = response.content.decode()
    assert '<html lang="ru">' in html
    text = visible_text(html)

    left_in_english = sorted(phrase for phrase in ENGLISH_PHRASES if phrase in text)
    assert left_in_english == []
    for phrase in [*EXPECTED[page], "ОДКБ", "Секретариат Организации Договора"]:
        assert phrase in text, phrase


@pytest.mark.parametrize("page", list(EXPECTED))
def test_russian_page_shows_no_latin_text_at_all(client, russian_site, page):
    """Catches English that is not in the catalogue at all: a string never marked for
    translation, or an item's English text shown on the Russian page."""
    text = visible_text(client.get(russian_site[page]).content.decode())
    latin_words = set(re.findall(r"[A-Za-z]{2,}", text)) - LATIN_ALLOWED
    assert latin_words == set(), f"Latin text on the Russian page: {sorted(latin_words)}"


def test_english_page_still_reads_in_english(client, russian_site):
    """The same article in English: the catalogue changes nothing there."""
    with translation.override("en"):
        from news.models import Article

        url = Article.objects.get(slug="permanent-council-met").get_absolute_url()
    text = visible_text(client.get(url).content.decode())
    assert "Go back" in text and "Back to the section" in text
    assert "Вернуться" not in text


# --- Dates ---------------------------------------------------------------------------------


def test_written_out_meeting_date_is_in_the_genitive_in_russian(client, russian_site):
    text = visible_text(client.get(russian_site["meeting"]).content.decode())
    assert "16 июля 2019" in text
    assert "Июль" not in text and "July" not in text


def test_written_out_meeting_date_in_english(client, russian_site):
    with translation.override("en"):
        from meetings.models import Meeting

        url = Meeting.objects.get().get_absolute_url()
    assert "16 July 2019" in visible_text(client.get(url).content.decode())


def test_archive_headings_name_the_month_in_the_nominative(client, russian_site):
    """A month standing alone (a heading, the list of months) is in the nominative."""
    month = client.get(russian_site["archive_month"]).content.decode()
    assert re.search(r"<h1>[^<]*Июль 2019[^<]*</h1>", month)
    year = client.get(russian_site["archive_year"]).content.decode()
    assert re.search(r'<a href="[^"]*/2019/7/">Июль</a>', year)
    assert "июля" not in visible_text(month) + visible_text(year)
