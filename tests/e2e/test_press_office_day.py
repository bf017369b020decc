"""The press office's day in a real browser: a release in Russian only, the preview before the
first save, and the whole hand-off (an editor writes a bilingual release with a photo and
submits it, the publisher gets the mail, finds it on the desk and publishes it).

The hand-off test counts the user's actions (every click, every field filled, every file
chosen, every address opened) and holds them to the issue's budget of 40; ``make journey``
runs it alone and prints the count and the time.
"""

import re
import time
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core.roles import EDITOR, PUBLISHER
from news.models import Article
from tests.factories import RoleUserFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
ACTION_BUDGET = 40


def person(role, username):
    return RoleUserFactory(
        role=role,
        username=username,
        password=PASSWORD,
        email=f"{username}@press.example",
        first_name=username.title(),
    )


@pytest.fixture
def editor(transactional_db):
    return person(EDITOR, "irina")


@pytest.fixture
def publisher(transactional_db):
    return person(PUBLISHER, "pavel")


class Actions:
    """What a person does in the browser, counted: ``do.fill(locator, text)`` and so on."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def _one(self):
        self.count += 1

    def goto(self, url):
        self._one()
        return self.page.goto(url)

    def click(self, locator):
        self._one()
        locator.click()

    def fill(self, locator, text):
        self._one()
        locator.fill(text)

    def select(self, locator, label):
        self._one()
        locator.select_option(label=label)

    def choose_file(self, locator, path):
        self._one()
        locator.set_input_files(str(path))

    def type_rich_text(self, editor_id, text):
        """Click into a CKEditor and type: one action for the click, one for the typing."""
        body = self.page.frame_locator(f"#cke_{editor_id} iframe.cke_wysiwyg_frame").locator("body")
        self.click(body)
        self._one()
        body.press_sequentially(text)

    def log_in(self, user):
        """On the login page: the name, the password, the button."""
        self.fill(self.page.locator("#id_username"), user.username)
        self.fill(self.page.locator("#id_password"), PASSWORD)
        self.click(self.page.locator("#login-form [type=submit]"))


def photo(tmp_path):
    path = Path(tmp_path) / "summit.jpg"
    buffer = BytesIO()
    Image.new("RGB", (640, 400), "navy").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_release_in_russian_only_is_published_and_absent_from_the_english_site(
    page, new_page, publisher
):
    from playwright.sync_api import expect

    SectionFactory(name="CSTO news", name_ru="Новости ОДКБ", slug="csto-news")
    do = Actions(page)
    do.goto(reverse("admin:login") + "?next=" + reverse("admin:news_article_add"))
    do.log_in(publisher)
    do.select(page.locator("#id_section"), "CSTO news")
    do.fill(page.locator("#id_title_ru"), "Заседание Постоянного совета ОДКБ")
    do.fill(page.locator("#id_lead_ru"), "Постоянный совет рассмотрел проекты документов.")
    do.type_rich_text("id_body_ru", "Состоялось заседание Постоянного совета.")
    do.click(page.locator("[name=_publish]"))
    expect(page.locator("ul.messagelist li.success").first).to_be_visible()

    article = Article.objects.get()
    assert article.is_released and not article.title_en
    # The admin list tells which languages are written.
    page.goto(reverse("admin:news_article_changelist"))
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("RU")
    expect(row.locator("td.field-is_live img")).to_have_attribute("alt", "True")

    reader = new_page()
    with translation.override("ru"):
        russian_url, russian_list = article.get_absolute_url(), reverse("news:article_list")
    with translation.override("en"):
        english_url, english_list = article.get_absolute_url(), reverse("news:article_list")
    assert reader.goto(russian_url).status == 200
    expect(reader.locator("main h1")).to_have_text("Заседание Постоянного совета ОДКБ")
    expect(reader.locator("main")).to_contain_text("Состоялось заседание Постоянного совета.")
    reader.goto(russian_list)
    expect(reader.locator("main").get_by_role("link", name="Заседание Постоянного")).to_be_visible()

    assert reader.goto(english_url).status == 404
    reader.goto(english_list)
    expect(reader.locator("main")).not_to_contain_text("Заседание")
    reader.goto(reverse("home"))
    expect(reader.locator("main")).not_to_contain_text("Заседание")


def test_the_preview_before_the_first_save_in_both_languages_and_at_phone_width(page, editor):
    from playwright.sync_api import expect

    SectionFactory(name="Statements", slug="statements")
    page.goto(reverse("admin:login") + "?next=" + reverse("admin:news_article_add"))
    Actions(page).log_in(editor)
    page.locator("#id_section").select_option(label="Statements")
    page.locator("#id_title_en").fill("Unsaved statement on the anniversary")
    page.locator("#id_title_ru").fill("Несохранённое заявление к годовщине")
    editor_body = page.frame_locator("#cke_id_body_en iframe.cke_wysiwyg_frame").locator("body")
    editor_body.click()
    editor_body.press_sequentially("Typed a moment ago.")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value  # a new tab: the form stays as it was
    preview.wait_for_load_state()
    frame = preview.frame_locator("iframe.preview-frame")
    expect(frame.locator("main h1")).to_have_text("Unsaved statement on the anniversary")
    expect(frame.locator("main")).to_contain_text("Typed a moment ago.")
    expect(frame.locator(".preview-banner")).to_contain_text("not published")

    preview.get_by_role("link", name="Russian").click()
    frame = preview.frame_locator("iframe.preview-frame")
    expect(frame.locator("main h1")).to_have_text("Несохранённое заявление к годовщине")
    preview.get_by_role("link", name=re.compile("phone", re.I)).click()
    width = preview.locator("iframe.preview-frame").evaluate("frame => frame.clientWidth")
    assert width <= 420, f"the phone preview is {width}px wide"
    expect(preview.frame_locator("iframe.preview-frame").locator("main h1")).to_have_text(
        "Несохранённое заявление к годовщине"
    )

    # Nothing was saved, and the form still holds what was typed.
    assert not Article.objects.exists()
    expect(page.locator("#id_title_en")).to_have_value("Unsaved statement on the anniversary")


def test_the_whole_hand_off_within_the_action_budget(
    new_page, live_server, editor, publisher, smtp_server, tmp_path
):
    """Write (both languages, a photo) → submit → mail → desk → publish, counting actions."""
    from playwright.sync_api import expect

    SectionFactory(name="CSTO news", slug="csto-news")
    started = time.monotonic()

    # The editor, at their desk.
    page = new_page()
    do = Actions(page)
    do.goto(reverse("admin:index"))
    do.log_in(editor)
    do.click(page.locator("#content-main tr.model-article a.addlink"))
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:news_article_add"))))
    do.select(page.locator("#id_section"), "CSTO news")
    do.fill(page.locator("#id_title_en"), "CSTO Secretary General met the Minister in Yerevan")
    do.fill(page.locator("#id_title_ru"), "Генеральный секретарь ОДКБ встретился с министром")
    do.fill(page.locator("#id_lead_en"), "The sides discussed the preparations for the summit.")
    do.fill(page.locator("#id_lead_ru"), "Стороны обсудили подготовку к саммиту.")
    do.type_rich_text("id_body_en", "The meeting took place in Yerevan.")
    do.type_rich_text("id_body_ru", "Встреча состоялась в Ереване.")
    do.choose_file(page.locator("#id_image"), photo(tmp_path))
    do.fill(page.locator("#id_image_alt_en"), "The Secretary General and the Minister")
    do.fill(page.locator("#id_image_alt_ru"), "Генеральный секретарь и министр")
    do.fill(page.locator("#id_review_note"), "Photo from the press service; ready today.")
    do.click(page.locator("[name=_submit_for_review]"))
    expect(page.locator("ul.messagelist li.success").first).to_contain_text("Submitted")
    article = Article.objects.get()
    assert article.review == "submitted" and article.status == "draft" and article.image

    # The mail reaches the publisher, with the note and the link.
    deadline = time.monotonic() + 10
    while not smtp_server.to(publisher.email) and time.monotonic() < deadline:
        time.sleep(0.1)
    [mail] = smtp_server.to(publisher.email)
    text = mail.get_content()
    assert "Photo from the press service; ready today." in text
    link = re.search(r"https?://\S+", text).group(0)
    assert link.endswith(reverse("admin:news_article_change", args=[article.pk]))

    # The publisher, at theirs: the desk's review pile, one click to the item, publish.
    desk_page = new_page()
    do_publisher = Actions(desk_page)
    do_publisher.goto(reverse("admin:index"))
    do_publisher.log_in(publisher)
    review_pile = desk_page.locator("#desk-review")
    expect(review_pile).to_contain_text("CSTO Secretary General met the Minister in Yerevan")
    do_publisher.click(review_pile.get_by_role("link").first)
    expect(desk_page.locator("#id_review_note")).to_have_value(
        "Photo from the press service; ready today."
    )
    do_publisher.click(desk_page.locator("[name=_publish]"))
    expect(desk_page.locator("ul.messagelist li.success").first).to_contain_text("Published")
    elapsed = time.monotonic() - started

    article.refresh_from_db()
    assert article.is_public and article.review == ""
    reader = new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    expect(reader.locator("main h1")).to_have_text(
        "CSTO Secretary General met the Minister in Yerevan"
    )
    expect(reader.locator("main img[alt='The Secretary General and the Minister']")).to_be_visible()
    history = [record.history_change_reason for record in article.history.order_by("history_id")]
    assert history[-2:] == ["Submitted for review", "Published"]

    actions = do.count + do_publisher.count
    report = {"actions": actions, "editor": do.count, "publisher": do_publisher.count}
    report["seconds"] = round(elapsed, 1)
    print(f"\nhand-off journey: {report}")
    assert actions <= ACTION_BUDGET, report
