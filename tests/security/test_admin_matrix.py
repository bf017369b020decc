"""Every admin door, for every role: generated from the admin's URL configuration.

For each role (anonymous, view-only staff, Editor, Publisher, superuser) and each URL pattern
of the admin (every model admin's changelist, add, change, delete, history and history
"revert" form, their actions and list edits, and the site's own views), on a draft and on a
published item, the answer must be the one the rules below give: allowed, 403, not found,
or a redirect to the login page. A write that is refused must leave the stored data as it
was; one that is allowed must really change it.

The rules are written here on their own, not taken from the code under test:

- anonymous visitors are sent to the login page, everywhere;
- superusers may do everything;
- view-only staff may open the pages of the press office's models, and write nowhere;
- editors may write drafts of content and of its parts (a document's steps), add parts to
  published items, and only look at published items and at reference data;
- publishers may also change, delete, publish and unpublish published items, and add and
  change (not delete) reference data;
- nobody but a superuser may touch accounts, groups or the lockout records;
- subscribers, deliveries and webhooks are a superuser's; publishers may read the mail
  counts per item (``subscriptions.Mailing``, no personal data) and send an item again.

A URL pattern the matrix does not know fails ``test_every_admin_url_pattern_is_covered``:
a new admin view is covered the day it is added, or the suite says so.
"""

import datetime
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLResolver, reverse

from core import content
from core.roles import EDITOR, PUBLISHER
from meetings import services
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
    StaffUserFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "publisher", "superuser"]
ALLOWED, FORBIDDEN, LOGIN, NOT_FOUND = "allowed", "403", "login", "404"

# --- what the admin has ----------------------------------------------------------------

SITE_VIEWS = {
    "index", "login", "logout", "password_change", "password_change_done", "autocomplete",
    "jsi18n", "view_on_site", "app_list",
}  # fmt: skip
MODEL_VIEWS = {"changelist", "add", "change", "delete", "history", "simple_history"}
# The preview before saving (core/preview.py): a POST of the form, then its page and frame.
PREVIEW_VIEWS = {"preview", "preview_page", "preview_render"}
WRITES = {"add", "change", "delete", "simple_history"}


def model_admins():
    return dict(admin.site._registry)


def url_name_kind(model, name):
    """The kind of view a model admin's URL name is ("change"…), or None if unknown."""
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
    if name and name.startswith(prefix) and name[len(prefix) :] in MODEL_VIEWS:
        return name[len(prefix) :]
    return None


def unknown_patterns():
    """Every admin URL pattern the matrix below does not know."""
    unknown = []
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            continue
        if pattern.name is None and pattern.callback.__name__ == "catch_all_view":
            continue
        if pattern.name not in SITE_VIEWS:
            unknown.append(str(pattern.pattern))
    for model, model_admin in model_admins().items():
        for pattern in model_admin.get_urls():
            if pattern.name is None and str(pattern.pattern) == "<path:object_id>/":
                continue  # the old address of the change page: a redirect to it
            if pattern.name == "auth_user_password_change":
                continue  # in SUPERUSER_ONLY_VIEWS below
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if pattern.name and pattern.name.removeprefix(prefix) in PREVIEW_VIEWS:
                continue  # test_the_preview_before_saving_has_the_doors_of_the_change_form
            if pattern.name == "archive_oldaddress_upload":
                continue  # test_the_redirect_csv_upload_is_a_superusers (below)
            if url_name_kind(model, pattern.name) is None:
                unknown.append(f"{model._meta.label}: {pattern.pattern} ({pattern.name})")
    return unknown


def test_every_admin_url_pattern_is_covered():
    assert unknown_patterns() == []


# --- the rules ------------------------------------------------------------------------------


def kind_of(model):
    entry = content.entry_for(model)
    return entry.kind if entry else "other"


