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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "title", "organization", "phone", "time_zone"]


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
