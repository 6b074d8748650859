"""The audit trail: decisions, review scores, grades, attendance, extensions and pairings keep each version,
with who made the change and when, and the program manager reads it in the back office's history pages."""

from datetime import timedelta

from django.urls import reverse

from applications.models import Application, Criterion, Extension, Review, Score, Status
from cohorts.models import Pairing, Role
from sessions.models import Attendance, Submission

from ..applications.factories import CompleteApplicationFactory, ReviewFactory
from ..factories import MembershipFactory
from .matrix import CSRF_SECRET, client_with, session_key_for


def act(world, role, name, data, **kwargs):
    client = client_with(session_key_for(world.people[role]))
    response = client.post(reverse(name, kwargs=kwargs), {**data, "csrfmiddlewaretoken": CSRF_SECRET})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def history_of(obj):
    return [(h.history_type, h.history_user) for h in obj.history.order_by("history_date", "history_id")]


def test_every_audited_change_records_who_and_what(world):
    manager, instructor, reviewer = (world.people[r] for r in ("program_manager", "instructor", "reviewer"))
    candidate = world.people["candidate"]

    # A decision
    application = CompleteApplicationFactory(cohort=world.cohort, status=Status.SUBMITTED)
    act(
        world,
        "program_manager",
        "applications:decide",
        {"decision": "accepted", "reason": "Strong district plan."},
        pk=application.pk,
    )
    last = Application.objects.get(pk=application.pk).history.first()
    assert (last.decision, last.history_user) == ("accepted", manager)

    # Review scores, on every criterion of the rubric of the application's kind
    reviewed = world.review.application
    rubric = Criterion.objects.filter(cohort=reviewed.cohort, kind=reviewed.kind)
    scores = {f"score_{criterion.pk}": "4" for criterion in rubric}
    act(
        world,
        "reviewer",
        "applications:review",
        {"action": "score", **scores, "comments": "Solid."},
        pk=world.review.pk,
    )
    assert Review.objects.get(pk=world.review.pk).history.first().history_user == reviewer
    score = Score.objects.filter(review=world.review).first()
    assert (score.history.first().value, score.history.first().history_user) == (4, reviewer)

    # A grade
    act(
        world,
        "instructor",
        "class_sessions:submission",
        {"grade": "pass", "comments": ""},
        pk=world.submission.pk,
    )
    graded = Submission.objects.get(pk=world.submission.pk).history.first()
    assert (graded.grade, graded.history_user) == ("pass", instructor)

    # Attendance
    act(
        world,
        "instructor",
        "class_sessions:attendance",
        {f"status_{candidate.pk}": "late"},
        pk=world.meeting.pk,
    )
    attendance = Attendance.objects.get(meeting=world.meeting, person=candidate)
    assert [(h.status, h.history_user) for h in attendance.history.all()][:1] == [("late", instructor)]

    # An extension
    applicant = CompleteApplicationFactory(cohort=world.cohort).applicant
    until = (world.cohort.applications_close + timedelta(days=2)).astimezone(world.cohort.tz)
    act(
        world,
        "program_manager",
        "applications:extensions",
        {"email": applicant.email, "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "Surgery."},
        slug=world.cohort.slug,
    )
    extension = Extension.objects.get(cohort=world.cohort, applicant=applicant)
    assert history_of(extension) == [("+", manager)]

    # A pairing
    new_candidate = MembershipFactory(cohort=world.cohort, role=Role.CANDIDATE).user
    act(
        world,
        "program_manager",
        "cohorts:pairings",
        {"candidate": new_candidate.pk, "mentor": world.people["mentor"].pk},
        slug=world.cohort.slug,
    )
    pairing = Pairing.objects.get(cohort=world.cohort, candidate=new_candidate)
    assert history_of(pairing) == [("+", manager)]


def test_program_manager_reads_the_history_in_the_back_office(client, world):
    manager = world.people["program_manager"]
    manager.is_staff = manager.is_superuser = True
    manager.save(update_fields=["is_staff", "is_superuser"])
    act(
        world,
        "instructor",
        "class_sessions:submission",
        {"grade": "pass", "comments": ""},
        pk=world.submission.pk,
    )
    ReviewFactory(application=world.application, reviewer=world.people["reviewer_of_other_cohort"])
    client.force_login(manager)
    pages = {
        "class_sessions_submission": world.submission.pk,
        "class_sessions_attendance": Attendance.objects.get(meeting=world.meeting).pk,
        "applications_application": world.application.pk,
        "applications_review": world.review.pk,
        "applications_extension": Extension.objects.get(cohort=world.cohort).pk,
        "cohorts_pairing": Pairing.objects.filter(cohort=world.cohort).first().pk,
        "cohorts_membership": world.membership.pk,
    }
    for admin_name, pk in pages.items():
        response = client.get(reverse(f"admin:{admin_name}_history", args=[pk]))
        assert response.status_code == 200, admin_name
        assert "Change history" in response.text or "history" in response.text.lower()
    response = client.get(reverse("admin:class_sessions_submission_history", args=[world.submission.pk]))
    assert str(world.people["instructor"]) in response.text
