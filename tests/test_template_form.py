"""A TemplateForm looks and reads as crispy-forms writes a form: the same labels, classes, selects, check boxes,
errors beside each field and summary above, so switching a form to it changes nothing a person sees."""

import pytest
from django import forms
from django.template import engines
from django.test.html import parse_html

from cto_mentor.forms import FlatSelect, TemplateForm


class EveryKindOfInput(forms.Form):
    name = forms.CharField(help_text="Such as “Ann Lee”.")
    email = forms.EmailField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    person = forms.ChoiceField(choices=[("1", "Ann"), ("2", "Bo")], widget=FlatSelect, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    agreed = forms.BooleanField(required=False)


class EveryKindOfInputByTemplate(TemplateForm, EveryKindOfInput):
    pass


@pytest.mark.parametrize(
    "data",
    [None, {"name": "", "email": "not an address", "kind": "zz", "person": "2", "agreed": "on"}],
    ids=["blank", "with errors"],
)
def test_the_form_is_written_as_crispy_forms_writes_it(data):
    by_crispy = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    by_template = engines["django"].from_string("{{ form }}")

    crispy_html = by_crispy.render({"form": EveryKindOfInput(data)})
    template_html = by_template.render({"form": EveryKindOfInputByTemplate(data)})

    assert parse_html(template_html) == parse_html(crispy_html)
    assert ("is-invalid" in template_html) == (data is not None)
