from django import forms
from django.utils.choices import BaseChoiceIterator

from cto_mentor.users.models import User

from .models import Role


class AddMemberForm(forms.Form):
    email = forms.EmailField(label="E-mail address of the person's account")
    role = forms.ChoiceField(choices=Role.choices)

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("No account uses this address. Ask the person to sign up first.")
        self.user = user
        return email


class Options(BaseChoiceIterator):
    """A select list's (value, label) pairs, already in the shape a widget wants: set as plain lists, the widget
    would check each of hundreds of pairs again."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


class PairForm(forms.Form):
    """A candidate and a mentor of the cohort. Every candidate is offered, paired or not: pairing again replaces
    the mentor. The options come from the people the page has already read (selectors.Person rows, hundreds);
    each field's queryset checks the choice."""

    candidate = forms.ModelChoiceField(queryset=None, label="Candidate")
    mentor = forms.ModelChoiceField(queryset=None, label="Mentor")

    def __init__(self, *args, cohort, candidates, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        for name, role, people in (
            ("candidate", Role.CANDIDATE, candidates),
            ("mentor", Role.MENTOR, mentors),
        ):
            field = self.fields[name]
            field.queryset = User.objects.filter(memberships__cohort=cohort, memberships__role=role)
            field.widget.choices = Options(
                [("", field.empty_label), *((person.pk, person.name) for person in people)]
            )
