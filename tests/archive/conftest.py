# ruff: noqa: E501 - export fixtures are kept one record per line, as the old site wrote them
"""An old site's exports in every shape the importer reads, written into a folder per test:
a Russian RSS feed and an English Atom feed, a folder of saved pages with its mapping, a
JSON Lines and a CSV export, with photos, a statement's files in both languages (titled .docx
texts and untitled .pdf annexes), a page's .odt annex, a fake .docx, a broken record and a
duplicate.

Release keys are the old site's ELEMENT_IDs, shared by the two language versions."""

import io
import json
import zipfile

import pytest
from PIL import Image

from core.demo import demo_docx
from core.validators import ODT_MIMETYPE
from tests.factories import SectionFactory


def jpeg(colour, size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def pdf(text):
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


# The statement's full text in each language: a word found only inside the file.
STATEMENT_RU = demo_docx("Заявление", "Секретариат приветствует интендантскую службу.")
STATEMENT_EN = demo_docx("Statement", "The Secretariat welcomes the quartermaster service.")

RSS_RU = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>ОДКБ</title><language>ru</language>
{items}
</channel></rss>"""

RSS_ITEM = """<item>
  <title>{title}</title>
  <link>https://odkb-csto.org/news/{section}/{slug}/?ELEMENT_ID={id}</link>
  <guid>https://odkb-csto.org/news/{section}/{slug}/?ELEMENT_ID={id}</guid>
  <pubDate>{date}</pubDate>
  <description>Кратко: {title}</description>
  <content:encoded><![CDATA[<p>Текст {id}.</p><script>alert(1)</script><p><img src="/upload/iblock/{id}.jpg" alt="фото" onerror="x()"></p>]]></content:encoded>
  <enclosure url="https://odkb-csto.org/upload/iblock/{id}.jpg" type="image/jpeg" length="1"/>
</item>"""

ATOM_EN = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>CSTO</title>
{entries}
</feed>"""

ATOM_ENTRY = """<entry>
  <title>{title}</title>
  <link rel="alternate" href="https://en.odkb-csto.org/news/{section}/{slug}/?ELEMENT_ID={id}"/>
  <id>https://en.odkb-csto.org/news/{section}/{slug}/?ELEMENT_ID={id}</id>
  <published>{date}</published>
  <content type="html">&lt;p&gt;Text {id}.&lt;/p&gt;&lt;p onclick="x()"&gt;More.&lt;/p&gt;</content>
</entry>"""

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>x</title>
<link rel="canonical" href="{url}"><meta name="element-id" content="{id}"></head>
<body><div class="breadcrumbs"><a href="/authorized_organs/">Bodies</a></div>
<h1 class="news-title">{title}</h1><div class="news-date">{date}</div>
<div class="news-detail"><p>{text}</p><div class="share">Share me</div>
<img src="images/council.png" alt="Council"><p><a href="files/decision.docx">{link}</a></p></div>
<ul class="files"><li><a href="files/annex.odt">{annex}</a></li></ul>
</body></html>"""

MAPPING = {
    "key": {"selector": "meta[name=element-id]", "attr": "content"},
    "url": {"selector": "link[rel=canonical]", "attr": "href"},
    "title": "h1.news-title",
    "date": {"selector": ".news-date", "format": "%d.%m.%Y %H:%M"},
    "body": ".news-detail",
    "remove": [".share"],
    "images": {"selector": ".news-detail img", "attr": "src"},
    "attachments": {"selector": ".files a", "attr": "href"},
    "sections": {"permanent_council": {"section": "csto-news", "kind": "news"}},
}

NEWS_RU = [
    (23867, "news_odkb", "zasedanie-postoyannogo-soveta", "Заседание Постоянного совета", "Mon, 03 Mar 2025 10:00:00 +0300"),
    (23868, "news_odkb", "vstrecha-generalnogo-sekretarya", "Встреча Генерального секретаря", "Tue, 04 Mar 2025 11:30:00 +0300"),
    (23869, "smi", "intervyu-agentstvu", "Интервью агентству", "Wed, 05 Mar 2025 09:15:00 +0300"),
    (23870, "news_odkb", "ucheniya-vzaimodeystvie", "Учения «Взаимодействие»", "Thu, 06 Mar 2025 12:00:00 +0300"),
]  # fmt: skip
NEWS_EN = [
    (23867, "news_odkb", "permanent-council-meeting", "Meeting of the Permanent Council", "2025-03-03T10:00:00+03:00"),
    (23868, "news_odkb", "secretary-general-meets", "The Secretary General meets", "2025-03-04T11:30:00+03:00"),
    (23869, "smi", "interview-to-the-agency", "Interview to the agency", "2025-03-05T09:15:00+03:00"),
]  # fmt: skip


@pytest.fixture
def sections(db):
    return {
        slug: SectionFactory(slug=slug, name=slug)
        for slug in ("csto-news", "media-about-the-csto", "statements")
    }


@pytest.fixture
def export(tmp_path):
    """The old site's exports, as files under ``tmp_path / "old"``."""
    root = tmp_path / "old"
    (root / "upload" / "iblock").mkdir(parents=True)
    colours = ["red", "green", "blue", "yellow"]
    for (element, *_rest), colour in zip(NEWS_RU, colours, strict=True):
        (root / "upload" / "iblock" / f"{element}.jpg").write_bytes(jpeg(colour))
    items = "".join(
        RSS_ITEM.format(id=i, section=s, slug=slug, title=t, date=d) for i, s, slug, t, d in NEWS_RU
    )
    (root / "news_ru.rss").write_text(RSS_RU.format(items=items), encoding="utf-8")
    entries = "".join(
        ATOM_ENTRY.format(id=i, section=s, slug=slug, title=t, date=d)
        for i, s, slug, t, d in NEWS_EN
    )
    (root / "news_en.atom").write_text(ATOM_EN.format(entries=entries), encoding="utf-8")

    pages = root / "pages"
    (pages / "images").mkdir(parents=True)
    (pages / "files").mkdir()
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 255, 128)).save(buffer, "PNG")
    (pages / "images" / "council.png").write_bytes(buffer.getvalue())
    (pages / "files" / "decision.docx").write_bytes(docx())
    (pages / "files" / "annex.odt").write_bytes(odt())
    for lang, host, slug, title, text, link, annex in (
        ("ru", "odkb-csto.org", "reshenie-soveta", "Решение Совета", "Совет принял решение.", "Решение", "Приложение к решению"),
        ("en", "en.odkb-csto.org", "council-decision", "Decision of the Council", "The Council decided.", "Decision", "Annex to the decision"),
    ):  # fmt: skip
        url = f"https://{host}/authorized_organs/permanent_council/{slug}/"
        (pages / f"{slug}.html").write_text(
            PAGE.format(lang=lang, url=url, id=24001, title=title, date="12.03.2025 15:45",
                        text=text, link=link, annex=annex),
            encoding="utf-8",
        )  # fmt: skip
    (root / "mapping.json").write_text(json.dumps(MAPPING), encoding="utf-8")

    (root / "statements").mkdir()
    (root / "statements" / "zayavlenie.docx").write_bytes(STATEMENT_RU)
    (root / "statements" / "statement.docx").write_bytes(STATEMENT_EN)
    (root / "statements" / "Prilozhenie_1.pdf").write_bytes(pdf("prilozhenie"))
    (root / "statements" / "Annex_1.pdf").write_bytes(pdf("annex"))
    (root / "statements" / "not-really.docx").write_bytes(b"<html>not a document</html>")
    rows = [
        {"id": 25001, "lang": "ru", "title": "Заявление Секретариата", "date": "20.03.2025 18:00",
         "section": "statements", "body": "<p>Заявление.</p>",
         "url": "https://odkb-csto.org/documents/statements/zayavlenie-sekretariata/",
         "attachments": [{"file": "statements/zayavlenie.docx", "title": "Текст заявления"},
                         "statements/Prilozhenie_1.pdf"]},
        {"id": 25001, "lang": "en", "title": "Statement of the Secretariat",
         "date": "2025-03-20T18:00:00+03:00", "section": "statements",
         "body": "<p>Statement.</p>",
         "url": "https://en.odkb-csto.org/documents/statements/statement-of-the-secretariat/",
         "attachments": [{"file": "statements/statement.docx", "title": "Text of the statement"},
                         "statements/Annex_1.pdf"]},
        {"id": 25002, "lang": "ru", "title": "Без даты", "date": "когда-нибудь",
         "section": "statements", "url": "/documents/statements/bez-daty/"},
        {"id": 25003, "lang": "ru", "title": "Поддельный файл", "date": "21.03.2025",
         "section": "statements", "url": "/documents/statements/poddelnyy-fayl/",
         "attachments": ["statements/not-really.docx"]},
        {"id": 25001, "lang": "ru", "title": "Заявление Секретариата (копия)",
         "date": "20.03.2025 18:00", "section": "statements"},
    ]  # fmt: skip
    with open(root / "statements.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (root / "smi.csv").write_text(
        "id,lang,title,date,section,body,url\n"
        "26001,ru,Статья в СМИ,2025-03-22 10:00:00,smi,<p>Статья.</p>,"
        "https://odkb-csto.org/news/smi/statya-v-smi/\n"
        "26001,en,Article in the media,2025-03-22 10:00:00,smi,<p>Article.</p>,"
        "https://en.odkb-csto.org/news/smi/article-in-the-media/\n",
        encoding="utf-8",
    )
    return root


def import_all(export, call_command, **options):
    out = io.StringIO()
    call_command(
        "import_archive",
        str(export / "news_ru.rss"),
        str(export / "news_en.atom"),
        str(export / "pages"),
        str(export / "statements.jsonl"),
        str(export / "smi.csv"),
        mapping=str(export / "mapping.json"),
        no_progress=True,
        stdout=out,
        **options,
    )
    return out.getvalue()
