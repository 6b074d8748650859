"""The cohorts page, the archive, a new cohort (blank or copied) and the settings page, as people use them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Role
from completion.models import Completion
from sessions.models import Meeting

from ..factories import ClassSessionFactory, CohortFactory
from .year import PACIFIC, cohort_like_2018

REFUSED = ["applicant", "reviewer", "instructor", "mentor", "candidate", "manager_of_other_cohort"]


def proposal_data(client, url):
    """The copy page's proposal as its form would post it back unchanged."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    return {name: value for name, value in data.items() if value is not None}


def test_list_shows_current_and_past_cohorts_to_their_manager_with_their_pages(client, db):
    source, manager = cohort_like_2018()
    current = CohortFactory(program=source.program)
    client.force_login(manager)
    response = client.get(reverse("cohorts:list"))
    assert [row.cohort for row in response.context["current"]] == [current]
    assert [row.cohort for row in response.context["past"]] == [source]
    assert reverse("cohorts:archive", args=[source.slug]) in response.text
    assert reverse("cohorts:copy", args=[source.slug]) in response.text
    assert reverse("cohorts:settings", args=[current.slug]) not in response.text  # not theirs to manage
    assert "1 program manager · 0 reviewers · 0 instructors · 1 mentor · 1 candidate" in response.text


def test_list_shows_others_the_timelines_of_cohorts_not_over(client, cohort, people):
    past, _ = cohort_like_2018()
    client.force_login(people["candidate"])
    response = client.get(reverse("cohorts:list"))
    assert cohort in [row.cohort for row in response.context["current"]]
    assert response.context["past"] == []
    assert reverse("cohorts:detail", args=[cohort.slug]) in response.text
    assert reverse("cohorts:people", args=[cohort.slug]) not in response.text
    assert past.name not in response.text


def test_list_is_in_the_navigation(client, people):
    client.force_login(people["candidate"])
    assert f'href="{reverse("cohorts:list")}">Cohorts</a>' in client.get(reverse("home")).text


