"""Demo content for ``manage.py load_demo``: real press releases of the CSTO Secretariat.

Lives inside the project so a fresh clone can show a realistic site with nothing else.
"""

import datetime
from zoneinfo import ZoneInfo

from core.demo import attach, demo_docx, get_or_create_translated
from core.publishing import PublicationStatus

from .models import Article, ArticleAttachment, Section

MOSCOW = ZoneInfo("Europe/Moscow")
UNSC_DEBATE_SLUG = "secretary-general-takes-part-in-un-security-council-debate"

SECTIONS = [
    {
        "slug": "csto-news",
        "name": "CSTO news",
        "position": 10,
        "description": "News of the CSTO Secretariat and the Organization's bodies.",
    },
    {
        "slug": "statements",
        "name": "Statements",
        "position": 20,
        "description": "Statements of the CSTO Secretariat and the Organization's bodies.",
    },
    {
        "slug": "interviews",
        "name": "Interviews",
        "position": 30,
        "description": "Interviews of the CSTO leadership with the media.",
    },
    {
        "slug": "secretary-general",
        "name": "Secretary General",
        "position": 40,
        "description": "Speeches and activities of the CSTO Secretary General.",
    },
    {
        "slug": "media-about-the-csto",
        "name": "Media about the CSTO",
        "position": 50,
        "description": "Publications about the Organization in the media of the member states.",
    },
]

SECTIONS_RU = {
    "csto-news": {
        "name": "Новости ОДКБ",
        "description": "Новости Секретариата ОДКБ и органов Организации.",
    },
    "statements": {
        "name": "Заявления",
        "description": "Заявления Секретариата ОДКБ и органов Организации.",
    },
    "interviews": {
        "name": "Интервью",
        "description": "Интервью руководства ОДКБ средствам массовой информации.",
    },
    "secretary-general": {
        "name": "Генеральный секретарь",
        "description": "Выступления и деятельность Генерального секретаря ОДКБ.",
    },
    "media-about-the-csto": {
        "name": "СМИ об ОДКБ",
        "description": "Публикации об Организации в средствах массовой информации государств-членов.",
    },
}

PERMANENT_COUNCIL_2019_MEETING = "permanent-council-2019-07-16"
PERMANENT_COUNCIL_2019_SLUG = (
    "permanent-council-draft-statements-nazism-middle-east-ew-working-group"
)

