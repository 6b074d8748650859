"""Form widgets that write their HTML in Python instead of through Django's widget templates, for long select
lists and the forms of hot pages.

Through templates a widget costs a template and its attributes' include, about 0.1 to 0.3 ms, and a select a
loop body of tags per option more: the review queue's nine filters took 3 ms of its CPU, the meeting form's
eight inputs 0.7 ms of the meeting log's, and the pairing form lists hundreds of candidates and mentors.

Each widget writes what its Django parent's template writes, from the parent's own context and attributes
(with the id, required and aria attributes Django's BoundField adds), so only `render` changes. The classes
keep the names of Django's because crispy-forms marks each input with its widget's class name
(`class="dateinput form-control"`).
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def attributes(attrs: dict) -> SafeString:
    """` name="value"` for each attribute in order, as Django's attrs.html writes them: True as the bare name,
    False left out, and None left out too (the template would write "None")."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


# Constant markup, safe as written: format_html_join need not escape them for each of hundreds of options.
SELECTED, NOT_SELECTED = SafeString(" selected"), SafeString("")


class Select(forms.Select):
    """A select of flat choices (no option groups), its options written in place by one format_html_join."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((key, SELECTED if str(key) in chosen else NOT_SELECTED, label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            attributes(self.build_attrs(self.attrs, attrs)),
            options,
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