def expected(role, model, view, method, published):
    """The answer the rules in the module docstring give."""
    if role == "anonymous":
        return LOGIN
    kind = kind_of(model)
    reading = method == "GET" and view in {"changelist", "change", "history", "simple_history"}
    if kind == "other":
        mail_counts = model._meta.label == "subscriptions.Mailing" and role == "publisher"
        return ALLOWED if mail_counts and reading else FORBIDDEN
    if role == "superuser":
        return ALLOWED
    if reading:
        return ALLOWED
    if role == "viewer":
        return FORBIDDEN
    if content.entry_for(model).publishers_only:  # a public correction note
        return ALLOWED if role == "publisher" else FORBIDDEN
    if kind == content.REFERENCE:
        if role == "editor" or view == "delete":
            return FORBIDDEN
        return ALLOWED
    # Content and parts: editors write drafts only; publishers everything.
    if role == "publisher" or not published:
        return ALLOWED
    return ALLOWED if view == "add" else FORBIDDEN


def expected_action(role, model, action, published):
    if role == "anonymous":
        return LOGIN
    kind = kind_of(model)
    if kind == "other":
        mail_again = model._meta.label == "subscriptions.Mailing" and action == "send_again"
        return ALLOWED if mail_again and role == "publisher" else FORBIDDEN
    if role == "superuser":
        return ALLOWED
    if role == "viewer":
        return FORBIDDEN
    if action == "record_step":  # adds a step: an editor may, on any document
        return ALLOWED
    if action in {"publish", "unpublish"} or content.entry_for(model).publishers_only:
        return ALLOWED if role == "publisher" else FORBIDDEN
    # delete_selected: never for reference data; content in bulk is a publisher's call;
    # parts follow their item (an editor may clear a draft's steps).
    if kind == content.REFERENCE:
        return FORBIDDEN
    if role == "publisher" or (kind == content.PART and not published):
        return ALLOWED
    return FORBIDDEN


# --- the people and the data --------------------------------------------------------------


def browser_for(role):
    browser = Client()
    if role == "anonymous":
        return browser
    if role == "superuser":
        user = StaffUserFactory(username="root")  # the same account as ``root``
    else:
        user = UserFactory(username=role, is_staff=True)
    if role == "viewer":
        codenames = [f"view_{entry.name}" for entry in content.entries()]
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    elif role in ("editor", "publisher"):
        user.groups.add(Group.objects.get(name=EDITOR if role == "editor" else PUBLISHER))
    browser.force_login(user)
    return browser


def make_object(model, published):
    """One object of ``model``: for content and parts, a draft or a published one (a part's
    state is its item's)."""
    state = {} if published else {"draft": True}
    label = model._meta.label
    if label == "news.Article":
        return ArticleFactory(**state)
    if label == "meetings.Meeting":
        return MeetingFactory(**state)
    if label == "meetings.Document":
        return DocumentFactory(**state)
    if label == "meetings.DocumentStep":
        document = DocumentFactory(**state)
        return services.record_step(document, status="drafted", date=datetime.date(2024, 3, 1))
    if label == "pages.Page":
        return PageFactory(**state)
    if label == "people.Person":
        return PersonFactory(**state)
    if label == "news.Section":
        return SectionFactory()
    if label == "meetings.Body":
        return BodyFactory()
    if label == "meetings.MemberState":
        return MemberStateFactory()
    if label == "events.Event":
        return EventFactory(**state)
    if label == "events.EventKind":
        return EventKindFactory()
    if label == "topics.Topic":
        return TopicFactory()
    if label == "auth.User":
        return UserFactory(username="someone")
    if label == "auth.Group":
        return Group.objects.get(name=EDITOR)
    if label.startswith("axes."):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        common = {"ip_address": "203.0.113.5", "user_agent": "test", "username": "x"}
        if label == "axes.AccessAttempt":
            return AccessAttempt.objects.create(failures_since_start=1, **common)
        if label == "axes.AccessLog":
            return AccessLog.objects.create(**common)
        return AccessFailureLog.objects.create(locked_out=False, **common)
    if label.startswith("archive."):
        from archive.models import ArchiveItem, BrokenLink, OldAddress

        if label == "archive.OldAddress":
            return OldAddress.objects.create(path="/news/old/", new_path="/ru/news/")
        if label == "archive.ArchiveItem":
            return ArchiveItem.objects.create(key="23867", article=ArticleFactory())
        article = ArticleFactory()
        return BrokenLink.objects.create(
            item=article, item_title=article.title, field="body_en", url="/x/",
            problem="404", checked_at=datetime.datetime.now(tz=datetime.UTC),
        )  # fmt: skip
    if label.startswith("subscriptions."):
        from django.contrib.contenttypes.models import ContentType

        from subscriptions.models import (
            Delivery,
            Endpoint,
            Mailing,
            Subscriber,
            WebhookDelivery,
        )

        endpoint = Endpoint.objects.create(
            name="Partner", url="https://partner.example.org/hook", events=["published"]
        )
        if label == "subscriptions.Endpoint":
            return endpoint
        subscriber = Subscriber.objects.create(email="reader@example.org", language="en")
        if label == "subscriptions.Subscriber":
            return subscriber
        article = ArticleFactory()  # published: its mailing is made with it
        mailing, _created = Mailing.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(article),
            object_id=article.pk,
            defaults={"title": article.title},
        )
        if label == "subscriptions.Mailing":
            return mailing
        if label == "subscriptions.WebhookDelivery":
            return WebhookDelivery.objects.filter(endpoint=endpoint).first()
        return Delivery.objects.create(mailing=mailing, subscriber=subscriber)
    raise AssertionError(f"no test object for {label}: add one to make_object()")


