"""The mentor's duties (seed a–g): meetings scheduled ahead and confirmed as held, the mid-year evaluation
recorded with follow-ups, private feedback to the managers, consulting instructors, work-study supervision,
and mentoring in the calendar feeds."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cohorts.models import Role
from cto_mentor import figures
from cto_mentor.notifications.models import Message
from cto_mentor.notifications.reminders import send_due_reminders
from portfolios import selectors, services
from portfolios.models import (
    ConsultationMessage,
    FeedbackAudience,
    FollowUp,
    MeetingMode,
    MentorMeeting,
    MidYearEvaluation,
    WorkStudy,
)
from sessions.calendar import person_feed

from ..factories import ClassSessionFactory, MembershipFactory
from .factories import (
    CheckInFactory,
    MentorMeetingFactory,
    MidYearEvaluationFactory,
    PortfolioReviewFactory,
    ProgressReviewFactory,
    ScheduledMentorMeetingFactory,
)


def in_days(days, hour=None):
    moment = timezone.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0) if hour is not None else moment


def notices(user, notice):
    return list(Message.objects.filter(recipient=user, notice=notice).order_by("pk"))


def feed_summaries(user) -> list[str]:
    calendar = Calendar.from_ical(person_feed(user))
    return [str(event["summary"]) for event in calendar.walk("VEVENT")]


# Meetings scheduled ahead


def test_schedule_meeting_tells_the_other_side_and_refuses_the_past(
    pairing, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            pairing=pairing,
            scheduled_by=pairing.mentor,
            starts_at=in_days(3),
            duration_minutes=45,
            mode=MeetingMode.VIDEO,
            location="https://video.example.org/room",
        )
    assert (meeting.is_scheduled, meeting.location) == (True, "https://video.example.org/room")
    assert [m.to for m in mailoutbox] == [[pairing.candidate.email]]
    assert mailoutbox[0].subject.startswith("Mentor meeting scheduled: ")
    with pytest.raises(ValidationError) as refused:
        services.schedule_meeting(
            pairing=pairing,
            scheduled_by=pairing.candidate,
            starts_at=in_days(-1),
            duration_minutes=45,
            mode=MeetingMode.PHONE,
        )
    assert refused.value.message_dict == {
        "starts_at": ["Schedule a meeting ahead; log one that has taken place."]
    }
    assert MentorMeeting.objects.count() == 1


def test_scheduled_meeting_is_not_counted_as_held(pairing, cohort):
    ScheduledMentorMeetingFactory(pairing=pairing)
    assert MentorMeeting.objects.awaiting_confirmation().count() == 0
    [pair] = selectors.meeting_frequency(cohort=cohort, weeks=4, now=timezone.now())
    assert (pair.meeting_count, pair.last_meeting, pair.is_quiet) == (0, None, True)


def test_confirm_held_only_once_it_took_place_then_notices_are_done(pairing):
    meeting = services.schedule_meeting(
        pairing=pairing,
        scheduled_by=pairing.mentor,
        starts_at=in_days(2),
        duration_minutes=60,
        mode=MeetingMode.FACE_TO_FACE,
    )
    with pytest.raises(ValidationError, match="once it has taken place"):
        services.confirm_held(meeting=meeting, user=pairing.candidate, notes="Early")
    meeting.refresh_from_db()
    assert (meeting.is_scheduled, meeting.notes) == (True, "")
    [asked] = notices(pairing.candidate, "mentor_meeting_scheduled")
    assert asked.read_at is None

    services.confirm_held(
        meeting=meeting,
        user=pairing.candidate,
        notes="Went through the budget.",
        duration_minutes=50,
        reviewed_assignments=True,
        now=meeting.starts_at + timedelta(hours=2),
    )
    meeting.refresh_from_db()
    assert (meeting.is_scheduled, meeting.is_confirmed, meeting.confirmed_by, meeting.duration_minutes) == (
        False,
        True,
        pairing.candidate,
        50,
    )
    asked.refresh_from_db()
    [told] = notices(pairing.mentor, "mentor_meeting_confirmed")
    assert (asked.read_at is not None, told.read_at is not None) == (True, True)
    with pytest.raises(ValidationError, match="recorded already"):
        services.confirm_held(meeting=meeting, user=pairing.mentor, notes="Again")


def test_confirming_a_logged_meeting_marks_the_request_done(pairing):
    meeting = services.log_meeting(
        pairing=pairing,
        logged_by=pairing.mentor,
        held_on=date.today() - timedelta(days=1),
        duration_minutes=30,
        mode=MeetingMode.PHONE,
    )
    [asked] = notices(pairing.candidate, "mentor_meeting_logged")
    assert asked.read_at is None
    services.confirm_meeting(meeting=meeting, user=pairing.candidate)
    asked.refresh_from_db()
    [told] = notices(pairing.mentor, "mentor_meeting_confirmed")
    assert (asked.read_at is not None, told.read_at is not None, told.subject) == (
        True,
        True,
        f"Mentor meeting of {meeting.held_on:%a, %b} {meeting.held_on.day}, {meeting.held_on.year} confirmed",
    )


def test_confirming_a_meeting_counts_the_cohorts_figures_afresh(pairing, django_capture_on_commit_callbacks):
    """Confirmed meetings a month judge who is behind: the kept at-risk count is counted again."""
    meeting = MentorMeetingFactory(pairing=pairing, logged_by=pairing.mentor)
    assert figures.kept(pairing.cohort_id, "counted", lambda: "before") == "before"

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_meeting(meeting=meeting, user=pairing.candidate)

    assert figures.kept(pairing.cohort_id, "counted", lambda: "after") == "after"


def test_cancel_meeting_only_while_scheduled_and_by_the_pair(pairing, people):
    meeting = ScheduledMentorMeetingFactory(pairing=pairing)
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting=meeting, user=people["other_mentor"])
    services.cancel_meeting(meeting=meeting, user=pairing.candidate)
    assert MentorMeeting.objects.count() == 0


def test_scheduled_meeting_reminder_goes_to_both_once(pairing):
    meeting = ScheduledMentorMeetingFactory(pairing=pairing, starts_at=in_days(3))
    day_before = meeting.starts_at - timedelta(hours=23)
    assert send_due_reminders(now=day_before) >= 2
    send_due_reminders(now=day_before + timedelta(minutes=15))
    reminded = Message.objects.filter(notice="mentor_meeting_reminder").values_list("recipient", flat=True)
    assert sorted(reminded) == sorted([pairing.mentor.pk, pairing.candidate.pk])


# Views of meetings


def test_meeting_page_schedules_and_shows_the_meeting_to_both(client, pairing, portfolio):
    client.force_login(pairing.mentor)
    starts = in_days(5).astimezone(pairing.cohort.tz)
    response = client.post(
        reverse("portfolios:schedule_meeting", args=[portfolio.pk]),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "mode": "video",
            "location": "https://video.example.org/pair",
        },
        follow=True,
    )
    assert "The meeting is scheduled; it is in both your calendar feeds." in response.text
    client.force_login(pairing.candidate)
    page = client.get(reverse("portfolios:meetings", args=[portfolio.pk])).text
    assert "https://video.example.org/pair" in page
    assert "Call off" in page
    assert "Confirm as held" not in page  # not before it starts


def test_meeting_page_schedule_refusal_keeps_what_was_typed(client, pairing, portfolio):
    client.force_login(pairing.mentor)
    past = in_days(-2).astimezone(pairing.cohort.tz)
    response = client.post(
        reverse("portfolios:schedule_meeting", args=[portfolio.pk]),
        {
            "starts_at": past.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "mode": "video",
            "location": "Room 4",
        },
    )
    assert response.status_code == 200
    assert "Schedule a meeting ahead; log one that has taken place." in response.text
    assert 'value="Room 4"' in response.text
    assert MentorMeeting.objects.count() == 0


def test_confirm_held_page_records_notes(client, pairing, portfolio):
    meeting = ScheduledMentorMeetingFactory(pairing=pairing, starts_at=in_days(-1 / 24))
    client.force_login(pairing.candidate)
    response = client.post(
        reverse("portfolios:confirm_held", args=[meeting.pk]),
        {"duration_minutes": "40", "notes": "Talked about the board."},
        follow=True,
    )
    assert "The meeting is confirmed as held." in response.text
    assert "Talked about the board." in response.text


# The mid-year evaluation recorded by the mentor


def test_mentor_records_an_evaluation_with_follow_ups_for_candidate_and_self(
    people, portfolio, mailoutbox, django_capture_on_commit_callbacks
):
    mentor, candidate = people["mentor"], people["candidate"]
    evaluation = services.record_evaluation(
        portfolio=portfolio,
        mentor=mentor,
        starts_at=in_days(-1),
        mode=MeetingMode.FACE_TO_FACE,
        areas_needing_improvement="Budget narratives; board presentations.",
    )
    assert (evaluation.is_recorded, evaluation.mentor, evaluation.created_by) == (True, mentor, mentor)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.add_follow_up(
            evaluation=evaluation,
            description="Rewrite the budget narrative",
            due_on=date.today() + timedelta(days=14),
            owner=candidate,
            actor=mentor,
        )
        services.add_follow_up(
            evaluation=evaluation,
            description="Share two board decks",
            due_on=date.today() + timedelta(days=7),
            owner=mentor,
            actor=mentor,
        )
    assert [m.subject for m in mailoutbox] == ["Follow-up for you: Rewrite the budget narrative"]
    assert mailoutbox[0].to == [candidate.email]
    with pytest.raises(ValidationError):
        services.add_follow_up(
            evaluation=evaluation,
            description="x",
            due_on=date.today(),
            owner=people["program_manager"],
            actor=mentor,
        )
    with pytest.raises(ValidationError):
        services.add_follow_up(
            evaluation=evaluation,
            description="x",
            due_on=date.today(),
            owner=candidate,
            actor=people["other_mentor"],
        )
    assert list(evaluation.follow_ups.values_list("description", flat=True)) == [
        "Share two board decks",
        "Rewrite the budget narrative",
    ]
    assert item.owner == candidate


def test_record_evaluation_refused_before_it_happens_and_to_other_mentors(people, portfolio):
    for mentor, starts_at in ((people["mentor"], in_days(2)), (people["other_mentor"], in_days(-2))):
        with pytest.raises(ValidationError):
            services.record_evaluation(
                portfolio=portfolio,
                mentor=mentor,
                starts_at=starts_at,
                mode=MeetingMode.VIDEO,
                areas_needing_improvement="x",
            )
    assert MidYearEvaluation.objects.count() == 0


def test_mentor_records_the_scheduled_evaluation_on_its_page(client, people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"], starts_at=in_days(-1))
    client.force_login(people["mentor"])
    when = evaluation.starts_at.astimezone(portfolio.cohort.tz).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("portfolios:record_scheduled_evaluation", args=[portfolio.pk, evaluation.pk]),
        {"starts_at": when, "mode": "video", "areas_needing_improvement": "Time management."},
        follow=True,
    )
    assert "The evaluation meeting is recorded; add its follow-up items below." in response.text
    assert "Time management." in response.text
    response = client.post(
        reverse("portfolios:evaluation", args=[evaluation.pk]),
        {"description": "Weekly planning", "owner": people["candidate"].pk, "due_on": "2031-01-10"},
        follow=True,
    )
    assert "The follow-up item is added." in response.text
    assert MidYearEvaluation.objects.count() == 1
    assert FollowUp.objects.get().owner == people["candidate"]


def test_follow_up_reminder_goes_to_the_owner_before_it_is_due(people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    due = timezone.localdate(timezone.now(), portfolio.cohort.tz) + timedelta(days=3)
    FollowUp.objects.create(
        evaluation=evaluation, description="Revise", due_on=due, owner=people["candidate"]
    )
    FollowUp.objects.create(
        evaluation=evaluation,
        description="Done already",
        due_on=due,
        owner=people["mentor"],
        closed_at=timezone.now(),
    )
    nine_on_the_day = datetime.combine(due, time(9), tzinfo=portfolio.cohort.tz)
    send_due_reminders(now=nine_on_the_day - timedelta(hours=47))
    assert [m.recipient for m in Message.objects.filter(notice="follow_up_reminder")] == [people["candidate"]]


# Private feedback for the program managers


def test_private_feedback_notifies_managers_and_is_unread_until_opened(client, people, portfolio, cohort):
    manager = people["program_manager"]
    second_manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    services.give_feedback(
        portfolio=portfolio,
        author=people["mentor"],
        audience=FeedbackAudience.MENTOR_TO_MANAGER,
        body="Needs support with time management.",
    )
    told = Message.objects.filter(notice="private_feedback_given")
    assert sorted(told.values_list("recipient", flat=True)) == sorted([manager.pk, second_manager.pk])
    assert not Message.objects.filter(recipient=people["candidate"]).exists()
    [row] = selectors.cohort_portfolios_page(
        portfolios=selectors.cohort_portfolios(cohort=cohort), cohort=cohort, page_number=1, per_page=25
    ).object_list[:1]
    assert row.unread_private_feedback == 1

    client.force_login(people["mentor"])
    client.get(reverse("portfolios:feedback", args=[portfolio.pk]))
    client.force_login(manager)
    overview = client.get(reverse("portfolios:overview", args=[cohort.slug])).text
    assert "1 new" in overview
    client.get(reverse("portfolios:feedback", args=[portfolio.pk]))
    overview = client.get(reverse("portfolios:overview", args=[cohort.slug])).text
    assert "1 new" not in overview
    assert told.filter(read_at__isnull=True).count() == 0


# Consulting instructors


def test_consultation_thread_notifies_both_ways(people, portfolio, cohort):
    instructor = people["instructor"]
    ClassSessionFactory(cohort=cohort, number=1).instructors.add(instructor)
    first = services.consult_instructor(
        portfolio=portfolio, mentor=people["mentor"], instructor=instructor, body="Is the plan on track?"
    )
    again = services.consult_instructor(
        portfolio=portfolio, mentor=people["mentor"], instructor=instructor, body="One more question."
    )
    assert first.consultation == again.consultation
    services.reply_to_consultation(consultation=first.consultation, author=instructor, body="Yes, nearly.")
    told = Message.objects.filter(notice="consultation_message").order_by("pk")
    assert [m.recipient for m in told] == [instructor, instructor, people["mentor"]]
    with pytest.raises(ValidationError):
        services.reply_to_consultation(
            consultation=first.consultation, author=people["candidate"], body="Me?"
        )
    with pytest.raises(ValidationError):
        services.consult_instructor(
            portfolio=portfolio,
            mentor=people["mentor"],
            instructor=people["reviewer"],
            body="Not an instructor",
        )
    assert ConsultationMessage.objects.count() == 3


def test_consultation_pages(client, people, portfolio, cohort):
    instructor = people["instructor"]
    ClassSessionFactory(cohort=cohort, number=1).instructors.add(instructor)
    client.force_login(people["mentor"])
    response = client.post(
        reverse("portfolios:consultations", args=[portfolio.pk]),
        {"instructor": instructor.pk, "body": "How did the presentation go?"},
        follow=True,
    )
    assert f"Your message is sent to {instructor}." in response.text
    thread_url = response.redirect_chain[-1][0]
    client.force_login(instructor)
    assert f"About {people['candidate']}" in client.get("/").text  # the instructor's home finds the thread
    response = client.post(thread_url, {"body": "Very well."}, follow=True)
    assert "Very well." in response.text
    client.force_login(people["candidate"])
    assert client.get(thread_url).status_code == 404


# Work study


def test_work_study_is_recorded_by_the_mentor_only_after_it_happened(client, people, portfolio):
    with pytest.raises(ValidationError):
        services.record_work_study(
            portfolio=portfolio,
            mentor=people["mentor"],
            supervised_on=date.today() + timedelta(days=1),
            hours=Decimal("2"),
            supervised="Network audit",
        )
    with pytest.raises(ValidationError):
        services.record_work_study(
            portfolio=portfolio,
            mentor=people["other_mentor"],
            supervised_on=date.today(),
            hours=Decimal("2"),
            supervised="Network audit",
        )
    client.force_login(people["mentor"])
    response = client.post(
        reverse("portfolios:work_study", args=[portfolio.pk]),
        {
            "supervised_on": (date.today() - timedelta(days=1)).isoformat(),
            "hours": "2.5",
            "supervised": "Network audit",
        },
        follow=True,
    )
    assert "The work-study supervision is recorded." in response.text
    client.force_login(people["candidate"])
    page = client.get(reverse("portfolios:work_study", args=[portfolio.pk])).text
    assert "Network audit" in page and "2.5 hours supervised in all." in page
    assert WorkStudy.objects.count() == 1


# Calendar feeds and the notices of reviews


def test_feeds_carry_mentoring_to_the_people_expected(people, portfolio, cohort):
    mentor, candidate, manager = people["mentor"], people["candidate"], people["program_manager"]
    pairing = cohort.pairings.get(candidate=candidate)
    ScheduledMentorMeetingFactory(pairing=pairing)
    MidYearEvaluationFactory(portfolio=portfolio, mentor=mentor)
    ProgressReviewFactory(portfolio=portfolio)
    PortfolioReviewFactory(cohort=cohort, number=1)
    CheckInFactory(cohort=cohort)
    meeting = f"Mentor meeting: {mentor} and {candidate} ({cohort})"
    evaluation = f"Mid-year evaluation of {candidate} ({cohort})"
    progress = f"Progress review of {candidate} with the program manager ({cohort})"
    review, check_in = f"Portfolio review 1 ({cohort})", f"Mentor check-in meeting ({cohort})"
    assert sorted(feed_summaries(candidate)) == sorted([meeting, evaluation, progress, review])
    assert sorted(feed_summaries(mentor)) == sorted([meeting, evaluation, review, check_in])
    assert sorted(feed_summaries(manager)) == sorted([evaluation, progress, review, check_in])
    assert feed_summaries(people["other_candidate"]) == [review]


def test_progress_and_portfolio_reviews_scheduled_are_notices(people, portfolio, cohort):
    services.schedule_progress_review(
        portfolio=portfolio, starts_at=in_days(5), actor=people["program_manager"]
    )
    services.schedule_portfolio_review(cohort=cohort, number=2, starts_at=in_days(20))
    assert [m.recipient for m in Message.objects.filter(notice="progress_review_scheduled")] == [
        people["candidate"]
    ]
    told = set(
        Message.objects.filter(notice="portfolio_review_scheduled").values_list("recipient", flat=True)
    )
    expected = {people[r].pk for r in ("candidate", "mentor", "other_candidate", "other_mentor")}
    assert told == expected


def test_check_in_scheduled_is_a_notice_to_every_mentor_only(people, cohort):
    check_in = services.schedule_check_in(cohort=cohort, starts_at=in_days(9), agenda="Pacing")
    told = Message.objects.filter(notice="check_in_scheduled")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [people["mentor"].pk, people["other_mentor"].pk]
    )
    assert {m.link.endswith(check_in.get_absolute_url()) for m in told} == {True}
