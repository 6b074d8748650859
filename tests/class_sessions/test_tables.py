from datetime import UTC, datetime

from django.utils import translation

from cohorts.templatetags.cohort_time import when
from sessions.templatetags.class_tables import _local

from ..factories import UserFactory


def test_when_adds_the_viewer_zone_only_for_a_viewer_in_another_zone(cohort):
    in_utc = datetime(2030, 3, 2, 17, 30, tzinfo=UTC)
    berlin, no_zone = UserFactory(time_zone="Europe/Berlin"), UserFactory(time_zone="")
    assert "your time" in when({"user": berlin}, in_utc, cohort)
    assert "your time" not in when({"user": no_zone}, in_utc, cohort)
    assert "your time" not in when({}, in_utc, cohort)


def test_local_names_days_and_months_in_the_active_language(cohort):
    moment = datetime(2030, 3, 2, 17, 30, tzinfo=UTC)
    english = _local(moment, cohort, "D, M j, g:i a")
    with translation.override("fr"):
        french = _local(moment, cohort, "D, M j, g:i a")
    assert english == "Sat, Mar 2, 9:30 a.m."  # the cohort's zone: Pacific
    assert french != english
