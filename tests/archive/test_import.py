"""manage.py import_archive: every export shape, both languages paired, bodies sanitized,
files checked and stored once, a record's attached files as the article's files in its
language, original dates, a report, and a second run that changes nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from archive.models import ArchiveItem, OldAddress
from news.models import Article, ArticleAttachment
from tests.archive.conftest import STATEMENT_EN, STATEMENT_RU, import_all, pdf

pytestmark = pytest.mark.django_db


def test_the_archive_is_imported_with_both_languages_in_one_article(export, sections):
    output = import_all(export, call_command)

    # 4 feed releases + 1 page release + 2 statements + 1 media article; the broken record
    # and the duplicate are skipped with their reasons; the fake .docx is a bad file, left
    # out of a release that still comes in.
    assert Article.objects.count() == 8, output
    assert (
        "created 8, translations paired 6, updated 0, unchanged 0, skipped 2, bad files 1" in output
    )
    assert "no publication date it can read ('когда-нибудь')" in output
    assert (
        "bad file statements.jsonl: record 4: statements/not-really.docx: "
        "The file's content is not a valid DOCX document." in output
    )
    assert "record 5: a duplicate of an earlier record (same key and language)" in output

    council = Article.objects.get(archive_item__key="23867")
    assert council.title_ru == "Заседание Постоянного совета"
    assert council.title_en == "Meeting of the Permanent Council"
    assert council.slug == "zasedanie-postoyannogo-soveta"
    assert council.section == sections["csto-news"]
    assert council.published_at.isoformat() == "2025-03-03T07:00:00+00:00"
    assert council.status == "published"
    # Sanitized: no script, no event handler, in either language.
    assert "<script" not in council.body_ru and "onerror" not in council.body_ru
    assert "onclick" not in council.body_en and "<p>More.</p>" in council.body_en
    # The photo: re-encoded into the media storage, once, as the lead image and in the body.
    assert council.image.name.startswith("archive/images/")
    assert default_storage.exists(council.image.name)
    assert council.image.url in council.body_ru
    assert council.image_alt_ru and council.image_alt_en

    only_russian = Article.objects.get(archive_item__key="23870")
    assert only_russian.title_en == "" or only_russian.title_en is None

    statement = Article.objects.get(archive_item__key="25001")
    assert statement.kind == "statement" and statement.section == sections["statements"]
    # Its files are its attachments, not a list under the body.
    assert statement.attachments.count() == 4
    assert ".docx" not in statement.body_en + statement.body_ru
    assert "Documents" not in statement.body_en and "Документы" not in statement.body_ru

    decision = Article.objects.get(archive_item__key="24001")
    assert "Share me" not in decision.body_ru
    assert decision.title_en == "Decision of the Council"
    assert decision.title_ru == "Решение Совета"
    assert ".docx" in decision.body_ru and decision.published_at.isoformat().startswith(
        "2025-03-12T12:45"
    )

    assert not Article.objects.filter(title_ru__contains="Без даты").exists()
    fake = Article.objects.get(title_ru="Поддельный файл")
    assert not fake.attachments.exists()


def test_running_the_import_twice_changes_nothing(export, sections):
    import_all(export, call_command)
    files = sorted(default_storage.listdir("archive/images")[0])
    documents = sorted(default_storage.listdir("archive/files")[0])
    history = sum(article.history.count() for article in Article.objects.all())
    addresses = OldAddress.objects.count()
    attachments = list(ArticleAttachment.objects.values_list("pk", "file", "title_en", "title_ru"))
    attachment_history = ArticleAttachment.history.count()

    output = import_all(export, call_command)

    # The bad file's record is unchanged too: it is reported when its record is imported.
    assert (
        "created 0, translations paired 0, updated 0, unchanged 14, skipped 2, bad files 0"
        in output
    )
    assert Article.objects.count() == 8
    assert sum(article.history.count() for article in Article.objects.all()) == history
    assert OldAddress.objects.count() == addresses
    assert sorted(default_storage.listdir("archive/images")[0]) == files
    assert sorted(default_storage.listdir("archive/files")[0]) == documents
    assert (
        list(ArticleAttachment.objects.values_list("pk", "file", "title_en", "title_ru"))
        == attachments
    )
    assert ArticleAttachment.history.count() == attachment_history


def test_a_changed_source_updates_the_article_and_keeps_its_history(export, sections):
    import_all(export, call_command)
    feed = export / "news_en.atom"
    feed.write_text(
        feed.read_text().replace("Meeting of the Permanent Council", "Permanent Council met"),
        encoding="utf-8",
    )

    output = import_all(export, call_command)

    assert "updated 1" in output
    council = Article.objects.get(archive_item__key="23867")
    assert council.title_en == "Permanent Council met"
    titles = list(council.history.order_by("history_date").values_list("title_en", flat=True))
    assert "Meeting of the Permanent Council" in titles and titles[-1] == "Permanent Council met"


def test_a_removed_article_is_not_brought_back(export, sections):
    import_all(export, call_command)
    Article.objects.get(archive_item__key="23868").delete()
    feed = export / "news_en.atom"
    feed.write_text(feed.read_text().replace("meets", "met"), encoding="utf-8")

    output = import_all(export, call_command)

    assert "removed on the new site; not brought back" in output
    assert ArchiveItem.objects.get(key="23868").article is None
    assert Article.objects.count() == 7


def test_a_file_outside_the_export_is_refused(tmp_path, sections):
    (tmp_path / "secret.jpg").write_bytes(b"x")
    export = tmp_path / "export"
    export.mkdir()
    (export / "x.jsonl").write_text(
        '{"id": 1, "lang": "en", "title": "T", "date": "2025-01-01", "section": "statements",'
        ' "images": ["../secret.jpg"]}\n',
        encoding="utf-8",
    )
    from io import StringIO

    out = StringIO()
    call_command("import_archive", str(export / "x.jsonl"), no_progress=True, stdout=out)
    assert "outside the export's folder" in out.getvalue()
    assert Article.objects.count() == 0


def test_a_bad_language_does_not_cost_the_other_one(tmp_path, sections):
    from io import StringIO

    from tests.archive.conftest import jpeg

    (tmp_path / "good.jpg").write_bytes(jpeg("red"))
    (tmp_path / "bad.jpg").write_bytes(b"<svg onload=alert(1)>")
    common = '"id": 7, "date": "2025-01-01", "section": "statements"'
    (tmp_path / "x.jsonl").write_text(
        f'{{{common}, "lang": "ru", "title": "Хорошо", "images": ["good.jpg"]}}\n'
        f'{{{common}, "lang": "en", "title": "Bad", "images": ["bad.jpg"]}}\n',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_archive", str(tmp_path / "x.jsonl"), no_progress=True, stdout=out)
    article = Article.objects.get()
    assert article.title_ru == "Хорошо" and not article.title_en
    assert "record 2: bad.jpg:" in out.getvalue()
    assert "created 1, translations paired 0, updated 0, unchanged 0, skipped 1" in out.getvalue()


def test_a_feed_broken_halfway_keeps_what_came_before_and_says_so(tmp_path, sections):
    from io import StringIO

    (tmp_path / "cut.rss").write_text(
        '<?xml version="1.0"?><rss><channel><language>en</language>'
        "<item><title>Whole</title><link>https://en.odkb-csto.org/news/news_odkb/whole/</link>"
        "<pubDate>Mon, 03 Mar 2025 10:00:00 +0300</pubDate></item>"
        "<item><title>Cut off",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_archive", str(tmp_path / "cut.rss"), no_progress=True, stdout=out)
    assert Article.objects.get().title_en == "Whole"
    assert "cut.rss: cannot read on:" in out.getvalue()


def test_files_may_live_in_a_folder_of_their_own(tmp_path, sections):
    from io import StringIO

    from tests.archive.conftest import jpeg

    (tmp_path / "mirror" / "upload").mkdir(parents=True)
    (tmp_path / "mirror" / "upload" / "p.jpg").write_bytes(jpeg("blue"))
    (tmp_path / "export.csv").write_text(
        "id,lang,title,date,section,images\n"
        "9,en,With a photo,2025-02-01 12:00,statements,https://odkb-csto.org/upload/p.jpg\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import_archive", str(tmp_path / "export.csv"), files=str(tmp_path / "mirror"),
        no_progress=True, stdout=out,
    )  # fmt: skip
    article = Article.objects.get()
    assert article.image.name.startswith("archive/images/") and article.image_alt_en


def test_languages_without_a_shared_id_are_paired_by_a_pairs_file(tmp_path, sections):
    from io import StringIO

    (tmp_path / "ru.rss").write_text(
        '<?xml version="1.0"?><rss><channel><language>ru</language><item><title>Саммит</title>'
        "<link>https://odkb-csto.org/news/news_odkb/sammit/</link>"
        "<pubDate>Mon, 03 Mar 2025 10:00:00 +0300</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "en.rss").write_text(
        '<?xml version="1.0"?><rss><channel><language>en</language><item><title>Summit</title>'
        "<link>https://en.odkb-csto.org/news/news_odkb/summit/</link>"
        "<pubDate>Mon, 03 Mar 2025 10:00:00 +0300</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "pairs.csv").write_text(
        "https://odkb-csto.org/news/news_odkb/sammit/,"
        "https://en.odkb-csto.org/news/news_odkb/summit/\n",
        encoding="utf-8",
    )
    sources = [str(tmp_path / "ru.rss"), str(tmp_path / "en.rss")]
    out = StringIO()
    call_command(
        "import_archive", *sources, pairs=str(tmp_path / "pairs.csv"), no_progress=True,
        stdout=out,
    )  # fmt: skip
    article = Article.objects.get()
    assert (article.title_ru, article.title_en, article.slug) == ("Саммит", "Summit", "sammit")
    assert "created 1, translations paired 1" in out.getvalue()


def test_a_saved_site_mirror_finds_its_uploads_from_any_page_depth(tmp_path, sections):
    import json
    from io import StringIO

    from tests.archive.conftest import jpeg

    site = tmp_path / "site"
    (site / "upload").mkdir(parents=True)
    (site / "upload" / "a.jpg").write_bytes(jpeg("green"))
    page = site / "documents" / "statements" / "deep" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html lang="en"><head><link rel="canonical" '
        'href="https://en.odkb-csto.org/documents/statements/deep/"></head><body>'
        '<h1>Deep</h1><time>01.02.2025</time><div class="text"><p>Text</p>'
        '<img src="/upload/a.jpg" alt="A photo"></div></body></html>',
        encoding="utf-8",
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"url": {"selector": "link[rel=canonical]", "attr": "href"}, "title": "h1",
                    "date": "time", "body": ".text",
                    "images": {"selector": ".text img", "attr": "src"}}),
        encoding="utf-8",
    )  # fmt: skip
    out = StringIO()
    call_command("import_archive", str(site), mapping=str(mapping), no_progress=True, stdout=out)
    article = Article.objects.get()
    assert article.section == sections["statements"], out.getvalue()
    assert article.image.name.startswith("archive/images/")
    assert f'src="{article.image.url}"' in article.body_en


def test_links_to_the_old_site_are_pointed_at_the_new_pages(export, sections):
    from io import StringIO

    from django.utils import translation

    from archive.models import ArchiveItem

    import_all(export, call_command)
    statement = ArchiveItem.objects.get(key="25001").article
    council = ArchiveItem.objects.get(key="23867").article
    statement.body_ru = (
        '<p><a href="https://odkb-csto.org/news/news_odkb/zasedanie-postoyannogo-soveta/">a</a>'
        ' <a href="/news/detail.php?ELEMENT_ID=23867">b</a>'
        ' <a href="https://odkb-csto.org/news/never-was/">c</a>'
        ' <a href="https://example.org/x">d</a></p>'
    )
    statement.body_en = (
        '<p><a href="https://en.odkb-csto.org/news/news_odkb/permanent-council-meeting/">e</a></p>'
    )
    statement.save()

    out = StringIO()
    call_command("rewrite_old_links", stdout=out)

    assert "3 links in 1 articles" in out.getvalue()
    statement.refresh_from_db()
    with translation.override("ru"):
        ru_page = council.get_absolute_url()
    with translation.override("en"):
        en_page = council.get_absolute_url()
    assert statement.body_ru.count(f'href="{ru_page}"') == 2
    assert "never-was" in statement.body_ru and "https://example.org/x" in statement.body_ru
    assert f'href="{en_page}"' in statement.body_en
    assert statement.history.first().history_change_reason.startswith("Links to the old site")
    # Nothing left to do the second time.
    out = StringIO()
    call_command("rewrite_old_links", stdout=out)
    assert "0 links in 0 articles" in out.getvalue()


def test_attached_files_become_the_articles_files_in_their_language(export, sections, client):
    output = import_all(export, call_command)
    statement = Article.objects.get(archive_item__key="25001")

    rows = [
        (row.position, row.language, row.title_en or row.title_ru, row.format_name)
        for row in statement.attachments.order_by("position", "language")
    ]
    # Titled by the export's title, else by the file's name; the n-th file of each language
    # at position n, so the two versions of the text share position 1, the annex 2.
    assert rows == [
        (1, "en", "Text of the statement", "DOCX"),
        (1, "ru", "Текст заявления", "DOCX"),
        (2, "en", "Annex 1", "PDF"),
        (2, "ru", "Prilozhenie 1", "PDF"),
    ], output
    sources = {
        (1, "en"): STATEMENT_EN, (1, "ru"): STATEMENT_RU,
        (2, "en"): pdf("annex"), (2, "ru"): pdf("prilozhenie"),
    }  # fmt: skip
    for row in statement.attachments.all():
        # Each title is in its file's language only; the other language falls back to it.
        assert not getattr(row, f"title_{'ru' if row.language == 'en' else 'en'}")
        response = client.get(row.get_absolute_url())
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == sources[(row.position, row.language)]
        assert row.size == len(sources[(row.position, row.language)])
        assert row.file.name.startswith("archive/files/")

    # The release's page lists them, one row per position with a download per language.
    with translation.override("en"):
        page = client.get(statement.get_absolute_url())
    assert page.status_code == 200
    for row in statement.attachments.all():
        assert row.get_absolute_url() in page.text

    # The words inside the statement's text are found by site search, in its language.
    with translation.override("en"):
        found = client.get(reverse("search"), {"q": "quartermaster"})
    assert [result["object"] for result in found.context["results"]] == [
        statement.attachments.get(position=1, language="en")
    ]

    # A saved page's files, titled by their links' text; one file in the two languages is
    # stored once.
    decision = Article.objects.get(archive_item__key="24001")
    annexes = {row.language: row for row in decision.attachments.all()}
    assert annexes["ru"].title_ru == "Приложение к решению" and annexes["ru"].position == 1
    assert annexes["en"].title_en == "Annex to the decision" and annexes["en"].position == 1
    assert annexes["ru"].file.name == annexes["en"].file.name
    assert annexes["ru"].file.read() == (export / "pages" / "files" / "annex.odt").read_bytes()
    # A link inside the body stays a link there, to the stored document.
    assert "archive/files/" in decision.body_ru and not decision.body_ru.count("annex")


def test_a_changed_file_updates_its_row_and_a_dropped_one_is_removed(export, sections):
    import json

    import_all(export, call_command)
    statement = Article.objects.get(archive_item__key="25001")
    before = {(row.position, row.language): row for row in statement.attachments.all()}
    # The English text is replaced by a corrected one; the Russian record no longer lists
    # its annex.
    from core.demo import demo_docx

    corrected = demo_docx("Statement", "The Secretariat welcomes the logistics service.")
    (export / "statements" / "statement.docx").write_bytes(corrected)
    lines = (export / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["attachments"] = first["attachments"][:1]
    lines[0] = json.dumps(first, ensure_ascii=False)
    (export / "statements.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    output = import_all(export, call_command)

    assert "updated 2" in output, output
    after = {(row.position, row.language): row for row in statement.attachments.all()}
    assert sorted(after) == [(1, "en"), (1, "ru"), (2, "en")]
    text = after[(1, "en")]
    assert text.pk == before[(1, "en")].pk and text.file.name != before[(1, "en")].file.name
    assert text.file.read() == corrected and "logistics" in text.text
    assert after[(1, "ru")].file.name == before[(1, "ru")].file.name
    assert text.history.first().history_change_reason.startswith("Imported from the archive")


def test_a_file_an_editor_put_in_place_of_an_imported_one_stays(export, sections):
    from django.core.files.base import ContentFile

    from core.demo import demo_docx

    import_all(export, call_command)
    statement = Article.objects.get(archive_item__key="25001")
    row = statement.attachments.get(position=1, language="en")
    edited = demo_docx("Statement", "The text as the press office published it.")
    row.file.save("statement-final.docx", ContentFile(edited))  # under the site's uploads
    corrected = demo_docx("Statement", "The Secretariat welcomes the logistics service.")
    (export / "statements" / "statement.docx").write_bytes(corrected)

    import_all(export, call_command)

    row.refresh_from_db()
    assert not row.file.name.startswith("archive/")
    assert row.file.read() == edited


def test_a_file_refused_as_an_attachment_leaves_the_rest_of_the_release(tmp_path, sections):
    from io import StringIO

    (tmp_path / "annex.pdf").write_bytes(pdf("annex"))
    (tmp_path / "table.xlsx").write_bytes(b"PK not a workbook")
    (tmp_path / "x.jsonl").write_text(
        '{"id": 3, "lang": "en", "title": "Decision", "date": "2025-01-01",'
        ' "section": "statements", "attachments": ["table.xlsx", "annex.pdf"]}\n',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_archive", str(tmp_path / "x.jsonl"), no_progress=True, stdout=out)

    article = Article.objects.get()
    # The good file keeps its place in the list (the second), the refused one is reported.
    assert [(row.position, row.title_en) for row in article.attachments.all()] == [(2, "annex")]
    assert "created 1, translations paired 0, updated 0, unchanged 0, skipped 0, bad files 1" in (
        out.getvalue()
    )
    assert "bad file x.jsonl: record 1: table.xlsx: The file's content is not a valid XLSX" in (
        out.getvalue()
    )


WINDOWS_1251 = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'


@pytest.mark.parametrize("head, encoding", [("", "utf-8"), (WINDOWS_1251, "cp1251")])
def test_a_saved_page_is_read_in_its_charset_or_else_as_utf8(tmp_path, sections, head, encoding):
    """Old pages often say nothing of their charset (read as UTF-8) or are windows-1251."""
    import json
    from io import StringIO

    site = tmp_path / "site"
    page = site / "news" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(
        (f'<html lang="ru"><head>{head}<link rel="canonical" '
         'href="https://odkb-csto.org/news/news_odkb/zasedanie/"></head><body>'
         "<h1>Заседание Совета министров иностранных дел</h1><time>01.02.2025</time>"
         '<div class="text"><p>Министры обсудили «Взаимодействие».</p></div></body></html>'
         ).encode(encoding)
    )  # fmt: skip
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"url": {"selector": "link[rel=canonical]", "attr": "href"}, "title": "h1",
                    "date": "time", "body": ".text"}),
        encoding="utf-8",
    )  # fmt: skip
    out = StringIO()
    call_command("import_archive", str(site), mapping=str(mapping), no_progress=True, stdout=out)
    article = Article.objects.get()
    assert article.title_ru == "Заседание Совета министров иностранных дел", out.getvalue()
    assert "Министры обсудили «Взаимодействие»." in article.body_ru
