"""Staff manage old addresses (and upload a CSV of them), see the archive's items and the
broken links found in published items."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .addresses import split_old_url, validate_site_path
from .models import ArchiveItem, BrokenLink, OldAddress

MAX_CSV_BYTES = 2 * 1024 * 1024


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Two columns: old address, new path on this site (for example "
            "/news/news_odkb/old-release/,/ru/news/csto-news/). An empty new path answers 410."
        ),
    )


def read_redirect_csv(upload):
    """Rows of (old address, new path) from an uploaded CSV; ValidationError on a bad row,
    so nothing is saved from a file with a mistake in it."""
    if upload.size > MAX_CSV_BYTES:
        raise ValidationError(_("The file is too large."))
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text.")) from None
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not row[0].strip() or row[0].strip().lower() in ("old", "old address"):
            continue
        old = row[0].strip()
        new = row[1].strip() if len(row) > 1 else ""
        if new:
            try:
                validate_site_path(new)
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(number)s: %(error)s"),
                    params={"number": number, "error": error.messages[0]},
                ) from None
        rows.append((old, new))
    return rows


def save_redirects(rows):
    """Each (old, new) row saved as an old address, checked like one added in the form
    (no address leading to another old one): all of them, or none."""
    with transaction.atomic():
        for number, (old, new) in enumerate(rows, 1):
            host, old_path, query = split_old_url(old)
            address = OldAddress.objects.filter(host=host, path=old_path, query=query).first()
            address = address or OldAddress(host=host, path=old_path, query=query)
            address.article, address.new_path = None, new
            try:
                address.clean()
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(number)s: %(error)s"),
                    params={"number": number, "error": error.messages[0]},
                ) from None
            address.save()


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ("__str__", "host", "leads_to", "created_at")
    list_filter = ("host", "language")
    search_fields = ("path", "query", "new_path", "article__slug")
    raw_id_fields = ("article",)
    list_select_related = ("article__section",)
    change_list_template = "admin/archive/oldaddress/change_list.html"

    @admin.display(description=_("leads to"))
    def leads_to(self, obj):
        if obj.article_id:
            return obj.article.get_absolute_url()
        return obj.new_path or _("removed (410)")

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_csv)
        return [path("upload/", upload, name="archive_oldaddress_upload"), *super().get_urls()]

    def upload_csv(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_redirect_csv(form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            else:
                try:
                    save_redirects(rows)
                except ValidationError as error:
                    form.add_error("file", error)
            if form.is_valid():
                self.message_user(
                    request, _("%(count)s addresses saved.") % {"count": len(rows)},
                    messages.SUCCESS,
                )  # fmt: skip
                return redirect(reverse("admin:archive_oldaddress_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Upload old addresses"),
        }
        return TemplateResponse(request, "admin/archive/oldaddress/upload.html", context)


@admin.register(ArchiveItem)
class ArchiveItemAdmin(admin.ModelAdmin):
    list_display = ("key", "article", "imported_at")
    search_fields = ("key", "article__slug")
    raw_id_fields = ("article",)
    readonly_fields = ("imported_at",)


@admin.register(BrokenLink)
class BrokenLinkAdmin(admin.ModelAdmin):
    """The broken links ``check_links`` found, item by item: each row opens its item."""

    list_display = ("url", "problem", "item_link", "field", "checked_at")
    list_filter = ("content_type", "problem")
    search_fields = ("url", "item_title")
    ordering = ("item_title", "url")

    @admin.display(description=_("item"), ordering="item_title")
    def item_link(self, obj):
        opts = obj.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.object_id])
        return format_html('<a href="{}">{}</a>', url, obj.item_title)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