ARTICLES = [
    {
        "slug": PERMANENT_COUNCIL_2019_SLUG,
        "section": "csto-news",
        "kind": Article.Kind.NEWS,
        "title": (
            "The draft statements on combating the Nazism glorification and stabilizing the "
            "situation in the Middle East and the document on the establishment of a Working "
            "group to the CMD in the area of electronic warfare"
        ),
        "published_at": datetime.datetime(2019, 7, 16, 15, 30, tzinfo=MOSCOW),
        "lead": (
            "The Permanent Council of the CSTO, chaired by Aman Mambetseitov, reviewed two draft "
            "statements and a draft decision of the Council of Ministers of Defense and sent "
            "them for domestic approval."
        ),
        "body": """
<p>On July 16, this year, a meeting of the Permanent Council of the Collective Security Treaty Organization was held under the chairmanship of Aman Mambetseitov, Permanent and Plenipotentiary Representative of the Kyrgyz Republic.</p>
<p>The Permanent Council reviewed the draft Statement of the Ministers of Foreign Affairs of the CSTO member states on efforts to stabilize the situation in the Middle East and North Africa and the draft Joint Statement of the Collective Security Treaty Organization member states when adopting the draft resolution of the Third Committee of the 74th UN General Assembly session on the fight against the Nazism glorification, neo-Nazism and other practices that contribute to the escalation of modern forms of racism, racial discrimination, xenophobia and related intolerance.</p>
<p>A draft Decision of the Council of Ministers of Defense of the Organization was also considered. This draft Decision provides the creation of a Working Group on electronic warfare within the CMD CSTO. The purpose of developing the document is to consolidate efforts to realize the potential of the military administration organs, specialized educational and methodological, research organizations, industrial enterprises, other state and public organizations of the CSTO member states on electronic warfare issue. The relevance of this issue is due to the experience of the recent armed conflicts, characterized by the massive use of radio electronic means and means of radio electronic attack, including taking into account the peculiarities of the use of forces and means of radio electronic warfare in the Syrian Arab Republic.</p>
<p>It was decided to send the reviewed documents to the domestic approval.</p>
""",
        "signature": "CSTO press secretary Vladimir Zainetdinov",
    },
    {
        "slug": UNSC_DEBATE_SLUG,
        "section": "csto-news",
        "kind": Article.Kind.NEWS,
        "title": (
            "The CSTO Secretary General took part in the UN Security Council debate on "
            "cooperation with regional organizations"
        ),
        "published_at": datetime.datetime(2024, 7, 19, 19, 0, tzinfo=MOSCOW),
        # Illustrative: the sample video of YouTube's player documentation stands in for the
        # debate's recording. The page shows a poster and a play button; the player loads
        # only when the reader presses it.
        "video_url": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        "lead": (
            "Imangali Tasmagambetov took part in the debate on “UN cooperation with regional "
            "organizations: the CSTO, the CIS and the SCO” at the UN Security Council."
        ),
        "body": """
<p>The CSTO Secretary General Imangali Tasmagambetov took part in the debate on “UN cooperation with regional organizations: the CSTO, the CIS and the SCO” held on 19 July 2024 at the UN Security Council.</p>
""",
        "signature": "CSTO press secretary Vladimir Zainetdinov",
    },
    {
        "slug": "speech-of-the-secretary-general-at-the-un-security-council",
        "section": "secretary-general",
        "kind": Article.Kind.SPEECH,
        "title": (
            "Speech of the CSTO Secretary General Imangali Tasmagambetov at the UN Security "
            "Council debate on interaction with regional organizations"
        ),
        "published_at": datetime.datetime(2024, 7, 19, 20, 0, tzinfo=MOSCOW),
        "lead": (
            "“Today's debate will contribute to the development of new, additional mechanisms "
            "for United Nations cooperation with the CSTO, the CIS and the SCO.”"
        ),
        "body": """
<p>Allow me to thank the Russian presidency of the United Nations Security Council for the invitation to take part in the debate on the interaction between the United Nations and regional organizations - the CSTO, the CIS and the SCO.</p>
<p>I highly appreciate my participation in the meeting of the main body of the World Organization responsible for maintaining global peace and international security. I am convinced that today's debate will contribute to the development of new, additional mechanisms for United Nations cooperation with the CSTO, the CIS and the SCO - the leading regional organizations operating in the Eurasian security space.</p>
""",
        "signature": "",
    },
    {
        "slug": "interview-of-the-secretary-general-to-belta",
        "section": "interviews",
        "kind": Article.Kind.INTERVIEW,
        "title": "Imangali Tasmagambetov's interview with the BELTA news agency",
        "published_at": datetime.datetime(2024, 7, 23, 11, 0, tzinfo=MOSCOW),
        "lead": (
            "Whether the CSTO seeks to become a counterweight to NATO, the situation in the East "
            "European region of collective security and the role of Belarus in the Organization."
        ),
        "body": """
<p>Imangali Tasmagambetov, the Collective Security Treaty Organization Secretary General, told BELTA news agency correspondent whether the CSTO sought to become a counterweight to NATO, the situation in the East European region of collective security, the role of Belarus in the organization, and what initiative of the President of Belarus had become important and timely for the CSTO.</p>
""",
        "signature": "",
    },
    {
        "slug": "secretariat-meets-graduates-of-the-international-school-of-diplomacy",
        "section": "csto-news",
        "kind": Article.Kind.NEWS,
        "title": (
            "CSTO Secretariat staff met with graduates of Central Asian universities participating "
            "in the International School of Diplomacy"
        ),
        "published_at": datetime.datetime(2024, 7, 25, 16, 0, tzinfo=MOSCOW),
        "lead": (
            "Graduates in “International relations” and “Regional studies” visited the "
            "Secretariat during their stay in Moscow."
        ),
        "body": """
<p>On 25 July 2024, staff of the CSTO Secretariat met with graduates of Central Asian universities in the fields of “International relations” and “Regional studies” who are participating in the International School of Diplomacy and are in Moscow at the invitation of the Autonomous Nonprofit Organization ‘National Research Institute for the Development of Communications’ and the Centre for International Strategic Studies of the Diplomatic Academy of the Russian Ministry of Foreign Affairs.</p>
""",
        "signature": "CSTO press secretary Vladimir Zainetdinov",
    },
]


