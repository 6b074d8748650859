from datetime import UTC, datetime

from django.template.loader import render_to_string
from django.utils import translation

from cohorts.templatetags.cohort_time import when

from ..factories import MeetingFactory, UserFactory


def test_when_adds_the_viewer_zone_only_for_a_viewer_in_another_zone(cohort):
    in_utc = datetime(2030, 3, 2, 17, 30, tzinfo=UTC)
    berlin, no_zone = UserFactory(time_zone="Europe/Berlin"), UserFactory(time_zone="")
    assert "your time" in when({"user": berlin}, in_utc, cohort)
    assert "your time" not in when({"user": no_zone}, in_utc, cohort)
    assert "your time" not in when({}, in_utc, cohort)


def test_meeting_headers_name_days_and_months_in_the_active_language(cohort):
    meeting = MeetingFactory(session__cohort=cohort, starts_at=datetime(2030, 3, 2, 17, 30, tzinfo=UTC))
    context = {"cohort": cohort, "meetings": [meeting], "rows": [], "caption": "Grid", "who": "Candidate"}
    english = render_to_string("sessions/_attendance_table.html", context)
    with translation.override("fr"):
        french = render_to_string("sessions/_attendance_table.html", context)
    shown = '<time datetime="2030-03-02T17:30:00+00:00">Sat, Mar 2, 9:30 a.m.</time>'  # the cohort's zone: Pacific
    assert shown in english
    assert "Sat" not in french
    assert "9:30" in french