def snapshot(obj):
    """What is stored of ``obj`` (and of a document's steps), to tell a refused write."""
    model = type(obj)
    stored = model._base_manager.filter(pk=obj.pk).first()
    if stored is None:
        return None
    fields = [f.name for f in model._meta.concrete_fields if not f.generated]
    data = model_to_dict(stored, fields=fields)
    data.pop("updated_at", None)
    if hasattr(stored, "steps"):
        data["steps"] = sorted(stored.steps.values_list("pk", "status", "note"))
    return data


# --- pages as a browser sees them ---------------------------------------------------------


class FormReader(HTMLParser):
    """The fields a browser would post from the admin's main form (not the logout form)."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            form_id = attrs.get("id", "")
            self.in_form = attrs.get("method", "").lower() == "post" and form_id != "logout-form"
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if "checked" in attrs else "")))
        elif tag == "select" and name:
            self.select = [name, None, "multiple" in attrs]
        elif tag == "option" and self.select is not None:
            if "selected" in attrs:
                self.data.append((self.select[0], attrs.get("value", "")))
                self.select[1] = True
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            if not self.select[1] and not self.select[2]:
                self.data.append((self.select[0], ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def form_data(page):
    reader = FormReader()
    reader.feed(page.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


CHANGEABLE = ("title_en", "name_en", "note_en", "username", "name", "user_agent")


def with_a_change(data):
    """``data`` with one text field changed, so that an allowed write shows."""
    changed = {key: list(values) for key, values in data.items()}
    for name in CHANGEABLE:
        if name in changed:
            changed[name] = [(changed[name][0] or "x")[:90] + " changed"]
            return changed, name
    return changed, None


def answer(response):
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    location = response.headers.get("Location", "")
    if response.status_code == 302 and urlsplit(location).path == reverse("admin:login"):
        return LOGIN
    assert response.status_code in (200, 302), (response.status_code, response.content[:300])
    return ALLOWED


# --- the cases ------------------------------------------------------------------------------


def roles_for(model):
    """Every role, but a superuser only in our own models' admins: in another app's (axes'
    read-only records, accounts) what a superuser may do is that app's choice."""
    return [role for role in ROLES if role != "superuser" or kind_of(model) != "other"]


def model_cases():
    cases = []
    for model, model_admin in model_admins().items():
        states = [False, True] if kind_of(model) in (content.CONTENT, content.PART) else [True]
        views = {url_name_kind(model, p.name) for p in model_admin.get_urls()} - {None}
        for view in sorted(views):
            # A changelist's POST writes through list edits (and actions: tested below); the
            # history list only reads.
            posts = view == "changelist" and model_admin.list_editable or view in WRITES
            for method in ("GET", "POST") if posts else ("GET",):
                for published in states:
                    for role in roles_for(model):
                        state = "published" if published else "draft"
                        case_id = f"{model._meta.label}-{view}-{method}-{state}-{role}"
                        cases.append(pytest.param(model, view, method, published, role, id=case_id))
    return cases


