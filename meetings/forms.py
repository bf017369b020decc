"""The admin's "record a step" action."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Body, Meeting, StepStatus


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
