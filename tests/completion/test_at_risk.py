"""One "at risk" rule everywhere: the cohort's limit of unexcused absences for attendance, behind for any other
responsibility; the progress page, the cohort table, the manager's home and the dashboard's heat map agree."""

from django.urls import reverse
from django.utils.html import escape

from sessions.insights import attendance_heat_map
from sessions.models import (
    AttendanceStatus,
    Grade,
    Presentation,
    PresentationKind,
    PresentationResult,
    Submission,
)
from sessions.services import assess_presentation

from ..class_sessions.factories import AttendanceFactory


def pages(client, cohort, people, give_evidence) -> dict[str, str]:
    """The manager's pages, with the other candidate's every responsibility met."""
    give_evidence(people["other_candidate"])
    client.force_login(people["program_manager"])
    return {
        "table": client.get(reverse("completion:cohort_table", args=[cohort.slug])).text,
        "home": client.get(reverse("home")).text,
        "dashboard": client.get(reverse("cohorts:dashboard", args=[cohort.slug])).text,
    }


def test_one_absence_under_the_limit_is_behind_but_not_at_risk_anywhere(
    client, cohort, people, give_evidence, year
):
    give_evidence(people["candidate"], skip={"attendance"})
    AttendanceFactory(meeting=year["meeting"], person=people["candidate"], status=AttendanceStatus.ABSENT)

    seen = pages(client, cohort, people, give_evidence)

    assert "Behind" in seen["table"]
    assert [name for name, page in seen.items() if "At risk</" in page or "At risk:" in page] == []


def test_failed_work_puts_the_candidate_at_risk_everywhere(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(grade=Grade.FAIL)
    reason = "5. Complete all assignments on time with a passing grade: behind"

    seen = pages(client, cohort, people, give_evidence)

    assert 'badge text-bg-danger">At risk</span>' in seen["table"]
    assert "1 candidate at risk" in seen["home"]
    assert escape(f"At risk: {people['candidate']}") in seen["dashboard"]
    labels = [row[0] for row in attendance_heat_map(cohort=cohort).rows]
    assert [label for label in labels if label.startswith("At risk")] == [f"At risk: {people['candidate']}"]
    client.force_login(people["candidate"])
    progress = client.get(reverse("completion:progress", args=[cohort.slug, people["candidate"].pk])).text
    assert f"<li>{reason}</li>" in progress


def test_reaching_the_absence_limit_puts_the_candidate_at_risk_with_the_reason(
    client, cohort, people, give_evidence, year
):
    give_evidence(people["candidate"], skip={"attendance"})
    AttendanceFactory(meeting=year["meeting"], person=people["candidate"], status=AttendanceStatus.ABSENT)
    cohort.absences_at_risk = 1
    cohort.save(update_fields=["absences_at_risk"])

    seen = pages(client, cohort, people, give_evidence)

    assert "1 candidate at risk" in seen["home"]
    assert escape(f"At risk: {people['candidate']}") in seen["dashboard"]


def test_a_failed_presentation_puts_the_candidate_at_risk_at_the_managers_next_visit(
    client, cohort, people, give_evidence, django_capture_on_commit_callbacks
):
    give_evidence(people["candidate"])
    seen = pages(client, cohort, people, give_evidence)
    assert "at risk" not in seen["home"]  # and the count is kept

    presentation = Presentation.objects.get(candidate=people["candidate"], kind=PresentationKind.CLASS)
    with django_capture_on_commit_callbacks(execute=True):
        assess_presentation(
            presentation=presentation,
            result=PresentationResult.FAIL,
            comments="Not ready.",
            actor=people["instructor"],
        )

    assert "1 candidate at risk" in client.get(reverse("home")).text