@pytest.fixture
def root():
    """A signed-in superuser, made before anything is counted (signing in writes a login
    record), whose pages give the form data a browser would post."""
    browser = Client()
    browser.force_login(StaffUserFactory(username="root"))
    return browser


@pytest.mark.parametrize(("model", "view", "method", "published", "role"), model_cases())
def test_model_admin_door(root, model, view, method, published, role):
    obj = make_object(model, published)
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    if view in ("changelist", "add"):
        url = reverse(name)
    elif view == "simple_history":
        version = obj.history.order_by("history_date").first()
        url = reverse(name, args=[obj.pk, version.history_id])
    else:
        url = reverse(name, args=[obj.pk])
    browser = browser_for(role)
    want = expected(role, model, view, method, published)
    if method == "GET":
        assert answer(browser.get(url)) == want
        return

    before, count = snapshot(obj), model._base_manager.count()
    if view == "delete":
        data, changed = {"post": "yes"}, False
    elif view == "changelist":  # a list edit: every row's editable column changed
        data = form_data(root.get(url))
        for key in [key for key in data if re.fullmatch(r"form-\d+-position", key)]:
            data[key] = [str(int(data[key][0] or 0) + 1)]
        data["_save"] = ["Save"]
        changed = True
    else:  # the form as the page shows it (a superuser sees every field), one field changed
        data, changed_field = with_a_change(form_data(root.get(url)))
        changed = changed_field is not None and view != "add"
    response = browser.post(url, data)
    got = answer(response)
    assert got == want, (response.status_code, response.content[:500])
    if want != ALLOWED:
        assert snapshot(obj) == before, "a refused write changed the stored data"
        assert model._base_manager.count() == count, "a refused write added or deleted"
    elif view == "delete":
        assert snapshot(obj) is None, "an allowed delete left the item"
    elif changed:
        assert response.status_code == 302, response.content[:1000]
        assert snapshot(obj) != before, "an allowed change was not saved"


def action_cases():
    cases = []
    for model, model_admin in model_admins().items():
        states = [False, True] if kind_of(model) in (content.CONTENT, content.PART) else [True]
        actions = {a if isinstance(a, str) else a.__name__ for a in model_admin.actions or ()}
        for action in sorted(actions | {"delete_selected"}):
            for published in states:
                for role in roles_for(model):
                    state = "published" if published else "draft"
                    case_id = f"{model._meta.label}-{action}-{state}-{role}"
                    cases.append(pytest.param(model, action, published, role, id=case_id))
    return cases


@pytest.mark.parametrize(("model", "action", "published", "role"), action_cases())
def test_admin_action_door(root, model, action, published, role):
    obj = make_object(model, published)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    data = {"action": action, "_selected_action": [obj.pk], "index": 0}
    if action == "delete_selected":
        data["post"] = "yes"
    if action == "record_step":
        data.update(apply="1", status="withdrawn", date="2024-05-01")
    want = expected_action(role, model, action, published)
    browser = browser_for(role)
    before = snapshot(obj)
    response = browser.post(url, data)
    assert answer(response) == want
    already = (action == "publish" and published) or (action == "unpublish" and not published)
    already |= action == "send_again"  # adds an edition; the selected one stays as it was
    if want != ALLOWED or already:
        assert snapshot(obj) == before, "a refused (or idle) action changed the stored data"
    else:
        assert snapshot(obj) != before, "an allowed action changed nothing"


def test_site_views_answer_staff_and_send_others_to_the_login():
    for role in ROLES:
        browser = browser_for(role)
        for name in ("index", "password_change", "jsi18n"):
            got = answer(browser.get(reverse(f"admin:{name}")))
            assert got == (LOGIN if role == "anonymous" else ALLOWED), (role, name)
        app_list = answer(browser.get(reverse("admin:app_list", args=["news"])))
        assert app_list == (LOGIN if role == "anonymous" else ALLOWED), role
        axes_list = answer(browser.get(reverse("admin:app_list", args=["axes"])))
        allowed = {"anonymous": LOGIN, "superuser": ALLOWED}
        assert axes_list == allowed.get(role, NOT_FOUND), role


