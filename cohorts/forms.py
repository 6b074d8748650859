import zoneinfo
from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator

from cto_mentor.forms import FlatSelect, TemplateForm
from cto_mentor.uploads import DOCUMENTS, UploadField
from cto_mentor.users.models import TIME_ZONE_CHOICES, User

from . import services
from .models import ContractStatus, Role


class AddMemberForm(TemplateForm):
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


class PairForm(TemplateForm):
    """A candidate and a mentor of the cohort. Every candidate is offered, paired or not: pairing again replaces
    the mentor. The options come from the people the page has already read (selectors.Person rows, hundreds);
    each field's queryset checks the choice."""

    candidate = forms.ModelChoiceField(queryset=None, label="Candidate", widget=FlatSelect)
    mentor = forms.ModelChoiceField(queryset=None, label="Mentor", widget=FlatSelect)
    # Set by the page that asks first when the mentor's contract is not signed.
    unsigned_contract_ok = forms.BooleanField(required=False, widget=forms.HiddenInput)

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


LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class WallClockField(forms.DateTimeField):
    """A local date and time as typed, naive: the form makes it aware in the zone chosen on the same form
    (services.localize), so a time the clocks skip or show twice is an error beside the field."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def to_python(self, value):
        with timezone.override(UTC):
            parsed = super().to_python(value)
        return parsed.replace(tzinfo=None) if parsed else parsed


class DateInput(forms.DateInput):
    input_type = "date"


class ContractForm(forms.Form):
    status = forms.ChoiceField(choices=ContractStatus.choices, widget=forms.RadioSelect, label="Contract")
    status_on = forms.DateField(
        widget=DateInput, required=False, label="Date", help_text="The day it was sent, signed or declined."
    )
    document = UploadField(
        kinds=DOCUMENTS, required=False, label="Signed copy (optional, replaces the one kept)"
    )


def _wall_clock(moment, zone):
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) if moment else moment


class CohortForm(forms.Form):
    """A cohort's name, zone and dates: a new cohort, blank or copied (with its meetings as `moments`), and the
    settings page (with `settings=True`: places, reviewers, the announcement of a later deadline)."""

    name = forms.CharField(max_length=100, help_text="Such as “2027 cohort”.")
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    applications_open = WallClockField(label="Applications open")
    applications_close = WallClockField(
        label="Application deadline", help_text="Application, resume and nomination form due."
    )
    selection_date = forms.DateField(widget=DateInput, label="Selection of candidates by")
    notification_date = forms.DateField(widget=DateInput, label="Candidates and mentors notified by")
    classes_start = forms.DateField(widget=DateInput, label="Kickoff")
    commencement = forms.DateField(widget=DateInput, label="Final presentations and commencement")
    location = forms.CharField(
        max_length=200, required=False, label="Default location", help_text="Where the classes are held."
    )

    WALL_CLOCK = ("applications_open", "applications_close")

    def __init__(self, *args, zone: str, moments=(), settings: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.moments = list(moments)
        named = zone.replace("_", " ")
        self.fields["time_zone"].help_text = (
            "Every date and time on this page is on this zone's clock."
            if not settings
            else "Every date and time on this page is on this zone's clock. Changing the zone keeps each "
            "meeting at its moment: check the schedule afterwards."
        )
        for name in self.WALL_CLOCK:
            self.fields[name].label = f"{self.fields[name].label} ({named} time)"
        for moment in self.moments:
            self.fields[moment.key] = WallClockField(label=f"{moment.label} starts ({named} time)")
            self.fields[f"{moment.key}_ends"] = WallClockField(label=f"{moment.label} ends ({named} time)")
        if settings:
            self.fields["candidate_places"] = forms.IntegerField(
                min_value=1, required=False, label="Places for candidates", help_text="Empty for no limit."
            )
            self.fields["mentor_places"] = forms.IntegerField(
                min_value=1, required=False, label="Places for mentors", help_text="Empty for no limit."
            )
            self.fields["offer_answer_days"] = forms.IntegerField(
                min_value=1,
                max_value=90,
                label="Days to answer an offer",
                help_text="An offered place is held until 5:00 p.m. this many days after the offer is e-mailed; "
                "each offer's date can be changed on the decisions page.",
            )
            self.fields["reviewers_see_all"] = forms.BooleanField(
                required=False,
                label="Reviewers see every submitted application",
                help_text="Otherwise a reviewer sees only the applications assigned to them.",
            )
            self.fields["absences_at_risk"] = forms.IntegerField(
                min_value=1,
                max_value=99,
                label="Absences that put a candidate at risk",
                help_text="Unexcused absences after which the candidate is marked at risk on the dashboard "
                "and the program manager is told.",
            )
            self.fields["announce"] = forms.BooleanField(
                required=False,
                label="If the deadline moves later, e-mail the applicants who have a draft",
            )

    @classmethod
    def initial_for(cls, cohort) -> dict:
        initial = {name: getattr(cohort, name) for name in ("name", "time_zone", "location", *TIMELINE_DATES)}
        initial.update(
            {name: _wall_clock(getattr(cohort, name), cohort.time_zone) for name in cls.WALL_CLOCK}
        )
        initial.update(
            candidate_places=cohort.candidate_places,
            mentor_places=cohort.mentor_places,
            offer_answer_days=cohort.offer_answer_days,
            reviewers_see_all=cohort.reviewers_see_all,
            absences_at_risk=cohort.absences_at_risk,
        )
        return initial

    def moment_rows(self):
        """(group, start field, end field) per moment, for the page's table of meetings."""
        return [(m.group, self[m.key], self[f"{m.key}_ends"]) for m in self.moments]

    def general_fields(self):
        moment_fields = {m.key for m in self.moments} | {f"{m.key}_ends" for m in self.moments}
        return [self[name] for name in self.fields if name not in moment_fields]

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone", self.zone)
        for name in [*self.WALL_CLOCK, *(n for m in self.moments for n in (m.key, f"{m.key}_ends"))]:
            if data.get(name) is not None:
                try:
                    data[name] = services.localize(data[name], zone, name)
                except ValidationError as error:
                    del data[name]
                    self.add_error(None, error)
        return data

    def timeline(self) -> services.Timeline:
        return services.Timeline(
            **{name: self.cleaned_data[name] for name in (*self.WALL_CLOCK, *TIMELINE_DATES)}
        )

    def chosen_moments(self) -> dict:
        return {m.key: (self.cleaned_data[m.key], self.cleaned_data[f"{m.key}_ends"]) for m in self.moments}

    def settings(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.SETTINGS_FIELDS}


TIMELINE_DATES = ("selection_date", "notification_date", "classes_start", "commencement")


class KickoffForm(forms.Form):
    """The first step of a copy: when the new cohort's kickoff is."""

    kickoff = forms.DateField(
        widget=DateInput,
        label="Kickoff of the new cohort",
        help_text="Every date is moved by whole weeks from the copied cohort's kickoff, on the same weekdays.",
    )

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_kickoff(self):
        kickoff = self.cleaned_data["kickoff"]
        if kickoff < timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(self.zone)):
            raise forms.ValidationError("The kickoff has to be in the future.")
        return kickoff


class NewCohortStartForm(forms.Form):
    """On the new-cohort page: a cohort to copy and the new kickoff, to go on to the copy's proposal."""

    source = forms.ChoiceField(label="Cohort to copy")
    kickoff = forms.DateField(widget=DateInput, label="Kickoff of the new cohort")

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(c.slug, str(c)) for c in cohorts]
