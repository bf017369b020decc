"""The public pages fit the screen: no horizontal scrolling on a phone or a desktop."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, PUBLIC_PAGES, public_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Elements sticking out past the right edge, to say what to fix when a page scrolls sideways.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  return Array.from(document.querySelectorAll("body *"))
    .filter(element => element.getBoundingClientRect().right > width + 0.5)
    .filter(element => !element.parentElement
      || element.parentElement.getBoundingClientRect().right <= width + 0.5)
    .slice(0, 10)
    .map(element => {
      const classes = element.className && typeof element.className === "string"
        ? "." + element.className.trim().split(/\\s+/).join(".") : "";
      return `${element.tagName.toLowerCase()}${classes} right=${
        Math.round(element.getBoundingClientRect().right)}`;
    });
}"""


# 375 px: a common phone; 320 px: the narrowest WCAG 2.1 reflow asks for (1.4.10).
@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 640}, PHONE, DESKTOP],
    ids=["320px", "375px", "1280px"],
)
def test_public_pages_do_not_scroll_sideways(new_page, site_content, viewport):
    page = new_page(viewport=viewport)
    problems = []
    for name in PUBLIC_PAGES:
        url = public_url(name, site_content)
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{name} ({url}): answered {response and response.status}")
            continue
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            culprits = ", ".join(page.evaluate(OVERFLOWING)) or "no single element found"
            problems.append(
                f"{name} ({url}): {scroll_width}px wide in a {inner_width}px window; {culprits}"
            )
    assert not problems, "Pages wider than the window:\n" + "\n".join(problems)
    assert page.js_errors == [], "Errors in the browser:\n" + "\n".join(page.js_errors)
