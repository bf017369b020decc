"""Demo content for ``manage.py load_demo``: the bodies, the member states, meetings and documents.

The 16 July 2019 Permanent Council meeting and its three drafts follow the press release of
that day (news/demo.py). The other meetings and documents are illustrative records written so
that every filter of the register has something to show; their summaries stay generic.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import attach, demo_docx, get_or_create_translated
from core.publishing import PublicationStatus

from .models import (
    Body,
    Document,
    DocumentAttachment,
    DocumentStep,
    Meeting,
    MemberState,
    StepStatus,
)

MOSCOW = ZoneInfo("Europe/Moscow")
D = datetime.date

BODIES = [
    ("collective-security-council", "Collective Security Council", "CSC", 10,
     "The highest body of the Organization: the heads of the member states."),
    ("council-of-foreign-ministers", "Council of Foreign Ministers", "CFM", 20,
     "The consultative and executive body on foreign policy coordination."),
    ("council-of-ministers-of-defense", "Council of Ministers of Defense", "CMD", 30,
     "The consultative and executive body on military policy and military-technical cooperation."),
    ("committee-of-secretaries-of-security-councils", "Committee of Secretaries of Security Councils", "CSSC", 40,
     "The consultative and executive body on national security policy."),
    ("permanent-council", "Permanent Council", "PC", 50,
     "The plenipotentiary representatives of the member states; coordinates the implementation of decisions between sessions."),
    ("secretariat", "Secretariat", "", 60,
     "The permanent working body that supports the work of the Organization's bodies."),
    ("working-group-on-afghanistan", "Working Group on Afghanistan under the CFM", "", 70,
     "A working body of the Council of Foreign Ministers."),
]  # fmt: skip

MEMBER_STATES = [
    ("Armenia", "ARM"),
    ("Belarus", "BLR"),
    ("Kazakhstan", "KAZ"),
    ("Kyrgyzstan", "KGZ"),
    ("Russia", "RUS"),
    ("Tajikistan", "TJK"),
]

MEETINGS = [
    {
        "slug": "permanent-council-2019-07-16",
        "body": "permanent-council",
        "title": "Meeting of the Permanent Council",
        "date": D(2019, 7, 16),
        "place": "Moscow",
        "chair_state": "KGZ",
        "chair_name": "Aman Mambetseitov",
        "chair_title": "Permanent and Plenipotentiary Representative of the Kyrgyz Republic",
        "summary": (
            "<p>The Permanent Council reviewed the draft Statement of the Ministers of Foreign "
            "Affairs on efforts to stabilize the situation in the Middle East and North Africa, "
            "the draft Joint Statement on the draft resolution of the Third Committee of the 74th "
            "UN General Assembly session on combating the glorification of Nazism, and a draft "
            "Decision of the Council of Ministers of Defense on a Working Group on electronic "
            "warfare.</p><p>It was decided to send the reviewed documents for domestic approval.</p>"
        ),
    },
    {
        "slug": "permanent-council-2021-03-18",
        "body": "permanent-council",
        "title": "Meeting of the Permanent Council",
        "date": D(2021, 3, 18),
        "is_videoconference": True,
        "chair_state": "TJK",
        "summary": "<p>The Permanent Council reviewed draft documents prepared for the sessions of the statutory bodies.</p>",
    },
    {
        "slug": "council-of-foreign-ministers-2021-06-30",
        "body": "council-of-foreign-ministers",
        "title": "Session of the Council of Foreign Ministers",
        "date": D(2021, 6, 30),
        "place": "Dushanbe",
        "chair_state": "TJK",
        "summary": "<p>The ministers considered the documents on the agenda of the session.</p>",
    },
    {
        "slug": "committee-of-secretaries-of-security-councils-2020-04-15",
        "body": "committee-of-secretaries-of-security-councils",
        "title": "Meeting of the Committee of Secretaries of Security Councils",
        "date": D(2020, 4, 15),
        "meeting_status": Meeting.MeetingStatus.POSTPONED,
        "summary": "<p>The meeting was postponed. A new date will be announced.</p>",
    },
    {
        "slug": "council-of-ministers-of-defense-2023-11-22",
        "body": "council-of-ministers-of-defense",
        "title": "Session of the Council of Ministers of Defense",
        "date": D(2023, 11, 22),
        "place": "Minsk",
        "chair_state": "BLR",
        "summary": "<p>The ministers of defense considered draft decisions on military cooperation.</p>",
    },
    {
        "slug": "permanent-council-2024-10-10",
        "body": "permanent-council",
        "title": "Meeting of the Permanent Council",
        "date": D(2024, 10, 10),
        "place": "Moscow",
        "chair_state": "KAZ",
        "summary": "<p>The Permanent Council reviewed draft documents for the coming sessions of the statutory bodies.</p>",
    },
    {
        # Dated relative to the first load, so the demo always has an upcoming meeting.
        "slug": "permanent-council-upcoming",
        "body": "permanent-council",
        "title": "Meeting of the Permanent Council",
        "date": None,
        "place": "Moscow",
        "meeting_status": Meeting.MeetingStatus.SCHEDULED,
        "summary": "<p>The agenda will be published after the meeting.</p>",
    },
]

# Russian names: (name, abbreviation, description).
BODIES_RU = {
    "collective-security-council": ("Совет коллективной безопасности", "СКБ",
        "Высший орган Организации: главы государств – членов."),
    "council-of-foreign-ministers": ("Совет министров иностранных дел", "СМИД",
        "Консультативный и исполнительный орган по вопросам координации внешней политики."),
    "council-of-ministers-of-defense": ("Совет министров обороны", "СМО",
        "Консультативный и исполнительный орган по вопросам военной политики и военно-технического сотрудничества."),
    "committee-of-secretaries-of-security-councils": ("Комитет секретарей советов безопасности", "КССБ",
        "Консультативный и исполнительный орган по вопросам обеспечения национальной безопасности."),
    "permanent-council": ("Постоянный совет", "ПС",
        "Полномочные представители государств – членов; координирует выполнение решений в период между сессиями."),
    "secretariat": ("Секретариат", "",
        "Постоянно действующий рабочий орган, обеспечивающий деятельность органов Организации."),
    "working-group-on-afghanistan": ("Рабочая группа по Афганистану при СМИД", "",
        "Рабочий орган Совета министров иностранных дел."),
}  # fmt: skip

# What finds the news that mention each state (site search syntax), in each language.
MEMBER_STATES_MENTIONS = {
    "ARM": ("Armenia or Armenian or Yerevan", "Армения or армянский or Ереван"),
    "BLR": ("Belarus or Belarusian or Minsk", "Беларусь or Беларуси or белорусский or Минск"),
    "KAZ": ("Kazakhstan or Astana or Almaty", "Казахстан or Астана or Алматы"),
    "KGZ": ("Kyrgyzstan or Kyrgyz or Bishkek", "Кыргызстан or Кыргызская or Бишкек"),
    "RUS": ("Russia or Russian", "Россия or российский"),
    "TJK": ("Tajikistan or Tajik or Dushanbe", "Таджикистан or таджикский or Душанбе"),
}

MEMBER_STATES_RU = {
    "ARM": "Армения",
    "BLR": "Беларусь",
    "KAZ": "Казахстан",
    "KGZ": "Кыргызстан",
    "RUS": "Россия",
    "TJK": "Таджикистан",
}

MEETINGS_RU = {
    "permanent-council-2019-07-16": {
        "title": "Заседание Постоянного совета",
        "place": "Москва",
        "chair_name": "Аман Мамбетсеитов",
        "chair_title": "Постоянный и полномочный представитель Кыргызской Республики",
        "summary": (
            "<p>Постоянный совет рассмотрел проект Заявления министров иностранных дел об "
            "усилиях по стабилизации ситуации на Ближнем Востоке и в Северной Африке, проект "
            "Совместного заявления по проекту резолюции Третьего комитета 74-й сессии "
            "Генеральной Ассамблеи ООН о борьбе с героизацией нацизма и проект решения "
            "Совета министров обороны о Рабочей группе по радиоэлектронной борьбе.</p>"
            "<p>Рассмотренные документы решено направить на внутригосударственное "
            "согласование.</p>"
        ),
    },
}

_DOMESTIC_NOTE = "Sent to the member states for domestic approval."
_DOMESTIC_NOTE_RU = "Направлен государствам-членам на внутригосударственное согласование."

DOCUMENTS_RU = {
    "draft-cfm-statement-middle-east-north-africa": {
        "title": "Проект Заявления министров иностранных дел государств – членов ОДКБ об усилиях по стабилизации ситуации на Ближнем Востоке и в Северной Африке",
        "summary": "Проект заявления Совета министров иностранных дел.",
        "notes": {_DOMESTIC_NOTE: _DOMESTIC_NOTE_RU},
    },
    "draft-joint-statement-unga-third-committee-glorification-of-nazism": {
        "title": "Проект Совместного заявления государств – членов ОДКБ при принятии проекта резолюции Третьего комитета 74-й сессии Генеральной Ассамблеи ООН о борьбе с героизацией нацизма, неонацизмом и другими видами практики, которые способствуют эскалации современных форм расизма, расовой дискриминации, ксенофобии и связанной с ними нетерпимости",
        "summary": "Проект совместного заявления государств-членов к 74-й сессии Генеральной Ассамблеи ООН.",
        "notes": {_DOMESTIC_NOTE: _DOMESTIC_NOTE_RU},
    },
    "draft-cmd-decision-working-group-electronic-warfare": {
        "title": "Проект решения Совета министров обороны о создании Рабочей группы по радиоэлектронной борьбе при СМО ОДКБ",
        "summary": "Проект решения предусматривает создание при СМО Рабочей группы по радиоэлектронной борьбе для консолидации усилий органов военного управления, учебных, научных и промышленных организаций государств-членов в этой области.",
        "notes": {_DOMESTIC_NOTE: _DOMESTIC_NOTE_RU},
    },
}  # fmt: skip

S = StepStatus
PC_2019 = "permanent-council-2019-07-16"
PC_2021 = "permanent-council-2021-03-18"
CFM_2021 = "council-of-foreign-ministers-2021-06-30"
CMD_2023 = "council-of-ministers-of-defense-2023-11-22"
PC_2024 = "permanent-council-2024-10-10"

# Steps: (status, date, meeting slug or None, acting body slug or None, note)
DOCUMENTS = [
    {
        "slug": "draft-cfm-statement-middle-east-north-africa",
        "title": "Draft Statement of the Ministers of Foreign Affairs of the CSTO member states on efforts to stabilize the situation in the Middle East and North Africa",
        "kind": Document.Kind.STATEMENT,
        "body": "council-of-foreign-ministers",
        "summary": "A draft statement of the Council of Foreign Ministers.",
        "steps": [
            (S.DRAFTED, D(2019, 7, 1), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2019, 7, 16), PC_2019, None, ""),
            (S.DOMESTIC_APPROVAL, D(2019, 7, 16), PC_2019, None, "Sent to the member states for domestic approval."),
        ],
    },
    {
        "slug": "draft-joint-statement-unga-third-committee-glorification-of-nazism",
        "title": "Draft Joint Statement of the CSTO member states on the adoption of the draft resolution of the Third Committee of the 74th UN General Assembly session on combating the glorification of Nazism, neo-Nazism and other practices that contribute to fuelling contemporary forms of racism, racial discrimination, xenophobia and related intolerance",
        "kind": Document.Kind.JOINT_STATEMENT,
        "body": "council-of-foreign-ministers",
        "summary": "A draft joint statement of the member states for the 74th session of the UN General Assembly.",
        "steps": [
            (S.DRAFTED, D(2019, 7, 1), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2019, 7, 16), PC_2019, None, ""),
            (S.DOMESTIC_APPROVAL, D(2019, 7, 16), PC_2019, None, "Sent to the member states for domestic approval."),
        ],
    },
    {
        "slug": "draft-cmd-decision-working-group-electronic-warfare",
        "title": "Draft Decision of the Council of Ministers of Defense on the establishment of a Working Group on electronic warfare under the CMD",
        "kind": Document.Kind.DECISION,
        "body": "council-of-ministers-of-defense",
        "summary": (
            "The draft Decision provides for a Working Group on electronic warfare within the CMD, "
            "to consolidate the efforts of the military administration bodies, educational, "
            "research and industrial organizations of the member states on electronic warfare."
        ),
        "file": True,
        "steps": [
            (S.DRAFTED, D(2019, 7, 1), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2019, 7, 16), PC_2019, None, ""),
            (S.DOMESTIC_APPROVAL, D(2019, 7, 16), PC_2019, None, "Sent to the member states for domestic approval."),
        ],
    },
    {
        "slug": "plan-of-consultations-on-foreign-policy-2021-2022",
        "title": "Plan of consultations of representatives of the CSTO member states on foreign policy, security and defense issues for 2021–2022",
        "kind": Document.Kind.PLAN,
        "body": "council-of-foreign-ministers",
        "steps": [
            (S.DRAFTED, D(2021, 2, 19), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2021, 3, 18), PC_2021, None, ""),
            (S.AGREED, D(2021, 3, 18), PC_2021, None, ""),
            (S.SUBMITTED, D(2021, 4, 20), None, "council-of-foreign-ministers", ""),
            (S.ADOPTED, D(2021, 6, 30), CFM_2021, None, ""),
        ],
    },
    {
        "slug": "agreement-on-cooperation-in-training-of-military-personnel",
        "title": "Agreement on cooperation of the CSTO member states in the training of military personnel",
        "kind": Document.Kind.AGREEMENT,
        "body": "collective-security-council",
        "reference_number": "CSTO-AG-2021-04",
        "steps": [
            (S.DRAFTED, D(2020, 10, 5), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2021, 3, 18), PC_2021, None, ""),
            (S.DOMESTIC_APPROVAL, D(2021, 3, 18), PC_2021, None, ""),
            (S.SIGNED, D(2021, 9, 16), None, "collective-security-council", ""),
            (S.IN_FORCE, D(2022, 8, 1), None, None, "After the ratification procedures were completed."),
        ],
    },
    {
        "slug": "protocol-on-amendments-to-the-agreement-on-peacekeeping-activities",
        "title": "Protocol on amendments to the Agreement on peacekeeping activities of the CSTO",
        "kind": Document.Kind.PROTOCOL,
        "body": "collective-security-council",
        "steps": [
            (S.DRAFTED, D(2022, 11, 1), None, "secretariat", ""),
            (S.DOMESTIC_APPROVAL, D(2023, 2, 14), None, "permanent-council", ""),
            (S.SIGNED, D(2023, 11, 23), None, "collective-security-council", ""),
        ],
    },
    {
        "slug": "draft-cmd-decision-joint-training-of-staffs-2022",
        "title": "Draft Decision of the Council of Ministers of Defense on the joint training of staffs in 2022",
        "kind": Document.Kind.DECISION,
        "body": "council-of-ministers-of-defense",
        "steps": [
            (S.DRAFTED, D(2021, 2, 25), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2021, 3, 18), PC_2021, None, ""),
            (S.RETURNED_FOR_REVISION, D(2021, 3, 18), PC_2021, None, "Returned to the Secretariat for further work with the member states' comments."),
        ],
    },
    {
        "slug": "draft-resolution-on-military-technical-cooperation",
        "title": "Draft resolution on the main directions of military-technical cooperation",
        "kind": Document.Kind.RESOLUTION,
        "body": "council-of-ministers-of-defense",
        "steps": [
            (S.DRAFTED, D(2023, 9, 12), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2023, 11, 22), CMD_2023, None, ""),
            (S.DEFERRED, D(2023, 11, 22), CMD_2023, None, "Consideration moved to a later session."),
        ],
    },
    {
        "slug": "cmd-decision-plan-of-joint-exercises-2024",
        "title": "Decision of the Council of Ministers of Defense on the plan of joint exercises for 2024",
        "kind": Document.Kind.DECISION,
        "body": "council-of-ministers-of-defense",
        "steps": [
            (S.DRAFTED, D(2023, 9, 12), None, "secretariat", ""),
            (S.ADOPTED, D(2023, 11, 22), CMD_2023, None, ""),
        ],
    },
    {
        "slug": "draft-regulations-on-the-working-group-on-afghanistan",
        "title": "Draft amendments to the Regulations on the Working Group on Afghanistan under the CFM",
        "kind": Document.Kind.OTHER,
        "body": "working-group-on-afghanistan",
        "steps": [
            (S.DRAFTED, D(2022, 3, 10), None, "secretariat", ""),
            (S.WITHDRAWN, D(2022, 5, 17), None, "secretariat", "Withdrawn by the Secretariat."),
        ],
    },
    {
        "slug": "draft-cfm-statement-on-international-information-security",
        "title": "Draft Statement of the Council of Foreign Ministers on international information security",
        "kind": Document.Kind.STATEMENT,
        "body": "council-of-foreign-ministers",
        "steps": [
            (S.DRAFTED, D(2024, 9, 20), None, "secretariat", ""),
        ],
    },
    {
        "slug": "draft-plan-of-consultations-2025-2026",
        "title": "Draft plan of consultations of representatives of the CSTO member states on foreign policy, security and defense issues for 2025–2026",
        "kind": Document.Kind.PLAN,
        "body": "council-of-foreign-ministers",
        "steps": [
            (S.DRAFTED, D(2024, 9, 2), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2024, 10, 10), PC_2024, None, "Consideration to continue at the next meeting."),
        ],
    },
    {
        "slug": "draft-protocol-on-the-procedure-for-information-exchange",
        "title": "Draft Protocol on the procedure for information exchange between the CSTO bodies",
        "kind": Document.Kind.PROTOCOL,
        "body": "permanent-council",
        "steps": [
            (S.DRAFTED, D(2024, 8, 15), None, "secretariat", ""),
            (S.UNDER_CONSIDERATION, D(2024, 10, 10), PC_2024, None, ""),
            (S.AGREED, D(2024, 10, 10), PC_2024, None, ""),
        ],
    },
    {
        "slug": "draft-agreement-on-joint-logistics-support",
        "title": "Draft Agreement on the joint logistics support of the CSTO forces",
        "kind": Document.Kind.AGREEMENT,
        "body": "collective-security-council",
        "steps": [
            (S.DRAFTED, D(2024, 3, 4), None, "secretariat", ""),
            (S.DOMESTIC_APPROVAL, D(2024, 5, 16), None, "permanent-council", ""),
            (S.SUBMITTED, D(2024, 10, 10), PC_2024, None, "Submitted to the Collective Security Council."),
        ],
    },
    {
        "slug": "proposal-on-the-format-of-the-annual-report",
        "title": "Proposal on the format of the annual report of the Secretariat",
        "kind": Document.Kind.OTHER,
        "body": "permanent-council",
        "steps": [
            (S.DRAFTED, D(2024, 8, 1), None, "secretariat", ""),
            (S.REJECTED, D(2024, 10, 10), PC_2024, None, "The current format was kept."),
        ],
    },
]  # fmt: skip


def _published_at(date):
    return datetime.datetime.combine(date, datetime.time(18, 0), tzinfo=MOSCOW)


def demo_pdf(title, *, text_layer=True):
    """A one-page PDF naming the document: a stand-in for the official text. Without a text
    layer it stands in for a scan (a page with nothing a program can read)."""
    text = title[:90].replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 11 Tf 50 780 Td (Demo file. {text}) Tj ET".encode("latin-1", "replace")
    if not text_layer:
        stream = b"0.9 g 50 500 495 300 re f"  # a grey rectangle: no text at all
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def load():
    """Create what is missing; returns how many records were created or linked."""
    created = 0
    bodies = {}
    for slug, name, abbreviation, position, description in BODIES:
        name_ru, abbreviation_ru, description_ru = BODIES_RU[slug]
        bodies[slug], was_created = get_or_create_translated(
            Body,
            {"slug": slug},
            {
                "name": name,
                "abbreviation": abbreviation,
                "position": position,
                "description": description,
            },
            {"name": name_ru, "abbreviation": abbreviation_ru, "description": description_ru},
        )
        created += was_created
    states = {}
    for name, code in MEMBER_STATES:
        mentions, mentions_ru = MEMBER_STATES_MENTIONS[code]
        states[code], was_created = get_or_create_translated(
            MemberState,
            {"code": code},
            {"name": name, "mentions": mentions},
            {"name": MEMBER_STATES_RU[code], "mentions": mentions_ru},
        )
        created += was_created
        if not states[code].mentions_en:  # a demo loaded before states had them
            states[code].mentions_en = mentions
            states[code].save(update_fields=["mentions_en"])

    meetings = {}
    for spec in MEETINGS:
        fields = dict(spec)
        slug = fields.pop("slug")
        fields["body"] = bodies[fields["body"]]
        if fields.get("chair_state"):
            fields["chair_state"] = states[fields["chair_state"]]
        if fields["date"] is None:
            fields["date"] = timezone.localdate() + datetime.timedelta(days=45)
            fields["published_at"] = timezone.now()
        else:
            fields["published_at"] = _published_at(fields["date"])
        fields["status"] = PublicationStatus.PUBLISHED
        meetings[slug], was_created = get_or_create_translated(
            Meeting, {"slug": slug}, fields, MEETINGS_RU.get(slug)
        )
        created += was_created

    for spec in DOCUMENTS:
        fields = dict(spec)
        slug = fields.pop("slug")
        steps = fields.pop("steps")
        with_file = fields.pop("file", False)
        fields["body"] = bodies[fields["body"]]
        fields["status"] = PublicationStatus.PUBLISHED
        fields["published_at"] = _published_at(steps[0][1])
        russian = DOCUMENTS_RU.get(slug, {})
        document, was_created = get_or_create_translated(
            Document, {"slug": slug}, fields, {k: v for k, v in russian.items() if k != "notes"}
        )
        created += was_created
        if was_created and with_file:
            document.file = ContentFile(demo_pdf(document.title), name=f"{slug}.pdf")
            document.save()  # its text read for search, as an upload's
        for order, (status, date, meeting, body, note) in enumerate(steps):
            note_ru = russian.get("notes", {}).get(note, "") if note else ""
            _, was_created = get_or_create_translated(
                DocumentStep,
                {"document": document, "status": status, "date": date},
                {
                    "order": order,
                    "meeting": meetings[meeting] if meeting else None,
                    "body": bodies[body] if body else None,
                    "note": note,
                },
                {"note": note_ru} if note_ru else None,
            )
            created += was_created

    return created + attach_annexes()


# The 2019 drafts carry their texts in both languages, and the decision an annex (its
# English version a PDF) and a signed scan in Russian only: the admin shows the missing
# English version and that the scan is found by its title only.
ANNEXES = {
    "draft-cmd-decision-working-group-electronic-warfare": [
        (1, "ru", "docx", "Text of the draft decision", "Текст проекта решения", [
            "Совет министров обороны Организации Договора о коллективной безопасности решил:",
            "1. Создать Рабочую группу по радиоэлектронной борьбе при Совете министров обороны ОДКБ.",
            "2. Утвердить Положение о Рабочей группе (прилагается).",
        ]),
        (1, "en", "docx", "Text of the draft decision", "Текст проекта решения", [
            "The Council of Ministers of Defense of the Collective Security Treaty Organization "
            "has decided:",
            "1. To establish a Working Group on electronic warfare under the CMD.",
            "2. To approve the Regulations on the Working Group (annexed).",
        ]),
        (2, "ru", "docx", "Annex. Regulations on the Working Group",
         "Приложение. Положение о Рабочей группе", [
            "Рабочая группа координирует подготовку специалистов радиоэлектронной борьбы, "
            "совместные учения и обмен опытом применения радиоэлектронных средств.",
        ]),
        (2, "en", "pdf", "Annex. Regulations on the Working Group",
         "Приложение. Положение о Рабочей группе",
         ["Regulations: the Working Group coordinates spectrum management training"]),
        (3, "ru", "scan", "Signed protocol of approval (scan)",
         "Подписанный протокол согласования (скан)", []),
    ],
    "draft-cfm-statement-middle-east-north-africa": [
        (1, "ru", "docx", "Text of the draft statement", "Текст проекта заявления", [
            "Министры иностранных дел государств – членов ОДКБ выражают поддержку усилиям по "
            "политическому урегулированию и гуманитарному восстановлению региона.",
        ]),
        (1, "en", "docx", "Text of the draft statement", "Текст проекта заявления", [
            "The Ministers of Foreign Affairs of the CSTO member states support the efforts "
            "towards a political settlement and the humanitarian reconstruction of the region.",
        ]),
    ],
}  # fmt: skip


def attach_annexes():
    """The demo documents' files, generated here (python-docx, a PDF written by code)."""
    attached = 0
    for slug, files in ANNEXES.items():
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            continue
        for position, language, kind, title, title_ru, paragraphs in files:
            if kind == "docx":
                content, extension = (
                    demo_docx(title_ru if language == "ru" else title, *paragraphs),
                    "docx",
                )
            else:
                content = demo_pdf(" ".join(paragraphs), text_layer=kind == "pdf")
                extension = "pdf"
            attached += attach(
                DocumentAttachment,
                document,
                position=position,
                language=language,
                title=title,
                title_ru=title_ru,
                name=f"{slug[:40]}-{position}-{language}.{extension}",
                content=content,
            )
    return attached
