from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.urls import reverse

from cto_mentor.notifications.services import queue

from .models import User


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "title", "organization"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address exists already. Log in, or reset your password."
            )
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "title", "organization", "phone", "time_zone"]


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its e-mail sent through the outbox like every other e-mail."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user, token = context["user"], context["token"]
        link = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": token})
        queue(notice="password_reset", to=user, about=user, occasion=token, link=link)
