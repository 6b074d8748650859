"""The class year's big tables, a row per person and a cell per meeting or assignment, written in Python.

A template writes a grid cell through a dozen nodes ({% if %}, {% url %}, variables and filters): 425 cells
of the attendance grid cost 10 ms, more than the rest of the page. Here a cell is a dictionary look-up when
it shows no data of its own (a status, "Missing"), and one `format_html` call when it does; every piece is
escaped by `format_html`, and `_join` only joins pieces that are already safe.
"""

import zoneinfo
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cohorts.templatetags.cohort_time import when
from cto_mentor.links import address_by_id

from ..models import AttendanceStatus
from ..selectors import WorkState

register = template.Library()


_NOTHING = mark_safe("")  # a constant, so that format_html need not escape it
_ROW_END = mark_safe("\n    </tr>")  # a constant
_WARNING_ROW = mark_safe(' class="table-warning"')  # a constant
_BREAK = "<br>"  # a constant separator
_MENTORS_ATTEND = mark_safe('<br><span class="badge text-bg-info">Mentors attend</span>')  # a constant
_NEEDS_ATTENTION = mark_safe(' <span class="badge text-bg-warning">Needs attention</span>')  # a constant


def _join(pieces, separator: str = "") -> SafeString:
    """Joins escaped pieces (with a constant separator) into one safe string; a piece not marked safe is
    escaped here."""
    return mark_safe(separator.join([conditional_escape(piece) for piece in pieces]))  # noqa: S308


# Dates: the same few dozen moments (meetings, due times) are on every member's pages, and formatting one
# costs 25 µs. Each function below is pure, given the moment (and its own zone, as it is written in the
# datetime attribute), the zones and the language (the names of days and months are translated), so its
# results are kept.


def _local(moment, cohort, pattern: str) -> str:
    """`{{ moment|timezone:cohort.time_zone|date:pattern }}`."""
    return _local_seen(moment, moment.tzinfo, cohort.time_zone, pattern, get_language())


@lru_cache(maxsize=4096)
def _local_seen(moment, tzinfo, zone: str, pattern: str, language: str) -> str:
    return dateformat.format(timezone.localtime(moment, zoneinfo.ZoneInfo(zone)), pattern)


# Attendance ---------------------------------------------------------------------------------------------

_EMPTY_MARK = format_html('<td class="small"><span class="text-body-secondary">{}</span></td>', "—")
_STATUS = {
    status: format_html("{}", label)
    if status == AttendanceStatus.PRESENT
    else format_html('<strong class="text-danger">{}</strong>', label)
    for status, label in AttendanceStatus.choices
}
_MARK = {status: format_html('<td class="small">{}</td>', shown) for status, shown in _STATUS.items()}


def _mark_cell(mark) -> SafeString:
    if mark is None:
        return _EMPTY_MARK
    if not mark.note:
        return _MARK[mark.status]
    return format_html(
        '<td class="small">{}<br><span class="text-body-secondary">{}</span></td>',
        _STATUS[mark.status],
        mark.note,
    )


@register.simple_tag
def meeting_headers(meetings, cohort) -> SafeString:
    """A column header per meeting: its session and local start."""
    return _join(
        format_html(
            '<th scope="col" class="small">{}<br><time datetime="{}">{}</time></th>',
            meeting.session,
            meeting.starts_at.isoformat(),
            _local(meeting.starts_at, cohort, "D, M j, g:i a"),
        )
        for meeting in meetings
    )


@register.simple_tag
def attendance_rows(rows, meetings, cohort, link_progress=False) -> SafeString:
    """The body rows of an attendance grid (selectors.AttendanceRow): the person, linked to their progress
    page when `link_progress`, flagged when short of full attendance, then a cell per meeting."""
    if not rows:
        return format_html('<tr><td colspan="{}">Nobody yet.</td></tr>', len(meetings) + 1)
    progress = address_by_id("class_sessions:progress", cohort.slug) if link_progress else None
    lines = []
    for row in rows:
        person = (
            format_html('<a href="{}">{}</a>', progress(row.person.pk), row.person)
            if progress
            else row.person
        )
        if row.short:
            head = format_html(
                '<tr class="table-warning">\n      <th scope="row">{} '
                '<span class="badge text-bg-warning">Short of full attendance</span></th>\n      ',
                person,
            )
        else:
            head = format_html('<tr>\n      <th scope="row">{}</th>\n      ', person)
        lines.append(_join([head, *map(_mark_cell, row.cells), _ROW_END]))
    return _join(lines, "\n    ")


