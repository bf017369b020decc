"""Every admin form keeps what was entered when it comes back with an error, files included.

Generated from the admin registry: each model admin of ours (``GuardedAdmin``) has its add
form and the first row of each inline filled with a plausible value for every field, chosen
by the field's type (both languages of a translated field, foreign keys to objects the
factories make, files and images), plus one deliberate error in a field of a kind that has
nothing to do with the others (an impossible date, a slug with spaces…). The form must come
back showing every value posted and each file kept; posted again with the error fixed and
no file attached, it must save the kept files (an image re-encoded) and forget them. Each
form also loads the script that keeps its drafts in the browser (tests/e2e show it work).

A new admin form is covered the day it is registered; a field type the generator does not
know fails until the generator is taught a plausible value for it.
"""

import re
from html.parser import HTMLParser
from io import BytesIO

import factory
import pytest
from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.formsets import DELETION_FIELD_NAME
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from core.admin import GuardedAdmin
from meetings.demo import demo_pdf
from tests import factories
from tests.security.test_uploads import exif_photo

pytestmark = pytest.mark.django_db

ENGLISH = "The Permanent Council met in Yerevan"
RUSSIAN = "Постоянный совет провёл заседание в Ереване"
PDF = demo_pdf("A statement of the Permanent Council")
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def our_admins():
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, GuardedAdmin)
    }


def made(model):
    """A new object of ``model`` for a foreign key to choose, from its factory."""
    for candidate in vars(factories).values():
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.get_model_class() is model
        ):
            return candidate()
    pytest.fail(f"no factory makes {model.__name__} for a foreign key: add one to factories.py")


def text(name, field):
    words = RUSSIAN if name.endswith("_ru") else ENGLISH
    if isinstance(field.widget, CKEditorUploadingWidget):
        words = f"<p>{words}: the draft was <strong>agreed</strong>.</p>"
    elif isinstance(field.widget, forms.Textarea):
        words = f"{words}.\nThe ministers will review the draft."
    return words[: field.max_length] if field.max_length else words


def last_choice(name, field):
    """Not the first choice, which is usually the default the form shows anyway (nor
    "withdrawn": only an item readers have seen can be withdrawn, never a new one)."""
    return [value for value, _label in field.choices if value not in ("", None, "withdrawn")][-1]


# What a press officer could enter, by the form field's exact type: (name, field) -> value.
PLAUSIBLE = {
    forms.CharField: text,
    forms.SlugField: lambda name, field: f"plausible-{name.replace('_', '-')}",
    forms.IntegerField: lambda name, field: "7",
    forms.BooleanField: lambda name, field: True,
    forms.DateField: lambda name, field: "2024-05-16",
    forms.TimeField: lambda name, field: "12:00:00" if name.startswith("end") else "10:30:00",
    forms.SplitDateTimeField: lambda name, field: ["2024-05-16", "10:30:00"],
    forms.ChoiceField: last_choice,
    forms.TypedChoiceField: last_choice,
    forms.ModelChoiceField: lambda name, field: str(made(field.queryset.model).pk),
    forms.ModelMultipleChoiceField: lambda name, field: [str(made(field.queryset.model).pk)],
    forms.FileField: lambda name, field: (
        SimpleUploadedFile("clip.mp4", MP4)
        if "video/mp4" in field.widget.attrs.get("accept", "")
        else SimpleUploadedFile("statement.pdf", PDF)
    ),
    forms.URLField: lambda name, field: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    forms.ImageField: lambda name, field: SimpleUploadedFile("photo.jpg", exif_photo()),
}
# The deliberate error, by the first kind of field the form has: (type, impossible value).
IMPOSSIBLE = [
    (forms.DateField, "2024-13-45"),
    (forms.SplitDateTimeField, ["2024-13-45", "10:30:00"]),
    (forms.SlugField, "a slug with spaces"),
    (forms.IntegerField, "seven"),
]


def plausible(bound):
    kind = type(bound.field)
    if kind not in PLAUSIBLE:
        pytest.fail(
            f"{bound.html_name}: no plausible value for a {kind.__name__}; teach PLAUSIBLE one"
        )
    return PLAUSIBLE[kind](bound.name, bound.field)


def deliberate_error(form):
    """A field of ``form`` and a value it must refuse."""
    for kind, value in IMPOSSIBLE:
        for bound in typed(form):
            if type(bound.field) is kind:
                return bound, value
    for bound in typed(form):
        if type(bound.field) is forms.CharField and bound.field.max_length:
            return bound, "x" * (bound.field.max_length + 1)
    pytest.fail(f"{type(form).__name__} has no field to make a deliberate error in")


def typed(form):
    """The fields an officer fills in: not an inline row's hidden keys, not "delete"."""
    return [bound for bound in form if not bound.is_hidden and bound.name != DELETION_FIELD_NAME]


