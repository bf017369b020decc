"""Readers who use the keyboard alone: a skip link first, and a visible focus everywhere."""

import re

import pytest

from tests.e2e.conftest import open_public_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What the focused element looks like: enough to tell whether the focus can be seen.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const label = (element.getAttribute("aria-label") || element.textContent || element.name || "")
    .trim().replace(/\\s+/g, " ").slice(0, 50);
  return {
    tag: element.tagName.toLowerCase(),
    label: label,
    visibleFocus: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
    inMain: !!element.closest("main"),
  };
}"""


def test_skip_link_comes_first_and_leads_into_the_content(page, site_content):
    from playwright.sync_api import expect

    open_public_page(page, "article", site_content)
    skip_link = page.get_by_role("link", name="Skip to main content")
    # Out of sight until focused (this also fails when the stylesheet did not load).
    hidden_box = skip_link.bounding_box()
    assert hidden_box is None or hidden_box["y"] + hidden_box["height"] <= 0, (
        "the skip link shows before it is focused"
    )
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0, "the skip link stays hidden"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "Tab after the skip link should stay in the content"


@pytest.mark.parametrize("name", ["home", "document register", "search results"])
def test_every_focus_stop_is_visible(page, site_content, name):
    open_public_page(page, name, site_content)
    invisible, stops = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":  # went round the whole page
            break
        stops.append(focused)
        if not focused["visibleFocus"]:
            invisible.append(f"<{focused['tag']}> {focused['label']!r}")
    assert any(stop["inMain"] for stop in stops), "the keyboard never reached the content"
    assert not invisible, f"No visible focus on {name} for: " + ", ".join(invisible)
