"""Candidates' feedback on the program: one answer per session, and anonymous answers that lead nowhere."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from portfolios import services
from portfolios.models import FeedbackReceipt, ProgramFeedback

from ..factories import ClassSessionFactory, UserFactory


@pytest.fixture
def session(cohort):
    return ClassSessionFactory(cohort=cohort, number=2, title="Professional Development")


def answer(client, people, session, anonymous, comment, rating="4", role="candidate"):
    client.force_login(people[role])
    data = {"about": str(session.pk), "rating": rating, "comment": comment}
    if anonymous:
        data["anonymous"] = "on"
    return client.post(reverse("portfolios:program_feedback", args=[session.cohort.slug]), data, follow=True)


@pytest.mark.parametrize(
    "role", ["program_manager", "mentor", "reviewer", "instructor", "applicant", "manager_of_other_cohort"]
)
def test_program_feedback_form_only_for_candidates(client, people, cohort, role):
    client.force_login(people[role])
    assert client.get(reverse("portfolios:program_feedback", args=[cohort.slug])).status_code == 404


def test_program_feedback_anonymous_answer_stores_no_author_and_no_time(client, people, session):
    response = answer(client, people, session, anonymous=True, comment="Too much lecture time")
    assert "Thank you: your feedback is recorded." in response.text
    stored = ProgramFeedback.objects.get()
    assert stored.author is None
    assert not [
        f
        for f in ProgramFeedback._meta.get_fields()
        if isinstance(f, models.DateTimeField | models.DateField)
    ]
    assert [f.name for f in FeedbackReceipt._meta.get_fields()] == ["id", "cohort", "session", "candidate"]
    assert FeedbackReceipt.objects.get().candidate == people["candidate"]


def test_program_feedback_anonymous_not_traceable_in_pages_csv_or_admin(client, people, session):
    # Names nobody else in the test can share, so "not in the page" checks only the anonymous author.
    candidate, named = people["candidate"], people["other_candidate"]
    candidate.first_name, candidate.last_name = "Quentin", "Zanzibarova"
    candidate.save()
    named.first_name, named.last_name = "Nora", "Named"
    named.save()
    answer(client, people, session, anonymous=True, comment="Too much lecture time")
    answer(
        client,
        people,
        session,
        anonymous=False,
        comment="Loved the case studies",
        rating="5",
        role="other_candidate",
    )
    client.force_login(people["program_manager"])
    page = client.get(reverse("portfolios:program_feedback_results", args=[session.cohort.slug])).text
    csv = (
        client.get(reverse("portfolios:program_feedback_csv", args=[session.cohort.slug])).getvalue().decode()
    )
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    anonymous = ProgramFeedback.objects.get(author__isnull=True)
    admin_pages = [
        client.get(reverse("admin:portfolios_programfeedback_changelist")).text,
        client.get(reverse("admin:portfolios_programfeedback_change", args=[anonymous.pk])).text,
    ]
    for text in [page, csv, *admin_pages]:
        assert "Too much lecture time" in text
        assert candidate.email not in text
        assert str(candidate) not in text
        assert candidate.last_name not in text
    assert str(named) in page and str(named) in csv
    assert csv.splitlines()[1:] == [
        "Session 2 — Professional Development,5,Loved the case studies," + str(named),
        "Session 2 — Professional Development,4,Too much lecture time,Anonymous",
    ]
    # Who answered about which session is shown nowhere, so an anonymous answer cannot be picked out by
    # elimination from the named ones.
    assert FeedbackReceipt not in admin.site._registry


def test_program_feedback_summary_per_session_for_the_manager(client, people, session):
    answer(client, people, session, anonymous=True, comment="", rating="2")
    answer(client, people, session, anonymous=False, comment="", rating="5", role="other_candidate")
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:program_feedback_results", args=[session.cohort.slug]))
    row = response.context["summary"][0]
    assert (row.count, row.average, row.distribution) == (2, 3.5, [0, 1, 0, 0, 1])
    assert "<td>3.5</td>" in response.text


def test_program_feedback_once_per_session(client, people, session):
    answer(client, people, session, anonymous=True, comment="first")
    with pytest.raises(ValidationError):
        services.give_program_feedback(
            cohort=session.cohort, candidate=people["candidate"], session=session, rating=3, anonymous=True
        )
    response = client.get(reverse("portfolios:program_feedback", args=[session.cohort.slug]))
    assert [key for key, _ in response.context["form"].fields["about"].choices] == ["overall"]
    assert ProgramFeedback.objects.count() == 1


def test_program_feedback_missing_rating_is_explained_and_comment_kept(client, people, session):
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:program_feedback", args=[session.cohort.slug]),
        {"about": "overall", "comment": "Kept comment"},
    )
    assert "This field is required." in response.text
    assert "Kept comment" in response.text
    assert ProgramFeedback.objects.count() == 0


def test_program_feedback_csv_neutralises_formulas(client, people, session):
    answer(client, people, session, anonymous=True, comment='=HYPERLINK("http://evil")')
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:program_feedback_csv", args=[session.cohort.slug]))
    assert response.streaming is True
    assert "'=HYPERLINK" in response.getvalue().decode()
