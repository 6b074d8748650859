"""The program manager's long tables of a cohort's portfolios and pairs, a page of 25 rows at a time, written by
one format_html_join per table instead of a loop body of template tags and filters per row (the template engine
spent over 100 microseconds a row of the overview)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from cto_mentor.links import address_by_id

register = template.Library()


def _day(value, missing):
    """A date as the pages show one (`|date:"M j, Y"`), or `missing`."""
    return date_format(value, "M j, Y") if value else missing


@register.simple_tag
def portfolio_rows(rows):
    """A row per portfolio: the candidate (a link to the portfolio), the mentor, the counts, and the number of
    meetings as a link to the pair's meeting log."""
    portfolio_address = address_by_id("portfolios:detail")
    meetings_address = address_by_id("portfolios:meetings")
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td><a href="{}">{}<span class="visually-hidden"> meetings of {}</span></a></td><td>{}</td><td>{}</td></tr>',
        (
            (
                portfolio_address(row.pk),
                row.candidate,
                row.mentor or "Not paired",
                row.artifact_count,
                row.reflection_count,
                row.ready_count,
                meetings_address(row.pk),
                row.meeting_count,
                row.candidate,
                _day(row.last_meeting, "None"),
                row.open_follow_ups,
            )
            for row in rows
        ),
    )


# Constant markup of a quiet pair's row, safe as written.
QUIET_ROW, QUIET_BADGE = (
    SafeString(' class="table-warning"'),
    SafeString(' <span class="badge text-bg-warning">Quiet</span>'),
)
NOT_QUIET = SafeString("")


@register.simple_tag
def meeting_frequency_rows(pairs):
    """A row per pair: the candidate, the mentor, the meetings, confirmed ones, per month and the last one; a
    quiet pair's row is highlighted and badged."""
    return format_html_join(
        "\n",
        '<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>',
        (
            (
                QUIET_ROW if pair.is_quiet else NOT_QUIET,
                pair.candidate,
                pair.mentor,
                pair.meeting_count,
                pair.confirmed_count,
                pair.per_month,
                _day(pair.last_meeting, "None"),
                QUIET_BADGE if pair.is_quiet else NOT_QUIET,
            )
            for pair in pairs
        ),
    )


@register.simple_tag
def quiet_pair_items(pairs):
    """A list item per quiet pair: "candidate and mentor — last meeting: Mar 4, 2030"."""
    return format_html_join(
        "\n",
        "<li>{} and {} — last meeting: {}</li>",
        ((pair.candidate, pair.mentor, _day(pair.last_meeting, "none yet")) for pair in pairs),
    )
