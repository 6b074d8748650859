"""What each role's home page says they must do next (the sections of the apps' dashboard.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.services.assignments import assign_reviews
from applications.services.decisions import decide
from cohorts.models import Pairing
from portfolios.models import CheckIn, FeedbackAudience, Portfolio
from portfolios.services.entries import mark_ready, save_artifact, save_reflection
from portfolios.services.mentoring import give_feedback
from sessions.models import AttendanceStatus, Grade, SessionKind
from sessions.services import Mark, grade_submission, record_attendance, submit_assignment

from .applications.factories import (
    ApplicationFactory,
    CompleteApplicationFactory,
    ResumeFactory,
    ReviewFactory,
)
from .class_sessions.factories import AssignmentFactory, AttendanceFactory, SubmissionFactory
from .factories import ClassSessionFactory, MeetingFactory, MembershipFactory, PairingFactory
from .portfolios.factories import FeedbackFactory, PortfolioFactory, ScheduledMentorMeetingFactory

MENTOR_HOME_QUERIES = 15  # the same with one mentee or three


def test_applicant_home_lists_missing_parts_and_time_left(client, cohort, people):
    application = CompleteApplicationFactory(cohort=cohort, applicant=people["applicant"])
    ResumeFactory(application=application)
    client.force_login(people["applicant"])

    html = client.get(reverse("home")).text

    assert "Still to do:" in html
    assert f'<a href="{reverse("applications:nomination", args=[application.pk])}">Nomination</a>' in html
    assert ">Resume</a>" not in html  # uploaded
    assert " left)" in html


def test_applicant_home_shows_no_to_do_for_a_submitted_application(client, cohort, people):
    ApplicationFactory(cohort=cohort, applicant=people["applicant"], status="submitted")
    client.force_login(people["applicant"])

    assert "Still to do:" not in client.get(reverse("home")).text


def test_instructor_home_lists_work_to_grade(client, cohort, people):
    meeting = MeetingFactory(session__cohort=cohort)
    meeting.session.instructors.add(people["instructor"])
    assignment = AssignmentFactory(session=meeting.session, title="District budget memo")
    SubmissionFactory(assignment=assignment, candidate=people["candidate"])
    SubmissionFactory(assignment=assignment, candidate=people["other_candidate"], grade=Grade.PASS)
    client.force_login(people["instructor"])

    html = client.get(reverse("home")).text

    todo = html.index("To do")
    assert html.index(
        f'<a href="{assignment.get_absolute_url()}">Grade District budget memo', todo
    ) < html.index("Next meeting:")
    assert f"Grade District budget memo ({meeting.session}): 1 waiting</a>" in html


def test_instructor_home_lists_held_meetings_without_attendance(client, cohort, people):
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=1))
    recorded = MeetingFactory(session=held.session, starts_at=timezone.now() - timedelta(days=2))
    AttendanceFactory(meeting=recorded, person=people["candidate"])
    held.session.instructors.add(people["instructor"])
    client.force_login(people["instructor"])

    html = client.get(reverse("home")).text

    assert (
        f'<a href="{reverse("class_sessions:attendance", args=[held.pk])}">Take attendance: {held.session}'
        in html
    )
    assert reverse("class_sessions:attendance", args=[recorded.pk]) not in html


def test_instructor_home_drops_the_meeting_once_attendance_is_taken(
    client, cohort, people, django_capture_on_commit_callbacks
):
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=1))
    held.session.instructors.add(people["instructor"])
    take = reverse("class_sessions:attendance", args=[held.pk])
    client.force_login(people["instructor"])
    assert take in client.get(reverse("home")).text

    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(
            meeting=held,
            marks=[Mark(people["candidate"], AttendanceStatus.PRESENT)],
            actor=people["instructor"],
        )
    assert take not in client.get(reverse("home")).text


def test_instructor_home_with_nothing_to_grade_says_so(client, cohort, people):
    client.force_login(people["instructor"])

    html = client.get(reverse("home")).text

    assert "Nothing waits for you here now." in html
    assert "Take attendance" not in html


def test_mentor_home_sums_up_each_candidates_standing(client, cohort, people):
    candidate = people["candidate"]
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=3))
    AttendanceFactory(meeting=held, person=candidate, status=AttendanceStatus.LATE)
    AssignmentFactory(session=held.session, due_at=timezone.now() - timedelta(days=4))  # not handed in
    client.force_login(people["mentor"])

    html = client.get(reverse("home")).text

    assert (
        f"{candidate}: 1 class day short of full attendance, 1 assignment missing, late or failed · "
        f'<a href="{reverse("completion:progress", args=[cohort.slug, candidate.pk])}">'
        f"Progress of {candidate}</a>" in html
    )


def test_mentor_home_counts_the_standing_again_once_work_is_graded(
    client, cohort, people, django_capture_on_commit_callbacks
):
    candidate = people["candidate"]
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=3))
    assignment = AssignmentFactory(session=held.session, due_at=timezone.now() + timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_assignment(assignment=assignment, candidate=candidate, text="My plan.")
    client.force_login(people["mentor"])
    assert "0 assignments missing, late or failed" in client.get(reverse("home")).text

    with django_capture_on_commit_callbacks(execute=True):
        grade_submission(
            submission=submission, grade=Grade.FAIL, comments="Not yet.", actor=people["instructor"]
        )
    assert "1 assignment missing, late or failed" in client.get(reverse("home")).text


@pytest.mark.parametrize("mentees", [1, 3])
def test_mentor_home_queries_do_not_grow_with_mentees(
    client, cohort, people, mentees, django_assert_max_num_queries
):
    mentor = people["mentor"]
    for _ in range(mentees - 1):
        PairingFactory(cohort=cohort, mentor=mentor, candidate=MembershipFactory(cohort=cohort).user)
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=3))
    AssignmentFactory(session=held.session, due_at=timezone.now() - timedelta(days=4))
    client.force_login(mentor)
    client.get(reverse("home"))  # the first page of a session writes it

    with django_assert_max_num_queries(MENTOR_HOME_QUERIES):
        client.get(reverse("home"))


def test_candidate_home_says_how_long_is_left_before_work_is_due(client, cohort, people):
    meeting = MeetingFactory(session__cohort=cohort)
    AssignmentFactory(
        session=meeting.session, title="Budget memo", due_at=timezone.now() + timedelta(hours=21, minutes=30)
    )
    client.force_login(people["candidate"])

    html = client.get(reverse("home")).text

    assert "Budget memo</a> (" in html
    assert "<strong>due in 21\xa0hours</strong>" in html


def test_mentor_next_meeting_is_the_check_in_when_it_comes_before_the_kickoff(client, cohort, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    MeetingFactory(session=kickoff, starts_at=timezone.now() + timedelta(days=9))
    check_in = CheckIn.objects.create(
        cohort=cohort, starts_at=timezone.now() + timedelta(days=2), location="Room 4"
    )
    client.force_login(people["mentor"])

    html = client.get(reverse("home")).text

    assert (
        f'<strong>Next meeting:</strong>\n<a href="{check_in.get_absolute_url()}">Mentor check-in</a>' in html
    )
    assert f'<li>Then <a href="{kickoff.get_absolute_url()}">{kickoff.full_name}</a>' in html


def test_mentor_next_meeting_is_the_kickoff_they_must_attend(client, cohort, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    MeetingFactory(session=kickoff, starts_at=timezone.now() + timedelta(days=9))
    MeetingFactory(session__cohort=cohort, starts_at=timezone.now() + timedelta(days=3))  # not for mentors
    client.force_login(people["mentor"])

    html = client.get(reverse("home")).text

    assert (
        f'<strong>Next meeting:</strong>\n<a href="{kickoff.get_absolute_url()}">{kickoff.full_name}</a>'
        in html
    )


def test_open_applications_card_only_for_who_could_still_apply(client, cohort, people):
    card = f"Applications are open: {cohort}"
    client.force_login(people["applicant"])
    assert client.get(reverse("home")).text.count(card) == 1
    ApplicationFactory(cohort=cohort, applicant=people["applicant"])
    assert card not in client.get(reverse("home")).text  # their draft is listed instead
    client.force_login(people["mentor"])
    assert card not in client.get(reverse("home")).text  # already in the cohort


def _manager_todo(client, people):
    client.force_login(people["program_manager"])
    html = client.get(reverse("home")).text
    start = html.index("To do")
    return html[start : html.index("</ul>", start)]


def test_manager_todo_counts_link_to_the_filtered_lists(client, cohort, people):
    ApplicationFactory(cohort=cohort, status="submitted")
    ApplicationFactory(cohort=cohort, status="submitted")
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=20))
    assignment = AssignmentFactory(session=held.session)
    SubmissionFactory(
        assignment=assignment, candidate=people["candidate"], submitted_at=timezone.now() - timedelta(days=8)
    )
    SubmissionFactory(
        assignment=assignment,
        candidate=people["other_candidate"],
        submitted_at=timezone.now() - timedelta(days=2),
    )

    todo = _manager_todo(client, people)

    queue = reverse("applications:queue", args=[cohort.slug])
    assert f'<a href="{queue}?waits_for=reviewers">2 applications awaiting reviewers</a>' in todo
    grid = reverse("class_sessions:assignment_grid", args=[cohort.slug])
    assert (
        f'<a href="{grid}?waiting=week">1 assignment handed in more than a week ago, not graded yet</a>'
        in todo
    )
    frequency = reverse("portfolios:meeting_frequency", args=[cohort.slug])
    assert f'<a href="{frequency}?weeks=4">1 pair with no meeting in 4 weeks</a>' in todo


@pytest.mark.parametrize("pairs", [0, 2])
def test_manager_home_counts_the_cohorts_people_by_role_and_its_pairs(client, cohort, people, pairs):
    Pairing.objects.filter(cohort=cohort).delete()
    PairingFactory.create_batch(pairs, cohort=cohort)  # each pair brings a mentor and a candidate

    client.force_login(people["program_manager"])
    html = client.get(reverse("home")).text

    mentors, candidates = 2 + pairs, 2 + pairs
    assert (
        f"Program managers: 1 · Reviewers: 1 · Instructors: 1 · Mentors: {mentors} · "
        f"Candidates: {candidates} · pairs: {pairs}"
    ) in html


def test_manager_todo_counts_again_once_a_service_changes_the_applications(
    client, cohort, people, django_capture_on_commit_callbacks
):
    """The counts are kept between visits; assigning a reviewer or deciding shows at the next one."""
    unassigned = ApplicationFactory(cohort=cohort, status="submitted")
    reviewed = ReviewFactory(application__cohort=cohort, status="submitted").application
    todo = _manager_todo(client, people)
    assert "1 application awaiting reviewers" in todo
    assert "1 reviewed application awaiting a decision" in todo

    with django_capture_on_commit_callbacks(execute=True):
        assign_reviews(
            cohort=cohort,
            applications=[unassigned],
            reviewers=[people["reviewer"]],
            due_at=timezone.now() + timedelta(days=7),
            actor=people["program_manager"],
        )
    todo = _manager_todo(client, people)
    assert "awaiting reviewers" not in todo
    assert "1 reviewed application awaiting a decision" in todo

    with django_capture_on_commit_callbacks(execute=True):
        decide(application=reviewed, decision="declined", reason="", actor=people["program_manager"])
    assert "awaiting a decision" not in _manager_todo(client, people)


def test_manager_todo_never_says_every_pair_met_without_pairs(client, cohort, people):
    Pairing.objects.filter(cohort=cohort).delete()

    todo = _manager_todo(client, people)

    assert "Nothing waits for you here now." in todo
    assert "every pair met" not in todo


def test_manager_todo_names_missing_nominations_only_close_to_the_deadline(client, cohort, people):
    ApplicationFactory(cohort=cohort, kind="candidate")
    assert "nomination" not in _manager_todo(client, people)  # the deadline is 20 days away
    cohort.applications_close = timezone.now() + timedelta(days=3, hours=1)
    cohort.save(update_fields=["applications_close"])

    todo = _manager_todo(client, people)

    queue = reverse("applications:queue", args=[cohort.slug])
    assert f'<a href="{queue}?waits_for=nomination">1 nomination missing, due in 3\xa0days' in todo


def test_manager_todo_counts_unread_private_feedback_and_offers_awaiting_answers(client, cohort, people):
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    FeedbackFactory(portfolio=portfolio, author=people["mentor"], audience=FeedbackAudience.MENTOR_TO_MANAGER)
    ApplicationFactory(
        cohort=cohort,
        status="submitted",
        decision="accepted",
        decision_sent_at=timezone.now(),
    )

    todo = _manager_todo(client, people)

    assert "1 private note from mentors not read yet" in todo
    assert "1 offer awaiting an answer" in todo


def _todo_link(todo, text):
    """The address the to-do item saying `text` leads to."""
    end = todo.index(f">{text}</a>")
    start = todo.rindex('<a href="', 0, end) + len('<a href="')
    return todo[start : todo.index('"', start)].replace("&amp;", "&")


def test_manager_todo_unread_private_notes_lead_to_exactly_those_portfolios(client, cohort, people):
    unread = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    read = PortfolioFactory(cohort=cohort, candidate=people["other_candidate"])
    for _ in range(2):
        FeedbackFactory(
            portfolio=unread, author=people["mentor"], audience=FeedbackAudience.MENTOR_TO_MANAGER
        )
    FeedbackFactory(
        portfolio=read,
        author=people["mentor"],
        audience=FeedbackAudience.MENTOR_TO_MANAGER,
        read_by_manager_at=timezone.now(),
    )
    FeedbackFactory(portfolio=read, author=people["mentor"], audience=FeedbackAudience.MENTOR_TO_CANDIDATE)

    link = _todo_link(_manager_todo(client, people), "2 private notes from mentors not read yet")
    response = client.get(link)

    assert [row.pk for row in response.context["page"]] == [unread.pk]
    assert response.context["page"][0].unread_private_feedback == 2
    overview = reverse("portfolios:overview", args=[cohort.slug])
    assert (
        "Showing only the candidates whose mentor wrote private notes you have not read yet; "
        f'<a href="{overview}">show all</a>.'
    ) in response.text
    assert len(client.get(overview).context["page"]) > 1  # all, unfiltered


def test_manager_todo_counts_private_notes_again_once_given_or_read(
    client, cohort, people, django_capture_on_commit_callbacks
):
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    assert "private note" not in _manager_todo(client, people)

    with django_capture_on_commit_callbacks(execute=True):
        give_feedback(
            portfolio=portfolio,
            author=people["mentor"],
            audience=FeedbackAudience.MENTOR_TO_MANAGER,
            body="Needs support with the budget.",
        )
    assert "1 private note from mentors not read yet" in _manager_todo(client, people)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("portfolios:feedback", kwargs={"pk": portfolio.pk}))  # the manager reads it
    assert "private note" not in _manager_todo(client, people)


def test_manager_todo_ungraded_work_leads_to_exactly_that_work(client, cohort, people):
    now = timezone.now()
    held = MeetingFactory(session__cohort=cohort, starts_at=now - timedelta(days=20))
    memo, plan = (
        AssignmentFactory(session=held.session, title="Budget memo"),
        AssignmentFactory(session=held.session, title="Tech plan"),
    )
    waiting = SubmissionFactory(
        assignment=memo, candidate=people["candidate"], submitted_at=now - timedelta(days=8)
    )
    SubmissionFactory(assignment=plan, candidate=people["candidate"], submitted_at=now - timedelta(days=2))
    SubmissionFactory(
        assignment=plan,
        candidate=people["other_candidate"],
        submitted_at=now - timedelta(days=9),
        grade=Grade.PASS,
    )

    link = _todo_link(
        _manager_todo(client, people), "1 assignment handed in more than a week ago, not graded yet"
    )
    response = client.get(link)

    assert list(response.context["page"]) == [waiting]
    grading = reverse("class_sessions:submission", args=[waiting.pk])
    assert f'<a href="{grading}">Grade<span class="visually-hidden">' in response.text
    grid = reverse("class_sessions:assignment_grid", args=[cohort.slug])
    assert (
        "Showing only the work handed in more than a week ago and not graded yet; "
        f'<a href="{grid}">show all</a>.'
    ) in response.text


def test_queue_filtered_to_what_waits_for_reviewers(client, cohort, people):
    waiting = ApplicationFactory(cohort=cohort, status="submitted")
    reviewed = ApplicationFactory(cohort=cohort, status="submitted")
    ReviewFactory(application=reviewed)
    client.force_login(people["program_manager"])

    html = client.get(reverse("applications:queue", args=[cohort.slug]), {"waits_for": "reviewers"}).text

    assert reverse("applications:detail", args=[waiting.pk]) in html
    assert reverse("applications:detail", args=[reviewed.pk]) not in html


def test_candidate_next_meeting_is_the_one_scheduled_with_the_mentor_when_it_comes_first(
    client, cohort, people
):
    MeetingFactory(session__cohort=cohort, starts_at=timezone.now() + timedelta(days=9))
    pairing = Pairing.objects.get(cohort=cohort, candidate=people["candidate"])
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    ScheduledMentorMeetingFactory(pairing=pairing)
    client.force_login(people["candidate"])

    html = client.get(reverse("home")).text

    meetings = reverse("portfolios:meetings", args=[portfolio.pk])
    assert f'<strong>Next meeting:</strong>\n<a href="{meetings}">Meeting with {people["mentor"]}</a>' in html
    assert "<li>Then <a" in html


def test_manager_home_counts_at_risk_afresh_once_the_portfolio_catches_up(
    client, cohort, people, django_capture_on_commit_callbacks
):
    """The at-risk count is kept between visits; entries marked ready make the next visit count again."""
    now = timezone.now()
    first, _ = (
        MeetingFactory(
            session=ClassSessionFactory(cohort=cohort, number=number),
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days - 0.3),
        ).session
        for number, days in ((1, 30), (2, 10))
    )
    client.force_login(people["program_manager"])
    assert "2 candidates at risk" in client.get(reverse("home")).text  # no evidence for the first session

    portfolio = Portfolio.objects.create(cohort=cohort, candidate=people["candidate"])
    with django_capture_on_commit_callbacks(execute=True):
        entries = [
            save_artifact(portfolio=portfolio, title="Plan", link="https://example.org/plan", session=first),
            save_reflection(portfolio=portfolio, title="What I learned", body="Plan early.", session=first),
        ]
    assert "2 candidates at risk" in client.get(reverse("home")).text  # not marked ready for review yet

    with django_capture_on_commit_callbacks(execute=True):
        for entry in entries:
            mark_ready(entry=entry, ready=True)
    assert "1 candidate at risk" in client.get(reverse("home")).text  # the other candidate's is still bare
