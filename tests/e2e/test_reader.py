"""A reader's walk through the site in a real browser, following links as a person would."""

import re

import pytest
from django.urls import reverse

from tests.e2e.conftest import SEARCH_WORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def expect_heading(page, text):
    from playwright.sync_api import expect

    expect(page.locator("main h1")).to_have_text(text)


def open_article_from_section(page, content):
    page.locator("main").get_by_role("link", name=content.release.title, exact=True).click()
    expect_heading(page, content.release.title)


def test_reader_walks_from_home_to_a_document_and_finds_a_release(page, live_server, site_content):
    from playwright.sync_api import expect

    content = site_content
    section_url = live_server.url + content.statements.get_absolute_url()
    article_url = live_server.url + content.release.get_absolute_url()

    # Home → a section from the main navigation → an article.
    page.goto("/")
    expect(page.locator("main")).to_contain_text(content.release.title)
    page.locator("nav.site-nav").get_by_role("link", name="Statements", exact=True).click()
    expect(page).to_have_url(section_url)
    expect_heading(page, "Statements")
    open_article_from_section(page, content)
    expect(page).to_have_url(article_url)
    expect(page.locator("main")).to_contain_text("to consider the draft statement")

    # "Go back" uses the history: the reader lands on the page they came from.
    history_length = page.evaluate("history.length")
    page.get_by_role("link", name="Go back", exact=True).click()
    expect(page).to_have_url(section_url)
    expect_heading(page, "Statements")
    assert page.evaluate("history.length") == history_length, "Go back added a history entry"
    page.go_forward()
    expect(page).to_have_url(article_url)

    # "Back to the section" and "Back to the all news" are ordinary links.
    page.get_by_role("link", name="Back to the section", exact=True).click()
    expect(page).to_have_url(section_url)
    open_article_from_section(page, content)
    page.get_by_role("link", name="Back to the all news", exact=True).click()
    news_url = live_server.url + reverse("news:article_list")
    expect(page).to_have_url(news_url)
    expect_heading(page, "All news")

    # Come from the news list this time: "Go back" returns there, not to its section href.
    open_article_from_section(page, content)
    page.get_by_role("link", name="Go back", exact=True).click()
    expect(page).to_have_url(news_url)

    # A meeting, and from it the timeline of a document it considered.
    page.goto(reverse("meetings:meeting_list"))
    page.locator("main").get_by_role("link", name=content.meeting.title).first.click()
    expect(page).to_have_url(live_server.url + content.meeting.get_absolute_url())
    expect_heading(page, content.meeting.title)
    page.locator("main").get_by_role("link", name=content.document.title).first.click()
    expect(page).to_have_url(live_server.url + content.document.get_absolute_url())
    expect_heading(page, content.document.title)
    timeline = page.get_by_role("region", name="Status timeline").inner_text()
    considered = timeline.find("Under consideration")
    agreed = timeline.find("Agreed by the Permanent Council")
    assert considered != -1 and agreed != -1, f"timeline steps missing from:\n{timeline}"
    assert considered < agreed, "the timeline should read in the order the steps happened"
    assert content.earlier_meeting.title in timeline, "each step names its meeting"

    # Search for a word that only the press release's body holds, and open the result.
    search_form = page.locator("form[role=search]")
    if search_form.count() == 0:
        page.goto(reverse("search"))
    search_form = page.locator("form[role=search]").first
    search_form.locator("input[name=q]").fill(SEARCH_WORD)
    search_form.locator("input[name=q]").press("Enter")
    expect(page).to_have_url(re.compile(rf"/search/\?(.*&)?q={SEARCH_WORD}"))
    results = page.locator("main")
    expect(results.get_by_role("link", name=content.release.title)).to_have_count(1)
    expect(results.get_by_role("link", name=content.older.title)).to_have_count(0)
    results.get_by_role("link", name=content.release.title).click()
    expect(page).to_have_url(article_url)
    expect_heading(page, content.release.title)

    assert page.js_errors == [], "Errors in the browser:\n" + "\n".join(page.js_errors)
