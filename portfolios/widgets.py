"""Input widgets that write their HTML in Python instead of through Django's widget templates (about 90
microseconds a widget that way: the meeting form's eight inputs took 0.7 ms of the meeting log's CPU).

Each keeps its Django parent's context (value, type, checked, and the id, required and aria attributes Django's
BoundField adds) and writes what the parent's template would. The classes keep the names of Django's because
crispy-forms marks each input with its widget's class name (`class="dateinput form-control"`)."""

from django import forms
from django.utils.html import format_html, format_html_join


def attributes(attrs: dict):
    """` name="value"` for each attribute in order, as Django's attrs.html writes them: True as the bare name,
    False left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class _WrittenInput:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            attributes(widget["attrs"]),
        )


class TextInput(_WrittenInput, forms.TextInput):
    pass


class NumberInput(_WrittenInput, forms.NumberInput):
    pass


class DateInput(_WrittenInput, forms.DateInput):
    pass


class CheckboxInput(_WrittenInput, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            attributes(widget["attrs"]),
            widget["value"] or "",
        )
