import datetime

from cohorts.templatetags.cohort_time import in_zone

MOMENT = datetime.datetime(2018, 3, 3, 1, 30, tzinfo=datetime.UTC)


def test_in_zone_names_the_zone_it_shows():
    assert in_zone(MOMENT, "America/Los_Angeles") == "Fri, March 2, 2018, 5:30 p.m. PST"
    assert in_zone(MOMENT, "America/New_York") == "Fri, March 2, 2018, 8:30 p.m. EST"


def test_in_zone_shows_one_moment_the_same_however_it_was_read():
    same_moment_elsewhere = MOMENT.astimezone(datetime.timezone(datetime.timedelta(hours=9)))

    assert in_zone(same_moment_elsewhere, "America/Los_Angeles") == in_zone(MOMENT, "America/Los_Angeles")