# Assignments --------------------------------------------------------------------------------------------

_LATE = mark_safe(' <span class="badge text-bg-warning">Late</span>')  # a constant
_WORK_WITHOUT_SUBMISSION = {
    WorkState.MISSING: format_html(
        '<td class="small"><strong class="text-danger">{}</strong></td>', "Missing"
    ),
    WorkState.NOT_DUE: format_html(
        '<td class="small"><span class="text-body-secondary">{}</span></td>', WorkState.NOT_DUE.label
    ),
}


@register.simple_tag
def assignment_headers(assignments, cohort) -> SafeString:
    """A column header per assignment: its title linked, its session and local due time."""
    return _join(
        format_html(
            '<th scope="col" class="small"><a href="{}">{}</a><br>{}, due <time datetime="{}">{}</time></th>',
            assignment.get_absolute_url(),
            assignment.title,
            assignment.session,
            assignment.due_at.isoformat(),
            _local(assignment.due_at, cohort, "M j, g:i a"),
        )
        for assignment in assignments
    )


@register.simple_tag
def work_rows(rows, assignments, cohort) -> SafeString:
    """The body rows of the assignment grid (selectors.WorkRow): the candidate linked to their progress,
    flagged when work is missing, late or failed, then the state of the newest version of each assignment,
    linked to it."""
    if not rows:
        return format_html(
            '<tr><td colspan="{}">The cohort has no candidates yet.</td></tr>', len(assignments) + 1
        )
    progress = address_by_id("class_sessions:progress", cohort.slug)
    submission = address_by_id("class_sessions:submission")
    lines = []
    for row in rows:
        cells = [
            format_html(
                '<td class="small"><a href="{}">{}</a>{}</td>',
                submission(cell.submission.pk),
                cell.state.label,
                _LATE if cell.submission.is_late else _NOTHING,
            )
            if cell.submission
            else _WORK_WITHOUT_SUBMISSION[cell.state]
            for cell in row.cells
        ]
        flagged = row.flagged
        head = format_html(
            '<tr{}>\n      <th scope="row"><a href="{}">{}</a>{}</th>\n      ',
            _WARNING_ROW if flagged else _NOTHING,
            progress(row.candidate.pk),
            row.candidate,
            _NEEDS_ATTENTION if flagged else _NOTHING,
        )
        lines.append(_join([head, *cells, _ROW_END]))
    return _join(lines, "\n    ")


@register.simple_tag(takes_context=True)
def roster_rows(context, rows, cohort) -> SafeString:
    """The body rows of an assignment's roster (selectors.WorkRow, one cell each): the candidate, the state
    of their newest version linked to it, and when it was handed in, in the cohort's and the viewer's zone."""
    if not rows:
        return format_html('<tr><td colspan="{}">The cohort has no candidates yet.</td></tr>', 3)
    submission = address_by_id("class_sessions:submission")
    lines = []
    for row in rows:
        [cell] = row.cells
        work = cell.submission
        if work:
            state = format_html(
                '{}<span class="visually-hidden"> — {}</span>', cell.state.label, row.candidate
            )
            state = format_html('<a href="{}">{}</a>', submission(work.pk), state)
            handed_in = format_html(
                "{} (version {}){}",
                when(context, work.submitted_at, cohort),
                work.version,
                _LATE if work.is_late else _NOTHING,
            )
        else:
            state, handed_in = cell.state.label, "—"
        lines.append(
            format_html(
                '<tr{}>\n      <th scope="row">{}</th>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>',
                _WARNING_ROW if cell.flagged else _NOTHING,
                row.candidate,
                state,
                handed_in,
            )
        )
    return _join(lines, "\n    ")


# Progress -----------------------------------------------------------------------------------------------

_NOT_RECORDED = {
    True: format_html("{}", "Not recorded"),
    False: format_html('<span class="text-body-secondary">{}</span>', "Coming up"),
}


