"""Photo galleries in a real browser: several photos uploaded at once in the admin and put
in order by dragging, the viewer driven by the keyboard and on a phone, plain links to the
full photos without JavaScript, and the page weight of a 30-photo release on a phone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gallery.demo import add_gallery, picture
from news.models import Article
from tests.e2e.conftest import PHONE
from tests.e2e.test_press_office import PASSWORD, log_in, save_and_expect_success
from tests.factories import ArticleFactory, SectionFactory, StaffUserFactory
from tests.gallery.conftest import upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CAPTIONS = [(f"View {n} of the hall", f"Вид зала {n}") for n in range(1, 5)]


@pytest.fixture
def gallery_article(transactional_db):
    article = ArticleFactory(
        section=SectionFactory(slug="csto-news"),
        title="The Council in Minsk",
        image=upload("lead.jpg", picture(1, (1200, 800))),
        image_alt="The Council in session",
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )
    add_gallery(article, CAPTIONS, size=(800, 533))
    return article


def test_several_photos_are_uploaded_at_once_and_ordered_by_dragging(page, tmp_path):
    from playwright.sync_api import expect

    officer = StaffUserFactory(username="press-officer", password=PASSWORD)
    SectionFactory(name="CSTO news", slug="csto-news")
    files = []
    for number in range(1, 4):
        path = tmp_path / f"hall-{number}.jpg"
        path.write_bytes(picture(number, (300 + number, 200)))
        files.append(path)
    log_in(page, officer)
    page.goto(reverse("admin:news_article_add"))
    page.locator("#id_section").select_option(label="CSTO news")
    page.locator("#id_title_en").fill("Photos of the summit")
    page.locator("#photos-upload").set_input_files(files)  # one input, three files
    save_and_expect_success(page)

    article = Article.objects.get(title="Photos of the summit")
    assert [p.width for p in article.photos.all()] == [301, 302, 303]
    page.goto(reverse("admin:news_article_change", args=[article.pk]))
    rows = page.locator(".gallery-inline tr.gallery-row")
    expect(rows).to_have_count(3)
    expect(rows.first.locator("td.field-preview img")).to_have_js_property("complete", True)
    rows.first.locator("[name$='-caption_en']").fill("The hall from the door")
    rows_before = page.locator(".gallery-inline td.field-preview img").evaluate_all(
        "images => images.map(image => image.getAttribute('src'))"
    )
    # The third photo dragged above the first: the order numbers follow.
    rows.nth(2).locator("td.field-preview").drag_to(rows.first.locator("td.field-preview"))
    positions = page.locator(".gallery-inline tr.gallery-row [name$='-position']")
    assert positions.evaluate_all("inputs => inputs.map(input => input.value)") == ["0", "1", "2"]
    previews = page.locator(".gallery-inline tr.gallery-row td.field-preview img")
    assert previews.first.get_attribute("src") != rows_before[0]
    save_and_expect_success(page)
    ordered = list(article.photos.all())
    assert [p.width for p in ordered] == [303, 301, 302]
    assert ordered[1].caption == "The hall from the door"


def test_the_viewer_works_with_the_keyboard_and_gives_the_focus_back(page, gallery_article):
    from playwright.sync_api import expect

    page.goto(gallery_article.get_absolute_url())
    links = page.locator(".gallery__link")
    expect(links).to_have_count(4)
    links.first.focus()
    page.keyboard.press("Enter")
    viewer = page.locator("dialog.viewer")
    expect(viewer).to_be_visible()
    expect(viewer.locator(".viewer__count")).to_have_text("Photo 1 of 4")
    expect(viewer.locator(".viewer__caption")).to_contain_text("View 1 of the hall")
    image = viewer.locator(".viewer__image")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    assert image.evaluate("img => img.currentSrc").endswith((".avif", ".webp"))

    page.keyboard.press("ArrowRight")
    expect(viewer.locator(".viewer__count")).to_have_text("Photo 2 of 4")
    expect(viewer.locator(".viewer__caption")).to_contain_text("View 2 of the hall")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # from the first, round to the last
    expect(viewer.locator(".viewer__count")).to_have_text("Photo 4 of 4")
    # The focus stays in the viewer while it is open (a modal dialog).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('dialog.viewer') !== null")
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    # Back on the thumbnail of the photo last shown.
    assert links.nth(3).evaluate("link => link === document.activeElement")
    assert page.js_errors == []


def test_the_viewer_on_a_phone(new_page, gallery_article):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.goto(gallery_article.get_absolute_url())
    page.locator(".gallery__link").nth(1).tap()
    viewer = page.locator("dialog.viewer")
    expect(viewer).to_be_visible()
    expect(viewer.locator(".viewer__count")).to_have_text("Photo 2 of 4")
    box = viewer.locator(".viewer__image").bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] <= PHONE["height"]
    viewer.locator(".viewer__next").tap()
    expect(viewer.locator(".viewer__count")).to_have_text("Photo 3 of 4")
    viewer.locator(".viewer__close").tap()
    expect(viewer).to_be_hidden()
    assert page.js_errors == []


def test_without_javascript_a_thumbnail_is_a_link_to_the_full_photo(new_page, gallery_article):
    page = new_page(java_script_enabled=False)
    page.goto(gallery_article.get_absolute_url())
    assert page.locator("dialog").count() == 0
    with page.expect_navigation():
        page.locator(".gallery__link").first.click()
    assert page.url.endswith(".jpg")
    shown = page.request.get(page.url)
    assert shown.status == 200 and shown.headers["content-type"] == "image/jpeg"
    size = page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [800, 533]


def test_a_release_with_30_photos_weighs_under_1_mb_on_a_phone_and_the_lead_is_the_lcp(
    new_page,
):
    article = ArticleFactory(
        section=SectionFactory(slug="csto-news"),
        title="Thirty photos of the summit",
        image=upload("lead.jpg", picture(7)),  # 1600 × 1067, like a camera's
        image_alt="The summit hall",
    )
    add_gallery(article, [(f"Photo {n}", f"Фото {n}") for n in range(30)], size=(1600, 1067))
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    transferred = {}
    session.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    page.goto(article.get_absolute_url(), wait_until="networkidle")
    lcp = page.evaluate(
        """() => new Promise(resolve => new PerformanceObserver(list => {
            const last = list.getEntries().at(-1);
            resolve({inLead: !!last.element?.closest('.article__image'), url: last.url});
        }).observe({type: 'largest-contentful-paint', buffered: true}))"""
    )
    total = sum(transferred.values())
    print(f"first load at 375 px: {total} bytes in {len(transferred)} responses; LCP {lcp}")
    assert total < 1_000_000
    assert lcp["inLead"] and "/renditions/" in lcp["url"]
    # Only the thumbnails in view were fetched, not thirty.
    thumbs = [
        u
        for u in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        if "/renditions/" in u
    ]
    assert 1 < len(thumbs) < 30


def test_the_gallery_and_its_open_viewer_have_no_serious_accessibility_violation(
    new_page, axe_script, gallery_article
):
    from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe

    page = new_page(bypass_csp=True)  # for the injected audit script only
    page.goto(gallery_article.get_absolute_url())
    page.add_script_tag(path=str(axe_script))
    found = []
    for step in ("page", "viewer"):
        if step == "viewer":
            page.locator(".gallery__link").first.click()
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        found += [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not found, describe(found)
