"""Nothing the press office enters is lost, in a real browser: a photo attached to a form
that comes back with an error is kept for the next try."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from tests.e2e.test_press_office import PASSWORD, TITLE, log_in, save_and_expect_success
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEAD = "The sides discussed the preparations for the summit."
ALT = "The foreign ministers around the table"


@pytest.fixture
def officer(transactional_db):
    return StaffUserFactory(username="press-officer", password=PASSWORD)


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
    expect(page.locator(".field-image_alt .errorlist")).to_contain_text("Describe the image")
    expect(page.locator("#id_title_en")).to_have_value(TITLE)
    expect(page.locator("#id_lead_en")).to_have_value(LEAD)
    expect(page.locator(".field-image .file-kept")).to_contain_text(
        "Kept from your last try: summit.jpg — it will be saved with the form."
    )
    page.locator("#id_image_alt").fill(ALT)
    save_and_expect_success(page)

    article = Article.objects.get(title=TITLE)
    assert article.image and article.image_alt == ALT
    reader = new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    image = reader.locator("main .article__image img")
    expect(image).to_have_attribute("alt", ALT)
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("element => element.naturalWidth") == 120
    shown = reader.request.get(image.get_attribute("src"))
    with Image.open(BytesIO(shown.body())) as served:
        assert served.size == (120, 80)
