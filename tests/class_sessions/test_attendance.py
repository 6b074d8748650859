import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from cohorts.models import Role
from cto_mentor.dates import in_zone
from sessions.exports import attendance_rows
from sessions.models import Attendance, AttendanceStatus, SessionKind
from sessions.selectors import attendance_grid
from sessions.services import Mark, record_attendance

from ..factories import ClassSessionFactory, MeetingFactory, MembershipFactory


@pytest.fixture
def meeting(session):
    """A meeting of the session that started an hour ago: attendance is taken from the start."""
    return MeetingFactory(session=session, starts_at=timezone.now() - timedelta(hours=1))


REFUSED = [
    "applicant",
    "reviewer",
    "mentor",
    "candidate",
    "other_candidate",
    "other_mentor",
    "manager_of_other_cohort",
]


def test_record_attendance_keeps_each_change_with_who_and_when(meeting, people):
    candidate, manager = people["candidate"], people["program_manager"]
    record_attendance(
        meeting=meeting, marks=[Mark(candidate, AttendanceStatus.PRESENT)], actor=people["instructor"]
    )
    changed = record_attendance(
        meeting=meeting, marks=[Mark(candidate, AttendanceStatus.LEFT_EARLY, "Left at 3 p.m.")], actor=manager
    )
    assert changed == 1
    attendance = Attendance.objects.get(meeting=meeting, person=candidate)
    assert (attendance.status, attendance.note, attendance.recorded_by) == (
        "left_early",
        "Left at 3 p.m.",
        manager,
    )
    assert [(c.status, c.history_user) for c in attendance.history.all()] == [
        ("left_early", manager),
        ("present", people["instructor"]),
    ]


def test_record_attendance_unchanged_mark_leaves_no_trace(meeting, people):
    marks = [Mark(people["candidate"], AttendanceStatus.PRESENT)]
    record_attendance(meeting=meeting, marks=marks, actor=people["instructor"])
    assert record_attendance(meeting=meeting, marks=marks, actor=people["instructor"]) == 0
    assert Attendance.history.count() == 1


def test_record_attendance_refuses_people_not_on_the_roll(meeting, people):
    with pytest.raises(ValidationError):
        record_attendance(
            meeting=meeting, marks=[Mark(people["mentor"], "present")], actor=people["instructor"]
        )
    assert not Attendance.objects.exists()


def test_absence_notifies_manager_candidate_and_mentor(meeting, people, django_capture_on_commit_callbacks):
    candidate = people["candidate"]
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(
            meeting=meeting, marks=[Mark(candidate, AttendanceStatus.ABSENT)], actor=people["instructor"]
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["program_manager"].email, candidate.email, people["mentor"].email]
    )
    to_candidate = next(m for m in mail.outbox if m.to == [candidate.email])
    assert to_candidate.subject == f"Your attendance: absent at {meeting.session}"
    assert "Unexcused absences on record in this cohort: 1" in to_candidate.body


def test_late_arrival_of_candidate_without_mentor_notifies_the_candidate_only(
    meeting, people, django_capture_on_commit_callbacks
):
    other = people["other_candidate"]
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(
            meeting=meeting, marks=[Mark(other, AttendanceStatus.LATE)], actor=people["instructor"]
        )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([other.email], f"Your attendance: late at {meeting.session}")
    ]


