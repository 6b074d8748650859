from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from cto_mentor.dates import in_zone, range_text
from sessions.models import ClassSession, Meeting, SessionKind
from sessions.services import Mark, record_attendance

from ..factories import ClassSessionFactory, MeetingFactory, TopicFactory

PACIFIC = ZoneInfo("America/Los_Angeles")
MEMBERS = ["program_manager", "reviewer", "instructor", "mentor", "candidate"]
OUTSIDERS = ["applicant", "manager_of_other_cohort"]


@pytest.mark.parametrize("role", MEMBERS)
def test_schedule_page_shown_to_every_cohort_member(client, cohort, session, meeting, people, role):
    client.force_login(people[role])
    response = client.get(reverse("class_sessions:schedule", args=[cohort.slug]))
    assert response.status_code == 200
    assert "Fiscal Management" in response.text
    assert str(people["instructor"]) in response.text


@pytest.mark.parametrize("role", OUTSIDERS)
def test_schedule_and_session_pages_refused_to_outsiders(client, cohort, session, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:schedule", args=[cohort.slug])).status_code == 404
    assert client.get(reverse("class_sessions:detail", args=[session.pk])).status_code == 404


def card(session, title, topics, meetings, instructors=None):
    """A session's card as the schedule page and the timeline show it; its title a link when `title` is."""
    badge = ' <span class="badge text-bg-info">Mentors attend</span>' if session.mentors_expected else ""
    shown_instructors = (
        f'<div class="col-md-3"><dt>Instructors</dt><dd class="mb-0">{instructors}</dd></div>'
        if instructors is not None
        else ""
    )
    return (
        '<li class="card mb-3"><div class="card-body">'
        f'<h3 class="h5 card-title mb-3">{title}{badge}</h3>'
        '<dl class="row g-2 mb-2">'
        f'<div class="col-md-4"><dt>Topics</dt><dd class="mb-0">{topics}</dd></div>'
        f'<div class="col-md-5"><dt>Meetings</dt><dd class="mb-0">{meetings}</dd></div>'
        f"{shown_instructors}</dl>"
        f'<a class="small" href="{reverse("class_sessions:session_ics", args=[session.pk])}">'
        f'Add to calendar (.ics)<span class="visually-hidden">: {session}</span></a>'
        "</div></li>"
    )


def linked(session):
    return f'<a href="{session.get_absolute_url()}">{session}</a>'


@pytest.fixture
def two_sessions(cohort, session, people):
    """Session 3 with two meetings (one without a place), two topics and two instructors; a kickoff with
    mentors expected and no meeting."""
    first = MeetingFactory(session=session, location="Hotel <Del>")
    second = MeetingFactory(session=session, starts_at=first.starts_at + timedelta(days=1), location="")
    TopicFactory(session=session, name="Budgets & Bonds", order=2)
    TopicFactory(session=session, name="E-rate", order=1)
    session.instructors.add(people["mentor"])
    kickoff = ClassSessionFactory(
        cohort=cohort, kind=SessionKind.KICKOFF, number=None, title="Welcome", mentors_expected=True
    )
    for meeting in (first, second):
        meeting.refresh_from_db()  # times as stored

    def shown(meeting):
        shown_range = range_text(meeting.starts_at, meeting.ends_at, cohort)
        return f'<time datetime="{meeting.starts_at.isoformat()}">{shown_range}</time>'

    meetings = f'<p class="mb-2">{shown(first)}<br>Hotel &lt;Del&gt;</p><p class="mb-2">{shown(second)}</p>'
    return session, kickoff, meetings


def test_schedule_page_cards_show_topics_meetings_and_instructors(client, cohort, two_sessions, people):
    session, kickoff, meetings = two_sessions
    client.force_login(people["candidate"])

    page = client.get(reverse("class_sessions:schedule", args=[cohort.slug])).text

    instructors = ", ".join(str(p) for p in sorted([people["instructor"], people["mentor"]], key=_by_name))
    topics = "E-rate<br>Budgets &amp; Bonds"
    assertInHTML(card(session, linked(session), topics, meetings, escape(instructors)), page)
    no_meeting = '<span class="text-body-secondary">No meeting yet</span>'
    assertInHTML(card(kickoff, linked(kickoff), "Welcome", no_meeting, "—"), page)


def test_timeline_shows_the_schedules_cards_without_instructors(client, cohort, two_sessions, people):
    session, kickoff, meetings = two_sessions
    topics = "E-rate<br>Budgets &amp; Bonds"

    public = client.get(cohort.get_absolute_url()).text
    client.force_login(people["candidate"])
    member = client.get(cohort.get_absolute_url()).text

    assertInHTML(card(session, "Session 3", topics, meetings), public)
    assertInHTML(card(session, linked(session), topics, meetings), member)
    no_meeting = '<span class="text-body-secondary">No meeting yet</span>'
    assertInHTML(card(kickoff, "Kickoff meeting", "Welcome", no_meeting), public)
    assert "<table" not in public
    assert str(people["instructor"]) not in public


def test_timeline_without_sessions_says_the_schedule_is_not_published(client, cohort):
    page = client.get(cohort.get_absolute_url()).text

    assertInHTML('<ol class="list-unstyled"><li>The class schedule is not published yet.</li></ol>', page)


def _by_name(user):
    return (user.last_name, user.first_name, user.email)


def test_schedule_page_anonymous_goes_to_login(client, cohort):
    response = client.get(reverse("class_sessions:schedule", args=[cohort.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["reviewer", "instructor", "mentor", "candidate", "manager_of_other_cohort"])
def test_session_editing_refused_to_all_but_the_manager(client, cohort, session, meeting, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:create", args=[cohort.slug])).status_code == 404
    assert client.post(reverse("class_sessions:edit", args=[session.pk]), {"title": "X"}).status_code == 404
    assert client.post(reverse("class_sessions:meeting_add", args=[session.pk])).status_code == 404
    assert client.post(reverse("class_sessions:meeting_delete", args=[meeting.pk])).status_code == 404
    assert ClassSession.objects.get(pk=session.pk).title == "Fiscal Management"
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_manager_creates_a_session_with_topics_and_instructor(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("class_sessions:create", args=[cohort.slug]),
        {
            "kind": "class",
            "number": "4",
            "title": "Security Fundamentals; Organizational Management",
            "topics": "Security Fundamentals\n\nOrganizational Management\n",
            "instructors": [people["instructor"].pk],
        },
        follow=True,
    )
    session = ClassSession.objects.get(cohort=cohort, number=4)
    assert "Session 4 is saved." in response.text
    assert [t.name for t in session.topics.all()] == ["Security Fundamentals", "Organizational Management"]
    assert list(session.instructors.all()) == [people["instructor"]]


def test_session_form_duplicate_number_is_explained_and_kept(client, cohort, session, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("class_sessions:create", args=[cohort.slug]),
        {"kind": "class", "number": "3", "title": "Again"},
    )
    assert response.status_code == 200
    assert f"{cohort} has a session 3 already." in response.text
    assert 'value="Again"' in response.text


def test_session_form_only_offers_the_cohorts_instructors(client, cohort, session, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("class_sessions:edit", args=[session.pk]),
        {"kind": "class", "number": "3", "title": "Fiscal Management", "instructors": [people["mentor"].pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.text


def test_manager_adds_meeting_in_the_cohorts_time_zone(client, cohort, session, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("class_sessions:meeting_add", args=[session.pk]),
        {"starts_at": "2018-04-06T17:30", "ends_at": "2018-04-06T21:30", "location": "Sacramento Hotel"},
        follow=True,
    )
    assert "The meeting is on the schedule." in response.text
    meeting = session.meetings.get()
    assert meeting.starts_at == datetime(2018, 4, 6, 17, 30, tzinfo=PACIFIC)
    assert meeting.ends_at == datetime(2018, 4, 7, 4, 30, tzinfo=ZoneInfo("UTC"))


def test_meeting_form_end_before_start_is_explained_and_kept(client, session, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("class_sessions:meeting_add", args=[session.pk]),
        {"starts_at": "2018-04-06T17:30", "ends_at": "2018-04-06T09:00", "location": "Hotel"},
    )
    assert "The meeting must end after it starts." in response.text
    assert 'value="2018-04-06T17:30"' in response.text
    assert not Meeting.objects.exists()


def test_meeting_edit_shows_local_time(client, session, people):
    meeting = MeetingFactory(
        session=session,
        starts_at=datetime(2018, 4, 7, 8, tzinfo=PACIFIC),
        ends_at=datetime(2018, 4, 7, 16, tzinfo=PACIFIC),
    )
    client.force_login(people["program_manager"])
    response = client.get(reverse("class_sessions:meeting_edit", args=[meeting.pk]))
    assert 'value="2018-04-07T08:00"' in response.text


def started(meeting):
    """Move the meeting to have begun an hour ago: its roll call opens."""
    meeting.starts_at, meeting.ends_at = (
        timezone.now() - timedelta(hours=1),
        timezone.now() + timedelta(hours=7),
    )
    meeting.save()


def test_meeting_with_attendance_cannot_be_removed(client, meeting, people):
    record_attendance(
        meeting=meeting,
        marks=[Mark(people["candidate"], "present")],
        actor=people["instructor"],
        now=meeting.ends_at,
    )
    client.force_login(people["program_manager"])
    response = client.post(reverse("class_sessions:meeting_delete", args=[meeting.pk]), follow=True)
    assert "Attendance was taken for this meeting; it stays on the record." in response.text
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_session_page_offers_attendance_only_to_those_who_take_it_once_started(
    client, session, meeting, people
):
    url = reverse("class_sessions:detail", args=[session.pk])
    client.force_login(people["instructor"])
    assert "Take attendance" not in client.get(url).text  # next week's meeting
    started(meeting)
    assert "Take attendance" in client.get(url).text
    client.force_login(people["candidate"])
    page = client.get(url).text
    assert "Take attendance" not in page
    assert "Add to calendar (.ics)" in page


def test_home_page_panels_link_to_the_class_year(client, cohort, session, meeting, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    MeetingFactory(session=kickoff)
    client.force_login(people["program_manager"])
    page = client.get("/").text
    assert reverse("class_sessions:attendance_grid", args=[cohort.slug]) in page
    assert reverse("class_sessions:assignment_grid", args=[cohort.slug]) in page
    client.force_login(people["mentor"])
    assert reverse("completion:progress", args=[cohort.slug, people["candidate"].pk]) in client.get("/").text
    client.force_login(people["instructor"])
    assert reverse("class_sessions:attendance", args=[meeting.pk]) not in client.get("/").text
    started(meeting)
    assert reverse("class_sessions:attendance", args=[meeting.pk]) in client.get("/").text
    client.force_login(people["candidate"])
    assert reverse("completion:progress", args=[cohort.slug, people["candidate"].pk]) in client.get("/").text


def test_timeline_links_sessions_for_members_and_ics_for_everyone(client, cohort, session, meeting, people):
    detail = reverse("class_sessions:detail", args=[session.pk])
    ics = reverse("class_sessions:session_ics", args=[session.pk])
    page = client.get(cohort.get_absolute_url()).text
    assert (f'href="{detail}"' in page, f'href="{ics}"' in page) == (False, True)
    client.force_login(people["candidate"])
    page = client.get(cohort.get_absolute_url()).text
    assert (f'href="{detail}"' in page, f'href="{ics}"' in page) == (True, True)


def test_manager_removes_a_session_without_records(client, cohort, session, meeting, people):
    client.force_login(people["program_manager"])
    response = client.post(reverse("class_sessions:delete", args=[session.pk]), follow=True)
    assert "Session 3 is off the schedule." in response.text
    assert not ClassSession.objects.filter(pk=session.pk).exists()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_session_with_attendance_stays_on_the_schedule(client, session, meeting, people):
    record_attendance(
        meeting=meeting,
        marks=[Mark(people["candidate"], "present")],
        actor=people["instructor"],
        now=meeting.ends_at,
    )
    client.force_login(people["program_manager"])
    response = client.post(reverse("class_sessions:delete", args=[session.pk]), follow=True)
    assert "it stays on the schedule." in response.text
    assert ClassSession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("role", ["instructor", "candidate", "manager_of_other_cohort"])
def test_session_removal_refused_to_others(client, session, people, role):
    client.force_login(people[role])
    assert client.post(reverse("class_sessions:delete", args=[session.pk])).status_code == 404
    assert ClassSession.objects.filter(pk=session.pk).exists()


def test_session_removal_asks_first_naming_its_meetings_and_that_it_is_for_good(
    client, session, meeting, people
):
    client.force_login(people["program_manager"])
    edit = client.get(reverse("class_sessions:edit", args=[session.pk])).text
    address = reverse("class_sessions:delete", args=[session.pk])
    assert f'href="{address}"' in edit
    page = client.get(address).text
    assert "Remove Session 3 from the schedule?" in page
    assert in_zone(meeting.starts_at, session.cohort).split(",")[0] in page
    assert "This cannot be undone" in page
    assert ClassSession.objects.filter(pk=session.pk).exists()


def test_meeting_removal_asks_first_and_with_attendance_says_why_instead(client, meeting, people):
    client.force_login(people["program_manager"])
    address = reverse("class_sessions:meeting_delete", args=[meeting.pk])
    assert f'href="{address}"' in client.get(reverse("class_sessions:detail", args=[meeting.session_id])).text
    page = client.get(address).text
    assert "This cannot be undone" in page
    assert 'class="btn btn-danger"' in page
    record_attendance(
        meeting=meeting,
        marks=[Mark(people["candidate"], "present")],
        actor=people["instructor"],
        now=meeting.ends_at,
    )
    page = client.get(address).text
    assert "Attendance was taken for this meeting; it stays on the record." in page
    assert 'class="btn btn-danger"' not in page
    assert Meeting.objects.filter(pk=meeting.pk).exists()
