"""Logins, sessions, password reset, CSRF and the security headers, as a browser meets them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD, UserFactory
from .matrix import CSRF_SECRET

ROOT = Path(__file__).resolve().parents[2]


def csrf_client(**defaults):
    client = Client(enforce_csrf_checks=True, **defaults)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def post(client, url, data=None):
    """A form post carrying the CSRF token, as the page would (login rotates the token; we send ours again)."""
    client.cookies["csrftoken"] = CSRF_SECRET
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": CSRF_SECRET})


def log_in(client, email, password):
    client.cookies["csrftoken"] = CSRF_SECRET
    return client.post(
        reverse("login"), {"username": email, "password": password, "csrfmiddlewaretoken": CSRF_SECRET}
    )


# Rate limiting (django-axes)


def test_login_locked_out_at_the_fifth_wrong_password_even_for_the_right_one(db):
    user = UserFactory(email="target@example.org")
    client = csrf_client()
    for _ in range(4):
        assert log_in(client, user.email, "wrong-password").status_code == 200
    assert log_in(client, user.email, "wrong-password").status_code == 429
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "15 minutes" in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_counts_an_address_across_clients_and_leaves_other_accounts_alone(db):
    user = UserFactory(email="target@example.org")
    for n in range(5):  # a slow guess spread over many machines
        log_in(csrf_client(REMOTE_ADDR=f"203.0.113.{n}"), user.email, "wrong-password")
    assert log_in(csrf_client(REMOTE_ADDR="198.51.100.7"), user.email, PASSWORD).status_code == 429
    other_user = UserFactory(email="bystander@example.org")
    assert log_in(csrf_client(REMOTE_ADDR="203.0.113.1"), other_user.email, PASSWORD).status_code == 302


def test_forged_forwarded_for_header_does_not_escape_the_lockout(db):
    user = UserFactory(email="target@example.org")
    for n in range(6):
        log_in(csrf_client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), user.email, "wrong-password")
    assert log_in(csrf_client(HTTP_X_FORWARDED_FOR="192.0.2.99"), user.email, PASSWORD).status_code == 429


def test_successful_login_resets_the_failure_count(db):
    user = UserFactory(email="target@example.org")
    client = csrf_client()
    for _ in range(4):
        log_in(client, user.email, "wrong-password")
    assert log_in(client, user.email, PASSWORD).status_code == 302
    post(client, reverse("logout"))
    for _ in range(4):
        log_in(client, user.email, "wrong-password")
    assert log_in(client, user.email, PASSWORD).status_code == 302


# Sessions


def test_login_rotates_the_session_key_and_logout_kills_it(db):
    user = UserFactory()
    client = csrf_client()
    session = client.session  # an anonymous session, as a visitor who used the site before logging in
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = before = session.session_key
    assert log_in(client, user.email, PASSWORD).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not SessionStore().exists(before)
    assert client.get(reverse("profile")).status_code == 200
    post(client, reverse("logout"))
    assert not SessionStore().exists(after)
    replay = csrf_client()
    replay.cookies["sessionid"] = after
    assert replay.get(reverse("profile"))["Location"].startswith(reverse("login"))


def test_session_and_csrf_cookies_are_secure_and_session_cookie_http_only(db):
    user = UserFactory()
    client = csrf_client()
    client.get(reverse("login"))
    response = log_in(client, user.email, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert (bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]) == (True, True, "Lax")
    page = Client().get(reverse("login"))
    assert bool(page.cookies["csrftoken"]["secure"]) is True


# Password reset and passwords


def test_password_reset_answers_the_same_whether_or_not_the_address_has_an_account(
    db, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    answers = []
    for email in ["known@example.org", "unknown@example.org"]:
        client = csrf_client()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("password_reset"), {"email": email, "csrfmiddlewaretoken": CSRF_SECRET}, follow=True
            )
        answers.append((response.status_code, response.redirect_chain, response.text))
    assert answers[0] == answers[1]
    assert [message.to for message in mail.outbox] == [["known@example.org"]]


def test_sign_up_refuses_a_common_password_with_a_message(db):
    client = csrf_client()
    response = client.post(
        reverse("sign_up"),
        {
            "email": "new@example.org",
            "first_name": "New",
            "last_name": "Person",
            "password1": "password",
            "password2": "password",
            "csrfmiddlewaretoken": CSRF_SECRET,
        },
    )
    assert response.status_code == 200
    assert "This password is too common." in response.text


# CSRF


@pytest.mark.parametrize("name", ["login", "sign_up", "password_reset"])
def test_public_form_without_csrf_token_is_refused(db, name):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse(name), {"username": "x@example.org", "password": "x"})
    assert response.status_code == 403


def test_logged_in_form_without_csrf_token_is_refused_and_changes_nothing(db):
    user = UserFactory(first_name="Before")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("profile"), {"first_name": "After", "last_name": "Person"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.first_name == "Before"


def test_no_view_is_csrf_exempt():
    sources = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts]
    assert [str(p) for p in sources if "csrf_exempt" in p.read_text()] == []


# Headers and templates


def test_pages_carry_the_security_headers(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_templates_have_no_inline_script_or_style():
    """The policy forbids them, so a browser would silently ignore them: keep them out of the pages."""
    pages = [
        p
        for p in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in p.parts and "emails" not in p.parts  # e-mails are not served by the site
    ]
    offenders = []
    for page in pages:
        text = page.read_text()
        inline_script = re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text)
        if inline_script or re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"", text):
            offenders.append(str(page.relative_to(ROOT)))
    assert offenders == []


def test_check_deploy_is_clean_with_production_settings():
    env = {
        # Not DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for their own process: production never has it.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DJANGO_SETTINGS_MODULE": "cto_mentor.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "cto-mentor.example.org",
        "SECRET_KEY": "production-like-secret-" + "x9Q2!" * 12,
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_login_with_a_huge_address_is_refused_and_counted_not_a_server_error(db):
    client = csrf_client()
    response = log_in(client, "X" * 20_000 + "@example.org", "wrong-password")
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 255


@pytest.mark.parametrize("path", ["/", "/accounts/profile/", "/notifications/"])
def test_signed_in_pages_are_never_kept_by_a_browser_or_proxy(client, db, path):
    client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert {part.strip() for part in response["Cache-Control"].split(",")} >= {"private", "no-store"}


def test_the_anonymous_home_page_is_not_marked_private(client, db):
    assert "private" not in client.get("/").get("Cache-Control", "")
