"""Pages beyond the main journey: editing entries, meeting follow-ups, progress reviews, evaluation notes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from portfolios.models import Artifact, FollowUp, ProgressReview
from portfolios.urls import urlpatterns

from ..factories import ClassSessionFactory, TopicFactory
from ..files import docx_bytes, pdf_bytes, upload
from .factories import (
    ArtifactFactory,
    MentorMeetingFactory,
    MidYearEvaluationFactory,
    PortfolioFactory,
    PortfolioReviewFactory,
    ReflectionFactory,
)

OUTSIDERS = [
    "reviewer",
    "instructor",
    "other_candidate",
    "other_mentor",
    "manager_of_other_cohort",
    "applicant",
]


def test_edit_artifact_replaces_the_file_and_keeps_the_title_when_file_is_bad(client, people, portfolio):
    client.force_login(people["candidate"])
    client.post(
        reverse("portfolios:add_artifact", args=[portfolio.pk]),
        {"title": "Plan", "upload": upload("plan.pdf", pdf_bytes())},
    )
    artifact = Artifact.objects.get()
    url = reverse("portfolios:edit_artifact", args=[artifact.pk])
    response = client.get(url)
    assert "Now: plan.pdf. Choose a file only to replace it." in response.text
    response = client.post(url, {"title": "Plan v2", "upload": upload("v2.pdf", b"MZ" + b"\x00" * 100)})
    assert "is not one of the accepted types" in response.text
    assert 'value="Plan v2"' in response.text
    client.post(url, {"title": "Plan v2", "upload": upload("v2.docx", docx_bytes())})
    artifact.refresh_from_db()
    assert (artifact.title, artifact.original_name) == ("Plan v2", "v2.docx")
    client.post(url, {"title": "Plan v3"})
    artifact.refresh_from_db()
    assert (artifact.title, artifact.original_name) == ("Plan v3", "v2.docx")


@pytest.mark.parametrize("role", ["program_manager", *OUTSIDERS])
def test_meeting_follow_up_added_only_by_the_pair(client, people, pairing, portfolio, role):
    meeting = MentorMeetingFactory(pairing=pairing)
    client.force_login(people[role])
    response = client.post(
        reverse("portfolios:add_meeting_follow_up", args=[meeting.pk]),
        {"description": "Read chapter 3", "due_on": "2031-01-10"},
    )
    assert response.status_code == 404
    assert FollowUp.objects.count() == 0


def test_meeting_follow_up_added_and_closed_by_the_candidate(client, people, pairing, portfolio):
    meeting = MentorMeetingFactory(pairing=pairing)
    client.force_login(people["candidate"])
    client.post(
        reverse("portfolios:add_meeting_follow_up", args=[meeting.pk]),
        {"description": "Read chapter 3", "due_on": "2031-01-10"},
    )
    item = meeting.follow_ups.get()
    response = client.post(reverse("portfolios:close_follow_up", args=[item.pk]), follow=True)
    item.refresh_from_db()
    assert item.closed_by == people["candidate"]
    assert response.redirect_chain[-1][0] == reverse("portfolios:meetings", args=[portfolio.pk])
    assert "text-decoration-line-through" in response.text


def test_meeting_follow_up_with_errors_shows_them_beside_the_field_and_keeps_what_was_typed(
    client, people, pairing, portfolio
):
    meeting = MentorMeetingFactory(pairing=pairing, held_on=date(2030, 3, 4))
    client.force_login(people["mentor"])
    address = reverse("portfolios:add_meeting_follow_up", args=[meeting.pk])
    response = client.post(address, {"description": "Read <chapter> 3", "due_on": "next week"})
    assert response.status_code == 200
    assert FollowUp.objects.count() == 0
    assertInHTML('<h1 class="h3 mb-3">Add a follow-up to the meeting of Mon, Mar 4, 2030</h1>', response.text)
    assertInHTML(
        '<input type="date" name="due_on" value="next week" class="dateinput form-control is-invalid" required'
        ' aria-invalid="true" aria-describedby="id_due_on_error" id="id_due_on">',
        response.text,
    )
    assertInHTML(
        '<div id="id_due_on_error" class="invalid-feedback">'
        '<p id="error_1_id_due_on"><strong>Enter a valid date.</strong></p></div>',
        response.text,
    )
    assertInHTML(
        '<input type="text" name="description" value="Read &lt;chapter&gt; 3" maxlength="300"'
        ' class="textinput form-control" required id="id_description">',
        response.text,
    )
    response = client.post(address, {"description": "Read chapter 3", "due_on": "2031-01-10"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portfolios:meetings", args=[portfolio.pk])
    assert "The follow-up is added." in response.text


def test_meeting_follow_up_added_from_a_later_page_of_the_log_goes_back_to_that_page(
    client, people, pairing, portfolio
):
    meetings = [
        MentorMeetingFactory(pairing=pairing, held_on=date(2030, 3, 1) + timedelta(days=n)) for n in range(21)
    ]
    oldest = meetings[0]  # the log shows the newest 20 first, so the oldest is on its second page
    log = reverse("portfolios:meetings", args=[portfolio.pk])
    add = reverse("portfolios:add_meeting_follow_up", args=[oldest.pk])
    client.force_login(people["candidate"])

    assert f'href="{add}?page=2"' in client.get(log, {"page": 2}).text
    form_page = client.get(add, {"page": 2})
    assertInHTML(f'<a href="{log}?page=2">← Back to the meetings</a>', form_page.text)
    response = client.post(
        f"{add}?page=2", {"description": "Read chapter 3", "due_on": "2031-01-10"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{log}?page=2"
    assert "Read chapter 3" in response.text
    assertInHTML("<span>Read chapter 3 — due Fri, Jan 10, 2031</span>", response.text)


def test_meeting_form_with_an_error_keeps_every_answer_typed(client, people, pairing, portfolio):
    client.force_login(people["mentor"])
    answers = {
        "held_on": "2030-03-04",
        "duration_minutes": "3",
        "mode": "phone",
        "reviewed_progress": "on",
        "notes": 'Budget "draft" <b>',
        "follow_up": 'Call "Ann" <soon>',
        "follow_up_due": "2030-04-01",
    }
    response = client.post(reverse("portfolios:meetings", args=[portfolio.pk]), answers)
    assert response.status_code == 200
    page = response.text
    assertInHTML(
        '<input type="number" name="duration_minutes" value="3" min="5" max="600"'
        ' class="numberinput form-control is-invalid" required aria-invalid="true"'
        ' aria-describedby="id_duration_minutes_error" id="id_duration_minutes">',
        page,
    )
    assert "Ensure this value is greater than or equal to 5." in page
    for typed in [
        '<input type="date" name="held_on" value="2030-03-04" class="dateinput form-control" required id="id_held_on">',
        '<input type="radio" class="form-check-input" name="mode" value="phone" id="id_mode_1" required checked>',
        '<input type="checkbox" name="reviewed_progress" class="checkboxinput form-check-input"'
        ' id="id_reviewed_progress" checked>',
        '<input type="checkbox" name="reviewed_assignments" class="checkboxinput form-check-input"'
        ' id="id_reviewed_assignments">',
        '<textarea name="notes" cols="40" rows="4" class="textarea form-control" id="id_notes">'
        "Budget &quot;draft&quot; &lt;b&gt;</textarea>",
        '<input type="text" name="follow_up" value="Call &quot;Ann&quot; &lt;soon&gt;" maxlength="300"'
        ' class="textinput form-control" id="id_follow_up">',
        '<input type="date" name="follow_up_due" value="2030-04-01" class="dateinput form-control"'
        ' id="id_follow_up_due">',
    ]:
        assertInHTML(typed, page)


def test_artifact_form_with_an_error_keeps_the_topic_chosen_in_its_session(client, people, portfolio):
    session = ClassSessionFactory(cohort=portfolio.cohort, number=3, title="Fiscal <m>")
    topic = TopicFactory(session=session, name="Budgeting & E-rate")
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:add_artifact", args=[portfolio.pk]),
        {"title": "", "link": "https://example.org/plan", "tag": f"t{topic.pk}"},
    )
    assert response.status_code == 200
    assertInHTML(
        '<select name="tag" class="select form-select" aria-describedby="id_tag_helptext" id="id_tag">'
        '<option value="">The program as a whole</option>'
        '<optgroup label="Session 3 — Fiscal &lt;m&gt;">'
        f'<option value="s{session.pk}">Session 3 as a whole</option>'
        f'<option value="t{topic.pk}" selected>Budgeting &amp; E-rate</option>'
        "</optgroup></select>",
        response.text,
    )


@pytest.mark.parametrize("role", OUTSIDERS)
def test_meeting_follow_up_closed_by_no_outsider(client, people, pairing, portfolio, role):
    meeting = MentorMeetingFactory(pairing=pairing)
    item = FollowUp.objects.create(meeting=meeting, description="x", due_on=date.today())
    client.force_login(people[role])
    assert client.post(reverse("portfolios:close_follow_up", args=[item.pk])).status_code == 404


def test_meeting_log_email_links_to_the_meeting_log(
    client, people, portfolio, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["candidate"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portfolios:meetings", args=[portfolio.pk]),
            {
                "held_on": (date.today() - timedelta(days=1)).isoformat(),
                "duration_minutes": "20",
                "mode": "phone",
            },
        )
    (message,) = mailoutbox
    assert message.to == [people["mentor"].email]
    assert f"/portfolios/{portfolio.pk}/meetings/" in message.body
    assert "logged a mentor meeting" in message.alternatives[0][0]


def test_manager_schedules_progress_review_and_candidate_reads_notes(client, people, portfolio):
    client.force_login(people["program_manager"])
    client.post(
        reverse("portfolios:schedule_progress_review", args=[portfolio.pk]),
        {"starts_at": "2031-04-02T15:30", "notes": "Attendance is good"},
    )
    review = ProgressReview.objects.get()
    assert review.starts_at.isoformat() == "2031-04-02T22:30:00+00:00"
    client.post(
        reverse("portfolios:progress_review", args=[review.pk]),
        {"notes": "Attendance is good; portfolio late"},
    )
    client.force_login(people["candidate"])
    response = client.get(reverse("portfolios:progress_review", args=[review.pk]))
    assert "Attendance is good; portfolio late" in response.text
    assert "Save the notes" not in response.text
    assert (
        client.post(reverse("portfolios:progress_review", args=[review.pk]), {"notes": "mine"}).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["candidate", "mentor", *OUTSIDERS])
def test_schedule_progress_review_refused_to_all_but_the_manager(client, people, portfolio, role):
    client.force_login(people[role])
    response = client.post(
        reverse("portfolios:schedule_progress_review", args=[portfolio.pk]), {"starts_at": "2031-04-02T15:30"}
    )
    assert response.status_code == 404
    assert ProgressReview.objects.count() == 0


def test_evaluation_notes_kept_by_manager_and_read_only_for_mentor(client, people, portfolio):
    """The mentor adds follow-up items (their duty) but cannot change the manager's notes."""
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    client.force_login(people["program_manager"])
    client.post(reverse("portfolios:evaluation", args=[evaluation.pk]), {"notes": "Strong in planning"})
    client.force_login(people["mentor"])
    response = client.get(reverse("portfolios:evaluation", args=[evaluation.pk]))
    assert "Strong in planning" in response.text
    assert "Add the follow-up item" in response.text
    assert "Save the notes" not in response.text
    client.post(reverse("portfolios:evaluation", args=[evaluation.pk]), {"notes": "x"})
    client.force_login(people["candidate"])
    assert (
        client.post(reverse("portfolios:evaluation", args=[evaluation.pk]), {"notes": "x"}).status_code == 404
    )
    evaluation.refresh_from_db()
    assert evaluation.notes == "Strong in planning"


