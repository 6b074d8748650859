from datetime import UTC, datetime

from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from ..factories import MeetingFactory, UserFactory


def when(context, moment, zone):
    """What `{% when moment zone %}` writes on a page seen by `context`'s user."""
    return Template("{% load cohort_time %}{% when moment zone %}").render(
        Context({**context, "moment": moment, "zone": zone})
    )


def test_when_adds_the_viewer_zone_only_for_a_viewer_in_another_zone(cohort):
    in_utc = datetime(2030, 3, 2, 17, 30, tzinfo=UTC)
    berlin, no_zone = UserFactory(time_zone="Europe/Berlin"), UserFactory(time_zone="")
    assert when({"user": berlin}, in_utc, cohort) == (
        '<time datetime="2030-03-02T17:30:00+00:00">Sat, Mar 2, 2030, 9:30 a.m. Pacific Time (PST)</time>'
        ' <span class="text-body-secondary">· your time: Sat, Mar 2, 2030, 6:30 p.m. Berlin time (CET)</span>'
    )
    plain = '<time datetime="2030-03-02T17:30:00+00:00">Sat, Mar 2, 2030, 9:30 a.m. Pacific Time (PST)</time>'
    assert when({"user": no_zone}, in_utc, cohort) == plain
    assert when({}, in_utc, cohort) == plain


def test_meeting_headers_name_days_and_months_in_the_active_language(cohort):
    meeting = MeetingFactory(session__cohort=cohort, starts_at=datetime(2030, 3, 2, 17, 30, tzinfo=UTC))
    context = {"cohort": cohort, "meetings": [meeting], "rows": [], "caption": "Grid", "who": "Candidate"}
    english = render_to_string("sessions/_attendance_table.html", context)
    with translation.override("fr"):
        french = render_to_string("sessions/_attendance_table.html", context)
    shown = '<time datetime="2030-03-02T17:30:00+00:00">Sat, Mar 2, 2030, 9:30 a.m. Pacific Time (PST)</time>'
    assert shown in english
    assert "Sat" not in french
    assert "9:30" in french