def test_view_on_site_and_autocomplete_follow_the_view_permission():
    article = ArticleFactory()
    opts = type(article)._meta
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(article)
    for role in ROLES:
        browser = browser_for(role)
        shortcut = browser.get(reverse("admin:view_on_site", args=[content_type.pk, article.pk]))
        if role == "anonymous":
            assert answer(shortcut) == LOGIN
        else:
            assert shortcut.status_code == 302
            assert shortcut["Location"].endswith(article.get_absolute_url())
        search = browser.get(
            reverse("admin:autocomplete"),
            {"app_label": opts.app_label, "model_name": opts.model_name, "field_name": "meeting"},
        )
        assert answer(search) == (LOGIN if role == "anonymous" else ALLOWED), role


def test_only_a_superuser_may_set_a_password():
    someone = UserFactory(username="someone")
    url = reverse("admin:auth_user_password_change", args=[someone.pk])
    for role in ROLES:
        data = {"password1": "a long new secret 123", "password2": "a long new secret 123"}
        before = type(someone).objects.get(pk=someone.pk).password
        got = answer(browser_for(role).post(url, data))
        after = type(someone).objects.get(pk=someone.pk).password
        if role == "superuser":
            assert got == ALLOWED and after != before
        else:
            assert got == (LOGIN if role == "anonymous" else FORBIDDEN), role
            assert after == before


def test_the_history_revert_form_cannot_rewrite_a_published_documents_step(root):
    """The finding of the security review, as it was reproduced."""
    document = DocumentFactory()
    step = services.record_step(
        document, status="domestic_approval", date=datetime.date(2024, 7, 16), note="Sent"
    )
    version = step.history.first()
    url = reverse("admin:meetings_documentstep_simple_history", args=[step.pk, version.history_id])
    data = form_data(root.get(url))
    data.update(status=["withdrawn"], note_en=["Rewritten"])
    for role in ("viewer", "editor"):
        response = browser_for(role).post(url, data)
        assert response.status_code == 403, role
        step.refresh_from_db()
        assert (step.status, step.note) == ("domestic_approval", "Sent")
    document.refresh_from_db()
    assert document.current_status == "domestic_approval"
    assert re.search(r"Sent", Client().get(document.get_absolute_url()).text)


def preview_cases():
    cases = []
    for model, model_admin in model_admins().items():
        names = {pattern.name for pattern in model_admin.get_urls()}
        if f"{model._meta.app_label}_{model._meta.model_name}_preview" not in names:
            continue
        for published in (False, True):
            for role in ROLES:
                state = "published" if published else "draft"
                cases.append(
                    pytest.param(model, published, role, id=f"{model._meta.label}-{state}-{role}")
                )
    return cases


@pytest.mark.parametrize(("model", "published", "role"), preview_cases())
def test_the_preview_before_saving_has_the_doors_of_the_change_form(root, model, published, role):
    """Previewing the form of an item answers as posting that form would: the same roles,
    the same states; the preview's pages belong to the session that asked for them."""
    obj = make_object(model, published)
    opts = model._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    start = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview") + f"?object={obj.pk}"
    data = form_data(root.get(change))
    before = snapshot(obj)
    browser = browser_for(role)
    response = browser.post(start, data)
    want = expected(role, model, "change", "POST", published)
    assert answer(response) == want
    assert snapshot(obj) == before, "a preview saved something"
    if want == ALLOWED:
        page = browser.get(response["Location"])
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        frame = re.search(r'<iframe[^>]* src="([^"]+)"', page.content.decode()).group(1)
        rendered = browser.get(frame)
        assert rendered.status_code == 200
        assert "Preview — not published." in rendered.content.decode()
        # Another session (even of a superuser) cannot open that preview.
        assert root.get(response["Location"]).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_redirect_csv_upload_is_a_superusers(role):
    from archive.models import OldAddress

    browser = browser_for(role)
    url = reverse("admin:archive_oldaddress_upload")
    want = ALLOWED if role == "superuser" else (LOGIN if role == "anonymous" else FORBIDDEN)
    assert answer(browser.get(url)) == want
    upload = io.BytesIO(b"/news/old/,/ru/news/\n")
    upload.name = "r.csv"
    assert answer(browser.post(url, {"file": upload})) == want
    assert OldAddress.objects.exists() == (want == ALLOWED)
