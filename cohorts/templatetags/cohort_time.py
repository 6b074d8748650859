"""Dates and times always name their time zone: the program's, and the viewer's own where it differs."""

import functools
import zoneinfo

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.timesince import timeuntil

register = template.Library()

FORMAT = "D, N j, Y, P T"


def _zone(value):
    if value is None or value == "":
        return None
    name = getattr(value, "time_zone", value)
    return zoneinfo.ZoneInfo(name) if name else None


@register.inclusion_tag("cohorts/_when.html", takes_context=True)
def when(context, moment, zone=None):
    """`{% when meeting.starts_at cohort %}`: the moment in the cohort's zone, plus the viewer's own zone."""
    if moment is None:
        return {"moment": None}
    program_zone = _zone(zone) or timezone.get_current_timezone()
    user = context.get("user")
    own_zone = _zone(getattr(user, "time_zone", "")) if user is not None else None
    differs = own_zone is not None and own_zone.key != program_zone.key
    return {
        "moment": moment,
        "shown": in_zone(moment, program_zone.key),
        "own": _formatted(moment, own_zone.key, translation.get_language()) if differs else "",
    }


@register.filter
def time_left(moment):
    """'3 days, 4 hours left', or 'passed'."""
    if moment is None:
        return ""
    if moment <= timezone.now():
        return "passed"
    return f"{timeuntil(moment)} left"


@register.filter
def in_zone(moment, zone):
    """Plain text for e-mails: `{{ meeting.starts_at|in_zone:cohort }}` → 'Fri, Mar. 2, 2018, 5:30 p.m. PST'."""
    if moment is None:
        return ""
    zone = _zone(zone) or timezone.get_current_timezone()
    return _formatted(moment, zone.key, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(moment, zone_key, language):
    """Pages show the same few hundred moments (class meetings, deadlines) on every request, and Django's
    dateformat is the costliest part of rendering them (a page of 50 decisions formats 100)."""
    return dateformat.format(moment.astimezone(zoneinfo.ZoneInfo(zone_key)), FORMAT)
