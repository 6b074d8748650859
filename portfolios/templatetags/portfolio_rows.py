"""The program manager's long tables of a cohort's portfolios and pairs, a page of 25 rows at a time, written by
one format_html_join per table instead of a loop body of template tags and filters per row (the template engine
spent over 100 microseconds a row of the overview)."""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join

register = template.Library()


def _day(value, missing):
    """A date as the pages show one (`|date:"M j, Y"`), or `missing`."""
    return date_format(value, "M j, Y") if value else missing


@register.simple_tag
def portfolio_rows(rows):
    """A row per portfolio: the candidate (a link to the portfolio), the mentor, the counts, and the number of
    meetings as a link to the pair's meeting log."""
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td><a href="{}">{}<span class="visually-hidden"> meetings of {}</span></a></td><td>{}</td><td>{}</td></tr>',
        (
            (
                row.get_absolute_url(),
                row.candidate,
                row.mentor or "Not paired",
                row.artifact_count,
                row.reflection_count,
                row.ready_count,
                reverse("portfolios:meetings", args=[row.pk]),
                row.meeting_count,
                row.candidate,
                _day(row.last_meeting, "None"),
                row.open_follow_ups,
            )
            for row in rows
        ),
    )