def test_schedule_evaluation_bad_time_is_explained_and_location_kept(client, people, portfolio):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("portfolios:schedule_evaluation", args=[portfolio.pk]),
        {"starts_at": "soon", "location": "Room 9"},
    )
    assert "Enter a valid date/time." in response.text
    assert 'value="Room 9"' in response.text
    assert portfolio.evaluations.count() == 0


def test_candidate_home_shows_meetings_to_confirm(client, people, pairing):
    MentorMeetingFactory(pairing=pairing)
    MentorMeetingFactory(pairing=pairing, logged_by=pairing.candidate)
    client.force_login(people["candidate"])
    response = client.get(reverse("home"))
    assert (
        '<span class="badge text-bg-warning">1<span class="visually-hidden"> to confirm</span></span>'
        in response.text
    )


def test_portfolio_empty_lists_say_so(client, people, portfolio):
    client.force_login(people["candidate"])
    response = client.get(reverse("portfolios:detail", args=[portfolio.pk]))
    assert "No artifacts yet." in response.text
    assert "No reflections yet." in response.text


def test_unknown_entry_kind_is_404(client, people, portfolio):
    artifact = ArtifactFactory(portfolio=portfolio)
    client.force_login(people["candidate"])
    assert (
        client.post(reverse("portfolios:mark_ready", args=["users", artifact.pk]), {"ready": "1"}).status_code
        == 404
    )


