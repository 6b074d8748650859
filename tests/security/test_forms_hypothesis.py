"""Property-based tests of every form the site posts: odd Unicode, very long text, empty and whitespace-only
values, impossible dates and numbers, into every field of every form page, as the role allowed to post it.

Each example either saves (a redirect) or shows the form again with a message that is on the page; none gives a
server error. Each example runs in a savepoint that is rolled back, so examples do not see each other.
"""

import datetime as dt
import html

import pytest
from django import forms
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import forms as app_forms
from portfolios import forms as portfolio_forms

from .conftest import ROLES
from .kwargs import url_for
from .matrix import CSRF_SECRET, client_with, session_key_for
from .test_permission_matrix import MATRIX

# Every page that posts a form (file fields are left empty here: test_uploads.py sends files), and the pages
# whose filter form is sent by GET. The role is the matrix's first in POSTERS allowed to use the page.
FORM_POSTS = [
    "login", "sign_up", "profile", "password_change", "password_reset", "password_reset_confirm",
    "cohorts:people", "cohorts:pairings", "cohorts:contract",
    "applications:start", "applications:form", "applications:resume", "applications:nomination",
    "applications:availability", "applications:assign", "applications:decide",
    "applications:nominate", "applications:review", "applications:declare_conflict", "applications:rubric",
    "applications:extensions", "applications:change_criterion", "applications:reviewers",
    "applications:bulk_assign", "applications:bulk_decide", "applications:answer_by",
    "class_sessions:create", "class_sessions:edit", "class_sessions:meeting_add", "class_sessions:meeting_edit",
    "class_sessions:attendance", "class_sessions:assignment_create", "class_sessions:assignment_edit",
    "class_sessions:submit", "class_sessions:submission", "class_sessions:presentation_create",
    "class_sessions:presentation_edit", "class_sessions:presentation_assess", "class_sessions:grade_correct",
    "class_sessions:make_up",
    "portfolios:add_artifact", "portfolios:edit_artifact", "portfolios:add_reflection",
    "portfolios:edit_reflection", "portfolios:meetings", "portfolios:add_meeting_follow_up", "portfolios:feedback",
    "portfolios:comment", "portfolios:schedule_evaluation", "portfolios:evaluation",
    "portfolios:schedule_progress_review", "portfolios:progress_review", "portfolios:portfolio_reviews",
    "portfolios:check_ins", "portfolios:check_in", "portfolios:program_feedback",
    "portfolios:schedule_meeting", "portfolios:confirm_held", "portfolios:record_evaluation",
    "portfolios:record_scheduled_evaluation", "portfolios:consultations", "portfolios:consultation",
    "portfolios:work_study",
    "notifications:preferences", "notifications:reminder_settings",
]  # fmt: skip
ANONYMOUS_FORMS = {"password_reset", "password_reset_confirm"}  # used by people who cannot log in
FILTER_GETS = ["applications:queue", "applications:export", "notifications:outbox"]
POSTERS = [
    "candidate",
    "applicant",
    "instructor",
    "mentor",
    "reviewer",
    "nominator",
    "program_manager",
    "anonymous",
]
# Actions posted from another page, whose form is not on a page of their own.
ACTION_FORMS = {
    "applications:assign": app_forms.AssignForm,
    "applications:bulk_assign": app_forms.BulkAssignForm,
    "applications:bulk_decide": app_forms.BulkDecisionForm,
    "applications:reviewers": app_forms.ReviewerScopeForm,  # one form a row, the reviewer's id hidden in it
    "portfolios:comment": portfolio_forms.ReviewCommentForm,
    "portfolios:add_meeting_follow_up": portfolio_forms.MeetingFollowUpForm,
}
ODD_TEXT = [
    "",
    " ",
    " \t\n ",
    "\u00a0\u2003",  # no-break and em spaces
    "\u200b\u200d\ufeff",  # zero-width characters
    "e\u0301\u0301\u0301",  # stacked combining accents
    "\u202eevil.pdf",  # right-to-left override
    "😀👩🏽‍💻🇺🇸",
    "日本語のテキスト",
    "مرحبا بالعالم",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00nul",
    "\U0010ffff",  # the last code point
    "x" * 20_000,
    "word " * 3_000,
]
ODD_DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "1-1-1",
    "2026-02-28T25:61",
    "2026-03-08T02:30",  # a local time that does not exist (spring forward)
    "2026-11-01T01:30",  # a local time that happens twice (fall back)
    "99999-01-01T10:00",
    "tomorrow",
]
ODD_NUMBERS = ["-1", "0", "1e309", "NaN", "inf", "99999999999999999999999", "٣", "1.5", "0x10"]


