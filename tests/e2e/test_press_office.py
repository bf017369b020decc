"""The press office at work in the admin, in a real browser: CKEditor, drafts, publishing."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TITLE = "CSTO Secretary General met the Foreign Minister of Armenia"
TITLE_RU = "Консультации в Ереване по подготовке саммита"


@pytest.fixture
def press_officer(transactional_db):
    return StaffUserFactory(username="press-officer", password=PASSWORD)


def log_in(page, user):
    from playwright.sync_api import expect

    page.goto(reverse("admin:login") + "?next=" + reverse("admin:index"))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    expect(page.locator("#site-name")).to_contain_text("CSTO Secretariat press office")


def save_and_expect_success(page):
    from playwright.sync_api import expect

    page.locator("[name=_save]").click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()


def test_press_office_drafts_formats_and_publishes_an_article(
    page, new_page, live_server, press_officer, site_content
):
    from playwright.sync_api import expect

    from news.models import Article

    log_in(page, press_officer)
    page.goto(reverse("admin:news_article_add"))
    page.locator("#id_section").select_option(label="Statements")
    # Both languages in one form: English and Russian fields one under the other.
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_title_ru").fill(TITLE_RU)
    page.locator("#id_lead_en").fill("The sides discussed the preparations for the summit.")

    # Type into the English body's CKEditor 4 iframe; Bold formats the middle of the sentence.
    editor = page.frame_locator("#cke_id_body_en iframe.cke_wysiwyg_frame").locator("body")
    editor.click()
    editor.press_sequentially("The meeting took place in ")
    bold = page.locator("#cke_id_body_en a.cke_button__bold")
    bold.click()
    editor.press_sequentially("Yerevan")
    bold.click()
    editor.press_sequentially(" on Monday.")
    expect(editor.locator("strong")).to_have_text("Yerevan")

    expect(page.locator("#id_status")).to_have_value("draft")
    save_and_expect_success(page)

    article = Article.objects.get(title=TITLE)
    assert article.status == "draft"
    assert article.created_by == press_officer
    assert "<strong>Yerevan</strong>" in article.body
    assert article.title_ru == TITLE_RU

    # The press officer previews the draft; a reader (a browser of their own, not logged
    # in) finds it nowhere.
    public_url = article.get_absolute_url()
    assert page.goto(public_url).status == 200
    expect(page.locator(".preview-banner")).to_contain_text("not published")
    reader = new_page()
    assert reader.goto(public_url).status == 404
    reader.goto(reverse("news:article_list"))
    expect(reader.locator("main")).not_to_contain_text(TITLE)
    reader.goto(reverse("news:section_detail", kwargs={"slug": "statements"}))
    expect(reader.locator("main")).not_to_contain_text(TITLE)

    # Publish it from its change form.
    page.goto(reverse("admin:news_article_change", args=[article.pk]))
    page.locator("#id_status").select_option("published")
    save_and_expect_success(page)
    article.refresh_from_db()
    assert article.is_public

    response = reader.goto(public_url)
    assert response.status == 200
    expect(reader.locator("main h1")).to_have_text(TITLE)
    expect(reader.locator(".preview-banner")).to_have_count(0)
    body = reader.locator("main .article__body")
    expect(body).to_contain_text("The meeting took place in Yerevan on Monday.")
    strong = body.locator("strong")
    expect(strong).to_have_text("Yerevan")
    weight = strong.evaluate("element => getComputedStyle(element).fontWeight")
    assert int(weight) >= 600, f"the bold word renders with font-weight {weight}"
    reader.goto(reverse("news:article_list"))
    expect(reader.locator("main").get_by_role("link", name=TITLE)).to_be_visible()


def test_press_office_records_a_document_step_in_the_meeting_admin(
    page, live_server, press_officer, site_content
):
    """The step typed into the meeting's inline shows on the document's public timeline."""
    from playwright.sync_api import expect

    from meetings.models import DocumentStep

    meeting = site_content.meeting
    document = site_content.document
    log_in(page, press_officer)
    page.goto(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    # The inline of the documents considered at this meeting; one row holds its "agreed"
    # step, the empty extra rows below it take new ones.
    inline = page.locator(".inline-group").filter(has=page.locator("[name$='-document']")).first
    expect(inline).to_contain_text(document.title)
    row = inline.locator("tr.form-row:not(.has_original):not(.empty-form)").first
    # The document is an autocomplete field (select2): type part of its title, pick it.
    row.locator(".select2-selection").click()
    # The open dropdown's search field (the form's topics field has an inline one too).
    page.locator(".select2-container--open .select2-search__field").fill("foreign ministers")
    page.locator(".select2-results__option", has_text=document.title).click()
    row.locator("[name$='-status']").select_option("submitted")
    step_date = meeting.date + datetime.timedelta(days=1)
    row.locator("[name$='-date']").fill(step_date.isoformat())
    row.locator("[name$='-note_en']").fill("Sent to the Council of Foreign Ministers.")
    save_and_expect_success(page)

    step = DocumentStep.objects.get(document=document, status="submitted")
    assert (step.meeting, step.date) == (meeting, step_date)
    document.refresh_from_db()
    assert document.current_status == "submitted"

    page.goto(document.get_absolute_url())
    timeline = page.get_by_role("region", name="Status timeline")
    expect(timeline).to_contain_text("Submitted to a statutory body")
    expect(timeline).to_contain_text("Sent to the Council of Foreign Ministers.")
