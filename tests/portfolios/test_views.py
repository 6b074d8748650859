from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from cohorts.models import Pairing
from portfolios.models import Artifact, FeedbackAudience, MentorMeeting, Reflection

from ..factories import ClassSessionFactory, PairingFactory, TopicFactory
from ..files import exe_bytes, html_bytes, pdf_bytes, upload
from ..people import EVERY_ROLE
from .factories import (
    ArtifactFactory,
    CheckInFactory,
    FeedbackFactory,
    MentorMeetingFactory,
    MidYearEvaluationFactory,
    PortfolioFactory,
    ProgressReviewFactory,
    ReflectionFactory,
    ScheduledMentorMeetingFactory,
)

PORTFOLIO_PEOPLE = {"candidate", "mentor", "program_manager"}
PAGE_TEXT = {
    "detail": "Technology plan 2030",
    "print": "Technology plan 2030",
    "topic_map": "Topics and their evidence",
    "meetings": "Meeting log",
    "feedback": "No feedback yet.",
}


def refused(allowed):
    return [role for role in EVERY_ROLE if role not in allowed]


@pytest.mark.parametrize("name", ["detail", "topic_map", "print", "meetings", "feedback"])
def test_portfolio_pages_anonymous_go_to_login(client, portfolio, name):
    response = client.get(reverse(f"portfolios:{name}", args=[portfolio.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["detail", "topic_map", "print", "meetings", "feedback"])
@pytest.mark.parametrize("role", refused(PORTFOLIO_PEOPLE))
def test_portfolio_pages_refused_outside_the_pair_and_managers(client, people, portfolio, name, role):
    client.force_login(people[role])
    assert client.get(reverse(f"portfolios:{name}", args=[portfolio.pk])).status_code == 404


@pytest.mark.parametrize("name", ["detail", "topic_map", "print", "meetings", "feedback"])
@pytest.mark.parametrize("role", sorted(PORTFOLIO_PEOPLE))
def test_portfolio_pages_shown_to_candidate_mentor_and_manager(client, people, portfolio, name, role):
    ArtifactFactory(portfolio=portfolio, title="Technology plan 2030", ready_for_review=True)
    client.force_login(people[role])
    response = client.get(reverse(f"portfolios:{name}", args=[portfolio.pk]))
    assert response.status_code == 200
    assert PAGE_TEXT[name] in response.text


def test_portfolio_missing_is_404_like_a_forbidden_one(client, people):
    client.force_login(people["program_manager"])
    assert client.get(reverse("portfolios:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", refused({"candidate"}))
def test_add_artifact_refused_to_all_but_the_candidate(client, people, portfolio, role):
    client.force_login(people[role])
    url = reverse("portfolios:add_artifact", args=[portfolio.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"title": "Sneaky", "link": "https://example.org/x"})
    assert response.status_code == 404
    assert Artifact.objects.count() == 0


def test_add_artifact_link_by_candidate(client, people, portfolio):
    topic = TopicFactory(session__cohort=portfolio.cohort, name="Fiscal Management")
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:add_artifact", args=[portfolio.pk]),
        {"title": "Budget proposal", "link": "https://docs.example.org/budget", "tag": f"t{topic.pk}"},
        follow=True,
    )
    assert response.status_code == 200
    artifact = Artifact.objects.get()
    assert (artifact.title, artifact.link, artifact.topic, artifact.session) == (
        "Budget proposal",
        "https://docs.example.org/budget",
        topic,
        topic.session,
    )
    assert "“Budget proposal” is in your portfolio." in response.text


def test_add_artifact_file_is_downloaded_as_attachment_by_the_mentor(client, people, portfolio):
    client.force_login(people["candidate"])
    client.post(
        reverse("portfolios:add_artifact", args=[portfolio.pk]),
        {"title": "Strategic plan", "upload": upload("plan.pdf", pdf_bytes("Plan"))},
    )
    artifact = Artifact.objects.get()
    assert (artifact.original_name, artifact.content_type) == ("plan.pdf", "application/pdf")
    assert artifact.file.name.startswith("artifacts/") and "plan" not in artifact.file.name
    client.post(reverse("portfolios:mark_ready", args=["artifacts", artifact.pk]), {"ready": "1"})
    client.force_login(people["mentor"])
    response = client.get(reverse("portfolios:download_artifact", args=[artifact.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes("Plan")


@pytest.mark.parametrize("role", refused(PORTFOLIO_PEOPLE))
def test_download_artifact_refused_outside_the_portfolio(client, people, portfolio, role):
    client.force_login(people["candidate"])
    client.post(
        reverse("portfolios:add_artifact", args=[portfolio.pk]),
        {"title": "Strategic plan", "upload": upload("plan.pdf", pdf_bytes())},
    )
    client.force_login(people[role])
    url = reverse("portfolios:download_artifact", args=[Artifact.objects.get().pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.pdf", exe_bytes(), "is not one of the accepted types"),
        ("page.pdf", html_bytes(), "is not one of the accepted types"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_add_artifact_bad_file_is_explained_and_typing_kept(
    client, people, portfolio, name, content, message
):
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:add_artifact", args=[portfolio.pk]),
        {"title": "My plan", "description": "Kept text", "upload": upload(name, content)},
    )
    assert response.status_code == 200
    assert Artifact.objects.count() == 0
    assert 'value="My plan"' in response.text
    assert "Kept text" in response.text
    assert message in response.text


def test_add_artifact_needs_a_file_or_a_link(client, people, portfolio):
    client.force_login(people["candidate"])
    url = reverse("portfolios:add_artifact", args=[portfolio.pk])
    response = client.post(url, {"title": "Nothing"})
    assert "Choose a file, or give a link below." in response.text
    response = client.post(
        url, {"title": "Both", "link": "https://example.org/a", "upload": upload("a.pdf", pdf_bytes())}
    )
    assert "Give either a file or a link, not both." in response.text
    assert Artifact.objects.count() == 0


def test_add_artifact_empty_post_shows_required_title(client, people, portfolio):
    client.force_login(people["candidate"])
    response = client.post(reverse("portfolios:add_artifact", args=[portfolio.pk]), {})
    assert response.status_code == 200
    assert "This field is required." in response.text


def test_reflection_html_is_shown_as_text_with_line_breaks(client, people, portfolio):
    client.force_login(people["candidate"])
    client.post(
        reverse("portfolios:add_reflection", args=[portfolio.pk]),
        {"title": "On budgets", "body": "First paragraph <script>alert(1)</script>\n\nSecond paragraph"},
    )
    reflection = Reflection.objects.get()
    client.post(reverse("portfolios:mark_ready", args=["reflections", reflection.pk]), {"ready": "1"})
    client.force_login(people["mentor"])
    response = client.get(reverse("portfolios:detail", args=[portfolio.pk]))
    assert "<script>alert(1)</script>" not in response.text
    assert (
        "<p>First paragraph &lt;script&gt;alert(1)&lt;/script&gt;</p>\n\n<p>Second paragraph</p>"
        in response.text
    )
    assert reflection.body.startswith("First paragraph")


def test_edit_reflection_refused_to_the_mentor(client, people, portfolio):
    reflection = ReflectionFactory(portfolio=portfolio, title="Mine")
    client.force_login(people["mentor"])
    response = client.post(
        reverse("portfolios:edit_reflection", args=[reflection.pk]), {"title": "Changed", "body": "x"}
    )
    assert response.status_code == 404
    reflection.refresh_from_db()
    assert reflection.title == "Mine"


def test_candidate_orders_entries_and_marks_one_ready(client, people, portfolio):
    first = ArtifactFactory(portfolio=portfolio, title="First", position=1)
    second = ArtifactFactory(portfolio=portfolio, title="Second", position=2)
    client.force_login(people["candidate"])
    client.post(reverse("portfolios:move_entry", args=["artifacts", second.pk]), {"direction": "up"})
    client.post(reverse("portfolios:mark_ready", args=["artifacts", first.pk]), {"ready": "1"})
    assert list(Artifact.objects.values_list("title", "ready_for_review")) == [
        ("Second", False),
        ("First", True),
    ]


@pytest.mark.parametrize("role", refused({"candidate"}))
def test_move_and_ready_refused_to_others(client, people, portfolio, role):
    artifact = ArtifactFactory(portfolio=portfolio)
    client.force_login(people[role])
    assert (
        client.post(
            reverse("portfolios:mark_ready", args=["artifacts", artifact.pk]), {"ready": "1"}
        ).status_code
        == 404
    )
    assert client.post(reverse("portfolios:delete_entry", args=["artifacts", artifact.pk])).status_code == 404
    artifact.refresh_from_db()
    assert artifact.ready_for_review is False


def test_topic_map_lists_topics_without_evidence(client, people, portfolio):
    session = ClassSessionFactory(cohort=portfolio.cohort, number=3, title="Fiscal")
    covered = TopicFactory(session=session, name="Budgeting")
    TopicFactory(session=session, name="E-rate")
    ArtifactFactory(portfolio=portfolio, title="Budget workbook", topic=covered, session=session)
    client.force_login(people["candidate"])
    response = client.get(reverse("portfolios:topic_map", args=[portfolio.pk]))
    assert "Topics with no evidence yet (1)" in response.text
    assert "<li>Session 3: E-rate</li>" in response.text
    assert "Budget workbook" in response.text


def test_topic_map_no_longer_counts_an_artifact_once_in_the_trash_nor_its_untagged_reflection(
    client, people, portfolio
):
    session = ClassSessionFactory(cohort=portfolio.cohort, number=3, title="Fiscal")
    topic = TopicFactory(session=session, name="Budgeting")
    artifact = ArtifactFactory(portfolio=portfolio, title="Budget workbook", topic=topic, session=session)
    ReflectionFactory(portfolio=portfolio, title="What the budget taught me", artifact=artifact)
    client.force_login(people["candidate"])
    url = reverse("portfolios:topic_map", args=[portfolio.pk])
    assert "What the budget taught me" in client.get(url).text

    client.post(reverse("portfolios:delete_entry", args=["artifacts", artifact.pk]), follow=True)  # its undo
    page = client.get(url).text

    assert "Topics with no evidence yet (1)" in page
    assert "<li>Session 3: Budgeting</li>" in page
    assert "Budget workbook" not in page
    assert "What the budget taught me" not in page


def test_print_view_has_print_css_and_no_feedback(client, people, portfolio):
    FeedbackFactory(
        portfolio=portfolio,
        author=people["mentor"],
        body="Private remark for the manager",
        audience=FeedbackAudience.MENTOR_TO_MANAGER,
    )
    ReflectionFactory(portfolio=portfolio, title="Leadership journey", ready_for_review=True)
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:print", args=[portfolio.pk]))
    assert "/static/css/print.css" in response.text  # @media print rules, in a file for the CSP
    assert "Leadership journey" in response.text
    assert "Private remark for the manager" not in response.text


# Meetings


def test_mentor_logs_meeting_and_candidate_confirms(
    client, people, portfolio, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["mentor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portfolios:meetings", args=[portfolio.pk]),
            {
                "held_on": (date.today() - timedelta(days=1)).isoformat(),
                "duration_minutes": "60",
                "mode": "phone",
                "reviewed_portfolio": "on",
                "notes": "Went over the budget artifact.",
                "follow_up": "Revise the budget narrative",
                "follow_up_due": (date.today() + timedelta(days=14)).isoformat(),
            },
            follow=True,
        )
    assert "The meeting is logged; the other side is asked to confirm it." in response.text
    meeting = MentorMeeting.objects.get()
    assert [m.to for m in mailoutbox] == [[people["candidate"].email]]
    assert "Please confirm your mentor meeting" in mailoutbox[0].subject
    assert list(meeting.follow_ups.values_list("description", flat=True)) == ["Revise the budget narrative"]
    confirm = reverse("portfolios:confirm_meeting", args=[meeting.pk])
    assert client.post(confirm).status_code == 404  # the mentor logged it: not theirs to confirm
    client.force_login(people["candidate"])
    response = client.post(confirm, follow=True)
    meeting.refresh_from_db()
    assert meeting.confirmed_by == people["candidate"]
    assert "You confirmed the meeting of" in response.text


def test_log_meeting_in_future_is_explained_and_kept(client, people, portfolio):
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:meetings", args=[portfolio.pk]),
        {
            "held_on": (date.today() + timedelta(days=3)).isoformat(),
            "duration_minutes": "30",
            "mode": "video",
            "notes": "Planned",
        },
    )
    assert response.status_code == 200
    assert "Log a meeting once it has taken place." in response.text
    assert "Planned" in response.text
    assert MentorMeeting.objects.count() == 0


@pytest.mark.parametrize("role", refused({"mentor", "candidate"}))
def test_log_meeting_refused_to_all_but_the_pair(client, people, portfolio, role):
    client.force_login(people[role])
    response = client.post(
        reverse("portfolios:meetings", args=[portfolio.pk]),
        {"held_on": date.today().isoformat(), "duration_minutes": "30", "mode": "video"},
    )
    assert response.status_code == 404
    assert MentorMeeting.objects.count() == 0


@pytest.mark.parametrize("role", refused({"candidate"}))
def test_confirm_meeting_refused_to_all_but_the_other_side(client, people, pairing, role):
    meeting = MentorMeetingFactory(pairing=pairing)
    client.force_login(people[role])
    assert client.post(reverse("portfolios:confirm_meeting", args=[meeting.pk])).status_code == 404
    meeting.refresh_from_db()
    assert meeting.confirmed_at is None


def test_other_mentor_never_sees_the_pairs_meetings(client, people, pairing, portfolio):
    MentorMeetingFactory(pairing=pairing, notes="Confidential talk")
    client.force_login(people["other_mentor"])
    assert client.get(reverse("portfolios:meetings", args=[portfolio.pk])).status_code == 404
    client.force_login(people["mentor"])
    assert "Confidential talk" in client.get(reverse("portfolios:meetings", args=[portfolio.pk])).text


# Feedback


def test_candidate_never_sees_mentor_to_manager_feedback(client, people, portfolio):
    FeedbackFactory(
        portfolio=portfolio,
        author=people["mentor"],
        body="Open note to you",
        audience=FeedbackAudience.MENTOR_TO_CANDIDATE,
    )
    FeedbackFactory(
        portfolio=portfolio,
        author=people["mentor"],
        body="Only for the manager",
        audience=FeedbackAudience.MENTOR_TO_MANAGER,
    )
    client.force_login(people["candidate"])
    for name in ("feedback", "detail", "print", "meetings", "topic_map"):
        text = client.get(reverse(f"portfolios:{name}", args=[portfolio.pk])).text
        assert "Only for the manager" not in text
    assert "Open note to you" in client.get(reverse("portfolios:feedback", args=[portfolio.pk])).text
    for role in ("mentor", "program_manager"):
        client.force_login(people[role])
        assert "Only for the manager" in client.get(reverse("portfolios:feedback", args=[portfolio.pk])).text


def test_mentor_gives_feedback_to_manager_only_mailed_to_the_manager_not_the_candidate(
    client, people, portfolio, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["mentor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portfolios:feedback", args=[portfolio.pk]),
            {"audience": FeedbackAudience.MENTOR_TO_MANAGER, "body": "Struggling with time"},
        )
        client.post(
            reverse("portfolios:feedback", args=[portfolio.pk]),
            {"audience": FeedbackAudience.MENTOR_TO_CANDIDATE, "body": "Great progress"},
        )
    assert [m.to for m in mailoutbox] == [[people["program_manager"].email], [people["candidate"].email]]
    assert "Struggling with time" in mailoutbox[0].body
    assert "Struggling" not in mailoutbox[1].body
    assert "Great progress" not in mailoutbox[1].body


def test_manager_cannot_post_as_mentor_to_manager(client, people, portfolio):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("portfolios:feedback", args=[portfolio.pk]),
        {"audience": FeedbackAudience.MENTOR_TO_MANAGER, "body": "Pretending"},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert portfolio.feedback.count() == 0


@pytest.mark.parametrize("role", ["candidate", "other_mentor", "instructor", "manager_of_other_cohort"])
def test_feedback_post_refused_to_those_who_do_not_give_it(client, people, portfolio, role):
    client.force_login(people[role])
    response = client.post(
        reverse("portfolios:feedback", args=[portfolio.pk]),
        {"audience": FeedbackAudience.MENTOR_TO_CANDIDATE, "body": "x"},
    )
    assert response.status_code == 404
    assert portfolio.feedback.count() == 0


# Evaluations and reviews


@pytest.mark.parametrize("role", refused({"program_manager"}))
def test_schedule_evaluation_refused_to_all_but_the_manager(client, people, portfolio, role):
    client.force_login(people[role])
    assert client.get(reverse("portfolios:schedule_evaluation", args=[portfolio.pk])).status_code == 404


def test_manager_schedules_evaluation_in_cohort_time_and_both_are_told(
    client, people, portfolio, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["program_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portfolios:schedule_evaluation", args=[portfolio.pk]),
            {"starts_at": "2031-06-13T16:00", "location": "Sacramento office"},
            follow=True,
        )
    evaluation = portfolio.evaluations.get()
    assert evaluation.starts_at.isoformat() == "2031-06-13T23:00:00+00:00"
    assert evaluation.mentor == people["mentor"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["candidate"].email, people["mentor"].email])
    assert "PDT" in mailoutbox[0].subject
    assert "Mid-year evaluation of" in response.text


@pytest.mark.parametrize("role", refused(PORTFOLIO_PEOPLE))
def test_evaluation_page_refused_outside(client, people, portfolio, role):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    client.force_login(people[role])
    assert client.get(reverse("portfolios:evaluation", args=[evaluation.pk])).status_code == 404


def test_manager_adds_follow_up_item_and_owner_closes_it(client, people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    client.force_login(people["program_manager"])
    client.post(
        reverse("portfolios:evaluation", args=[evaluation.pk]),
        {
            "description": "Present the budget more clearly",
            "owner": people["candidate"].pk,
            "due_on": "2031-09-01",
        },
    )
    item = evaluation.follow_ups.get()
    assert (item.owner, item.due_on.isoformat(), item.is_closed) == (people["candidate"], "2031-09-01", False)
    client.force_login(people["mentor"])
    assert client.post(reverse("portfolios:close_follow_up", args=[item.pk])).status_code == 404
    client.force_login(people["candidate"])
    client.post(reverse("portfolios:close_follow_up", args=[item.pk]))
    item.refresh_from_db()
    assert item.closed_by == people["candidate"]


def test_evaluation_follow_up_without_due_date_is_explained(client, people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio)
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("portfolios:evaluation", args=[evaluation.pk]),
        {"description": "Kept words", "owner": people["candidate"].pk},
    )
    assert "This field is required." in response.text
    assert 'value="Kept words"' in response.text


@pytest.mark.parametrize("role", refused({"candidate", "program_manager"}))
def test_progress_review_refused_to_others_mentor_included(client, people, portfolio, role):
    review = ProgressReviewFactory(portfolio=portfolio, notes="Talked about attendance")
    client.force_login(people[role])
    assert client.get(reverse("portfolios:progress_review", args=[review.pk])).status_code == 404


def test_progress_review_notes_shown_to_candidate(client, people, portfolio):
    ProgressReviewFactory(portfolio=portfolio, notes="Talked about attendance")
    client.force_login(people["candidate"])
    assert "Talked about attendance" in client.get(reverse("portfolios:detail", args=[portfolio.pk])).text
    client.force_login(people["mentor"])
    assert "Talked about attendance" not in client.get(reverse("portfolios:detail", args=[portfolio.pk])).text


def review_scheduled_by_the_manager(client, people, portfolio):
    client.force_login(people["program_manager"])
    client.post(
        reverse("portfolios:portfolio_reviews", args=[portfolio.cohort.slug]),
        {"number": "1", "starts_at": "2031-05-01T09:00", "location": "Room 4"},
    )
    return portfolio.cohort.portfolio_reviews.get()


def test_review_comment_without_a_body_shows_the_portfolio_with_the_error_and_the_choice_kept(
    client, people, portfolio
):
    review = review_scheduled_by_the_manager(client, people, portfolio)
    client.force_login(people["mentor"])
    response = client.post(
        reverse("portfolios:comment", args=[portfolio.pk]), {"review": review.pk, "body": " "}
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert response.context["comment_form"]["review"].value() == str(review.pk)
    assert not review.comments.exists()


def test_mentor_comments_at_a_portfolio_review(client, people, portfolio):
    review = review_scheduled_by_the_manager(client, people, portfolio)
    client.force_login(people["mentor"])
    client.post(
        reverse("portfolios:comment", args=[portfolio.pk]), {"review": review.pk, "body": "Strong artifacts"}
    )
    client.force_login(people["candidate"])
    assert "Strong artifacts" in client.get(reverse("portfolios:detail", args=[portfolio.pk])).text
    client.force_login(people["other_mentor"])
    assert (
        client.post(
            reverse("portfolios:comment", args=[portfolio.pk]), {"review": review.pk, "body": "x"}
        ).status_code
        == 404
    )


# Cohort pages


COHORT_PAGES = [
    "overview",
    "meeting_frequency",
    "portfolio_reviews",
    "program_feedback_results",
    "program_feedback_csv",
]


@pytest.mark.parametrize("name", COHORT_PAGES)
@pytest.mark.parametrize("role", refused({"program_manager"}))
def test_cohort_pages_refused_to_all_but_the_manager(client, people, cohort, name, role):
    client.force_login(people[role])
    assert client.get(reverse(f"portfolios:{name}", args=[cohort.slug])).status_code == 404


@pytest.mark.parametrize("name", COHORT_PAGES)
def test_cohort_pages_shown_to_the_manager(client, people, cohort, name):
    client.force_login(people["program_manager"])
    assert client.get(reverse(f"portfolios:{name}", args=[cohort.slug])).status_code == 200


def test_overview_queries_do_not_grow_with_candidates(client, people, cohort, django_assert_max_num_queries):
    client.force_login(people["program_manager"])
    url = reverse("portfolios:overview", args=[cohort.slug])
    client.get(url)  # makes the portfolios of the people fixture's candidates
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.text.count('<th scope="row">') == 2
    for _ in range(3):
        pairing = PairingFactory(cohort=cohort)
        portfolio = PortfolioFactory(cohort=cohort, candidate=pairing.candidate)
        ArtifactFactory(portfolio=portfolio)
        MentorMeetingFactory(pairing=pairing)
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.text.count('<th scope="row">') == 5


def test_meeting_frequency_flags_quiet_pairs(client, people, cohort, pairing):
    MentorMeetingFactory(pairing=pairing, held_on=date.today() - timedelta(weeks=6))
    busy = PairingFactory(cohort=cohort)
    MentorMeetingFactory(pairing=busy, held_on=date.today() - timedelta(days=2))
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:meeting_frequency", args=[cohort.slug]), {"weeks": "4"})
    assert "Pairs with no meeting in 4 weeks (1)" in response.text
    assert escape(f"{pairing.candidate} and {pairing.mentor}") in response.text
    response = client.get(reverse("portfolios:meeting_frequency", args=[cohort.slug]), {"weeks": "8"})
    assert "Pairs with no meeting in 8 weeks (0)" in response.text


def test_meeting_frequency_row_shows_the_pairs_meetings_and_marks_a_quiet_pair(
    client, people, cohort, pairing
):
    held_on = date.today() - timedelta(weeks=6)
    MentorMeetingFactory(pairing=pairing, held_on=held_on, confirmed_at=timezone.now())
    MentorMeetingFactory(pairing=pairing, held_on=held_on - timedelta(days=7))
    cohort.classes_start = date.today() - timedelta(days=305)  # ten months (of 30.44 days)
    cohort.save()
    client.force_login(people["program_manager"])
    page = client.get(reverse("portfolios:meeting_frequency", args=[cohort.slug]), {"weeks": "4"}).text
    last = f"{held_on:%a, %b} {held_on.day}, {held_on.year}"
    candidate, mentor = escape(pairing.candidate), escape(pairing.mentor)
    assertInHTML(
        f'<tr class="table-warning"><th scope="row">{candidate}</th><td>{mentor}</td>'
        f'<td>2</td><td>1</td><td>0.2</td><td>{last} <span class="badge text-bg-warning">Quiet</span></td></tr>',
        page,
    )
    assertInHTML(f"<li>{candidate} and {mentor} — last meeting: {last}</li>", page)
    page = client.get(reverse("portfolios:meeting_frequency", args=[cohort.slug]), {"weeks": "8"}).text
    assertInHTML(
        f'<tr><th scope="row">{candidate}</th><td>{mentor}</td>'
        f"<td>2</td><td>1</td><td>0.2</td><td>{last}</td></tr>",
        page,
    )


@pytest.mark.parametrize("role", refused({"program_manager", "mentor", "other_mentor"}))
def test_check_ins_refused_to_non_mentors(client, people, cohort, role):
    check_in = CheckInFactory(cohort=cohort)
    client.force_login(people[role])
    assert client.get(reverse("portfolios:check_ins", args=[cohort.slug])).status_code == 404
    assert client.get(reverse("portfolios:check_in", args=[check_in.pk])).status_code == 404


def test_manager_schedules_check_in_and_records_attendance(
    client, people, cohort, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["program_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portfolios:check_ins", args=[cohort.slug]),
            {"starts_at": "2031-03-10T17:00", "location": "Video call", "agenda": "Mid-year plans"},
        )
    check_in = cohort.mentor_check_ins.get()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people["mentor"].email, people["other_mentor"].email]
    )
    client.post(
        reverse("portfolios:check_in", args=[check_in.pk]),
        {"attendees": [people["mentor"].pk], "notes": "Discussed pacing"},
    )
    assert list(check_in.attendees.all()) == [people["mentor"]]
    client.force_login(people["other_mentor"])
    response = client.get(reverse("portfolios:check_in", args=[check_in.pk]))
    assert "Discussed pacing" in response.text
    assert client.post(reverse("portfolios:check_in", args=[check_in.pk]), {"notes": "x"}).status_code == 404


def test_check_ins_are_paged_soonest_first(client, people, cohort, recwarn):
    now = timezone.now()
    later, sooner, middle = (
        CheckInFactory(cohort=cohort, starts_at=now + timedelta(days=days)) for days in (60, 1, 30)
    )
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:check_ins", args=[cohort.slug]))
    assert [check_in.pk for check_in in response.context["page"]] == [sooner.pk, middle.pk, later.pk]
    assert [w for w in recwarn if "UnorderedObjectListWarning" in w.category.__name__] == []


def test_check_in_attendance_only_of_mentors(client, people, cohort):
    check_in = CheckInFactory(cohort=cohort)
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("portfolios:check_in", args=[check_in.pk]), {"attendees": [people["candidate"].pk]}
    )
    assert "Select a valid choice." in response.text
    assert check_in.attendees.count() == 0


def test_home_panels_link_to_portfolio_pages(client, people, cohort):
    for role, text in [
        ("candidate", "Your portfolio"),
        ("mentor", escape(f"Portfolio of {people['candidate']}")),
        ("program_manager", "Meeting frequency"),
    ]:
        client.force_login(people[role])
        assert text in client.get(reverse("home")).text


def test_meeting_log_lists_those_scheduled_soonest_first_and_those_held_newest_first_20_a_page(
    client, people, cohort
):
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    pairing = Pairing.objects.get(cohort=cohort, candidate=people["candidate"], mentor=people["mentor"])
    later = ScheduledMentorMeetingFactory(pairing=pairing, starts_at=timezone.now() + timedelta(days=9))
    sooner = ScheduledMentorMeetingFactory(pairing=pairing, starts_at=timezone.now() + timedelta(days=2))
    held = [
        MentorMeetingFactory(pairing=pairing, held_on=date.today() - timedelta(days=days))
        for days in range(1, 23)
    ]
    client.force_login(people["mentor"])
    url = reverse("portfolios:meetings", args=[portfolio.pk])

    first, second = client.get(url).context, client.get(url, {"page": 2}).context

    assert list(first["scheduled"]) == [sooner, later]
    assert list(first["page"]) == held[:20]
    assert list(second["page"]) == held[20:]
