from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


# Constant markup, safe as written: format_html_join need not escape them for each of hundreds of options.
SELECTED, NOT_SELECTED = SafeString(" selected"), SafeString("")


class Options(BaseChoiceIterator):
    """A select list's (value, label) pairs, already in the shape a widget wants: set as plain lists, the widget
    would check each of hundreds of pairs again."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


class LongSelect(forms.Select):
    """A select list whose options are written by one format_html_join instead of Django's widget template,
    which runs a loop body of tags per option: the pairing form lists every candidate and every mentor of a
    cohort, hundreds of options. Flat choices only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "\n  ",
            '<option value="{}"{}>{}</option>',
            ((key, SELECTED if str(key) in chosen else NOT_SELECTED, label) for key, label in self.choices),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n  {}\n</select>', name, attributes, options)


class PairForm(forms.Form):
    """A candidate and a mentor of the cohort. Every candidate is offered, paired or not: pairing again replaces
    the mentor. The options come from the people the page has already read (selectors.Person rows, hundreds);
    each field's queryset checks the choice."""

    candidate = forms.ModelChoiceField(queryset=None, label="Candidate", widget=LongSelect)
    mentor = forms.ModelChoiceField(queryset=None, label="Mentor", widget=LongSelect)

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