def test_mentor_home_counts_entries_ready_for_review(client, people, portfolio):
    ArtifactFactory(portfolio=portfolio, ready_for_review=True)
    ArtifactFactory(portfolio=portfolio)
    ReflectionFactory(portfolio=portfolio, ready_for_review=True)
    client.force_login(people["mentor"])
    assert '<span class="badge text-bg-success">2 ready for review</span>' in client.get(reverse("home")).text


def test_candidate_home_shows_evaluation_and_own_open_follow_ups(client, people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    FollowUp.objects.create(
        evaluation=evaluation,
        description="Rewrite the summary",
        owner=people["candidate"],
        due_on=date(2031, 9, 1),
    )
    FollowUp.objects.create(
        evaluation=evaluation,
        description="Mentor's own item",
        owner=people["mentor"],
        due_on=date(2031, 9, 1),
    )
    client.force_login(people["candidate"])
    text = client.get(reverse("home")).text
    assert "Mid-year evaluation:" in text
    assert "Rewrite the summary</a> — due Mon, Sep 1, 2031" in text
    assert "Mentor&#x27;s own item" not in text


def test_meeting_log_queries_do_not_grow_with_meetings(
    client, people, pairing, portfolio, django_assert_max_num_queries
):
    def add_meeting():
        meeting = MentorMeetingFactory(pairing=pairing, confirmed_by=people["candidate"])
        FollowUp.objects.create(meeting=meeting, description="Read", due_on=date(2031, 1, 1))

    add_meeting()
    client.force_login(people["mentor"])
    url = reverse("portfolios:meetings", args=[portfolio.pk])
    client.get(url)
    with django_assert_max_num_queries(11):
        assert client.get(url).text.count("<article") == 1
    add_meeting()
    add_meeting()
    with django_assert_max_num_queries(11):
        assert client.get(url).text.count("<article") == 3


def test_meeting_log_offers_the_pair_confirming_and_follow_ups_and_the_manager_neither(
    client, people, pairing, portfolio
):
    meeting = MentorMeetingFactory(pairing=pairing, logged_by=people["candidate"])
    FollowUp.objects.create(meeting=meeting, description="Read", due_on=date(2031, 1, 1))
    url = reverse("portfolios:meetings", args=[portfolio.pk])
    confirm = reverse("portfolios:confirm_meeting", args=[meeting.pk])
    add = reverse("portfolios:add_meeting_follow_up", args=[meeting.pk])
    close = reverse("portfolios:close_follow_up", args=[meeting.follow_ups.get().pk])
    seen = {}
    for role in ("mentor", "candidate", "program_manager"):
        client.force_login(people[role])
        page = client.get(url).text
        seen[role] = [f'action="{confirm}"' in page, f'href="{add}"' in page, f'action="{close}"' in page]
    # The other side of the pair confirms; both sides add and close follow-ups; the manager only reads.
    assert seen == {
        "mentor": [True, True, True],
        "candidate": [False, True, True],
        "program_manager": [False, False, False],
    }


def test_portfolio_page_gives_the_owner_each_entrys_controls(client, people, portfolio):
    first = ArtifactFactory(portfolio=portfolio, title="Budget <plan>", ready_for_review=True)
    last = ArtifactFactory(portfolio=portfolio, title="Roadmap")
    reflection = ReflectionFactory(portfolio=portfolio, title="Lessons")
    client.force_login(people["candidate"])
    page = client.get(portfolio.get_absolute_url()).text
    move = reverse("portfolios:move_entry", args=["artifacts", first.pk])
    assert page.count(f'<form method="post" action="{move}">') == 2
    button = '<button class="btn btn-sm btn-outline-{}" type="submit"{} aria-label="{}">{}</button>'
    for label, text, disabled in [
        ("Move “Budget &lt;plan&gt;” up", "↑ Up", True),
        ("Move “Budget &lt;plan&gt;” down", "↓ Down", False),
        ("Move “Roadmap” up", "↑ Up", False),
        ("Move “Roadmap” down", "↓ Down", True),
    ]:
        assertInHTML(button.format("secondary", " disabled" if disabled else "", label, text), page)
    assertInHTML(
        button.format("success", "", "Mark “Budget &lt;plan&gt;” not ready yet", "Not ready yet"), page
    )
    assertInHTML(
        button.format("success", "", "Mark “Roadmap” ready for review", "Mark ready for review"), page
    )
    remove = reverse("portfolios:delete_entry", args=["reflections", reflection.pk])
    assertInHTML(
        f'<a class="btn btn-sm btn-outline-danger ms-auto" href="{remove}">Remove'
        '<span class="visually-hidden"> “Lessons”</span>…</a>',
        page,
    )
    addresses = [
        reverse("portfolios:mark_ready", args=["artifacts", last.pk]),
        reverse("portfolios:edit_artifact", args=[last.pk]),
        reverse("portfolios:delete_entry", args=["artifacts", last.pk]),
        reverse("portfolios:edit_reflection", args=[reflection.pk]),
        reverse("portfolios:delete_entry", args=["reflections", reflection.pk]),
    ]
    assert [f'"{address}"' in page for address in addresses] == [True] * 5
    client.force_login(people["mentor"])
    assert (
        reverse("portfolios:edit_artifact", args=[last.pk])
        not in client.get(portfolio.get_absolute_url()).text
    )


def test_meeting_log_card_shows_the_meeting_and_its_follow_ups(client, people, pairing, portfolio):
    meeting = MentorMeetingFactory(
        pairing=pairing,
        held_on=date(2030, 3, 4),
        duration_minutes=50,
        reviewed_progress=True,
        reviewed_portfolio=True,
        notes="Budget <first>\nthen hiring",
        confirmed_by=people["candidate"],
        confirmed_at=timezone.now(),
    )
    FollowUp.objects.create(meeting=meeting, description="Read <b>", due_on=date(2031, 1, 2))
    done = FollowUp.objects.create(
        meeting=meeting, description="Call", due_on=date(2031, 1, 3), closed_at=timezone.now()
    )
    client.force_login(people["mentor"])
    page = client.get(reverse("portfolios:meetings", args=[portfolio.pk])).text
    assertInHTML(
        f'<h3 class="h5 card-title" id="meeting-{meeting.pk}">Mon, Mar 4, 2030 · Video · 50 minutes</h3>',
        page,
    )
    assertInHTML(
        f'<p class="mb-1"><span class="badge text-bg-success">Confirmed</span> by {escape(people["candidate"])}'
        f' <span class="text-body-secondary">· logged by {escape(meeting.logged_by)}</span></p>',
        page,
    )
    assertInHTML(
        '<p class="mb-1"><strong>Reviewed:</strong> Progress, Portfolio artifacts and reflections</p>', page
    )
    assertInHTML("<div><p>Budget &lt;first&gt;<br>then hiring</p></div>", page)
    assertInHTML("<span>Read &lt;b&gt; — due Thu, Jan 2, 2031</span>", page)
    button = '<button class="btn btn-sm btn-outline-secondary" type="submit" aria-label="{}">{}</button>'
    assertInHTML(button.format("Mark done: “Read &lt;b&gt;”", "Mark done"), page)
    assertInHTML('<span class="text-decoration-line-through">Call — due Fri, Jan 3, 2031</span>', page)
    assertInHTML('<span class="badge text-bg-secondary">Done</span>', page)
    close = reverse("portfolios:close_follow_up", args=[done.pk])
    assert f'<form method="post" action="{close}">' in page
    assertInHTML('<input type="hidden" name="reopen" value="1">', page, count=1)
    assertInHTML(button.format("Reopen “Call”", "Reopen"), page)
    assert "Confirm this meeting" not in page  # confirmed already
    add = reverse("portfolios:add_meeting_follow_up", args=[meeting.pk])
    assertInHTML(
        f'<a class="btn btn-sm btn-outline-primary" href="{add}">Add a follow-up'
        '<span class="visually-hidden"> to the meeting of Mon, Mar 4, 2030</span></a>',
        page,
    )


# (URL name, what it acts on, what is posted, artifact and reflection titles after the candidate posts it)
EDIT_ENDPOINTS = [
    (
        "portfolios:edit_artifact",
        "artifact",
        {"title": "Changed", "link": "https://example.org/c"},
        (["Changed", "Second"], ["Original"]),
    ),
    (
        "portfolios:edit_reflection",
        "reflection",
        {"title": "Changed", "body": "Changed"},
        (["Original", "Second"], ["Changed"]),
    ),
    ("portfolios:move_entry", "move", {"direction": "down"}, (["Second", "Original"], ["Original"])),
    (
        "portfolios:add_reflection",
        "portfolio",
        {"title": "Changed", "body": "Changed"},
        (["Original", "Second"], ["Original", "Changed"]),
    ),
]


@pytest.mark.parametrize("name, target, data, after", EDIT_ENDPOINTS)
@pytest.mark.parametrize("role", ["program_manager", "mentor", *OUTSIDERS])
def test_entry_changes_refused_to_all_but_the_candidate(
    client, people, portfolio, name, target, data, after, role
):
    artifact = ArtifactFactory(portfolio=portfolio, title="Original", position=1)
    ArtifactFactory(portfolio=portfolio, title="Second", position=2)
    reflection = ReflectionFactory(portfolio=portfolio, title="Original")
    args = {
        "artifact": [artifact.pk],
        "reflection": [reflection.pk],
        "move": ["artifacts", artifact.pk],
        "portfolio": [portfolio.pk],
    }[target]
    client.force_login(people[role])
    assert client.post(reverse(name, args=args), data).status_code == 404
    assert list(portfolio.artifacts.values_list("title", flat=True)) == ["Original", "Second"]
    assert list(portfolio.reflections.values_list("title", flat=True)) == ["Original"]


@pytest.mark.parametrize("name, target, data, after", EDIT_ENDPOINTS)
def test_entry_changes_made_by_the_candidate(client, people, portfolio, name, target, data, after):
    artifact = ArtifactFactory(portfolio=portfolio, title="Original", position=1)
    ArtifactFactory(portfolio=portfolio, title="Second", position=2)
    reflection = ReflectionFactory(portfolio=portfolio, title="Original")
    args = {
        "artifact": [artifact.pk],
        "reflection": [reflection.pk],
        "move": ["artifacts", artifact.pk],
        "portfolio": [portfolio.pk],
    }[target]
    client.force_login(people["candidate"])
    assert client.post(reverse(name, args=args), data).status_code == 302
    titles = (
        list(portfolio.artifacts.values_list("title", flat=True)),
        list(portfolio.reflections.values_list("title", flat=True)),
    )
    assert titles == after


@pytest.mark.parametrize("role", ["candidate", "mentor", *OUTSIDERS])
def test_portfolio_review_page_refused_to_all_but_the_manager(client, people, cohort, role):
    review = PortfolioReviewFactory(cohort=cohort)
    client.force_login(people[role])
    assert client.get(reverse("portfolios:portfolio_review", args=[review.pk])).status_code == 404


def test_portfolio_review_page_lists_comments_for_the_manager(client, people, cohort, portfolio):
    review = PortfolioReviewFactory(cohort=cohort)
    review.comments.create(portfolio=portfolio, author=people["mentor"], body="Well organised")
    client.force_login(people["program_manager"])
    assert "Well organised" in client.get(reverse("portfolios:portfolio_review", args=[review.pk])).text


@pytest.mark.parametrize(
    "role", ["candidate", "other_mentor", *[r for r in OUTSIDERS if r != "other_mentor"]]
)
def test_review_comment_refused_to_all_but_mentor_and_manager(client, people, cohort, portfolio, role):
    review = PortfolioReviewFactory(cohort=cohort)
    client.force_login(people[role])
    response = client.post(
        reverse("portfolios:comment", args=[portfolio.pk]), {"review": review.pk, "body": "x"}
    )
    assert response.status_code == 404
    assert review.comments.count() == 0


def test_overview_counts_open_follow_up_items(client, people, cohort, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio)
    for closed_at in (None, None, timezone.now()):
        FollowUp.objects.create(
            evaluation=evaluation,
            description="x",
            owner=people["candidate"],
            due_on=date(2031, 1, 1),
            closed_at=closed_at,
        )
    client.force_login(people["program_manager"])
    response = client.get(reverse("portfolios:overview", args=[cohort.slug]))
    row = next(p for p in response.context["page"] if p.pk == portfolio.pk)
    assert (row.open_follow_ups, row.artifact_count, row.meeting_count) == (2, 0, 0)


def test_overview_row_shows_each_figure_of_the_portfolio_drafts_not_counted(
    client, people, cohort, portfolio, pairing
):
    ArtifactFactory(portfolio=portfolio, ready_for_review=True)
    ArtifactFactory(portfolio=portfolio)
    ReflectionFactory(portfolio=portfolio, ready_for_review=True)
    MentorMeetingFactory(pairing=pairing, held_on=date(2030, 3, 4))
    MentorMeetingFactory(pairing=pairing, held_on=date(2030, 2, 1))
    unpaired = PortfolioFactory(cohort=cohort, candidate=people["other_candidate"])
    client.force_login(people["program_manager"])
    page = client.get(reverse("portfolios:overview", args=[cohort.slug])).text
    candidate, mentor = escape(people["candidate"]), escape(people["mentor"])
    meetings = reverse("portfolios:meetings", args=[portfolio.pk])
    assertInHTML(
        f'<tr><th scope="row"><a href="{portfolio.get_absolute_url()}">{candidate}</a></th><td>{mentor}</td>'
        "<td>1</td><td>1</td>"  # the draft artifact is the candidate's alone
        f'<td><a href="{meetings}">2<span class="visually-hidden"> meetings of {candidate}</span></a></td>'
        "<td>Mon, Mar 4, 2030</td><td>0</td><td>0</td></tr>",
        page,
    )
    other = escape(people["other_candidate"])
    assertInHTML(
        f'<tr><th scope="row"><a href="{unpaired.get_absolute_url()}">{other}</a></th><td>Not paired</td>'
        "<td>0</td><td>0</td>"
        f'<td><a href="{reverse("portfolios:meetings", args=[unpaired.pk])}">0'
        f'<span class="visually-hidden"> meetings of {other}</span></a></td>'
        "<td>None</td><td>0</td><td>0</td></tr>",
        page,
    )


def test_every_page_sends_anonymous_visitors_to_log_in(client, cohort, portfolio, pairing):
    ids = {
        "pk": portfolio.pk,
        "artifact_id": ArtifactFactory(portfolio=portfolio).pk,
        "reflection_id": ReflectionFactory(portfolio=portfolio).pk,
        "entry_id": 1,
        "kind": "artifacts",
        "meeting_id": MentorMeetingFactory(pairing=pairing).pk,
        "follow_up_id": 1,
        "review_id": 1,
        "evaluation_id": 1,
        "slug": cohort.slug,
    }
    for pattern in urlpatterns:
        kwargs = {name: ids[name] for name in pattern.pattern.regex.groupindex}
        url = reverse(f"portfolios:{pattern.name}", kwargs=kwargs)
        response = client.get(url)  # login is checked before the method, so POST-only pages answer too
        assert (pattern.name, response.status_code) == (pattern.name, 302)
        assert response.url.startswith(reverse("login")), pattern.name
