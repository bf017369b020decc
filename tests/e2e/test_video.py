"""The video consent step in a real browser: the page makes no request to the video site
until the reader presses play, then the player's frame appears (core/video.py)."""

from urllib.parse import urlsplit

import pytest

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIDEO_HOSTS = {"www.youtube-nocookie.com", "www.youtube.com", "youtube.com", "i.ytimg.com"}


def test_no_request_reaches_the_video_site_before_play(new_page):
    from playwright.sync_api import expect

    article = ArticleFactory(
        title="Summit of the Collective Security Council (Video)",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    page = new_page()
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    # The network here is closed: the player's address answers from the test instead.
    page.context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>player</title><p>Playing</p>"
        ),
    )

    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    play = page.get_by_role("link", name="Play the video (YouTube)")
    expect(play).to_be_visible()
    assert page.locator("iframe").count() == 0
    before = {urlsplit(url).hostname for url in requested}
    assert before and not before & VIDEO_HOSTS, before
    assert page.context.cookies("https://www.youtube-nocookie.com") == []

    play.click()

    frame = page.locator("iframe.video__player")
    expect(frame).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    expect(page.frame_locator("iframe.video__player").locator("p")).to_have_text("Playing")
    after = [url for url in requested if urlsplit(url).hostname == "www.youtube-nocookie.com"]
    assert after == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]
    # The page's own CSP let that frame in (a refused frame is a console error).
    assert page.js_errors == []


def test_without_javascript_play_leads_to_the_video_s_own_page(new_page):
    article = ArticleFactory(video_url="https://rutube.ru/video/" + "ab" * 16 + "/")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    link = page.get_by_role("link", name="Play the video (Rutube)")
    assert link.get_attribute("href") == "https://rutube.ru/video/" + "ab" * 16 + "/"
    assert page.locator("iframe").count() == 0


def test_a_release_with_a_video_and_files_has_no_serious_accessibility_violation(
    new_page, axe_script
):
    from tests.e2e.conftest import DESKTOP, PHONE
    from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe
    from tests.factories import ArticleAttachmentFactory

    article = ArticleFactory(video_url="https://vk.com/video-22822305_456241864")
    ArticleAttachmentFactory(article=article, language="en", title="Statement")
    ArticleAttachmentFactory(article=article, language="ru", title="Statement")
    page = new_page(bypass_csp=True)  # for the injected audit script only
    page.goto(article.get_absolute_url())
    page.add_script_tag(path=str(axe_script))
    blocking = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        blocking += [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
