"""The class year's big tables, a row per person and a cell per meeting or assignment, written in Python.

A template writes a grid cell through a dozen nodes ({% if %}, {% url %}, variables and filters): 425 cells
of the attendance grid cost 10 ms, more than the rest of the page. Here a cell is a dictionary look-up when
it shows no data of its own (a status, "Missing"), and one `format_html` call when it does; every piece is
escaped by `format_html`, and `_join` only joins pieces that are already safe.
"""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..links import address_by_id
from ..models import AttendanceStatus

register = template.Library()


def _join(pieces, separator: str = "") -> SafeString:
    """Joins escaped pieces (with a constant separator) into one safe string; a piece not marked safe is
    escaped here."""
    return mark_safe(separator.join([conditional_escape(piece) for piece in pieces]))  # noqa: S308


def _local(moment, cohort, pattern: str) -> str:
    """`{{ moment|timezone:cohort.time_zone|date:pattern }}`."""
    return dateformat.format(timezone.localtime(moment, cohort.tz), pattern)


# Attendance ---------------------------------------------------------------------------------------------

_ROW_END = mark_safe("\n    </tr>")  # a constant
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
