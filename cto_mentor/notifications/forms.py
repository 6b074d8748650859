from django import forms

from . import registry
from .models import Preference, Status


class PreferencesForm(forms.Form):
    """A checkbox per optional notice; required notices are listed on the page but cannot be turned off."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        off = set(Preference.objects.filter(user=user, enabled=False).values_list("notice", flat=True))
        for notice in registry.optional_notices():
            self.fields[notice.name] = forms.BooleanField(
                label=notice.label, required=False, initial=notice.name not in off
            )


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "All")] + Status.choices, required=False)
    q = forms.CharField(label="Recipient or subject", required=False, max_length=200)
