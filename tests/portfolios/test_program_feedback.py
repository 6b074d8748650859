"""Candidates' feedback on the program: one answer per session, every answer anonymous, and results shown only
once enough people answered the question, in the page, the CSV and the admin alike."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from cohorts.models import Role
from portfolios import services
from portfolios.models import FeedbackReceipt, ProgramFeedback

from ..factories import ClassSessionFactory, MembershipFactory, UserFactory

NOT_ENOUGH = "Not enough answers to keep them anonymous"


@pytest.fixture
def session(cohort):
    return ClassSessionFactory(cohort=cohort, number=2, title="Professional Development")


@pytest.fixture
def candidates(cohort, people):
    """Four candidates with names nobody else in a test has, so "not in the page" checks only them."""
    extra = [MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user for _ in range(2)]
    chosen = [people["candidate"], people["other_candidate"], *extra]
    for person, (first, last) in zip(
        chosen,
        [("Quentin", "Zanzibarova"), ("Nora", "Ytterbium"), ("Xavier", "Wolframova"), ("Vera", "Uxbridge")],
        strict=True,
    ):
        person.first_name, person.last_name = first, last
        person.save()
    return chosen


def answer(client, person, session, comment, rating="4"):
    client.force_login(person)
    data = {"about": str(session.pk), "rating": rating, "comment": comment}
    return client.post(reverse("portfolios:program_feedback", args=[session.cohort.slug]), data, follow=True)


def readings(client, session):
    """The manager's results page and CSV, and the admin's list and each answer's page, as text."""
    client.force_login(next(m.user for m in session.cohort.memberships.filter(role=Role.PROGRAM_MANAGER)))
    slug = session.cohort.slug
    page = client.get(reverse("portfolios:program_feedback_results", args=[slug])).text
    csv = client.get(reverse("portfolios:program_feedback_csv", args=[slug])).getvalue().decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin_pages = [client.get(reverse("admin:portfolios_programfeedback_changelist"), follow=True).text] + [
        client.get(reverse("admin:portfolios_programfeedback_change", args=[pk]), follow=True).text
        for pk in ProgramFeedback.objects.values_list("pk", flat=True)
    ]
    return page, csv, admin_pages


@pytest.mark.parametrize(
    "role", ["program_manager", "mentor", "reviewer", "instructor", "applicant", "manager_of_other_cohort"]
)
def test_program_feedback_form_only_for_candidates(client, people, cohort, role):
    client.force_login(people[role])
    assert client.get(reverse("portfolios:program_feedback", args=[cohort.slug])).status_code == 404


def test_program_feedback_answer_stores_no_author_and_no_time(client, people, session):
    response = answer(client, people["candidate"], session, "Too much lecture time")
    assert "Thank you: your feedback is recorded." in response.text
    assert "Answer anonymously" not in response.text  # there is no other way to answer
    assert [f.name for f in ProgramFeedback._meta.concrete_fields] == [
        "id",
        "cohort",
        "session",
        "rating",
        "comment",
    ]
    assert not [
        f
        for f in ProgramFeedback._meta.get_fields()
        if isinstance(f, models.DateTimeField | models.DateField)
    ]
    assert [f.name for f in FeedbackReceipt._meta.get_fields()] == ["id", "cohort", "session", "candidate"]
    assert FeedbackReceipt.objects.get().candidate == people["candidate"]
    assert list(ProgramFeedback.objects.values_list("rating", "comment")) == [(4, "Too much lecture time")]


def test_program_feedback_below_three_answers_is_shown_nowhere(client, candidates, session):
    answer(client, candidates[0], session, "Too much lecture time", rating="2")
    answer(client, candidates[1], session, "Loved the case studies", rating="5")
    page, csv, admin_pages = readings(client, session)
    for text in [page, csv, *admin_pages]:
        assert "Too much lecture time" not in text
        assert "Loved the case studies" not in text
    assert '<th scope="row">Session 2 — Professional Development</th>' in page
    assert NOT_ENOUGH in page and "3.5" not in page
    assert csv.splitlines() == [
        "Session,Rating,Comment",
        f"Session 2 — Professional Development,,{NOT_ENOUGH}",
        f"The program as a whole,,{NOT_ENOUGH}",
    ]
    assert NOT_ENOUGH in admin_pages[0]
    # An answer's own admin page, asked for directly, is refused like a missing one.
    assert all("doesn’t exist" in text for text in admin_pages[1:])


