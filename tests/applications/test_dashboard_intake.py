"""The dashboard's intake pictures (the application funnel, reviewer progress) are kept between visits and
counted afresh once an applicant or the program manager changes what they count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import questions, services
from applications.models import Kind, QuestionType, Visibility

from ..files import pdf_bytes, upload
from .factories import NominationFactory


@pytest.fixture
def dashboard(client, cohort, people):
    """dashboard() -> (queries, the funnel's figures as its picture describes them: {"Started": 1, ...})."""
    client.force_login(people["program_manager"])
    url = reverse("cohorts:dashboard", args=[cohort.slug])

    def visit():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        described = html.split('<desc id="chart-')[1].split(">", 1)[1].split("</desc>")[0]
        return len(queries), {stage: int(n) for stage, n in (p.rsplit(" ", 1) for p in described.split(", "))}

    return visit


def test_the_funnel_is_kept_until_an_application_is_submitted(dashboard, ready, sent):
    application = ready()
    first, before = dashboard()
    again, kept = dashboard()

    with sent():
        services.submit_application(application=application)
    _, after = dashboard()

    assert again < first
    assert kept == before
    assert after["Submitted"] == before["Submitted"] + 1


def test_the_funnel_counts_a_form_the_applicant_completes(
    dashboard, ready, django_capture_on_commit_callbacks
):
    application = ready(goals_statement="", form_completed_at=None)
    _, before = dashboard()

    with django_capture_on_commit_callbacks(execute=True):
        services.save_form(application=application, data={"goals_statement": "Lead a county office."})
    _, after = dashboard()

    assert after["Complete"] == before["Complete"] + 1


def test_the_funnel_counts_a_resume_uploaded(dashboard, ready, django_capture_on_commit_callbacks):
    application = ready()
    application.resume.delete()
    _, before = dashboard()

    with django_capture_on_commit_callbacks(execute=True):
        services.upload_resume(application=application, uploaded=upload("resume.pdf", pdf_bytes()))
    _, after = dashboard()

    assert after["Complete"] == before["Complete"] + 1


def test_a_new_required_question_makes_applications_incomplete(
    dashboard, cohort, ready, django_capture_on_commit_callbacks
):
    ready()
    _, before = dashboard()

    with django_capture_on_commit_callbacks(execute=True):
        questions.add_question(
            cohort=cohort,
            kind=Kind.CANDIDATE,
            label="Which district office do you report to?",
            help_text="",
            type=QuestionType.TEXT,
            options="",
            required=True,
            visibility=Visibility.REVIEWERS,
        )
    _, after = dashboard()

    assert after["Complete"] == before["Complete"] - 1


def test_the_funnel_counts_a_nomination_received(dashboard, ready, sent):
    application = ready()
    application.nomination.delete()
    nomination = NominationFactory(application=application)
    _, before = dashboard()

    with sent():
        services.submit_nomination(
            nomination=nomination,
            relationship="Supervisor",
            recommendation="Strong.",
            supports_release_time=True,
        )
    _, after = dashboard()

    assert after["Complete"] == before["Complete"] + 1
