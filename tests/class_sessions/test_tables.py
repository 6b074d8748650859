from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from cohorts.templatetags.cohort_time import when
from sessions.templatetags.class_tables import _local, _when

from ..factories import UserFactory


def test_when_is_cohort_time_when_for_each_viewer_zone_and_moment_zone(cohort):
    in_utc = datetime(2030, 3, 2, 17, 30, tzinfo=UTC)
    in_pacific = in_utc.astimezone(ZoneInfo("America/Los_Angeles"))  # the same moment, written otherwise
    berlin, no_zone = UserFactory(time_zone="Europe/Berlin"), UserFactory(time_zone="")
    for viewer in (berlin, no_zone, berlin):  # each twice from what is kept
        for moment in (in_utc, in_pacific, in_utc):
            context = {"user": viewer}
            assert _when(context, moment, cohort) == when(context, moment, cohort)
    assert "your time" in _when({"user": berlin}, in_utc, cohort)
    assert "your time" not in _when({"user": no_zone}, in_utc, cohort)
    assert _when({}, in_utc, cohort) == when({}, in_utc, cohort)


def test_local_names_days_and_months_in_the_active_language(cohort):
    moment = datetime(2030, 3, 2, 17, 30, tzinfo=UTC)
    english = _local(moment, cohort, "D, M j, g:i a")
    with translation.override("fr"):
        french = _local(moment, cohort, "D, M j, g:i a")
    assert english == "Sat, Mar 2, 9:30 a.m."  # the cohort's zone: Pacific
    assert french != english