@register.simple_tag(takes_context=True)
def progress_attendance_rows(context, attendance, cohort) -> SafeString:
    """A row per meeting of a candidate's progress (meeting, RecordedMark or None, has been held): the
    session, when, in the cohort's and the viewer's zone, and what is recorded; flagged when short."""
    if not attendance:
        return format_html('<tr><td colspan="{}">No meeting is scheduled yet.</td></tr>', 3)
    rows = []
    for meeting, mark, held in attendance:
        if mark is None:
            shown = _NOT_RECORDED[held]
        elif mark.note:
            shown = format_html("{} — {}", mark.status_label, mark.note)
        else:
            shown = mark.status_label
        rows.append(
            format_html(
                '<tr{}>\n      <th scope="row">{}</th>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>',
                _WARNING_ROW if mark is not None and mark.status != AttendanceStatus.PRESENT else _NOTHING,
                meeting.session,
                when(context, meeting.starts_at, cohort),
                shown,
            )
        )
    return _join(rows, "\n    ")


@register.simple_tag(takes_context=True)
def progress_work_rows(context, work, cohort) -> SafeString:
    """A row per assignment of a candidate's progress (selectors.WorkCell): the assignment linked, its
    session, when it is due and the state of the newest version, linked to it; flagged as on the grid."""
    if not work:
        return format_html('<tr><td colspan="{}">No assignment is posted yet.</td></tr>', 3)
    rows = []
    for cell in work:
        assignment, submission = cell.assignment, cell.submission
        if submission:
            state = format_html(
                '<a href="{}">{}</a>{}',
                submission.get_absolute_url(),
                cell.state.label,
                _LATE if submission.is_late else _NOTHING,
            )
        else:
            state = cell.state.label
        rows.append(
            format_html(
                '<tr{}>\n      <th scope="row"><a href="{}">{}</a><br><span class="small text-body-secondary">{}'
                "</span></th>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>",
                _WARNING_ROW if cell.flagged else _NOTHING,
                assignment.get_absolute_url(),
                assignment.title,
                assignment.session,
                when(context, assignment.due_at, cohort),
                state,
            )
        )
    return _join(rows, "\n    ")


# Schedule -----------------------------------------------------------------------------------------------

_NO_MEETING = format_html('<span class="text-body-secondary">{}</span>', "No meeting yet")


@register.simple_tag(takes_context=True)
def schedule_rows(context, rows, cohort) -> SafeString:
    """A row per session (selectors.ScheduledSession): the session linked, whether mentors attend, its topics
    (or its title), its meetings, in the cohort's and the viewer's zone, and its instructors."""
    if not rows:
        return format_html('<tr><td colspan="{}">No session is scheduled yet.</td></tr>', 4)
    detail = address_by_id("class_sessions:detail")
    lines = []
    for row in rows:
        session = row.session
        meetings = [
            format_html(
                "<div>{} to {}{}</div>",
                when(context, meeting.starts_at, cohort),
                when(context, meeting.ends_at, cohort),
                format_html(", {}", meeting.location) if meeting.location else _NOTHING,
            )
            for meeting in row.meetings
        ]
        lines.append(
            format_html(
                '<tr>\n      <th scope="row" class="text-nowrap"><a href="{}">{}</a>{}</th>\n'
                "      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>",
                detail(session.pk),
                session,
                _MENTORS_ATTEND if session.mentors_expected else _NOTHING,
                _join(row.topics, _BREAK) if row.topics else session.title,
                _join(meetings) if meetings else _NO_MEETING,
                _join(row.instructors, ", ") if row.instructors else "—",
            )
        )
    return _join(lines, "\n    ")


# Roll call ----------------------------------------------------------------------------------------------


_NOTHING_RECORDED = format_html(
    '<li class="list-group-item text-body-secondary">{}</li>', "Nothing recorded yet."
)


