"""The one way dates and times are written, on pages, in forms, e-mails and CSV files.

"Fri, Feb 2, 2018, 10:00 a.m.–12:00 p.m. Pacific Time (PST)": a range on one day gives its date once, the zone is
named as people say it with the abbreviation of that moment (PST in winter, PDT in summer), and pages add the
viewer's own time where their zone differs. Templates load it as `{% load cohort_time %}` (settings.TEMPLATES).
"""

import datetime
import functools
import zoneinfo

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.timesince import timeuntil

register = template.Library()

DAY_FORMAT = "D, M j, Y"
SHORT_DAY_FORMAT = "M j"
MONTH_FORMAT = "F Y"
TIME_FORMAT = "g:i a"
ZONE_NAMES = {
    "America/Los_Angeles": "Pacific Time",
    "America/Vancouver": "Pacific Time",
    "America/Denver": "Mountain Time",
    "America/Boise": "Mountain Time",
    "America/Phoenix": "Arizona Time",
    "America/Chicago": "Central Time",
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Toronto": "Eastern Time",
    "America/Halifax": "Atlantic Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
    "Europe/London": "UK Time",
    "UTC": "UTC",
    "Etc/UTC": "UTC",
}


def zone_name(key: str) -> str:
    """'Pacific Time' for America/Los_Angeles; 'Berlin time' for a zone without a common name."""
    return ZONE_NAMES.get(key) or f"{key.rsplit('/', 1)[-1].replace('_', ' ')} time"


def _zone(value) -> zoneinfo.ZoneInfo | None:
    """A zone from a cohort (or anything with `time_zone`), a ZoneInfo or a zone's name."""
    if value is None or value == "":
        return None
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    name = getattr(value, "time_zone", value)
    return zoneinfo.ZoneInfo(name) if name else None


def _key(zone) -> str:
    return (_zone(zone) or timezone.get_current_timezone()).key


def _parts(moment: datetime.datetime, key: str) -> tuple[str, str, str]:
    """(day, time, abbreviation) of `moment` in the zone `key`, in the active language."""
    return _parts_in(moment, key, translation.get_language())


@functools.lru_cache(maxsize=8192)
def _parts_in(moment: datetime.datetime, key: str, language: str | None) -> tuple[str, str, str]:
    """Pages show the same few hundred moments (class
    meetings, deadlines) on every request, and Django's dateformat is the costliest part of rendering them."""
    local = moment.astimezone(zoneinfo.ZoneInfo(key))
    return dateformat.format(local, DAY_FORMAT), dateformat.format(local, TIME_FORMAT), local.tzname()


def _zone_words(key: str, *abbreviations: str) -> str:
    name = zone_name(key)
    shown = "–".join(dict.fromkeys(a for a in abbreviations if a != name))
    return f"{name} ({shown})" if shown else name


def moment_text(moment, zone=None) -> str:
    """'Fri, Feb 2, 2018, 10:00 a.m. Pacific Time (PST)'; '' for no moment."""
    if moment is None or moment == "":
        return ""
    key = _key(zone)
    day, time, abbreviation = _parts(moment, key)
    return f"{day}, {time} {_zone_words(key, abbreviation)}"


def range_text(start, end, zone=None) -> str:
    """A meeting's times: the date once when it starts and ends on the same day
    ('Fri, Feb 2, 2018, 10:00 a.m.–12:00 p.m. Pacific Time (PST)'), both dates otherwise."""
    if start is None or start == "":
        return ""
    if end is None or end == "":
        return moment_text(start, zone)
    key = _key(zone)
    start_day, start_time, start_abbreviation = _parts(start, key)
    end_day, end_time, end_abbreviation = _parts(end, key)
    zone_words = _zone_words(key, start_abbreviation, end_abbreviation)
    if start_day == end_day:
        return f"{start_day}, {start_time}–{end_time} {zone_words}"
    return f"{start_day}, {start_time} – {end_day}, {end_time} {zone_words}"


