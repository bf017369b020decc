"""Forms: the public list filters and the admin's "record a step" action."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Body, Document, Meeting, StepStatus


class FilterForm(forms.Form):
    """GET filters: a value that does not validate is ignored, never an error page.

    Choices that depend on the data (years, bodies) come in from the view, which builds
    them from published items only.
    """

    def __init__(self, *args, years=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years, self.bodies = list(years), list(bodies)
        if "year" in self.fields:
            self.fields["year"].choices = [("", _("All years"))] + [
                (str(year), year) for year in self.years
            ]
        if "body" in self.fields:
            self.fields["body"].choices = [("", _("All bodies"))] + [
                (body.slug, body.name) for body in self.bodies
            ]

    def valid_filters(self):
        """The filters that validated, empty ones dropped; invalid ones are simply absent."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def for_display(self):
        """An unbound copy showing the filters in effect, without error markup."""
        return type(self)(initial=self.valid_filters(), years=self.years, bodies=self.bodies)


class MeetingFilterForm(FilterForm):
    body = forms.ChoiceField(label=_("Body"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)


class DocumentFilterForm(FilterForm):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Current status"),
        required=False,
        choices=[("", _("Any status")), *StepStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Document.Kind.choices]
    )
    body = forms.ChoiceField(label=_("Intended for"), required=False)
    year = forms.ChoiceField(label=_("Year of the current status"), required=False)


class RecordStepForm(forms.Form):
    """The intermediate page of the admin bulk action."""

    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    date = forms.DateField(label=_("Date"), widget=AdminDateWidget, initial=timezone.localdate)
    meeting = forms.ModelChoiceField(
        label=_("At the meeting"),
        queryset=Meeting.objects.select_related("body").order_by("-date", "-pk"),
        required=False,
    )
    body = forms.ModelChoiceField(
        label=_("Acting body"),
        queryset=Body.objects.all(),
        required=False,
        help_text=_("Taken from the meeting when left empty."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
