from datetime import date

import pytest
from django import forms

from cto_mentor import widgets

ATTRS = {"class": "form-control is-invalid", "id": "id_x", "required": True, "aria-invalid": "true"}
CHOICES = [("", "Any"), ("a", "A & co"), ("b", 'B "quoted"'), (3, "<three>")]


class Choice(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A & co"), ("Group", [("b", "B"), ("c", "C")])])


def test_select_writes_each_option_with_its_group_and_selection_escaped():
    html = str(Choice(initial={"kind": "b"})["kind"])
    assert '<option value="a">A &amp; co</option>' in html
    assert '<optgroup label="Group">' in html
    assert '<option value="b" selected>B</option>' in html
    assert '<option value="c">C</option>' in html
    assert html.startswith('<select name="kind"') and html.rstrip().endswith("</select>")


@pytest.mark.parametrize(
    ("written", "django_widget", "value"),
    [
        (widgets.Select(choices=CHOICES), forms.Select(choices=CHOICES), "a"),
        (widgets.Select(choices=CHOICES), forms.Select(choices=CHOICES), 3),
        (widgets.Select(choices=CHOICES), forms.Select(choices=CHOICES), None),
        (widgets.Select(choices=CHOICES), forms.Select(choices=CHOICES), "<not a choice>"),
        (widgets.Select(), forms.Select(), None),
        (widgets.TextInput(), forms.TextInput(), 'Call "Ann" <soon>'),
        (widgets.TextInput(), forms.TextInput(), None),
        (widgets.NumberInput(), forms.NumberInput(), 45),
        (
            widgets.NumberInput(attrs={"min": 1, "step": "any"}),
            forms.NumberInput(attrs={"min": 1, "step": "any"}),
            2.5,
        ),
        (widgets.NumberInput(attrs={"min": 5}), forms.NumberInput(attrs={"min": 5}), ""),
        (
            widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            date(2030, 3, 4),
        ),
        (widgets.DateInput(attrs={"type": "date"}), forms.DateInput(attrs={"type": "date"}), "not a date"),
        (widgets.CheckboxInput(), forms.CheckboxInput(), True),
        (widgets.CheckboxInput(), forms.CheckboxInput(), False),
        (widgets.CheckboxInput(), forms.CheckboxInput(), "on"),
        (
            widgets.Textarea(attrs={"rows": 4}),
            forms.Textarea(attrs={"rows": 4}),
            "Line one\n<b>two</b> & more",
        ),
        (widgets.Textarea(attrs={"rows": 4}), forms.Textarea(attrs={"rows": 4}), None),
    ],
)
def test_written_widget_writes_what_djangos_template_writes(written, django_widget, value):
    assert written.render("x", value, attrs=ATTRS) == django_widget.render("x", value, attrs=ATTRS)


def test_attributes_leave_out_false_and_none_and_write_true_as_the_bare_name():
    attrs = {"title": 'A "b" <c>', "required": True, "disabled": False, "placeholder": None, "rows": 4}

    assert widgets.attributes(attrs) == ' title="A &quot;b&quot; &lt;c&gt;" required rows="4"'
