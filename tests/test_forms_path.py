"""The shared form path: a valid POST runs the service; an invalid one, or a refusal, shows on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cto_mentor.forms import bound, submitted


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_valid_post_runs_the_action_with_the_cleaned_data():
    request = RequestFactory().post("/", {"name": "  Ada "})
    seen = []
    assert submitted(request, NameForm(bound(request)), seen.append)
    assert seen == [{"name": "Ada"}]


def test_a_get_runs_nothing_and_leaves_the_form_unbound():
    request = RequestFactory().get("/")
    form = NameForm(bound(request))
    assert not submitted(request, form, lambda data: 1 / 0)
    assert not form.is_bound


def test_a_refusal_naming_a_field_is_shown_beside_it_and_keeps_the_input():
    request = RequestFactory().post("/", {"name": "Ada"})
    form = NameForm(bound(request))

    def refuse(data):
        raise ValidationError({"name": "That name is taken.", "other": "Something else."})

    assert not submitted(request, form, refuse)
    assert form.errors == {"name": ["That name is taken."], "__all__": ["Something else."]}
    assert form["name"].value() == "Ada"