def posted(bound, value):
    """``{name: value}`` as a browser posts ``value`` typed into ``bound``."""
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = zip(widget.widgets_names, value, strict=True)
        return {f"{bound.html_name}{suffix}": part for suffix, part in parts}
    return {bound.html_name: "on" if value is True else value}


def filled_add_form(model_admin, request, shown):
    """The add form as a browser posts it once filled in (``shown``: what the page shows
    before, every row and count of the inlines with it): the form's fields and the first row
    of each inline get plausible values. Returns ``(form, data, rows)``, with ``rows`` the
    inline formset classes whose first row was filled."""
    data = {name: value for name, value in shown.items() if name != "csrfmiddlewaretoken"}
    form = model_admin.get_form(request, None, change=False)()
    for bound in typed(form):
        data.update(posted(bound, plausible(bound)))
    rows = []
    for formset_class, inline in model_admin.get_formsets_with_inlines(request):
        prefix = formset_class.get_default_prefix()
        kwargs = model_admin.get_formset_kwargs(request, model_admin.model(), inline, prefix)
        formset = formset_class(**kwargs)
        assert formset.forms, f"{type(inline).__name__} shows no empty row to fill in"
        for bound in typed(formset.forms[0]):
            data.update(posted(bound, plausible(bound)))
        rows.append(formset_class)
    return form, data, rows


class FormValues(HTMLParser):
    """What the page's form would post as it is shown: ``values[name]``."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.values, self._textarea, self._select = {}, None, None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                self.values[name] = attrs.get("value") or "on"
        elif tag == "input" and name and attrs.get("type") != "file":
            self.values[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""
        elif tag == "select":
            self._select = name
            if "multiple" in attrs:  # posts a list: every option selected
                self.values[name] = []
        elif tag == "option" and self._select and "selected" in attrs:
            if isinstance(self.values.get(self._select), list):
                self.values[self._select].append(attrs.get("value") or "")
            else:
                self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A browser drops the line break right after <textarea>, as Django writes it.
            self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def drafts_script(page):
    """The tag of the script keeping drafts of the page's form in the browser."""
    (script,) = re.findall(r'<script src="[^"]*/admin-drafts\.js"[^>]*>', page)
    return script


def errors(response):
    """The errors of the form a response shows, and of its inline rows."""
    inlines = [
        (inline.formset.errors, inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    ]
    return response.context["adminform"].form.errors, inlines


def stored_file(saved, html_name, rows):
    """The file saved for ``html_name``: on the item, or on its inline row."""
    for formset_class in rows:
        prefix = f"{formset_class.get_default_prefix()}-0-"
        if html_name.startswith(prefix):
            row = formset_class.model.objects.get(**{formset_class.fk.name: saved})
            return getattr(row, html_name.removeprefix(prefix))
    return getattr(saved, html_name)


@pytest.mark.parametrize("model", our_admins(), ids=lambda model: model._meta.label_lower)
def test_add_form_comes_back_with_everything_entered_and_saves_the_kept_files(
    model, staff_client, staff_user, media_root, django_capture_on_commit_callbacks
):
    model_admin = our_admins()[model]
    request = RequestFactory().get("/")
    request.user = staff_user
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    empty_form = staff_client.get(url).content.decode()
    shown = FormValues(empty_form).values
    assert f'data-form="{model._meta.model_name}_form"' in drafts_script(empty_form)
    form, data, rows = filled_add_form(model_admin, request, shown)
    broken, impossible = deliberate_error(form)
    data.update(posted(broken, impossible))
    uploads = {name: value.name for name, value in data.items() if hasattr(value, "read")}
    count = model.objects.count()

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [broken.name]
    page = response.content.decode()
    shown = FormValues(page).values
    for name, value in data.items():
        if name.startswith("initial-"):
            continue  # Django's hidden copy of a callable default, to tell a change: not typed
        if name in uploads:
            assert shown.get(f"{name}-kept"), f"{name}: no token of its kept file"
            assert f"Kept from your last try: {uploads[name]}" in page
        else:
            assert shown.get(name) == value, f"{name} came back as {shown.get(name)!r}"

    data.update(posted(broken, plausible(broken)))
    for name in uploads:
        data[f"{name}-kept"] = shown[f"{name}-kept"]
        del data[name]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)

    assert response.status_code == 302, errors(response)
    assert model.objects.count() == count + 1
    saved = model.objects.latest("pk")
    for formset_class in rows:
        assert formset_class.model.objects.filter(**{formset_class.fk.name: saved}).count() == 1
    for name in uploads:
        file = stored_file(saved, name, rows)
        assert file and default_storage.exists(file.name), f"{name} was saved without its file"
        content = file.read()
        if isinstance(file.field.formfield(), forms.ImageField):
            with Image.open(BytesIO(content)) as stored:
                # Re-encoded: turned upright, and the camera's GPS position is gone.
                assert stored.size == (20, 40) and not stored.getexif().get_ifd(0x8825)
        else:
            assert content in (PDF, MP4)
    assert not [path for path in (media_root / "kept").rglob("*") if path.is_file()]
