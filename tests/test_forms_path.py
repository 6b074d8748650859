"""The shared form path: a valid POST runs the service; an invalid one, or a refusal, shows on the form."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cto_mentor.forms import bound, carried_out, submitted


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


def _messages_of(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


def _request_with_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_step_without_a_form_says_what_it_did_from_what_the_service_returned():
    request = _request_with_messages()
    assert carried_out(request, lambda: "Ada", lambda name: f"{name} is added.")
    assert _messages_of(request) == [("success", "Ada is added.")]


def test_a_refused_step_without_a_form_says_why_and_nothing_else():
    request = _request_with_messages()

    def refuse():
        raise ValidationError("The session has attendance taken; it cannot be removed.")

    assert not carried_out(request, refuse, "Removed.")
    assert _messages_of(request) == [("error", "The session has attendance taken; it cannot be removed.")]
