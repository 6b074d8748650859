from django import forms

from .certificates import PLACEHOLDERS


class CompletionSettingsForm(forms.Form):
    mentor_meetings_per_month = forms.IntegerField(
        label="Meetings with the mentor expected each month",
        min_value=1,
        max_value=10,
        help_text="A month past with fewer meetings held and confirmed puts the candidate behind.",
    )
    certificate_text = forms.CharField(
        label="Certificate text",
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
        help_text="Placeholders: " + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS) + ".",
    )
