"""The mentor's duties in the browser: a meeting scheduled ahead shows in both people's calendar feeds, and the
mentor records the mid-year evaluation with a follow-up item for the candidate."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role
from portfolios.models import FollowUp, MentorMeeting, MidYearEvaluation
from sessions.services import renew_calendar_feed

from ..factories import MembershipFactory, PairingFactory


def test_mentor_schedules_a_meeting_in_both_feeds_and_records_the_evaluation(
    page, live_server, cohort, log_in, screenshot
):
    pairing = PairingFactory(cohort=cohort)
    candidate, mentor = pairing.candidate, pairing.mentor
    MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER)
    feeds = {
        person: f"{live_server.url}{reverse('class_sessions:feed', args=[renew_calendar_feed(user=person)])}"
        for person in (mentor, candidate)
    }
    next_week = timezone.localdate(timezone.now(), cohort.tz) + timedelta(days=7)

    # The mentor schedules a meeting ahead.
    log_in(page, mentor)
    page.get_by_role("link", name=f"Portfolio of {candidate}").click()
    page.get_by_role("link", name="Mentor meetings").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Starts at").fill(f"{next_week.isoformat()}T16:30")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Video").check()
    page.get_by_label("Place or link").fill("https://video.example.org/carla")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_text("The meeting is scheduled; it is in both your calendar feeds.")).to_be_visible()
    expect(page.get_by_text("https://video.example.org/carla")).to_be_visible()
    screenshot(page, "mentor-meeting-scheduled")
    meeting = MentorMeeting.objects.get()
    assert meeting.starts_at.astimezone(cohort.tz).strftime("%Y-%m-%d %H:%M") == f"{next_week} 16:30"

    # Both calendar feeds carry it.
    for person, url in feeds.items():
        response = page.request.get(url)
        assert response.status == 200
        body = response.text()
        assert f"SUMMARY:Mentor meeting: {mentor} and {candidate}" in body.replace("\r\n ", ""), person
        assert f"DTSTART;TZID={cohort.time_zone}:{next_week:%Y%m%d}T163000" in body, person

    # The mentor records the mid-year evaluation meeting held yesterday, with a follow-up for the candidate.
    yesterday = timezone.localdate(timezone.now(), cohort.tz) - timedelta(days=1)
    page.get_by_role("link", name="Portfolio", exact=True).click()
    page.get_by_role("link", name="Record a mid-year evaluation meeting").click()
    page.get_by_label("When it took place").fill(f"{yesterday.isoformat()}T10:00")
    page.get_by_label("Face to face").check()
    page.get_by_label("Areas needing improvement").fill("Budget narratives for the board.")
    page.get_by_role("button", name="Record the meeting").click()
    expect(
        page.get_by_text("The evaluation meeting is recorded; add its follow-up items below.")
    ).to_be_visible()
    page.get_by_label("Area needing improvement or task").fill("Rewrite the budget summary")
    page.get_by_label("Owner").select_option(label=str(candidate))
    due = date.today() + timedelta(days=21)
    page.get_by_label("Due on").fill(due.isoformat())
    page.get_by_role("button", name="Add the follow-up item").click()
    expect(page.get_by_role("cell", name="Rewrite the budget summary", exact=True)).to_be_visible()
    screenshot(page, "mentor-evaluation-recorded")
    evaluation = MidYearEvaluation.objects.get()
    assert (evaluation.recorded_by, evaluation.mode) == (mentor, "face_to_face")
    assert FollowUp.objects.filter(evaluation=evaluation, owner=candidate, due_on=due).count() == 1

    # The candidate sees the follow-up on their home page and the notice that assigned it.
    page.get_by_role("button", name="Log out").click()
    log_in(page, candidate)
    expect(page.get_by_role("link", name="Rewrite the budget summary")).to_be_visible()
    page.goto(f"{live_server.url}{reverse('notifications:inbox')}")
    expect(page.get_by_role("link", name="Follow-up for you: Rewrite the budget summary")).to_be_visible()