def test_archive_lists_the_graduates(client, db):
    source, manager = cohort_like_2018()
    candidate = source.memberships.get(role=Role.CANDIDATE).user
    Completion.objects.create(
        cohort=source, candidate=candidate, completed_on=source.commencement, marked_by=manager
    )
    client.force_login(manager)
    response = client.get(reverse("cohorts:archive", args=[source.slug]))
    assert response.status_code == 200
    assert (
        "1 of 1 candidate met all ten responsibilities and completed the program: its graduates."
        in response.text
    )
    assert f"{candidate}</a>, completed" in response.text


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("name", ["cohorts:archive", "cohorts:copy", "cohorts:settings"])
def test_manager_pages_are_404_for_everyone_else(client, cohort, people, role, name):
    client.force_login(people[role])
    url = reverse(name, args=[cohort.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Taken over"}).status_code == (405 if name == "cohorts:archive" else 404)
    cohort.refresh_from_db()
    assert cohort.name != "Taken over"


def test_copy_page_proposes_the_same_weekdays_and_creates_the_cohort(client, db):
    source, manager = cohort_like_2018()
    client.force_login(manager)
    url = reverse("cohorts:copy", args=[source.slug]) + "?kickoff=2027-02-03"
    response = client.get(url)
    assert "2027-02-03 is a Wednesday" not in response.text
    assert "the kickoff is proposed on Fri, Feb 5, 2027" in response.text
    assert "America/Los Angeles time" in response.text
    data = proposal_data(client, url)
    assert data["name"] == "2027 cohort"
    assert data["applications_close"] == "2026-10-02T17:00"
    response = client.post(url, data)
    cohort = Cohort.objects.get(name="2027 cohort")
    assert response.status_code == 302
    assert response.url == reverse("cohorts:settings", args=[cohort.slug])
    fridays = [
        m.starts_at.astimezone(PACIFIC).strftime("%Y-%m-%d %H:%M %Z")
        for m in Meeting.objects.filter(session__cohort=cohort, starts_at__week_day=6)
    ]
    assert sorted(fridays) == ["2027-02-05 10:00 PST", "2027-03-05 17:30 PST", "2027-04-09 17:30 PDT"]


def test_copy_page_refuses_a_kickoff_in_the_past_beside_the_field(client, db):
    source, manager = cohort_like_2018()
    client.force_login(manager)
    response = client.get(reverse("cohorts:copy", args=[source.slug]), {"kickoff": "2019-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"kickoff": ["The kickoff has to be in the future."]}


def test_copy_page_keeps_what_was_typed_and_names_each_bad_date(client, db):
    source, manager = cohort_like_2018()
    client.force_login(manager)
    url = reverse("cohorts:copy", args=[source.slug]) + "?kickoff=2027-02-05"
    data = proposal_data(client, url)
    meetings = [m for m in response_moments(client, url) if m.group.startswith("Session 3")]
    friday, saturday = meetings
    data[saturday.key] = "2027-04-08T08:00"  # the Thursday before its Friday
    data[f"{saturday.key}_ends"] = "2027-04-08T16:00"
    data["applications_close"] = "2027-03-01T17:00"  # after the kickoff
    data["name"] = "The typed name"
    data[friday.key] = "2027-03-14T02:30"  # the clocks skip 2:00 to 3:00 that night
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[friday.key] == [
        "Sun, Mar 14, 2027, 2:30 a.m. Pacific Time does not exist: the clocks spring forward then. "
        "Choose a time outside that hour."
    ]
    assert 'value="The typed name"' in response.text
    assert not Cohort.objects.filter(name="The typed name").exists()
    data[friday.key] = "2027-04-09T17:30"
    response = client.post(url, data)
    errors = response.context["form"].errors
    assert errors[saturday.key] == ["It must start after Session 3, Friday meeting ends."]
    assert errors["applications_close"] == ["The deadline must come before the kickoff (Fri, Feb 5, 2027)."]
    assert 'value="2027-04-08T08:00"' in response.text


def response_moments(client, url):
    return client.get(url).context["form"].moments


def test_new_cohort_page_creates_a_blank_cohort(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("cohorts:new"),
        {
            "name": "Spring cohort",
            "time_zone": "America/Los_Angeles",
            "applications_open": "2030-01-01T00:00",
            "applications_close": "2030-02-01T17:00",
            "selection_date": "2030-03-01",
            "notification_date": "2030-03-08",
            "classes_start": "2030-05-03",
            "commencement": "2030-11-11",
        },
    )
    created = Cohort.objects.get(name="Spring cohort")
    assert response.url == reverse("cohorts:settings", args=[created.slug])
    assert created.program == cohort.program
    assert created.memberships.get().user == people["program_manager"]


def test_new_cohort_page_goes_on_to_the_copy_of_the_chosen_cohort(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.get(reverse("cohorts:new"), {"source": cohort.slug, "kickoff": "2031-02-07"})
    assert response.url == reverse("cohorts:copy", args=[cohort.slug]) + "?kickoff=2031-02-07"


@pytest.mark.parametrize("role", ["applicant", "candidate", "reviewer"])
def test_new_cohort_page_is_404_for_people_who_manage_no_cohort(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("cohorts:new")).status_code == 404
    assert client.post(reverse("cohorts:new"), {"name": "x"}).status_code == 404


def settings_data(client, url):
    response = client.get(url)
    data = {}
    for form in (response.context["form"], response.context["reminder_form"]):
        for name, field in form.fields.items():
            value = form[name].value()
            if value in (None, False):
                continue
            key = form.add_prefix(name)
            data[key] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    return {name: value for name, value in data.items() if value is not None}


def test_settings_page_saves_places_and_deadline_in_the_cohorts_zone(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:settings", args=[cohort.slug])
    response = client.get(url)
    assert "Application deadline (America/Los Angeles time)" in response.text
    data = settings_data(client, url)
    new_deadline = cohort.applications_close.date() + timedelta(days=3)
    data.update(candidate_places="20", mentor_places="18", applications_close=f"{new_deadline}T17:00")
    response = client.post(url, data)
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.candidate_places, cohort.mentor_places) == (20, 18)
    assert cohort.applications_close.astimezone(PACIFIC).strftime("%Y-%m-%d %H:%M") == f"{new_deadline} 17:00"
    assert "Deadline moved from" in client.get(url).text


def test_settings_page_refuses_an_ambiguous_time_and_a_bad_reminder_time(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:settings", args=[cohort.slug])
    data = settings_data(client, url)
    before = cohort.applications_open
    data["applications_open"] = "2026-11-01T01:30"  # shown twice: the clocks fall back at 2:00
    data["reminders-meeting_offsets"] = "soon"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["applications_open"] == [
        "Sun, Nov 1, 2026, 1:30 a.m. Pacific Time happens twice: the clocks fall back then. "
        "Choose a time outside that hour."
    ]
    assert response.context["reminder_form"].errors["meeting_offsets"]
    assert 'value="soon"' in response.text
    cohort.refresh_from_db()
    assert cohort.applications_open == before


def test_settings_page_previews_the_next_meeting_reminders(client, cohort, people):
    session = ClassSessionFactory(cohort=cohort, number=3)
    Meeting.objects.create(
        session=session,
        starts_at=cohort.applications_close + timedelta(days=10),
        ends_at=cohort.applications_close + timedelta(days=10, hours=4),
    )
    client.force_login(people["program_manager"])
    preview = client.get(reverse("cohorts:settings", args=[cohort.slug])).context["preview"]
    meeting = next(kind for kind in preview if kind.label == "Class meeting coming up")
    assert len(meeting.upcoming) == 1
    assert meeting.upcoming[0].when == cohort.applications_close + timedelta(days=8)
    assert meeting.upcoming[0].about == str(session.meetings.get())