def _local(value, zone):
    """An aware moment as a time on the zone's clock; a date or a wall-clock time as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value.astimezone(zoneinfo.ZoneInfo(_key(zone)))
    return value


def day_text(value, zone=None) -> str:
    """A date without a time: 'Fri, Feb 2, 2018'; a moment's date in `zone`."""
    return _date_text(value, zone, DAY_FORMAT)


def short_day_text(value, zone=None) -> str:
    """'Feb 2': a chart's column label, where the cohort gives the year and the room is a few letters."""
    return _date_text(value, zone, SHORT_DAY_FORMAT)


def month_text(value) -> str:
    """'February 2018': a month of the program."""
    return _date_text(value, None, MONTH_FORMAT)


def _date_text(value, zone, date_format: str) -> str:
    """A date, or a moment's date in `zone`, in a format of the date alone."""
    if value is None or value == "":
        return ""
    local = _local(value, zone)
    day = local.date() if isinstance(local, datetime.datetime) else local
    return _date_in(day, date_format, translation.get_language())


@functools.lru_cache(maxsize=8192)
def _date_in(day: datetime.date, date_format: str, language: str | None) -> str:
    """As `_parts_in` for moments: lists write the same days on every request, each through dateformat."""
    return dateformat.format(day, date_format)


def wall_clock_text(value: datetime.datetime, zone) -> str:
    """A time as typed for a zone's clock, before it is a moment (a time the clocks skip or show twice has no
    abbreviation): 'Sun, Mar 11, 2018, 2:30 a.m. Pacific Time'."""
    day, time = dateformat.format(value, DAY_FORMAT), dateformat.format(value, TIME_FORMAT)
    return f"{day}, {time} {zone_name(_key(zone))}"


def _viewer_zone(context, program_key: str) -> str | None:
    """The viewer's own zone's name when it is not the program's."""
    own = getattr(context.get("user"), "time_zone", "")
    return own if own and own != program_key else None


@register.inclusion_tag("cohorts/_when.html", takes_context=True)
def when(context, moment, zone=None):
    """`{% when meeting.starts_at cohort %}`: the moment in the cohort's zone, plus the viewer's own time."""
    if moment is None or moment == "":
        return {"moment": None}
    key = _key(zone)
    own = _viewer_zone(context, key)
    return {
        "moment": moment,
        "shown": moment_text(moment, key),
        "own": moment_text(moment, own) if own else "",
    }


@register.inclusion_tag("cohorts/_when.html", takes_context=True)
def when_range(context, start, end, zone=None):
    """`{% when_range meeting.starts_at meeting.ends_at cohort %}`: one day's range written once."""
    if start is None or start == "":
        return {"moment": None}
    key = _key(zone)
    own = _viewer_zone(context, key)
    return {
        "moment": start,
        "shown": range_text(start, end, key),
        "own": range_text(start, end, own) if own else "",
    }


@register.filter
def in_zone(moment, zone):
    """Plain text for e-mails: `{{ meeting.starts_at|in_zone:cohort }}`."""
    return moment_text(moment, zone)


@register.simple_tag
def range_in_zone(start, end, zone=None):
    """Plain text for e-mails: `{% range_in_zone meeting.starts_at meeting.ends_at cohort %}`."""
    return range_text(start, end, zone)


@register.filter
def zone(value):
    """`{{ cohort|zone }}`: its zone as people say it, 'Pacific Time'."""
    return zone_name(_key(value))


@register.filter
def day(value):
    """`{{ cohort.selection_date|day }}`: 'Fri, Feb 2, 2018'."""
    return day_text(value)


@register.filter
def month(value):
    """`{{ month|month }}`: 'February 2018'."""
    return month_text(value)


@register.filter
def time_left(moment):
    """'3 days, 4 hours left', or 'passed'."""
    if moment is None:
        return ""
    if moment <= timezone.now():
        return "passed"
    return f"{timeuntil(moment)} left"
