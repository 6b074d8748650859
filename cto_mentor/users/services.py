"""Accounts: sign-up that proves the address before it counts, and the confirmation link.

An account whose address is not confirmed may sign in and start a draft; it holds no role, submits nothing
and makes the program send no e-mail to anyone else. A role granted to it waits until it is confirmed.
"""

from datetime import timedelta

import django.dispatch
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from cto_mentor.notifications import limits
from cto_mentor.notifications.services import queue

from .addresses import contains_link
from .models import User

# Sent after an address is confirmed; the cohorts app grants the roles that were waiting for it.
email_verified = django.dispatch.Signal()

SIGN_UP_EMAILS_PER_ADDRESS = limits.Limit("sign-up e-mail per address", count=3, period=timedelta(days=1))
SIGN_UP_EMAILS_PER_CLIENT = limits.Limit("sign-up e-mail per client", count=20, period=timedelta(hours=1))


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """A link that works until the address is confirmed (or the password changes), for PASSWORD_RESET_TIMEOUT."""

    key_salt = "cto_mentor.users.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.email}{user.email_verified_at}{timestamp}"


verification_tokens = EmailVerificationTokenGenerator()


def verification_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("verify_email", kwargs={"uidb64": uid, "token": verification_tokens.make_token(user)})


def sign_up(*, email: str, password: str, client: str, now=None, **profile) -> User | None:
    """Create an account for `email`, or, when the address has one already, tell its owner by e-mail.

    The page answers the same either way, so nobody learns which addresses have accounts. Returns the new
    account, or None. Sign-up e-mails are limited per address and per client (IP) so that the form cannot
    be used to flood a stranger's inbox.
    Side effects: a User (unconfirmed); a confirm_email or sign_up_existing e-mail.
    """
    now = now or timezone.now()
    email = User.objects.normalize_email(email).lower()
    for field in ("first_name", "last_name", "title", "organization"):
        if contains_link(profile.get(field, "")):
            raise ValidationError({field: "This cannot contain a web address."})
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            if _within_limits(email, client, now):
                queue(
                    notice="sign_up_existing",
                    to=existing,
                    about=existing,
                    occasion=f"sign-up-{now.isoformat()}",
                    link=reverse("password_reset"),
                )
            return None
        user = User.objects.create_user(email, password, **profile)
        send_verification(user=user, client=client, now=now)
    return user


def send_verification(*, user: User, client: str, now=None) -> bool:
    """E-mail the confirmation link (again). Returns False, sending nothing, when the address is confirmed
    already or the day's e-mails to this address (or from this client) are spent.

    Side effects: a confirm_email e-mail.
    """
    now = now or timezone.now()
    if user.is_verified or not _within_limits(user.email, client, now):
        return False
    queue(
        notice="confirm_email",
        to=user,
        about=user,
        occasion=f"confirm-{now.isoformat()}",
        link=verification_link(user),
    )
    return True


def _within_limits(email: str, client: str, now) -> bool:
    return limits.allow(SIGN_UP_EMAILS_PER_ADDRESS, email, now=now) and limits.allow(
        SIGN_UP_EMAILS_PER_CLIENT, client, now=now
    )


def user_for_link(uidb64: str, token: str) -> User | None:
    """The account a confirmation link is for, or None when the link is wrong, used or too old."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if verification_tokens.check_token(user, token) else None


def confirm_email(*, user: User, new_password: str | None = None, now=None) -> User:
    """Mark the address as confirmed; with `new_password`, replace the password first.

    Someone who opens the link without being signed in to this account proves they read the mailbox but not
    that they chose the password (an impostor may have): they set a new one, which also ends every other
    session of the account.
    Side effects: `email_verified_at`; the password; the `email_verified` signal (roles waiting are granted).
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        fields = ["email_verified_at"]
        if new_password is not None:
            user.set_password(new_password)
            fields.append("password")
        if user.email_verified_at is None:
            user.email_verified_at = now
        user.save(update_fields=fields)
        email_verified.send(sender=User, user=user)
    return user
