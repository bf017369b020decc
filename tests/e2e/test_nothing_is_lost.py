"""Nothing the press office enters is lost, in a real browser: a photo attached to a form
that comes back with an error is kept for the next try, and text typed before the browser
crashed, or saved into an expired session, is offered back after signing in again."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from tests.e2e.test_press_office import PASSWORD, TITLE, log_in, save_and_expect_success
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEAD = "The sides discussed the preparations for the summit."
BODY = "The meeting took place in Yerevan on Monday."
ALT = "The foreign ministers around the table"
DRAFT_SAVED = (
    "text => Object.entries(localStorage)"
    ".some(([key, value]) => key.startsWith('csto-draft:') && value.includes(text))"
)


@pytest.fixture
def officer(transactional_db):
    return StaffUserFactory(username="press-officer", password=PASSWORD)


def body_editor(page):
    return page.frame_locator("#cke_id_body_en iframe.cke_wysiwyg_frame").locator("body")


def test_a_photo_attached_before_an_error_is_published_with_the_release(
    page, new_page, officer, site_content, tmp_path
):
    from playwright.sync_api import expect

    from news.models import Article

    photo = tmp_path / "summit.jpg"
    Image.new("RGB", (120, 80), "navy").save(photo, "JPEG")
    log_in(page, officer)
    page.goto(reverse("admin:news_article_add"))
    page.locator("#id_section").select_option(label="Statements")
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_lead_en").fill(LEAD)
    page.locator("#id_image").set_input_files(photo)
    page.locator("#id_status").select_option("published")
    # The photo's description is forgotten: the form comes back with an error.
    page.locator("[name=_save]").click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-image_alt_en .errorlist")).to_contain_text("Describe the image")
    expect(page.locator("#id_title_en")).to_have_value(TITLE)
    expect(page.locator("#id_lead_en")).to_have_value(LEAD)
    expect(page.locator(".field-image .file-kept")).to_contain_text(
        "Kept from your last try: summit.jpg — it will be saved with the form."
    )
    page.locator("#id_image_alt_en").fill(ALT)
    save_and_expect_success(page)

    article = Article.objects.get(title=TITLE)
    assert article.image and article.image_alt == ALT
    reader = new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    image = reader.locator("main .article__image img")
    expect(image).to_have_attribute("alt", ALT)
    expect(image).to_have_js_property("complete", True)
    # The picture the browser chose among the renditions (srcset scales naturalWidth).
    shown = reader.request.get(image.evaluate("element => element.currentSrc"))
    with Image.open(BytesIO(shown.body())) as served:
        assert served.size == (120, 80)


def test_text_typed_before_a_crash_is_offered_back_and_restored(new_page, officer, site_content):
    from playwright.sync_api import expect

    from news.models import Article

    page = new_page()
    log_in(page, officer)
    add_url = reverse("admin:news_article_add")
    page.goto(add_url)
    page.locator("#id_section").select_option(label="Statements")
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_lead_en").fill(LEAD)
    body_editor(page).click()
    body_editor(page).press_sequentially(BODY)
    page.wait_for_function(DRAFT_SAVED, arg=BODY)
    # The browser crashes: what it had stored survives on disk, the session does not.
    state = page.context.storage_state()
    page.context.close()
    state["cookies"] = []

    page = new_page(storage_state=state)
    log_in(page, officer)
    page.goto(add_url)
    offer = page.locator(".draft-offer")
    expect(offer).to_contain_text(re.compile(r"Unsaved text from \d\d:\d\d found\."))
    # Offered, never restored by itself.
    expect(page.locator("#id_title_en")).to_have_value("")
    offer.get_by_role("button", name="Restore").click()

    expect(offer).to_have_count(0)
    expect(page.locator("#id_section")).to_have_value(str(site_content.statements.pk))
    expect(page.locator("#id_title_en")).to_have_value(TITLE)
    expect(page.locator("#id_lead_en")).to_have_value(LEAD)
    expect(body_editor(page)).to_have_text(BODY)
    save_and_expect_success(page)
    assert BODY in Article.objects.get(title=TITLE).body

    # Saved: nothing is offered any more.
    page.goto(add_url)
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator(".draft-offer")).to_have_count(0)
    assert not page.evaluate(DRAFT_SAVED, BODY)
    assert page.js_errors == []


def test_a_discarded_draft_is_gone(page, officer, site_content):
    from playwright.sync_api import expect

    log_in(page, officer)
    add_url = reverse("admin:news_article_add")
    page.goto(add_url)
    page.locator("#id_title_en").fill(TITLE)
    page.wait_for_function(DRAFT_SAVED, arg=TITLE)

    page.goto(add_url)
    page.locator(".draft-offer").get_by_role("button", name="Discard").click()

    expect(page.locator(".draft-offer")).to_have_count(0)
    expect(page.locator("#id_title_en")).to_have_value("")
    assert not page.evaluate(DRAFT_SAVED, TITLE)
    page.reload()
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator(".draft-offer")).to_have_count(0)
    assert page.js_errors == []


def test_text_saved_into_an_expired_session_is_offered_back_after_signing_in(
    page, officer, site_content
):
    from django.contrib.sessions.models import Session
    from playwright.sync_api import expect

    log_in(page, officer)
    add_url = reverse("admin:news_article_add")
    page.goto(add_url)
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_lead_en").fill(LEAD)
    page.wait_for_function(DRAFT_SAVED, arg=LEAD)
    Session.objects.all().delete()  # the session expires while the officer types

    page.locator("[name=_save]").click()
    expect(page.locator("#login-form")).to_be_visible()
    page.locator("#id_username").fill(officer.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(add_url) + "$"))
    page.locator(".draft-offer").get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title_en")).to_have_value(TITLE)
    expect(page.locator("#id_lead_en")).to_have_value(LEAD)