def load():
    """Create the demo sections and articles that are missing; returns how many were created."""
    created = 0
    sections = {}
    for data in SECTIONS:
        fields = dict(data)
        slug = fields.pop("slug")
        sections[slug], was_created = get_or_create_translated(
            Section, {"slug": slug}, fields, SECTIONS_RU.get(slug)
        )
        created += was_created
    for data in ARTICLES:
        fields = dict(data)
        slug = fields.pop("slug")
        fields["section"] = sections[fields["section"]]
        fields["body"] = fields["body"].strip()
        fields["status"] = PublicationStatus.PUBLISHED
        russian = dict(ARTICLES_RU.get(slug, {}))
        if "body" in russian:
            russian["body"] = russian["body"].strip()
        _, was_created = get_or_create_translated(Article, {"slug": slug}, fields, russian)
        created += was_created
    # The seed's release reports on the 16 July 2019 Permanent Council (the meetings app's
    # demo, loaded before this one: INSTALLED_APPS order).
    meeting = Article._meta.get_field("meeting").related_model
    created += Article.objects.filter(
        slug=PERMANENT_COUNCIL_2019_SLUG, meeting__isnull=True
    ).update(meeting=meeting.objects.filter(slug=PERMANENT_COUNCIL_2019_MEETING).first())
    created += _correct(CORRECTED_SLUG, CORRECTION)
    return created + attach_speech()


def attach_speech():
    """The Secretary General's statement at the UN Security Council, in both languages, as
    DOCX files generated here (python-docx)."""
    article = Article.objects.filter(slug=UNSC_DEBATE_SLUG).first()
    if article is None:
        return 0
    title, title_ru = "Statement by the Secretary General", "Выступление Генерального секретаря"
    texts = {
        "en": [
            "Mr President, the Collective Security Treaty Organization values its cooperation "
            "with the United Nations in peacekeeping, counter-terrorism and the fight against "
            "drug trafficking.",
        ],
        "ru": [
            "Господин Председатель, Организация Договора о коллективной безопасности высоко "
            "ценит сотрудничество с Организацией Объединённых Наций в миротворчестве, "
            "противодействии терроризму и борьбе с наркотрафиком.",
        ],
    }
    return sum(
        attach(
            ArticleAttachment,
            article,
            position=1,
            language=language,
            title=title,
            title_ru=title_ru,
            name=f"statement-{language}.docx",
            content=demo_docx(title_ru if language == "ru" else title, *paragraphs),
        )
        for language, paragraphs in texts.items()
    )


# One release carries a public correction note (README "Corrections and withdrawal").
CORRECTED_SLUG = "secretariat-meets-graduates-of-the-international-school-of-diplomacy"
CORRECTION = {
    "date": datetime.date(2024, 7, 26),
    "note_en": "the name of the organizing institute.",
    "note_ru": "название института-организатора.",
}


def _correct(slug, fields):
    article = Article.objects.filter(slug=slug).first()
    if article is None or article.corrections.exists():
        return 0
    article.corrections.create(**fields)
    return 1


PRESS_SECRETARY_RU = "Пресс-секретарь ОДКБ Владимир Зайнетдинов"