@pytest.mark.parametrize(
    "status", [AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.LEFT_EARLY]
)
def test_other_statuses_send_no_mail(meeting, people, status, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(
            meeting=meeting, marks=[Mark(people["candidate"], status)], actor=people["instructor"]
        )
    assert mail.outbox == []


def test_mentor_absent_at_kickoff_is_recorded_without_mail(
    cohort, people, django_capture_on_commit_callbacks
):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    meeting = MeetingFactory(session=kickoff, starts_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(
            meeting=meeting,
            marks=[Mark(people["mentor"], AttendanceStatus.ABSENT)],
            actor=people["program_manager"],
        )
    assert Attendance.objects.get(person=people["mentor"]).status == "absent"
    assert mail.outbox == []


# Roll call page ------------------------------------------------------------------------------------------


def test_take_attendance_anonymous_goes_to_login(client, meeting):
    response = client.get(reverse("class_sessions:attendance", args=[meeting.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", REFUSED)
def test_take_attendance_refused_to_others(client, meeting, people, role):
    client.force_login(people[role])
    url = reverse("class_sessions:attendance", args=[meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"status_{people['candidate'].pk}": "absent"}).status_code == 404
    assert not Attendance.objects.exists()


def test_take_attendance_refused_to_instructor_of_another_session(client, other_session, people):
    client.force_login(people["instructor"])
    meeting = other_session.meetings.get()
    assert client.get(reverse("class_sessions:attendance", args=[meeting.pk])).status_code == 404


@pytest.mark.parametrize("role", ["instructor", "program_manager"])
def test_take_attendance_by_instructor_or_manager(client, meeting, people, role):
    client.force_login(people[role])
    url = reverse("class_sessions:attendance", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert str(people["candidate"]) in page.text
    assert str(people["other_candidate"]) in page.text
    response = client.post(
        url,
        {
            f"status_{people['candidate'].pk}": "present",
            f"status_{people['other_candidate'].pk}": "excused",
            f"note_{people['other_candidate'].pk}": "Board meeting",
        },
        follow=True,
    )
    assert "Attendance saved (2 changes)." in response.text
    assert {(a.person, a.status, a.note) for a in Attendance.objects.all()} == {
        (people["candidate"], "present", ""),
        (people["other_candidate"], "excused", "Board meeting"),
    }
    assert f"set by {people[role]}" in response.text


def test_take_attendance_25_people_a_page_each_page_saved_on_its_own(client, meeting, people):
    for _ in range(25):
        MembershipFactory(cohort=meeting.session.cohort, role=Role.CANDIDATE)  # 27 with the fixture's two
    client.force_login(people["instructor"])
    url = reverse("class_sessions:attendance", args=[meeting.pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert first.text.count('<fieldset class="card mb-2">') == 25
    assert second.text.count('<fieldset class="card mb-2">') == 2
    assert "26–27 of 27 people. Save each page before going to the next." in second.text
    on_second_page = [person for person, *_ in second.context["form"].rows]

    response = client.post(f"{url}?page=2", {f"status_{on_second_page[0].pk}": "late"})

    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2"
    assert list(Attendance.objects.values_list("person", "status")) == [(on_second_page[0].pk, "late")]


def test_take_attendance_note_without_status_is_explained_and_kept(client, meeting, people):
    client.force_login(people["instructor"])
    other = people["other_candidate"]
    response = client.post(
        reverse("class_sessions:attendance", args=[meeting.pk]),
        {f"status_{people['candidate'].pk}": "late", f"note_{other.pk}": "Called in sick"},
    )
    assert response.status_code == 200
    assert "Choose a status to go with the note." in response.text
    assert 'value="Called in sick"' in response.text
    candidate_id = people["candidate"].pk
    assertInHTML(
        f'<input class="btn-check" type="radio" name="status_{candidate_id}" value="late"'
        f' id="id_status_{candidate_id}_1" checked>',
        response.text,
    )
    assert not Attendance.objects.exists()


def test_take_attendance_error_summary_links_to_each_field_by_the_person_s_name(client, meeting, people):
    candidate, other = people["candidate"], people["other_candidate"]
    client.force_login(people["instructor"])

    page = client.post(
        reverse("class_sessions:attendance", args=[meeting.pk]),
        {f"note_{candidate.pk}": "Hi", f"note_{other.pk}": "x" * 301},
    ).text

    summary = page[page.index("data-error-summary") : page.index("</div>", page.index("data-error-summary"))]
    assert "There are 2 problems" in summary
    assertInHTML(
        f'<a href="#id_status_{candidate.pk}_0">Status of {candidate}: Choose a status to go with the note.</a>',
        summary,
    )
    assertInHTML(
        f'<a href="#id_note_{other.pk}">Note for {other}: '
        "Ensure this value has at most 300 characters (it has 301).</a>",
        summary,
    )


def test_take_attendance_shows_no_error_summary_before_a_bad_save(client, meeting, people):
    client.force_login(people["instructor"])
    assert (
        "data-error-summary" not in client.get(reverse("class_sessions:attendance", args=[meeting.pk])).text
    )


def test_take_attendance_shows_what_is_recorded_and_marks_errors_on_their_fields(client, meeting, people):
    candidate, other = people["candidate"], people["other_candidate"]
    record_attendance(
        meeting=meeting, marks=[Mark(candidate, "late", 'Train <"delayed">')], actor=people["instructor"]
    )
    client.force_login(people["instructor"])
    url = reverse("class_sessions:attendance", args=[meeting.pk])

    page = client.get(url).text

    assertInHTML(
        f'<legend class="h6 mb-2 float-none">{candidate}'
        ' <span class="small text-body-secondary">(Late)</span></legend>',
        page,
    )
    assertInHTML(f'<legend class="h6 mb-2 float-none">{other}</legend>', page)
    assertInHTML(
        f'<input class="btn-check" type="radio" name="status_{candidate.pk}" value="late"'
        f' id="id_status_{candidate.pk}_1" checked>',
        page,
    )
    assert page.count(" checked") == 1
    assertInHTML(
        f'<label class="btn btn-sm btn-outline-primary" for="id_status_{other.pk}_4">Absent'
        f'<span class="visually-hidden"> — {other}</span></label>',
        page,
    )
    assertInHTML(
        f'<input class="form-control form-control-sm" type="text" name="note_{candidate.pk}"'
        f' id="id_note_{candidate.pk}" value="Train &lt;&quot;delayed&quot;&gt;"'
        ' placeholder="Note (optional)" maxlength="300">',
        page,
    )

    response = client.post(url, {f"note_{candidate.pk}": "Hi", f"note_{other.pk}": "x" * 301})

    page = response.text
    assertInHTML(
        f'<input class="btn-check" type="radio" name="status_{candidate.pk}" value="present"'
        f' id="id_status_{candidate.pk}_0" aria-invalid="true" aria-describedby="id_status_{candidate.pk}_error">',
        page,
    )
    assert page.count(f'aria-describedby="id_status_{candidate.pk}_error"') == 5
    assertInHTML(
        f'<div class="text-danger small mb-1" id="id_status_{candidate.pk}_error">'
        "Choose a status to go with the note.</div>",
        page,
    )
    assertInHTML(  # what was sent, not what is recorded
        f'<input class="form-control form-control-sm" type="text" name="note_{candidate.pk}"'
        f' id="id_note_{candidate.pk}" value="Hi" placeholder="Note (optional)" maxlength="300">',
        page,
    )
    assertInHTML(
        f'<input class="form-control form-control-sm is-invalid" type="text" name="note_{other.pk}"'
        f' id="id_note_{other.pk}" value="{"x" * 301}" placeholder="Note (optional)" maxlength="300"'
        f' aria-invalid="true" aria-describedby="id_note_{other.pk}_error">',
        page,
    )
    assertInHTML(
        f'<div class="invalid-feedback" id="id_note_{other.pk}_error">'
        "Ensure this value has at most 300 characters (it has 301).</div>",
        page,
    )
    assert " checked" not in page


def test_take_attendance_lists_changes_once_there_are_any(
    client, meeting, people, django_assert_max_num_queries
):
    client.force_login(people["instructor"])
    url = reverse("class_sessions:attendance", args=[meeting.pk])
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(12):
        page = client.get(url).text
    assert "Nothing recorded yet." in page
    record_attendance(
        meeting=meeting, marks=[Mark(people["candidate"], "absent", "Flu")], actor=people["instructor"]
    )
    with django_assert_max_num_queries(12):
        page = client.get(url).text
    assert f"{people['candidate']}: <strong>Absent</strong> (Flu), set by {people['instructor']}, " in page
    assert "Nothing recorded yet." not in page


def test_take_attendance_lists_each_change_newest_first(client, meeting, people):
    candidate, other = people["candidate"], people["other_candidate"]
    first = timezone.now() - timedelta(minutes=5)
    record_attendance(
        meeting=meeting, marks=[Mark(candidate, "present")], actor=people["instructor"], now=first
    )
    record_attendance(
        meeting=meeting,
        marks=[Mark(other, "absent", "<b>Flu</b>")],
        actor=people["program_manager"],
        now=first + timedelta(minutes=1),
    )
    client.force_login(people["instructor"])

    page = client.get(reverse("class_sessions:attendance", args=[meeting.pk])).text

    newest = Attendance.history.order_by("-history_date").first()
    shown = Template("{% load cohort_time %}{% when moment cohort %}").render(
        Context(
            {"user": people["instructor"], "moment": newest.history_date, "cohort": meeting.session.cohort}
        )
    )
    assertInHTML(
        f'<li class="list-group-item">{other}: <strong>Absent</strong> (&lt;b&gt;Flu&lt;/b&gt;),'
        f" set by {people['program_manager']}, {shown}</li>",
        page,
    )
    assert (
        f'<li class="list-group-item">{candidate}: <strong>Present</strong>, set by {people["instructor"]}, '
        in page
    )
    assert page.index(f"{other}: <strong>Absent") < page.index(f"{candidate}: <strong>Present")


# Grid and export -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED + ["instructor"])
def test_attendance_grid_and_csv_refused_to_all_but_the_manager(client, cohort, people, role):
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:attendance_grid", args=[cohort.slug])).status_code == 404
    assert client.get(reverse("class_sessions:attendance_csv", args=[cohort.slug])).status_code == 404


def test_attendance_grid_flags_anyone_short_of_full_attendance(client, cohort, meeting, people):
    record_attendance(
        meeting=meeting,
        marks=[Mark(people["candidate"], "present"), Mark(people["other_candidate"], "left_early")],
        actor=people["instructor"],
    )
    grid = attendance_grid(cohort=cohort)
    assert {row.person: row.short for row in grid.page.object_list} == {
        people["candidate"]: False,
        people["other_candidate"]: True,
    }
    client.force_login(people["program_manager"])
    response = client.get(reverse("class_sessions:attendance_grid", args=[cohort.slug]))
    assert response.text.count("Short of full attendance</span>") == 1


def test_attendance_grid_tracks_mentors_at_the_kickoff(client, cohort, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    meeting = MeetingFactory(session=kickoff, starts_at=timezone.now() - timedelta(hours=2))
    record_attendance(
        meeting=meeting, marks=[Mark(people["mentor"], "present")], actor=people["program_manager"]
    )
    grid = attendance_grid(cohort=cohort)
    assert grid.kickoff_meetings == [meeting]
    rows = grid.mentor_page.object_list
    assert {row.person: [c.status if c else None for c in row.cells] for row in rows} == {
        people["mentor"]: ["present"],
        people["other_mentor"]: [None],
    }


def test_attendance_grid_pages_the_mentors_apart_from_the_candidates(client, cohort, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    MeetingFactory(session=kickoff)
    for _ in range(24):  # 26 mentors with the fixture's two
        MembershipFactory(cohort=cohort, role=Role.MENTOR)
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:attendance_grid", args=[cohort.slug])
    first, second = client.get(url).text, client.get(url, {"mentors": 2}).text
    mentors = "Mentors × meetings they must attend"
    assert first.split(mentors)[1].count('<th scope="row">') == 25
    assert second.split(mentors)[1].count('<th scope="row">') == 1
    assert '<nav aria-label="Pages of mentors" class="mt-3">' in first
    assertInHTML('<a class="page-link" href="?mentors=2">Next</a>', first)
    # The candidates' page stays where it was.
    assert second.split(mentors)[0].count('<th scope="row">') == 2


def test_attendance_grid_cells_show_status_and_escaped_note(client, cohort, meeting, people):
    record_attendance(
        meeting=meeting,
        marks=[
            Mark(people["candidate"], "present"),
            Mark(people["other_candidate"], "absent", "<b>Flu</b> & fever"),
        ],
        actor=people["instructor"],
    )
    client.force_login(people["program_manager"])
    page = client.get(reverse("class_sessions:attendance_grid", args=[cohort.slug])).text
    meeting.refresh_from_db()  # the time as stored, in UTC
    local = meeting.starts_at.astimezone(cohort.tz)
    assert (
        f'<th scope="col" class="small">Session 3<br><time datetime="{meeting.starts_at.isoformat()}">'
        f"{local:%a, %b} {local.day}, " in page
    )
    candidate = people["candidate"]
    progress = reverse("completion:progress", args=[cohort.slug, candidate.pk])
    assertInHTML(
        f'<tr><th scope="row"><a href="{progress}">{candidate}</a></th><td class="small">Present</td></tr>',
        page,
    )
    assertInHTML(
        '<td class="small"><strong class="text-danger">Absent</strong><br>'
        '<span class="text-body-secondary">&lt;b&gt;Flu&lt;/b&gt; &amp; fever</span></td>',
        page,
    )
    assert page.count("Short of full attendance</span>") == 1


def test_attendance_grid_mentor_rows_are_not_linked_and_unrecorded_cells_show_a_dash(client, cohort, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    MeetingFactory(session=kickoff)
    client.force_login(people["program_manager"])
    page = client.get(reverse("class_sessions:attendance_grid", args=[cohort.slug])).text
    mentor = people["mentor"]
    assertInHTML(
        f'<tr><th scope="row">{mentor}</th><td class="small"><span class="text-body-secondary">—</span></td></tr>',
        page,
    )
    assert reverse("completion:progress", args=[cohort.slug, mentor.pk]) not in page


def test_attendance_csv_lists_candidates_by_meeting(client, cohort, meeting, people):
    record_attendance(
        meeting=meeting, marks=[Mark(people["candidate"], "absent", "No word")], actor=people["instructor"]
    )
    client.force_login(people["program_manager"])
    response = client.get(reverse("class_sessions:attendance_csv", args=[cohort.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    header = f"Session 3, {in_zone(meeting.starts_at, cohort)}"
    assert rows[0] == ["Candidate", "E-mail", "Short of full attendance", header]
    assert [str(people["candidate"]), people["candidate"].email, "yes", "Absent"] in rows
    assert [str(people["other_candidate"]), people["other_candidate"].email, "no", ""] in rows


def test_attendance_csv_is_streamed_and_neutralises_formulas(client, cohort, meeting, people):
    people["candidate"].first_name = '=HYPERLINK("http://evil.example","x")'
    people["candidate"].save(update_fields=["first_name"])
    record_attendance(meeting=meeting, marks=[Mark(people["candidate"], "late")], actor=people["instructor"])
    client.force_login(people["program_manager"])
    response = client.get(reverse("class_sessions:attendance_csv", args=[cohort.slug]))
    assert response.streaming is True
    assert response["Content-Disposition"] == f'attachment; filename="{cohort.slug}-attendance.csv"'
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert [f"'{people['candidate']}", people["candidate"].email, "yes", "Late"] in rows
    assert [str(people["other_candidate"]), people["other_candidate"].email, "no", ""] in rows


def test_attendance_rows_are_the_same_read_in_chunks(cohort, meeting, people, django_assert_num_queries):
    for _ in range(3):
        candidate = MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user
        record_attendance(meeting=meeting, marks=[Mark(candidate, "absent")], actor=people["instructor"])
    whole = list(attendance_rows(cohort=cohort))
    # Five candidates two at a time: meetings, candidates, then the marks of each of three chunks.
    with django_assert_num_queries(5):  # exact: the chunks are the behaviour under test
        chunked = list(attendance_rows(cohort=cohort, chunk_size=2))
    assert chunked == whole
    assert len(whole) == 1 + 5


def test_attendance_grid_queries_do_not_grow_with_candidates(
    client, cohort, meeting, people, django_assert_max_num_queries
):
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:attendance_grid", args=[cohort.slug])
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(11):
        client.get(url)
    for _ in range(6):
        candidate = MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user
        record_attendance(meeting=meeting, marks=[Mark(candidate, "late")], actor=people["instructor"])
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.text.count("Short of full attendance</span>") == 6


def test_take_attendance_at_kickoff_lists_mentors_marked_as_such(client, cohort, people):
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    meeting = MeetingFactory(session=kickoff, starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(people["program_manager"])
    page = client.get(reverse("class_sessions:attendance", args=[meeting.pk])).text
    assert page.count('<span class="badge text-bg-info">Mentor</span>') == 2
    assert str(people["mentor"]) in page