def test_program_feedback_from_three_answers_is_shown_without_names(client, candidates, session):
    for person, rating, comment in zip(
        candidates[:3], ["2", "5", "5"], ["Too much lecture time", "Loved the case studies", ""], strict=True
    ):
        answer(client, person, session, comment, rating=rating)
    page, csv, admin_pages = readings(client, session)
    for text in [page, csv, admin_pages[0], "".join(admin_pages[1:])]:
        assert "Too much lecture time" in text
        for person in candidates:
            assert person.email not in text and person.last_name not in text
    assert csv.splitlines() == [
        "Session,Rating,Comment",
        "Session 2 — Professional Development,5,",
        "Session 2 — Professional Development,5,Loved the case studies",
        "Session 2 — Professional Development,2,Too much lecture time",
        f"The program as a whole,,{NOT_ENOUGH}",
    ]
    # Who answered about which session is shown nowhere, so an answer cannot be picked out by elimination.
    assert FeedbackReceipt not in admin.site._registry


def test_program_feedback_summary_per_session_for_the_manager(client, people, candidates, session):
    for person, rating in zip(candidates[:3], ["2", "5", "5"], strict=True):
        answer(client, person, session, "", rating=rating)
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:program_feedback_results", args=[session.cohort.slug]))
    session_row, overall = response.context["summary"]
    assert (session_row.count, session_row.average, session_row.distribution) == (3, 4.0, [0, 1, 0, 0, 2])
    assert "<td>4.0</td>" in response.text
    assert (overall.enough, overall.count, overall.distribution) == (False, 0, [])


def test_program_feedback_each_answer_writes_the_question_anew(client, candidates, session):
    """Every answer to the question gets a new random id each time someone answers it, so neither an id
    nor its age says which answer came last."""
    answer(client, candidates[0], session, "first")
    (first_id,) = ProgramFeedback.objects.values_list("pk", flat=True)
    answer(client, candidates[1], session, "second")
    ids = set(ProgramFeedback.objects.values_list("pk", flat=True))
    assert len(ids) == 2 and first_id not in ids
    assert sorted(ProgramFeedback.objects.values_list("comment", flat=True)) == ["first", "second"]


def test_program_feedback_failed_answer_takes_the_receipt_back(client, people, session, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("portfolios.services.program_feedback.rewrite_answers", broken)
    with pytest.raises(RuntimeError):
        services.give_program_feedback(
            cohort=session.cohort, candidate=people["candidate"], session=session, rating=3
        )
    assert not FeedbackReceipt.objects.exists()
    assert not ProgramFeedback.objects.exists()


def test_program_feedback_once_per_session(client, people, session):
    answer(client, people["candidate"], session, "first")
    with pytest.raises(ValidationError):
        services.give_program_feedback(
            cohort=session.cohort, candidate=people["candidate"], session=session, rating=3
        )
    response = client.get(reverse("portfolios:program_feedback", args=[session.cohort.slug]))
    assert [key for key, _ in response.context["form"].fields["about"].choices] == ["overall"]
    assert list(ProgramFeedback.objects.values_list("comment", flat=True)) == ["first"]


def test_program_feedback_missing_rating_is_explained_and_comment_kept(client, people, session):
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:program_feedback", args=[session.cohort.slug]),
        {"about": "overall", "comment": "Kept comment"},
    )
    assert "This field is required." in response.text
    assert "Kept comment" in response.text
    assert ProgramFeedback.objects.count() == 0


def test_program_feedback_csv_neutralises_formulas(client, people, candidates, session):
    for person in candidates[:3]:
        answer(client, person, session, '=HYPERLINK("http://evil")')
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:program_feedback_csv", args=[session.cohort.slug]))
    assert response.streaming is True
    assert "'=HYPERLINK" in response.getvalue().decode()