@register.simple_tag(takes_context=True)
def attendance_changes(context, changes, cohort) -> SafeString:
    """An item per recorded change of a meeting's attendance (its history records, newest first): whose,
    the status and note, who set it and when, in the cohort's and the viewer's zone. Each moment is
    different, so `when` is called as it is, not kept."""
    if not changes:
        return _NOTHING_RECORDED
    return _join(
        [
            format_html(
                '<li class="list-group-item">{}: <strong>{}</strong>{}, set by {}, {}</li>',
                change.person,
                AttendanceStatus(change.status).label,
                format_html(" ({})", change.note) if change.note else _NOTHING,
                change.history_user or "someone removed",
                when(context, change.history_date, cohort),
            )
            for change in changes
        ],
        "\n  ",
    )


def _radio(index: int, value: str, label: str) -> str:
    # A format string for format_html: the row's values go in by name, the option's own are constants.
    return (
        f'          <input class="btn-check" type="radio" name="status_{{pk}}" value="{conditional_escape(value)}"'
        f' id="id_status_{{pk}}_{index}"{{checked_{index}}}{{status_invalid}}>\n'
        f'          <label class="btn btn-sm btn-outline-primary" for="id_status_{{pk}}_{index}">'
        f'{conditional_escape(label)}<span class="visually-hidden"> — {{person}}</span></label>\n'
    )


_ROLL_ROW = (
    '<fieldset class="card mb-2">\n'
    '    <div class="card-body p-2">\n'
    '      <legend class="h6 mb-2 float-none">{person}{mentor}{recorded}</legend>\n'
    '      <div class="d-flex flex-wrap gap-1 mb-2">\n'
    + "".join(_radio(index, value, label) for index, (value, label) in enumerate(AttendanceStatus.choices))
    + "      </div>\n"
    "      {status_error}\n"
    '      <label class="visually-hidden" for="id_note_{pk}">Note for {person}</label>\n'
    '      <input class="form-control form-control-sm{note_invalid_class}" type="text" name="note_{pk}"'
    ' id="id_note_{pk}" value="{note}" placeholder="Note (optional)" maxlength="300"{note_invalid}>\n'
    "      {note_error}\n"
    "    </div>\n"
    "  </fieldset>"
)
_CHECKED = mark_safe(" checked")  # a constant
_MENTOR = mark_safe(' <span class="badge text-bg-info">Mentor</span>')  # a constant
_INVALID_CLASS = mark_safe(" is-invalid")  # a constant
_CHECKED_KEYS = [(f"checked_{index}", value) for index, (value, _) in enumerate(AttendanceStatus.choices)]
_NO_ERRORS = dict.fromkeys(
    ["recorded", "status_invalid", "status_error", "note_invalid_class", "note_invalid", "note_error"],
    _NOTHING,
)


def _described_by(error_id: str) -> SafeString:
    return format_html(' aria-invalid="true" aria-describedby="{}"', error_id)


@register.simple_tag
def roll_call(form) -> SafeString:
    """A fieldset per person on the roll (sessions.forms.AttendanceForm): their name as its legend, a radio
    button per status and a note, with what is recorded or what was typed, and each field's errors."""
    rows = []
    for person, mark, is_mentor, status, note, status_errors, note_errors in form.roll():
        pk = int(person.pk)
        values = {key: _CHECKED if status == value else _NOTHING for key, value in _CHECKED_KEYS}
        if mark:
            values["recorded"] = format_html(
                ' <span class="small text-body-secondary">({})</span>', mark.status_label
            )
        if status_errors:
            values["status_invalid"] = _described_by(f"id_status_{pk}_error")
            values["status_error"] = format_html(
                '<div class="text-danger small mb-1" id="id_status_{}_error">{}</div>',
                pk,
                " ".join(status_errors),
            )
        if note_errors:
            values["note_invalid_class"] = _INVALID_CLASS
            values["note_invalid"] = _described_by(f"id_note_{pk}_error")
            values["note_error"] = format_html(
                '<div class="invalid-feedback" id="id_note_{}_error">{}</div>', pk, " ".join(note_errors)
            )
        rows.append(
            format_html(
                _ROLL_ROW,
                **(_NO_ERRORS | values),
                pk=pk,
                person=conditional_escape(person),  # escaped once, shown six times
                mentor=_MENTOR if is_mentor else _NOTHING,
                note=note or _NOTHING,
            )
        )
    return _join(rows, "\n  ")
