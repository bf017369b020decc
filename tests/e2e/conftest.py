"""Real-browser fixtures: Debian's Chromium driven by Playwright against ``live_server``.

One browser for the whole session, a fresh context (cookies, storage, viewport) per test.
Where Chromium or the playwright package is missing the tests are skipped with a hint,
except under CI (``CI=true``), where a missing browser fails the run: the browser tests
must really run there.
"""

import datetime
import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import record_step
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    EventFactory,
    EventKindFactory,
    MeetingFactory,
    MemberStateFactory,
    PageFactory,
    PersonFactory,
    SectionFactory,
    TopicFactory,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp/csto-e2e"))  # noqa: S108

# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which a closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
INSTALL_HINT = (
    "install Debian's Chromium (`apt-get install chromium`) and the test dependencies "
    "(`make install`, which also runs `npm ci` for axe-core); never `playwright install`"
)


def running_in_ci():
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason):
    """Skip the browser tests locally; under CI a missing browser is a failure."""
    message = f"Browser tests cannot run: {reason}; {INSTALL_HINT}."
    if running_in_ci():
        pytest.fail(f"{message} (CI=true: the browser tests must run here)", pytrace=False)
    pytest.skip(message)


def chromium_executable():
    """``CHROMIUM_PATH`` when set (and only it), else Debian's chromium."""
    if os.environ.get("CHROMIUM_PATH"):
        path = os.environ["CHROMIUM_PATH"]
        return path if os.access(path, os.X_OK) else None
    candidates = [
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed")
    executable = chromium_executable()
    if executable is None:
        unavailable("no chromium executable found")
    # Playwright's sync API runs an asyncio event loop in the test thread; the ORM calls that
    # build test data from that thread are still plain synchronous calls. Only while the
    # browser is up, so the rest of the suite keeps Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:
        playwright.stop()
        unavailable(f"{executable} did not start ({error})")
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(request, browser, live_server, transactional_db):
    """Open a page in a fresh context: ``new_page(viewport=PHONE, bypass_csp=True)``.

    Relative URLs go to the live server. On failure every page of the test is saved as a
    screenshot under ``SCREENSHOT_DIR``.
    """
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Uncaught exceptions, and console errors (a script or style the CSP refused, a
        # missing asset), for tests to assert on.
        page.js_errors = []

        def console_error(message):
            if message.type == "error":
                page.js_errors.append(f"console: {message.text} at {page.url}")

        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        page.on("console", console_error)
        return page

    yield open_page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for index, context in enumerate(contexts):
            for number, page in enumerate(context.pages):
                path = SCREENSHOT_DIR / f"{name}-{index}-{number}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                    print(f"screenshot: {path}")
                except Exception as error:  # a crashed page must not hide the real failure
                    print(f"no screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-width page in a fresh context."""
    return new_page()


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_SCRIPT.is_file():
        unavailable(f"{AXE_SCRIPT.relative_to(REPO_ROOT)} is missing (npm ci)")
    return AXE_SCRIPT


# A word that appears in one press release only, for the search step.
SEARCH_WORD = "Samarkand"

RELEASE_BODY = (
    "<p>The Permanent Council met in Moscow and then in Samarkand to consider the draft "
    "statement on the anniversary of the Treaty.</p>"
    "<h2>Decisions</h2>"
    "<ul><li>The draft was agreed.</li><li>The ministers will review it.</li></ul>"
    '<table><thead><tr><th scope="col">Member state</th><th scope="col">Representative'
    '</th><th scope="col">Position</th></tr></thead><tbody><tr><td>Kyrgyz Republic</td>'
    "<td>Permanent and Plenipotentiary Representative</td><td>Chair of the Council</td>"
    "</tr></tbody></table>"
    "<pre>Ref. CSTO/PC/2026/017-rev.2/statement-on-the-anniversary-of-the-collective-security-"
    "treaty</pre>"
    '<p>The full text: <a href="https://en.odkb-csto.org/documents/statements/'
    'statement_of_the_permanent_council_on_the_anniversary_of_the_treaty_2026/">'
    "https://en.odkb-csto.org/documents/statements/statement_of_the_permanent_council_on_"
    "the_anniversary_of_the_treaty_2026/</a></p>"
)


@pytest.fixture
def site_content(transactional_db):
    """What a reader browses: two sections of releases, two meetings of the Permanent
    Council and a document whose path went through both."""
    news = SectionFactory(name="CSTO news", slug="csto-news", position=1)
    statements = SectionFactory(name="Statements", slug="statements", position=2)
    # More than a page of news (12 a page), so the lists show their pagination.
    for number in range(12):
        ArticleFactory(section=news, title=f"Working group meeting number {number}")
    release = ArticleFactory(
        section=statements,
        title="Statement of the Permanent Council on the anniversary of the Treaty",
        slug="permanent-council-anniversary-statement",
        lead="The Permanent Council agreed the draft statement of the foreign ministers.",
        body=RELEASE_BODY,
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    older = ArticleFactory(section=statements, title="Statement on the situation in the region")

    council = BodyFactory(name="Permanent Council", abbreviation="PC", slug="permanent-council")
    ministers = BodyFactory(name="Council of Foreign Ministers", abbreviation="CFM", slug="cfm")
    earlier_meeting = MeetingFactory(
        body=council,
        title="Meeting of the Permanent Council",
        slug="permanent-council-2026-03-12",
        date=datetime.date(2026, 3, 12),
        chair_name="Aida Kasymalieva",
        summary="<p>The Council considered the draft statement.</p>",
    )
    meeting = MeetingFactory(
        body=council,
        title="Meeting of the Permanent Council on the anniversary statement",
        slug="permanent-council-2026-04-02",
        date=datetime.date(2026, 4, 2),
        chair_name="Aida Kasymalieva",
        summary="<p>The Council agreed the draft statement of the foreign ministers.</p>",
    )
    document = DocumentFactory(
        title="Statement of the foreign ministers on the anniversary of the Treaty",
        slug="cfm-anniversary-statement",
        body=ministers,
        summary="<p>A joint statement for the anniversary.</p>",
    )
    record_step(
        document, status="under_consideration", date=earlier_meeting.date, meeting=earlier_meeting
    )
    record_step(document, status="agreed", date=meeting.date, meeting=meeting)
    # Issue 17: an information page under another, and the Secretary General quoted.
    about = PageFactory(title="About the CSTO", slug="about-the-csto", show_in_menu=True)
    contacts = PageFactory(
        title="Contacts",
        slug="contacts",
        parent=about,
        body='<p>Press service: <a href="mailto:press@odkb.example">press@odkb.example</a></p>'
        "<h2>Address</h2><p>Moscow, Sivtsev Vrazhek, 39</p>",
    )
    secretary_general = PersonFactory(
        title="Imangali Tasmagambetov",
        slug="imangali-tasmagambetov",
        role="Secretary General of the CSTO",
        biography="<p>Secretary General since 1 January 2023.</p>",
    )
    release.people.add(secretary_general)
    kyrgyzstan = MemberStateFactory(name="Kyrgyzstan", code="KGZ", mentions="Treaty")
    Meeting.objects.filter(pk=meeting.pk).update(chair_state=kyrgyzstan)
    # The calendar (issue 17b): a coming meeting, and events of two kinds, one cancelled.
    today = timezone.localdate()
    coming_meeting = MeetingFactory(
        body=council,
        title="Coming session of the Permanent Council",
        slug="permanent-council-coming",
        date=today + datetime.timedelta(days=3),
        time=datetime.time(11, 0),
        meeting_status="scheduled",
    )
    visit = EventKindFactory(name="Visit", slug="visit")
    event = EventFactory(
        kind=visit,
        title="Visit of the Secretary General to Minsk",
        slug="visit-minsk",
        date=today + datetime.timedelta(days=2),
        time=datetime.time(10, 0),
        description="<p>Talks with the leadership of Belarus.</p>",
    )
    EventFactory(
        kind=EventKindFactory(name="Press conference", slug="press-conference"),
        title="Press conference after the session",
        date=today + datetime.timedelta(days=3),
        body=council,
        meeting=coming_meeting,
        event_status="cancelled",
    )
    # A season of exercises far ahead: the list has more than a page (40) of what is coming.
    exercise = EventKindFactory(name="Exercise", slug="exercise")
    for number in range(40):
        EventFactory(
            kind=exercise,
            title=f"Exercise stage {number + 1}",
            date=today + datetime.timedelta(days=120 + number),
        )
    # A public correction on the release, and a withdrawn release (issue 17b).
    release.corrections.create(note_en="the date of the meeting.")
    withdrawn = ArticleFactory(
        section=statements,
        title="Statement withdrawn by the press service",
        status="withdrawn",
        withdrawal_reason_en="It was issued before the Council agreed it.",
    )
    # Topics (issue 17b): the release, its meeting, the document and the visit share one.
    topic = TopicFactory(name="Peacekeeping", slug="peacekeeping")
    for item in (release, older, meeting, document, event):
        item.topics.add(topic)
    return SimpleNamespace(
        withdrawn=withdrawn,
        topic=topic,
        coming_meeting=coming_meeting,
        event=event,
        kyrgyzstan=kyrgyzstan,
        about=about,
        contacts=contacts,
        secretary_general=secretary_general,
        news=news,
        statements=statements,
        release=release,
        older=older,
        council=council,
        earlier_meeting=earlier_meeting,
        meeting=meeting,
        document=document,
    )


PUBLIC_PAGES = [
    "home",
    "news list",
    "section",
    "news archive",
    "article",
    "meetings list",
    "meeting",
    "document register",
    "document",
    "search results",
    "information page",
    "people list",
    "person",
    "body",
    "member state",
    "events calendar",
    "events calendar, page 2",
    "calendar month",
    "event",
    "topic",
    "withdrawn article",
]


def public_url(name, content):
    """The path of one of ``PUBLIC_PAGES`` showing ``site_content``."""
    published = timezone.localtime(content.release.published_at)
    urls = {
        "home": lambda: reverse("home"),
        "news list": lambda: reverse("news:article_list"),
        "section": content.statements.get_absolute_url,
        "news archive": lambda: reverse(
            "news:archive_month",
            kwargs={"year": published.year, "month": published.month},
        ),
        "article": content.release.get_absolute_url,
        "meetings list": lambda: reverse("meetings:meeting_list"),
        "meeting": content.meeting.get_absolute_url,
        "document register": lambda: reverse("meetings:document_list"),
        "document": content.document.get_absolute_url,
        "search results": lambda: f"{reverse('search')}?q={SEARCH_WORD}",
        "information page": content.contacts.get_absolute_url,
        "people list": lambda: reverse("people:person_list"),
        "person": content.secretary_general.get_absolute_url,
        "body": content.council.get_absolute_url,
        "member state": content.kyrgyzstan.get_absolute_url,
        "events calendar": lambda: reverse("events:event_list"),
        "events calendar, page 2": lambda: f"{reverse('events:event_list')}?page=2",
        "calendar month": lambda: reverse(
            "events:event_month", args=[content.event.date.year, content.event.date.month]
        ),
        "event": content.event.get_absolute_url,
        "topic": content.topic.get_absolute_url,
        "withdrawn article": content.withdrawn.get_absolute_url,
    }
    return urls[name]()


def open_public_page(page, name, content):
    """Go to a public page and insist it answered 200, so an audit never passes a 404."""
    url = public_url(name, content)
    response = page.goto(url)
    assert response is not None and response.status == 200, (
        f"{name} ({url}) answered {response and response.status}"
    )
    return url