ARTICLES_RU = {
    PERMANENT_COUNCIL_2019_SLUG: {
        "title": (
            "Проекты заявлений о противодействии героизации нацизма и о стабилизации обстановки "
            "на Ближнем Востоке, а также документ о создании Рабочей группы при СМО ОДКБ "
            "по радиоэлектронной борьбе"
        ),
        "lead": (
            "Постоянный совет ОДКБ под председательством Амана Мамбетсеитова рассмотрел два "
            "проекта заявлений и проект решения Совета министров обороны и направил их "
            "на внутригосударственное согласование."
        ),
        "body": """
<p>16 июля текущего года под председательством Постоянного и полномочного представителя Кыргызской Республики Амана Мамбетсеитова состоялось заседание Постоянного совета Организации Договора о коллективной безопасности.</p>
<p>Постоянный совет рассмотрел проект Заявления министров иностранных дел государств – членов ОДКБ об усилиях по стабилизации ситуации на Ближнем Востоке и в Северной Африке, а также проект Совместного заявления государств – членов Организации Договора о коллективной безопасности при принятии проекта резолюции Третьего комитета 74-й сессии Генеральной Ассамблеи ООН о борьбе с героизацией нацизма, неонацизмом и другими видами практики, которые способствуют эскалации современных форм расизма, расовой дискриминации, ксенофобии и связанной с ними нетерпимости.</p>
<p>Также был рассмотрен проект решения Совета министров обороны Организации. Проект решения предусматривает создание Рабочей группы по радиоэлектронной борьбе при СМО ОДКБ. Цель разработки документа – консолидация усилий по реализации потенциала органов военного управления, специализированных учебно-методических, научно-исследовательских организаций, промышленных предприятий, других государственных и общественных организаций государств – членов ОДКБ в области радиоэлектронной борьбы. Актуальность вопроса обусловлена опытом последних вооруженных конфликтов, характеризующихся массированным применением радиоэлектронных средств и средств радиоэлектронного поражения, в том числе с учетом особенностей применения сил и средств радиоэлектронной борьбы в Сирийской Арабской Республике.</p>
<p>Рассмотренные документы решено направить на внутригосударственное согласование.</p>
""",
        "signature": PRESS_SECRETARY_RU,
    },
    UNSC_DEBATE_SLUG: {
        "title": (
            "Генеральный секретарь ОДКБ принял участие в дебатах Совета Безопасности ООН "
            "о сотрудничестве с региональными организациями"
        ),
        "lead": (
            "Имангали Тасмагамбетов принял участие в дебатах «Сотрудничество ООН "
            "с региональными организациями: ОДКБ, СНГ и ШОС» в Совете Безопасности ООН."
        ),
        "body": """
<p>Генеральный секретарь ОДКБ Имангали Тасмагамбетов принял участие в дебатах «Сотрудничество ООН с региональными организациями: ОДКБ, СНГ и ШОС», состоявшихся 19 июля 2024 года в Совете Безопасности ООН.</p>
""",
        "signature": PRESS_SECRETARY_RU,
    },
    "speech-of-the-secretary-general-at-the-un-security-council": {
        "title": (
            "Выступление Генерального секретаря ОДКБ Имангали Тасмагамбетова на дебатах "
            "Совета Безопасности ООН о взаимодействии с региональными организациями"
        ),
        "lead": (
            "«Убежден, что сегодняшние дебаты будут способствовать выработке новых, "
            "дополнительных механизмов сотрудничества ООН с ОДКБ, СНГ и ШОС»."
        ),
        "body": """
<p>Позвольте поблагодарить российское председательство в Совете Безопасности Организации Объединенных Наций за приглашение принять участие в дебатах о взаимодействии ООН с региональными организациями – ОДКБ, СНГ и ШОС.</p>
<p>Высоко ценю возможность участия в заседании главного органа Всемирной организации, отвечающего за поддержание международного мира и безопасности. Убежден, что сегодняшние дебаты будут способствовать выработке новых, дополнительных механизмов сотрудничества Организации Объединенных Наций с ОДКБ, СНГ и ШОС – ведущими региональными организациями, действующими в евразийском пространстве безопасности.</p>
""",
    },
    "interview-of-the-secretary-general-to-belta": {
        "title": "Интервью Имангали Тасмагамбетова информационному агентству БЕЛТА",
        "lead": (
            "Стремится ли ОДКБ стать противовесом НАТО, обстановка в Восточноевропейском "
            "регионе коллективной безопасности и роль Беларуси в Организации."
        ),
        "body": """
<p>Генеральный секретарь Организации Договора о коллективной безопасности Имангали Тасмагамбетов рассказал корреспонденту БЕЛТА, стремится ли ОДКБ стать противовесом НАТО, об обстановке в Восточноевропейском регионе коллективной безопасности, о роли Беларуси в Организации и о том, какая инициатива Президента Беларуси стала важной и своевременной для ОДКБ.</p>
""",
    },
    "secretariat-meets-graduates-of-the-international-school-of-diplomacy": {
        "title": (
            "Сотрудники Секретариата ОДКБ встретились с выпускниками вузов Центральной Азии – "
            "участниками Международной школы дипломатии"
        ),
        "lead": (
            "Выпускники по направлениям «Международные отношения» и «Регионоведение» "
            "посетили Секретариат во время пребывания в Москве."
        ),
        "body": """
<p>25 июля 2024 года сотрудники Секретариата ОДКБ встретились с выпускниками вузов Центральной Азии по направлениям «Международные отношения» и «Регионоведение», которые участвуют в Международной школе дипломатии и находятся в Москве по приглашению АНО «Национальный исследовательский институт развития коммуникаций» и Центра международных стратегических исследований Дипломатической академии МИД России.</p>
""",
        "signature": PRESS_SECRETARY_RU,
    },
}