def poster(name, method):
    """The first role in POSTERS that may use the page: it opens (GET 200) and takes the form (200 or 302)."""
    if name in ANONYMOUS_FORMS:
        return "anonymous"
    get_row, post_row = (dict(zip(ROLES, row.split(), strict=True)) for row in MATRIX[name])
    # A GET that redirects counts only where no role opens the page itself: the meeting follow-up's GET leads
    # to the meeting log that holds its form, while a logged-in person's GET of the login page leads away.
    for opening in (("200", "405"), ("302",)):
        for role in POSTERS:
            if get_row[role] in opening and (method == "GET" or post_row[role] in ("200", "302")):
                return role
    raise AssertionError(f"nobody may use {name}")


def fields_of(response):
    """Every field of every form the page offers, by the name it posts under."""
    found = {}
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, forms.BaseForm):
                for name, field in value.fields.items():
                    found[value.add_prefix(name)] = field
    return found


def values_for(field):
    """A strategy of hostile values for one field, with valid ones mixed in so that some examples save."""
    odd = st.sampled_from(ODD_TEXT) | st.text(max_size=300)
    if isinstance(field, forms.FileField):
        return st.just(None)
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        valid = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)).map(
            lambda d: d.isoformat() + ("T10:00" if isinstance(field, forms.DateTimeField) else "")
        )
        return st.sampled_from(ODD_DATES) | valid | odd
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return st.sampled_from(ODD_NUMBERS) | st.integers(-10, 10).map(str) | odd
    if isinstance(field, forms.ChoiceField):
        # A model choice whose queryset the form sets in __init__ has none on the class: odd values only.
        known = field.choices if getattr(field, "queryset", True) is not None else []
        choices = [str(value) for value, _ in known if value not in ("", None)]
        valid = st.sampled_from(choices) if choices else st.nothing()
        if isinstance(field, forms.MultipleChoiceField):
            return st.lists(valid | odd, max_size=3)
        return valid | odd | st.just("999999999")
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "\u0000"])
    return odd


EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def form_fields(name, url, client):
    """The page's fields, by the name they post under, and the URL the form posts to (after redirects)."""
    if name in ACTION_FORMS:
        return dict(ACTION_FORMS[name].base_fields), url
    page = client.get(url, follow=True)
    if page.status_code == 405:  # an action whose form comes back with its errors on an empty post
        page = client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET})
    return fields_of(page), page.request["PATH_INFO"]


def draw_values(data, fields):
    drawn = {key: data.draw(values_for(field), label=key) for key, field in fields.items()}
    return {key: value for key, value in drawn.items() if value is not None}


def check_answer(name, response):
    """A redirect (saved), or the page again with every message of its forms shown on it; never a 500."""
    assert response.status_code in (200, 302, 410), f"{name}: {response.status_code}"
    if response.status_code == 200 and response.context is not None:
        text = html.unescape(response.content.decode())
        for form in (v for c in response.context for v in c.flatten().values()):
            if isinstance(form, forms.BaseForm) and form.is_bound:
                for message in (m for errors in form.errors.values() for m in errors):
                    assert html.unescape(message) in text, f"{name}: message not shown: {message}"


def undone(send):
    """Send a request inside a savepoint rolled back afterwards, so examples do not see each other."""
    try:
        with transaction.atomic():
            response = send()
            raise _Undo(response)
    except _Undo as undo:
        return undo.args[0]


class _Undo(Exception):
    pass


@pytest.mark.parametrize("name", FORM_POSTS)
@EXAMPLES
@given(data=st.data())
def test_form_never_fails_on_hostile_input(world, name, data):
    role = poster(name, "POST")
    client = client_with(session_key_for(world.people[role]))
    fields, url = form_fields(name, url_for(name, world, role), client)
    assert fields, f"{name}: no form found"
    posted = draw_values(data, fields)
    client.cookies["csrftoken"] = CSRF_SECRET
    response = undone(lambda: client.post(url, {**posted, "csrfmiddlewaretoken": CSRF_SECRET}))
    check_answer(name, response)


@pytest.mark.parametrize("name", FILTER_GETS)
@EXAMPLES
@given(data=st.data())
def test_filter_form_never_fails_on_hostile_query(world, name, data):
    role = poster(name, "GET")
    client = client_with(session_key_for(world.people[role]))
    url = url_for(name, world, role)
    fields, _ = form_fields(name, url, client)
    query = {**draw_values(data, fields), "page": data.draw(st.sampled_from(["", "0", "-1", "99999", "x"]))}
    response = client.get(url, query)
    assert response.status_code == 200, f"{name}: {response.status_code}"


class _Undo(Exception):
    pass
