from django import forms

from . import registry, reminders, texts
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


def parse_offsets(text: str) -> list[int]:
    """'7d, 1d, 12h' -> [168, 24, 12]; a ValidationError says what is wrong."""
    hours = []
    for part in filter(None, (p.strip().lower() for p in text.replace(";", ",").split(","))):
        number, unit = part[:-1].strip(), part[-1:]
        if unit not in ("d", "h", "w") or not number.isdigit() or int(number) == 0:
            raise forms.ValidationError(
                f"“{part}” is not a time before: write a number followed by w, d or h, such as 7d, 1d, 12h."
            )
        hours.append(int(number) * {"w": 168, "d": 24, "h": 1}[unit])
    if len(hours) > 5:
        raise forms.ValidationError("Give at most five reminder times.")
    return sorted(set(hours), reverse=True)


def format_offsets(hours: list[int]) -> str:
    def one(h):
        if h % 168 == 0:
            return f"{h // 168}w"
        return f"{h // 24}d" if h % 24 == 0 else f"{h}h"

    return ", ".join(one(h) for h in hours)


class ReminderSettingsForm(forms.Form):
    """For each reminder kind: on or off, and when (before the moment; for quiet pairs, after the last meeting)."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, (enabled, hours) in current.items():
            self.fields[f"{kind}_enabled"] = forms.BooleanField(
                label=reminders.all_kinds()[kind].label, required=False, initial=enabled
            )
            self.fields[f"{kind}_offsets"] = forms.CharField(
                label="When",
                initial=format_offsets(hours),
                max_length=100,
                required=False,
                help_text="Such as 7d, 1d or 12h.",
            )

    def clean(self):
        cleaned = super().clean()
        for name in list(cleaned):
            if name.endswith("_offsets"):
                try:
                    cleaned[name] = parse_offsets(cleaned[name] or "")
                except forms.ValidationError as error:
                    self.add_error(name, error)
                else:
                    kind = name.removesuffix("_offsets")
                    if cleaned.get(f"{kind}_enabled") and not cleaned[name]:
                        self.add_error(name, "Give at least one time, or turn this reminder off.")
        return cleaned

    def settings(self) -> dict[str, tuple[bool, list[int]]]:
        kinds = {name.removesuffix("_enabled") for name in self.cleaned_data if name.endswith("_enabled")}
        return {k: (self.cleaned_data[f"{k}_enabled"], self.cleaned_data[f"{k}_offsets"]) for k in kinds}


class NoticeTextForm(forms.Form):
    """A cohort's own subject and body of a notice, with the recipient to preview it for."""

    subject = forms.CharField(max_length=255)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Plain text. A blank line starts a new paragraph; web addresses become links.",
    )
    recipient = forms.TypedChoiceField(label="Preview for", coerce=int, required=False)

    def __init__(self, *args, notice, recipients, **kwargs):
        """`recipients`: the preview's choices, from `texts.samples`."""
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["recipient"].choices = [
            (number, _sample_label(recipient, context))
            for number, (recipient, context) in enumerate(recipients)
        ]

    def clean_subject(self):
        return self._checked(self.cleaned_data["subject"])

    def clean_body(self):
        return self._checked(self.cleaned_data["body"])

    def _checked(self, text):
        texts.check_text(self.notice, text)
        return text


def _sample_label(recipient, context) -> str:
    about = context.get("application")
    return f"{recipient} ({about.get_kind_display().lower()} application)" if about else str(recipient)
