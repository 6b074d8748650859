"""Two people changing one record: nobody's work is overwritten without them knowing.

Attendance: a roll call saved from a page opened before someone else saved is refused with a message, and
what was typed stays. Grades and review scores are final once given: a second grader or a second submit of the
same review is told so, and the first stays.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from applications import services as application_services
from applications.models import Criterion, Review, ReviewStatus, Score
from sessions.models import Attendance, Submission

from .matrix import CSRF_SECRET, client_with, session_key_for


def roll_call(client, meeting, candidate, status, version):
    return client.post(
        reverse("class_sessions:attendance", args=[meeting.pk]),
        {f"status_{candidate.pk}": status, "version": version, "csrfmiddlewaretoken": CSRF_SECRET},
    )


def test_attendance_from_a_stale_page_is_refused_and_keeps_what_was_typed(world):
    meeting, candidate = world.meeting, world.people["candidate"]
    instructor = client_with(session_key_for(world.people["instructor"]))
    manager = client_with(session_key_for(world.people["program_manager"]))
    opened = instructor.get(reverse("class_sessions:attendance", args=[meeting.pk]))
    version = opened.context["form"]["version"].value()

    assert roll_call(manager, meeting, candidate, "absent", version).status_code == 302
    response = roll_call(instructor, meeting, candidate, "late", version)

    assert response.status_code == 200
    assert "Someone else saved attendance for this meeting after you opened the page" in response.text
    assert Attendance.objects.get(meeting=meeting, person=candidate).status == "absent"
    assert response.context["form"][f"status_{candidate.pk}"].value() == "late"
    newer = response.context["form"]["version"].value()
    assert newer > version
    assert roll_call(instructor, meeting, candidate, "late", newer).status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=candidate).status == "late"
    assert [h.status for h in Attendance.history.filter(person=candidate)][:2] == ["late", "absent"]


@pytest.mark.parametrize("mangled", ["abc", "\x00nul", "-1"])
def test_attendance_with_a_mangled_version_is_treated_as_a_stale_page(world, mangled):
    meeting, candidate = world.meeting, world.people["candidate"]
    instructor = client_with(session_key_for(world.people["instructor"]))
    before = list(Attendance.objects.filter(meeting=meeting).values_list("person", "status"))

    response = roll_call(instructor, meeting, candidate, "late", mangled)

    assert response.status_code == 200
    assert "Someone else saved attendance for this meeting after you opened the page" in response.text
    assert response.context["form"][f"status_{candidate.pk}"].value() == "late"
    assert list(Attendance.objects.filter(meeting=meeting).values_list("person", "status")) == before


def test_second_grader_is_told_the_work_is_graded_and_the_first_grade_stays(world):
    submission = world.submission
    url = reverse("class_sessions:submission", args=[submission.pk])
    instructor = client_with(session_key_for(world.people["instructor"]))
    manager = client_with(session_key_for(world.people["program_manager"]))
    instructor.get(url), manager.get(url)  # both pages open

    first = instructor.post(url, {"grade": "pass", "comments": "", "csrfmiddlewaretoken": CSRF_SECRET})
    second = manager.post(
        url, {"grade": "fail", "comments": "Too short.", "csrfmiddlewaretoken": CSRF_SECRET}
    )

    assert first.status_code == 302
    assert second.status_code == 200
    assert "This version is graded." in second.text  # and the grade form is gone
    assert "Save the grade" not in second.text
    submission = Submission.objects.get(pk=submission.pk)
    assert (submission.grade, submission.graded_by) == ("pass", world.people["instructor"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_same_review_submitted_twice_at_once_keeps_one_set_of_scores(world):
    review = world.review
    rubric = Criterion.objects.filter(cohort=review.application.cohort, kind=review.application.kind)
    barrier, outcomes = threading.Barrier(2), []

    def submit(value):
        try:
            barrier.wait()
            application_services.submit_review(
                review=Review.objects.get(pk=review.pk),
                scores={criterion.pk: (value, "") for criterion in rubric},
                comments=str(value),
            )
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(value,)) for value in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This review is already closed.", "submitted"]
    review = Review.objects.get(pk=review.pk)
    scores = list(Score.objects.filter(review=review).values_list("value", flat=True))
    assert review.status == ReviewStatus.SUBMITTED
    assert len(scores) == len(rubric) and len(set(scores)) == 1  # one submission's scores, whole
    assert review.comments == str(scores[0])
