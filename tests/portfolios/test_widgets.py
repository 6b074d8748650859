from datetime import date

import pytest
from django import forms

from portfolios import widgets

ATTRS = {"class": "form-control is-invalid", "id": "id_x", "required": True, "aria-invalid": "true"}


@pytest.mark.parametrize(
    ("written", "django_widget", "value"),
    [
        (widgets.TextInput(), forms.TextInput(), 'Call "Ann" <soon>'),
        (widgets.TextInput(), forms.TextInput(), None),
        (widgets.NumberInput(), forms.NumberInput(), 45),
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
