from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from cohorts.models import Role
from cto_mentor.dates import in_zone
from sessions.models import Assignment, Grade, Submission, SubmissionFile
from sessions.selectors import (
    WorkState,
    assignment_grid,
    assignments_due_between,
    candidates_missing_submission,
)
from sessions.services import grade_submission, post_assignment, submit_assignment

from ..factories import MembershipFactory
from ..files import docx_bytes, exe_bytes, pdf_bytes, upload
from .factories import AssignmentFactory, SubmissionFactory


@pytest.fixture
def assignment(session, meeting, people):
    return AssignmentFactory(session=session, created_by=people["instructor"])


def submit(assignment, candidate, text="My answer.", files=(), now=None):
    return submit_assignment(assignment=assignment, candidate=candidate, text=text, files=files, now=now)


# Posting ------------------------------------------------------------------------------------------------


def test_post_assignment_due_after_session_start_is_refused(session, meeting, people):
    with pytest.raises(ValidationError) as error:
        post_assignment(
            session=session,
            title="Budget memo",
            instructions="Write it.",
            due_at=meeting.starts_at + timedelta(minutes=1),
            actor=people["instructor"],
        )
    assert error.value.message_dict == {
        "due_at": ["A prerequisite assignment must be due before the session starts."]
    }


def test_post_assignment_page_instructor_posts_with_attachment_in_cohort_time(
    client, session, meeting, people
):
    client.force_login(people["instructor"])
    local_due = (meeting.starts_at - timedelta(days=1)).astimezone(session.cohort.tz)
    response = client.post(
        reverse("class_sessions:assignment_create", args=[session.pk]),
        {
            "title": "Budget memo",
            "instructions": "Summarize your district's budget.",
            "due_at": local_due.strftime("%Y-%m-%dT%H:%M"),
            "attachments": [upload("template.docx", docx_bytes(), "application/octet-stream")],
        },
        follow=True,
    )
    assignment = Assignment.objects.get()
    assert "“Budget memo” is posted." in response.text
    assert assignment.due_at == local_due
    assert [a.original_name for a in assignment.attachments.all()] == ["template.docx"]


