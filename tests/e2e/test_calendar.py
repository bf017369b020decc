"""A reader moves through the events calendar with the keyboard alone, in a real browser."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tab_to(page, name, limit=80):
    """Press Tab until the focused element's text is ``name``; fails if it never comes."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => (document.activeElement.textContent || '').trim()")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_reader_moves_through_the_calendar_by_keyboard(page, site_content):
    from playwright.sync_api import expect

    event = site_content.event
    this_month = timezone.localdate().replace(day=1)
    page.goto(reverse("events:event_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Events calendar")
    # From the list to this month's grid.
    tab_to(page, "This month")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/events/{this_month.year}/{this_month.month}/$"))
    month_name = page.get_by_role("heading", level=1).inner_text()
    assert str(this_month.year) in month_name
    # Next month, then back: the heading follows.
    tab_to(page, "Next month →")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(month_name)
    tab_to(page, "← Previous month")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(month_name)
    if event.date.month != this_month.month:  # two days from now may be next month
        tab_to(page, "Next month →")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(rf"/events/{event.date.year}/{event.date.month}/$"))
    # The event in the grid opens its page, which offers the calendar file.
    tab_to(page, event.title)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(event.get_absolute_url()) + "$"))
    expect(page.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()


def test_the_filters_work_by_keyboard_without_javascript(new_page, site_content):
    from playwright.sync_api import expect

    page = new_page(java_script_enabled=False)
    page.goto(reverse("events:event_list"))
    page.get_by_label("Kind").focus()
    page.keyboard.press("ArrowDown")  # "Meetings of the bodies"
    tab_to(page, "Show")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"kind=meetings"))
    main = page.locator("main")
    expect(main).to_contain_text("Coming session of the Permanent Council")
    expect(main).not_to_contain_text("Visit of the Secretary General to Minsk")
