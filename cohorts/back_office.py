"""The back office writes a cohort's times in the cohort's own zone, with the zone named.

Django's admin shows every time in the server's zone, unnamed: a repair made from it to a cohort held in
another zone would be an hour or three off. `CohortTimes` goes first in a ModelAdmin's bases.
"""

import zoneinfo
from functools import reduce

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone

from cto_mentor.dates import moment_text, zone_name

from .models import Cohort

COHORT_FIELD = "cohort"
MAX_STEPS = 3  # a submission's cohort is its assignment's session's cohort


def cohort_path(model, steps: int = MAX_STEPS) -> str | None:
    """The lookup from `model` to its cohort ("session__cohort"), "" for the cohort itself, None without one."""
    if model is Cohort:
        return ""
    paths = [([], model)]
    for _ in range(steps):
        further = []
        for names, current in paths:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                if field.related_model is Cohort:
                    return "__".join([*names, field.name])
                further.append(([*names, field.name], field.related_model))
        paths = further
    return None


def _follow(obj, path: str):
    if not path:
        return obj
    return reduce(lambda step, name: getattr(step, name, None) if step else None, path.split("__"), obj)


class CohortTimes:
    """Times in the cohort's zone: each date-time column of the list ("Fri, Feb 2, 2018, 10:00 a.m. Pacific
    Time (PST)"), and the date-time boxes of the change page, whose help names the zone they are read in."""

    def _cohort_path(self):
        if not hasattr(self, "_found_cohort_path"):
            self._found_cohort_path = cohort_path(self.model)
        return self._found_cohort_path

    def cohort_of(self, obj):
        path = self._cohort_path()
        return None if obj is None or path is None else _follow(obj, path)

    def zone_of(self, obj) -> zoneinfo.ZoneInfo:
        cohort = self.cohort_of(obj)
        return cohort.tz if cohort else timezone.get_default_timezone()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(self._cohort_path()) if self._cohort_path() else queryset

    def get_list_display(self, request):
        return [self._zoned_column(name) for name in super().get_list_display(request)]

    def _zoned_column(self, name):
        if not isinstance(name, str):
            return name
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:  # a method or property of the admin or the model: shown as Django shows it
            return name
        if not isinstance(field, models.DateTimeField):
            return name

        @admin.display(description=field.verbose_name, ordering=name, empty_value="-")
        def column(obj):
            moment = getattr(obj, name)
            return moment_text(moment, self.zone_of(obj).key) if moment else None

        column.__name__ = name  # the column's CSS class and the list's sort parameter name it
        return column

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = self.zone_of(obj)
        where = "the cohort's" if self.cohort_of(obj) else "the program's"
        for field in form.base_fields.values():
            if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
                note = f"In {zone_name(zone.key)} ({zone.key}), {where} zone."
                field.help_text = f"{field.help_text} {note}".strip() if field.help_text else note
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The page reads and writes its times in the object's cohort's zone: rendered inside it too."""
        obj = self.get_object(request, object_id) if object_id else None
        with timezone.override(self.zone_of(obj)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()
        return response
