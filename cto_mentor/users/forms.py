import zoneinfo
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.urls import reverse

from cto_mentor.notifications import limits
from cto_mentor.notifications.services import queue

from .models import User

RESET_EMAILS_PER_ADDRESS = limits.Limit(
    "password reset e-mail per address", count=3, period=timedelta(days=1)
)
RESET_EMAILS_PER_CLIENT = limits.Limit(
    "password reset e-mail per client", count=20, period=timedelta(hours=1)
)


class SignUpForm(UserCreationForm):
    """The new account's details. Whether the address has an account already is never said on the page
    (users.services.sign_up e-mails its owner instead), so the model's unique check is left out."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "title", "organization"]

    def validate_unique(self):
        pass

    def profile(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("first_name", "last_name", "title", "organization")
        }


# The zones offered as one types: those named after a region's city (America/New_York), not the old aliases
# (US/Eastern, EST5EDT, Etc/GMT+5), which the field still accepts.
REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
ALL_ZONES = frozenset(zoneinfo.available_timezones())
OFFERED_ZONES = sorted(
    ["UTC", *(zone for zone in ALL_ZONES if zone.startswith(tuple(r + "/" for r in REGIONS)))]
)
# "new york" or "New York" finds America/New_York: a city's name as people write it.
ZONE_BY_CITY = {zone.rsplit("/", 1)[-1].replace("_", " ").lower(): zone for zone in OFFERED_ZONES}


class TimeZoneField(forms.CharField):
    """A zone name of the IANA database, as zoneinfo knows it; a city's name alone finds its zone. Its text box
    suggests the zones as one types, from the page's datalist (templates/users/profile.html): a select of all
    600 zones made the profile page 37 KB, and finding one's own among them was a long scroll."""

    widget = forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if value in self.empty_values or value in ALL_ZONES:
            return value
        zone = ZONE_BY_CITY.get(value.replace("_", " ").lower())
        if zone is None:
            raise forms.ValidationError(
                "“%(value)s” is not a time zone we know. Type a city and choose from the list, for example "
                "America/New_York.",
                code="unknown_zone",
                params={"value": value},
            )
        return zone


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(
        label="Time zone",
        required=False,
        help_text=User._meta.get_field("time_zone").help_text
        + " Type a city, such as New York or Berlin, and choose from the suggestions.",
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "title", "organization", "phone", "time_zone"]

    offered_zones = OFFERED_ZONES


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its e-mail sent through the outbox like every other e-mail, a few times a day
    per address and per client at most. The page answers the same whether or not anything was sent."""

    def save(self, *args, request=None, **kwargs):
        self.client = client_address(request)
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user, token = context["user"], context["token"]
        if not (
            limits.allow(RESET_EMAILS_PER_ADDRESS, user.email)
            and limits.allow(RESET_EMAILS_PER_CLIENT, self.client)
        ):
            return
        link = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": token})
        queue(notice="password_reset", to=user, about=user, occasion=token, link=link)


def client_address(request) -> str:
    """The client's IP as the login lock-out sees it (REMOTE_ADDR, or behind our proxies AXES_PROXY_COUNT)."""
    return get_client_ip_address(request) or "unknown"