def test_post_assignment_page_bad_file_type_is_explained_and_text_kept(client, session, meeting, people):
    client.force_login(people["instructor"])
    response = client.post(
        reverse("class_sessions:assignment_create", args=[session.pk]),
        {
            "title": "Budget memo",
            "instructions": "Summarize.",
            "due_at": "2000-01-01T10:00",
            "attachments": [upload("memo.pdf", exe_bytes())],
        },
    )
    assert response.status_code == 200
    assert "This file is not one of the accepted types" in response.text
    assert 'value="Budget memo"' in response.text
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("role", ["applicant", "reviewer", "mentor", "candidate", "manager_of_other_cohort"])
def test_post_assignment_page_refused_to_others(client, session, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:assignment_create", args=[session.pk])).status_code == 404


def test_post_assignment_page_refused_to_instructor_of_another_session(client, other_session, people):
    client.force_login(people["instructor"])
    assert client.get(reverse("class_sessions:assignment_create", args=[other_session.pk])).status_code == 404


# Submitting ---------------------------------------------------------------------------------------------


def test_submit_on_time_is_not_late(assignment, people):
    submission = submit(assignment, people["candidate"])
    assert (submission.version, submission.is_late) == (1, False)


def test_submit_after_due_time_is_accepted_and_marked_late(assignment, people):
    submission = submit(assignment, people["candidate"], now=assignment.due_at + timedelta(seconds=1))
    assert (submission.version, submission.is_late) == (1, True)


def test_submit_replacement_before_grading_keeps_earlier_version(assignment, people):
    first = submit(assignment, people["candidate"], text="Draft")
    second = submit(assignment, people["candidate"], text="Final")
    assert [(s.version, s.text) for s in Submission.objects.filter(candidate=people["candidate"])] == [
        (2, "Final"),
        (1, "Draft"),
    ]
    assert first.pk != second.pk


def test_submit_replacement_after_passing_is_refused(assignment, people):
    submission = submit(assignment, people["candidate"])
    grade_submission(submission=submission, grade=Grade.PASS, comments="Seen.", actor=people["instructor"])
    with pytest.raises(ValidationError) as error:
        submit(assignment, people["candidate"], text="Another try")
    assert "it cannot be replaced any more" in error.value.messages[0]
    assert Submission.objects.count() == 1


def test_submit_revision_after_needs_revision_is_graded_again(assignment, people):
    first = submit(assignment, people["candidate"])
    grade_submission(
        submission=first, grade=Grade.NEEDS_REVISION, comments="Add numbers.", actor=people["instructor"]
    )
    revision = submit(assignment, people["candidate"], text="With numbers")
    graded = grade_submission(submission=revision, grade=Grade.PASS, comments="", actor=people["instructor"])
    assert (graded.version, graded.grade) == (2, "pass")
    assert Submission.objects.get(pk=first.pk).grade == "needs_revision"


def test_grade_older_version_is_refused(assignment, people):
    first = submit(assignment, people["candidate"])
    submit(assignment, people["candidate"], text="Newer")
    with pytest.raises(ValidationError) as error:
        grade_submission(submission=first, grade=Grade.PASS, comments="", actor=people["instructor"])
    assert error.value.messages == ["A newer version of this work was handed in; grade that one."]


def test_submit_by_non_candidate_or_empty_is_refused(assignment, people):
    with pytest.raises(ValidationError):
        submit(assignment, people["mentor"])
    with pytest.raises(ValidationError):
        submit(assignment, people["candidate"], text="  ")
    assert not Submission.objects.exists()


def test_submit_page_candidate_hands_in_a_file(client, assignment, people):
    client.force_login(people["candidate"])
    response = client.post(
        reverse("class_sessions:submit", args=[assignment.pk]),
        {"text": "", "files": [upload("memo.pdf", pdf_bytes("Memo"))]},
        follow=True,
    )
    assert "Your work is handed in (version 1)." in response.text
    stored = SubmissionFile.objects.get()
    assert (stored.original_name, stored.content_type) == ("memo.pdf", "application/pdf")
    assert "memo.pdf" in response.text


def test_submit_page_late_work_says_so(client, assignment, people):
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(people["candidate"])
    response = client.post(
        reverse("class_sessions:submit", args=[assignment.pk]), {"text": "Sorry"}, follow=True
    )
    assert "It is marked late: the due time had passed." in response.text


def test_submit_page_empty_is_explained(client, assignment, people):
    client.force_login(people["candidate"])
    response = client.post(reverse("class_sessions:submit", args=[assignment.pk]), {})
    assert response.status_code == 200
    assert "Write your answer or attach at least one file." in response.text


def test_submit_page_after_pass_is_explained_and_text_kept(client, assignment, people):
    submission = submit(assignment, people["candidate"])
    grade_submission(submission=submission, grade=Grade.PASS, comments="", actor=people["instructor"])
    client.force_login(people["candidate"])
    response = client.post(reverse("class_sessions:submit", args=[assignment.pk]), {"text": "One more"})
    assert response.status_code == 200
    assert "it cannot be replaced any more" in response.text
    assert "One more</textarea>" in response.text


@pytest.mark.parametrize("role", ["mentor", "instructor", "program_manager", "applicant", "reviewer"])
def test_submit_page_refused_to_non_candidates(client, assignment, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:submit", args=[assignment.pk])).status_code == 404


# Seeing work --------------------------------------------------------------------------------------------


@pytest.fixture
def handed_in(assignment, people):
    return submit(assignment, people["candidate"], files=[_cleaned_pdf()])


def _cleaned_pdf():
    from cto_mentor.uploads import WORK_PRODUCTS
    from sessions.forms import UploadsField

    return UploadsField(kinds=WORK_PRODUCTS).clean([upload("memo.pdf", pdf_bytes("Memo"))])[0]


@pytest.mark.parametrize(
    "role", ["other_candidate", "other_mentor", "applicant", "reviewer", "manager_of_other_cohort"]
)
def test_submission_and_file_refused_to_others(client, handed_in, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:submission", args=[handed_in.pk])).status_code == 404
    stored = handed_in.files.get()
    assert client.get(reverse("class_sessions:submission_file", args=[stored.pk])).status_code == 404


def test_submission_and_file_refused_to_instructor_of_another_session(
    client, handed_in, other_session, people
):
    other_session.instructors.add(people["instructor"])
    handed_in.assignment.session.instructors.remove(people["instructor"])
    client.force_login(people["instructor"])
    assert client.get(reverse("class_sessions:submission", args=[handed_in.pk])).status_code == 404


@pytest.mark.parametrize("role", ["candidate", "mentor", "instructor", "program_manager"])
def test_submission_file_download_allowed(client, handed_in, people, role):
    client.force_login(people[role])
    response = client.get(reverse("class_sessions:submission_file", args=[handed_in.files.get().pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="memo.pdf"'


def test_assignment_page_roster_only_for_graders(client, handed_in, people):
    url = reverse("class_sessions:assignment", args=[handed_in.assignment.pk])
    client.force_login(people["instructor"])
    assert "Candidates' work" in client.get(url).text
    client.force_login(people["candidate"])
    page = client.get(url).text
    assert "Candidates' work" not in page
    assert "Replace your work" in page


def test_assignment_roster_shows_25_candidates_a_page_as_every_list(client, handed_in, people):
    cohort = handed_in.assignment.session.cohort
    for _ in range(25):
        MembershipFactory(cohort=cohort, role=Role.CANDIDATE)  # 27 candidates with the fixture's two
    url = reverse("class_sessions:assignment", args=[handed_in.assignment.pk])
    client.force_login(people["instructor"])
    first, second = client.get(url).text, client.get(url, {"page": 2}).text
    assert first.count('<th scope="row">') == 25
    assert second.count('<th scope="row">') == 2
    assert "Page 1 of 2" in first and 'href="?page=2">Next</a>' in first


def test_assignment_roster_rows_show_state_version_and_hand_in_time(client, handed_in, people):
    candidate, other = people["candidate"], people["other_candidate"]
    handed_in.is_late = True
    handed_in.save(update_fields=["is_late"])
    handed_in.refresh_from_db()  # the time as stored
    cohort = handed_in.assignment.session.cohort
    client.force_login(people["instructor"])

    page = client.get(reverse("class_sessions:assignment", args=[handed_in.assignment.pk])).text

    shown = in_zone(handed_in.submitted_at, cohort)
    assertInHTML(
        f'<tr class="table-warning"><th scope="row">{candidate}</th>'
        f'<td><a href="{handed_in.get_absolute_url()}">Waiting for a grade'
        f'<span class="visually-hidden"> — {candidate}</span></a></td>'
        f'<td><time datetime="{handed_in.submitted_at.isoformat()}">{shown}</time> (version 1)'
        ' <span class="badge text-bg-warning">Late</span></td></tr>',
        page,
    )
    assertInHTML(f'<tr><th scope="row">{other}</th><td>Not handed in yet</td><td>—</td></tr>', page)


def test_attachment_download_for_members_only(client, session, meeting, people):
    assignment = post_assignment(
        session=session,
        title="Read",
        instructions="Read it.",
        due_at=meeting.starts_at - timedelta(days=1),
        files=[_cleaned_pdf()],
        actor=people["instructor"],
    )
    url = reverse("class_sessions:attachment", args=[assignment.attachments.get().pk])
    client.force_login(people["candidate"])
    assert client.get(url).status_code == 200
    client.force_login(people["manager_of_other_cohort"])
    assert client.get(url).status_code == 404


# Grading ------------------------------------------------------------------------------------------------


def test_grade_page_instructor_grades_and_candidate_is_told(
    client, handed_in, people, django_capture_on_commit_callbacks
):
    client.force_login(people["instructor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("class_sessions:submission", args=[handed_in.pk]),
            {"grade": "needs_revision", "comments": "Add the budget figures."},
            follow=True,
        )
    assert f"Graded; {people['candidate']} is told by e-mail." in response.text
    [email] = mail.outbox
    assert email.to == [people["candidate"].email]
    assert email.subject == f"Graded “Needs revision”: {handed_in.assignment.title} (Session 3)"
    assert "Add the budget figures." in email.body
    assert "You can hand in a revision" in email.body


def test_grade_page_needs_comments_unless_pass(client, handed_in, people):
    client.force_login(people["instructor"])
    response = client.post(reverse("class_sessions:submission", args=[handed_in.pk]), {"grade": "fail"})
    assert response.status_code == 200
    assert "Say what is missing, so the candidate can act on it." in response.text
    assert Submission.objects.get(pk=handed_in.pk).grade == ""


def test_grade_page_refused_to_instructor_outside_their_sessions(client, handed_in, other_session, people):
    other_instructor = MembershipFactory(
        cohort=handed_in.assignment.session.cohort, role=Role.INSTRUCTOR
    ).user
    other_session.instructors.add(other_instructor)
    client.force_login(other_instructor)
    response = client.post(reverse("class_sessions:submission", args=[handed_in.pk]), {"grade": "pass"})
    assert response.status_code == 404
    assert Submission.objects.get(pk=handed_in.pk).grade == ""


@pytest.mark.parametrize("role", ["candidate", "mentor"])
def test_grade_post_refused_to_those_who_only_see_the_work(client, handed_in, people, role):
    client.force_login(people[role])
    url = reverse("class_sessions:submission", args=[handed_in.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"grade": "pass"}).status_code == 404
    assert Submission.objects.get(pk=handed_in.pk).grade == ""


# Grid and reminders -------------------------------------------------------------------------------------


def test_assignment_grid_flags_missing_late_and_failing_work(cohort, session, meeting, people):
    now = timezone.now()
    past = AssignmentFactory(session=session, due_at=now - timedelta(days=1))
    SubmissionFactory(assignment=past, candidate=people["candidate"], is_late=True, grade=Grade.PASS)
    future = AssignmentFactory(session=session, due_at=now + timedelta(days=1))
    SubmissionFactory(assignment=future, candidate=people["other_candidate"], grade=Grade.FAIL)
    assignments, page = assignment_grid(cohort=cohort, now=now)
    states = {row.candidate: [(c.state, c.flagged) for c in row.cells] for row in page.object_list}
    assert assignments == [past, future]
    assert states == {
        people["candidate"]: [(WorkState.PASS, True), (WorkState.NOT_DUE, False)],
        people["other_candidate"]: [(WorkState.MISSING, True), (WorkState.FAIL, True)],
    }


def test_assignment_grid_page_shows_the_newest_version_of_each_piece_of_work(
    client, cohort, session, meeting, people
):
    now = timezone.now()
    past = AssignmentFactory(session=session, title="Budget <memo>", due_at=now - timedelta(days=1))
    future = AssignmentFactory(session=session, due_at=now + timedelta(days=1))
    candidate, other = people["candidate"], people["other_candidate"]
    SubmissionFactory(assignment=past, candidate=candidate, version=1, grade=Grade.NEEDS_REVISION)
    newest = SubmissionFactory(assignment=past, candidate=candidate, version=2, is_late=True)
    client.force_login(people["program_manager"])

    page = client.get(reverse("class_sessions:assignment_grid", args=[cohort.slug])).text

    assert (
        f'<th scope="col" class="small"><a href="{past.get_absolute_url()}">Budget &lt;memo&gt;</a><br>Session 3, due'
        in page
    )
    progress = reverse("completion:progress", args=[cohort.slug, candidate.pk])
    assertInHTML(
        f'<tr class="table-warning"><th scope="row"><a href="{progress}">{candidate}</a>'
        ' <span class="badge text-bg-warning">Needs attention</span></th>'
        f'<td class="small"><a href="{newest.get_absolute_url()}">Waiting for a grade</a>'
        ' <span class="badge text-bg-warning">Late</span></td>'
        '<td class="small"><span class="text-body-secondary">Not handed in yet</span></td>'
        '<td class="small"><span class="text-body-secondary">None</span></td></tr>',
        page,
    )
    assertInHTML(
        f'<tr class="table-warning"><th scope="row">'
        f'<a href="{reverse("completion:progress", args=[cohort.slug, other.pk])}">{other}</a>'
        ' <span class="badge text-bg-warning">Needs attention</span></th>'
        '<td class="small"><strong class="text-danger">Missing</strong></td>'
        '<td class="small"><span class="text-body-secondary">Not handed in yet</span></td>'
        '<td class="small"><span class="text-body-secondary">None</span></td></tr>',
        page,
    )
    assert page.count("Waiting for a grade") == 1
    assert future.title in page


@pytest.mark.parametrize("role", ["instructor", "candidate", "mentor", "manager_of_other_cohort"])
def test_assignment_grid_refused_to_all_but_the_manager(client, cohort, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:assignment_grid", args=[cohort.slug])).status_code == 404


def test_assignment_grid_page_queries_do_not_grow(
    client, cohort, assignment, people, django_assert_max_num_queries
):
    submit(assignment, people["candidate"])
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:assignment_grid", args=[cohort.slug])
    client.get(url)
    with django_assert_max_num_queries(11):
        client.get(url)
    for _ in range(5):
        candidate = MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user
        submit(assignment, candidate)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.text.count("Waiting for a grade</a>") == 6


def test_assignments_due_between_takes_the_window(session):
    now = timezone.now()
    inside = AssignmentFactory(session=session, due_at=now + timedelta(hours=1))
    AssignmentFactory(session=session, due_at=now + timedelta(days=1))
    AssignmentFactory(session=session, due_at=now - timedelta(hours=1))
    assert list(assignments_due_between(start=now, end=now + timedelta(hours=2))) == [inside]


def test_candidates_missing_submission_lists_the_cohorts_candidates_without_work(assignment, people):
    submit(assignment, people["candidate"])
    assert list(candidates_missing_submission(assignment=assignment)) == [people["other_candidate"]]
