from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .interests import CHOICES


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the messages"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    all_news = forms.BooleanField(label=_("All news"), required=False)
    # A field people never see (hidden by the stylesheet, skipped by keyboard and screen
    # readers); a robot filling every field fills it too.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model, label in CHOICES:
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=label,
                queryset=model.objects.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def interest_fields(self):
        return [self[name] for name, _model, _label in CHOICES]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if not data.get("all_news") and not any(data.get(name) for name, *_ in CHOICES):
            raise forms.ValidationError(
                _("Choose all news, or at least one section, statutory body or topic.")
            )
        return data

    def choices(self):
        """What the confirmation link carries: ids, not objects."""
        data = self.cleaned_data
        return {
            "l": data["language"],
            "a": bool(data["all_news"]),
            **{name: sorted(obj.pk for obj in data[name]) for name, *_ in CHOICES},
        }

    @property
    def is_robot(self):
        return bool(self.data.get("website"))


class AddressForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_robot(self):
        return bool(self.data.get("website"))
