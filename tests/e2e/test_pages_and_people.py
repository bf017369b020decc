"""Issue 17 in a real browser: an editor writes a page and puts it in the menu, a publisher
publishes it, and a reader finds it there."""

import pytest
from django.urls import reverse

from core.roles import EDITOR, PUBLISHER
from tests.e2e.test_press_office import PASSWORD, log_in
from tests.factories import RoleUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_writes_a_page_for_the_menu_and_a_reader_finds_it_there(new_page, site_content):
    from playwright.sync_api import expect

    from pages.models import Page

    editor = RoleUserFactory(username="editor", password=PASSWORD, role=EDITOR)
    publisher = RoleUserFactory(username="publisher", password=PASSWORD, role=PUBLISHER)

    # The editor writes both languages, in CKEditor, under "About the CSTO", in the menu.
    page = new_page()
    log_in(page, editor)
    page.goto(reverse("admin:pages_page_add"))
    page.locator("#id_title_en").fill("Press accreditation")
    page.locator("#id_title_ru").fill("Аккредитация СМИ")
    body = page.frame_locator("#cke_id_body_en iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    body.press_sequentially("Journalists apply to the press service by mail.")
    page.locator("#id_position").fill("5")
    page.locator("#id_show_in_menu").check()
    page.locator("[name=_submit_for_review]").click()
    expect(page.locator("ul.messagelist li.success").first).to_be_visible()
    created = Page.objects.get(title_en="Press accreditation")
    assert created.status == "draft"
    assert "Journalists apply" in created.body_en

    # A reader does not see it yet.
    reader = new_page()
    reader.goto(reverse("news:article_list"))
    expect(reader.locator(".site-nav")).not_to_contain_text("Press accreditation")

    # The publisher publishes it.
    desk = new_page()
    log_in(desk, publisher)
    desk.goto(reverse("admin:pages_page_change", args=[created.pk]))
    desk.locator("[name=_publish]").click()
    expect(desk.locator("ul.messagelist li.success").first).to_be_visible()

    # The reader finds it in the menu where the editor placed it (position 5: after "About
    # the CSTO", at 0), follows the link and reads it, in both languages.
    reader.goto(reverse("news:article_list"))
    menu = reader.locator(".site-nav")
    expect(menu.get_by_role("link", name="Press accreditation")).to_be_visible()
    links = menu.get_by_role("link").all_inner_texts()
    assert links.index("About the CSTO") < links.index("Press accreditation")
    menu.get_by_role("link", name="Press accreditation").click()
    expect(reader.locator("h1")).to_have_text("Press accreditation")
    expect(reader.locator("main")).to_contain_text("Journalists apply to the press service")
    expect(reader.locator(".breadcrumbs")).to_contain_text("Home")
    reader.goto(reverse("news:article_list").replace("/en/", "/ru/"))
    expect(reader.locator(".site-nav").get_by_role("link", name="Аккредитация СМИ")).to_be_visible()
