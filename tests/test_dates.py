import datetime

from django.template import Context, Template

from cto_mentor.dates import (
    day_text,
    in_zone,
    moment_text,
    month_text,
    range_text,
    short_day_text,
    wall_clock_text,
    zone_name,
)

UTC = datetime.UTC
MOMENT = datetime.datetime(2018, 3, 3, 1, 30, tzinfo=UTC)  # Fri, Mar 2, 2018, 5:30 p.m. in Sacramento
KICKOFF_STARTS = datetime.datetime(2018, 2, 2, 18, 0, tzinfo=UTC)
KICKOFF_ENDS = datetime.datetime(2018, 2, 2, 20, 0, tzinfo=UTC)


class Viewer:
    def __init__(self, time_zone):
        self.time_zone = time_zone


def render(text, **context):
    return Template("{% load cohort_time %}" + text).render(Context(context))


def test_moment_names_the_zone_as_people_say_it_with_the_abbreviation_of_the_moment():
    assert moment_text(MOMENT, "America/Los_Angeles") == "Fri, Mar 2, 2018, 5:30 p.m. Pacific Time (PST)"
    assert moment_text(MOMENT, "America/New_York") == "Fri, Mar 2, 2018, 8:30 p.m. Eastern Time (EST)"


def test_moment_in_summer_is_daylight_time():
    summer = datetime.datetime(2018, 7, 14, 15, 0, tzinfo=UTC)

    assert moment_text(summer, "America/Los_Angeles") == "Sat, Jul 14, 2018, 8:00 a.m. Pacific Time (PDT)"


def test_range_on_one_day_gives_the_date_once():
    assert (
        range_text(KICKOFF_STARTS, KICKOFF_ENDS, "America/Los_Angeles")
        == "Fri, Feb 2, 2018, 10:00 a.m.–12:00 p.m. Pacific Time (PST)"
    )


def test_range_over_two_days_gives_both_dates():
    ends = datetime.datetime(2018, 3, 4, 0, 0, tzinfo=UTC)

    assert (
        range_text(MOMENT, ends, "America/Los_Angeles")
        == "Fri, Mar 2, 2018, 5:30 p.m. – Sat, Mar 3, 2018, 4:00 p.m. Pacific Time (PST)"
    )


def test_range_across_the_change_to_daylight_time_gives_both_abbreviations():
    starts = datetime.datetime(2018, 3, 10, 18, 0, tzinfo=UTC)  # Sat 10:00 a.m. PST
    ends = datetime.datetime(2018, 3, 11, 18, 0, tzinfo=UTC)  # Sun 11:00 a.m. PDT

    assert range_text(starts, ends, "America/Los_Angeles") == (
        "Sat, Mar 10, 2018, 10:00 a.m. – Sun, Mar 11, 2018, 11:00 a.m. Pacific Time (PST–PDT)"
    )


def test_zone_without_a_common_name_is_named_by_its_city_and_utc_once():
    assert zone_name("Europe/Berlin") == "Berlin time"
    assert moment_text(MOMENT, "UTC") == "Sat, Mar 3, 2018, 1:30 a.m. UTC"


def test_in_zone_shows_one_moment_the_same_however_it_was_read():
    same_moment_elsewhere = MOMENT.astimezone(datetime.timezone(datetime.timedelta(hours=9)))

    assert in_zone(same_moment_elsewhere, "America/Los_Angeles") == in_zone(MOMENT, "America/Los_Angeles")


def test_day_writes_a_date_the_same_way():
    assert day_text(datetime.date(2018, 11, 12)) == "Mon, Nov 12, 2018"
    assert render("{{ value|day }}", value=datetime.date(2018, 2, 2)) == "Fri, Feb 2, 2018"


def test_day_of_a_moment_is_its_date_in_the_zone_given():
    assert day_text(MOMENT, "America/Los_Angeles") == "Fri, Mar 2, 2018"
    assert day_text(MOMENT, "UTC") == "Sat, Mar 3, 2018"
    assert short_day_text(MOMENT, "America/Los_Angeles") == "Mar 2"


def test_month_names_the_month_and_year():
    assert month_text(datetime.date(2018, 2, 1)) == "February 2018"
    assert render("{{ value|month }}", value=datetime.date(2018, 11, 1)) == "November 2018"


def test_wall_clock_time_names_the_zone_without_an_abbreviation():
    skipped = datetime.datetime(2018, 3, 11, 2, 30)

    assert wall_clock_text(skipped, "America/Los_Angeles") == "Sun, Mar 11, 2018, 2:30 a.m. Pacific Time"


def test_when_range_adds_the_viewers_own_time_when_their_zone_differs():
    shown = render(
        "{% when_range starts ends 'America/Los_Angeles' %}",
        starts=KICKOFF_STARTS,
        ends=KICKOFF_ENDS,
        user=Viewer("America/New_York"),
    )

    assert "Fri, Feb 2, 2018, 10:00 a.m.–12:00 p.m. Pacific Time (PST)" in shown
    assert "your time: Fri, Feb 2, 2018, 1:00 p.m.–3:00 p.m. Eastern Time (EST)" in shown


def test_when_adds_nothing_for_a_viewer_in_the_programs_zone():
    shown = render(
        "{% when moment 'America/Los_Angeles' %}", moment=MOMENT, user=Viewer("America/Los_Angeles")
    )

    assert "Pacific Time (PST)" in shown
    assert "your time" not in shown


def test_zone_filter_names_a_cohorts_zone_as_people_say_it():
    from types import SimpleNamespace

    from cto_mentor.dates import zone

    assert zone(SimpleNamespace(time_zone="America/Los_Angeles")) == "Pacific Time"
    assert zone(SimpleNamespace(time_zone="Europe/Berlin")) == "Berlin time"
