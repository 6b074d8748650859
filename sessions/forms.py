"""Input parsing for the class year. Times are typed in the cohort's zone: views validate and render these
forms inside `timezone.override(cohort.tz)`."""

from django import forms

from cohorts.forms import WallClockField
from cohorts.models import Role
from cohorts.services import localize
from cto_mentor.uploads import WORK_PRODUCTS, UploadField
from cto_mentor.users.models import User

from .models import REASON_LENGTH, AttendanceStatus, Grade, PresentationResult, SessionKind

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)


def _zone_label(label, cohort):
    return f"{label} ({cohort.time_zone.replace('_', ' ')} time)"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(UploadField):
    """Several files at once, each checked like a single upload; cleans to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(UploadsField, self).clean(item, initial) for item in files if item]


class SessionForm(forms.Form):
    kind = forms.ChoiceField(choices=SessionKind.choices, initial=SessionKind.CLASS)
    number = forms.IntegerField(
        min_value=1, max_value=99, required=False, help_text="1–8 for class sessions; empty for the others."
    )
    title = forms.CharField(max_length=200)
    topics = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="One topic a line."
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    mentors_expected = forms.BooleanField(required=False, label="Mentors must attend (the kickoff)")
    instructors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructors"].queryset = User.objects.filter(
            memberships__cohort=cohort, memberships__role=Role.INSTRUCTOR
        ).distinct()
        self.fields["instructors"].help_text = "Instructors of the cohort; add them on the people page first."

    @staticmethod
    def initial_for(session):
        return {
            "kind": session.kind,
            "number": session.number,
            "title": session.title,
            "topics": "\n".join(topic.name for topic in session.topics.all()),
            "description": session.description,
            "mentors_expected": session.mentors_expected,
            "instructors": list(session.instructors.all()),
        }

    def clean_topics(self):
        return [line.strip() for line in self.cleaned_data["topics"].splitlines() if line.strip()]


class MeetingForm(forms.Form):
    starts_at = LocalDateTimeField(label="Starts")
    ends_at = LocalDateTimeField(label="Ends")
    location = forms.CharField(max_length=200, required=False, help_text="For example, the hotel's name.")
    address = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].label = _zone_label(self.fields[name].label, cohort)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The meeting must end after it starts.")
        return data


class AttendanceForm(forms.Form):
    """A status and a note per person on the roll; fields are named after the person's id."""

    def __init__(self, *args, sheet, version=None, **kwargs):
        # What is recorded shows until something is typed; the rows' fields share two field objects below.
        initial = {}
        for person, mark, _ in sheet:
            if mark:
                initial[f"status_{person.pk}"], initial[f"note_{person.pk}"] = mark.status, mark.note
        super().__init__(*args, initial=initial, **kwargs)
        # What the page showed: saving checks that nobody else has saved since (sessions.services).
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False, initial=version)
        # Not even a null character is an error on this hidden field: seen_version() reads any mangled value
        # as out of date, which the page explains.
        self.fields["version"].validators = []
        # Every row validates alike, so one status field and one note field serve them all (a field is not
        # changed by cleaning a value), instead of two fields built for each person of the page.
        status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False)
        note = forms.CharField(max_length=300, required=False, label="Note")
        self.rows = []
        for person, mark, is_mentor in sheet:
            self.fields[f"status_{person.pk}"], self.fields[f"note_{person.pk}"] = status, note
            self.rows.append((person, mark, is_mentor))

    def roll(self):
        """(person's id, name, recorded mark, is_mentor, status buttons, note, status errors, note errors) per
        row, as the page shows them: what was typed when the form is bound, else what is recorded (a bound
        field's value(), without building 100 bound fields). Each status button is (value, label, id, checked):
        plain values, as every row's five buttons would otherwise look up the person again and again."""
        values = self.data if self.is_bound else self.initial
        errors = self.errors
        for person, mark, is_mentor in self.rows:
            status, note = f"status_{person.pk}", f"note_{person.pk}"
            chosen = values.get(status)
            buttons = [
                (value, label, f"id_{status}_{n}", value == chosen)
                for n, (value, label) in enumerate(AttendanceStatus.choices)
            ]
            yield (
                person.pk,
                str(person),
                mark,
                is_mentor,
                buttons,
                values.get(note),
                errors.get(status, ()),
                errors.get(note, ()),
            )

    def error_links(self) -> list[tuple[str, str, str]]:
        """(field id, label, error) for each error of a row, for the error summary: the rows share their
        fields, whose labels cannot name the person."""
        links = []
        for person, _, _ in self.rows:
            links += [
                (f"id_status_{person.pk}_0", f"Status of {person}", e)
                for e in self.errors.get(f"status_{person.pk}", ())
            ]
            links += [
                (f"id_note_{person.pk}", f"Note for {person}", e)
                for e in self.errors.get(f"note_{person.pk}", ())
            ]
        return links

    def seen_version(self) -> int | None:
        """The version the page showed; a mangled one counts as out of date, a missing one skips the check."""
        value = self.cleaned_data.get("version", "").strip()
        return None if not value else int(value) if value.isdigit() else -1

    def marks(self):
        """(person, status, note) for everyone given a status."""
        return [
            (person, self.cleaned_data[f"status_{person.pk}"], self.cleaned_data[f"note_{person.pk}"].strip())
            for person, _, _ in self.rows
            if self.cleaned_data[f"status_{person.pk}"]
        ]

    def clean(self):
        data = super().clean()
        for person, _, _ in self.rows:
            if data.get(f"note_{person.pk}") and not data.get(f"status_{person.pk}"):
                self.add_error(f"status_{person.pk}", "Choose a status to go with the note.")
        return data


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))
    due_at = LocalDateTimeField(label="Due", help_text="Before the session's first meeting.")
    attachments = UploadsField(kinds=WORK_PRODUCTS, label="Attachments (optional)")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_at"].label = _zone_label("Due", cohort)


class MakeUpForm(AssignmentForm):
    """The make-up work of an excused absence: due after the meeting it makes up for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_at"].help_text = "A time still to come."


class SubmissionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), required=False, label="Your answer (optional with files)"
    )
    files = UploadsField(kinds=WORK_PRODUCTS, label="Files (optional with an answer)")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("text", "").strip() and not data.get("files"):
            raise forms.ValidationError("Write your answer or attach at least one file.")
        return data


class GradeForm(forms.Form):
    grade = forms.ChoiceField(choices=Grade.choices, widget=forms.RadioSelect)
    comments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Required unless the work passes: say what to improve.",
    )
    revision_due_at = LocalDateTimeField(
        required=False,
        help_text="After a fail or “needs revision”, the candidate may hand in a revision: until this time, "
        "or without a limit when empty.",
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision_due_at"].label = _zone_label("Revision due (optional)", cohort)

    @staticmethod
    def initial_for(submission):
        return {
            "grade": submission.grade,
            "comments": submission.comments,
            "revision_due_at": submission.revision_due_at,
        }

    def clean(self):
        data = super().clean()
        if data.get("grade") and data["grade"] != Grade.PASS and not data.get("comments", "").strip():
            self.add_error("comments", "Say what is missing, so the candidate can act on it.")
        if data.get("grade") == Grade.PASS and data.get("revision_due_at"):
            self.add_error("revision_due_at", "Work that passes needs no revision: leave this empty.")
        return data


class CorrectionForm(GradeForm):
    reason = forms.CharField(
        max_length=REASON_LENGTH,
        label="Why the grade changes",
        help_text="The candidate is told, and the record of the grade keeps it.",
    )


class PresentationForm(forms.Form):
    candidate = forms.ModelChoiceField(queryset=User.objects.none())
    topic = forms.CharField(max_length=200)
    scheduled_at = LocalDateTimeField(label="When", required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = (
            User.objects.filter(memberships__cohort=cohort, memberships__role=Role.CANDIDATE)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["scheduled_at"].label = _zone_label("When", cohort)


class AssessmentForm(forms.Form):
    result = forms.ChoiceField(choices=PresentationResult.choices, widget=forms.RadioSelect)
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("result") == PresentationResult.FAIL and not data.get("comments", "").strip():
            self.add_error("comments", "Say why, so the candidate can prepare again.")
        return data


class SessionPlanForm(SessionForm):
    """A whole session in one form: what it is, and its two days (Friday evening and Saturday; a one-day
    session is the Saturday), typed on the cohort's clock. Field names follow cohorts.services.check_moments:
    a day's start is `friday`/`saturday`, its end `<day>_ends`."""

    friday = WallClockField(required=False)
    friday_ends = WallClockField(required=False)
    saturday = WallClockField()
    saturday_ends = WallClockField()
    location = forms.CharField(max_length=200, required=False, help_text="For example, the hotel's name.")
    address = forms.CharField(max_length=300, required=False)

    DAYS = {"friday": "Friday evening", "saturday": "Saturday"}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, cohort=cohort, **kwargs)
        self.zone = cohort.time_zone
        for day, label in self.DAYS.items():
            self.fields[day].label = _zone_label(f"{label} starts", cohort)
            self.fields[f"{day}_ends"].label = _zone_label(f"{label} ends", cohort)
        self.fields["friday"].help_text = "Leave the Friday empty for a one-day session."

    @staticmethod
    def initial_for(session, cohort):
        initial = SessionForm.initial_for(session)
        meetings = list(session.meetings.order_by("starts_at"))
        days = ["friday", "saturday"][-len(meetings) :] if len(meetings) <= 2 else []
        for day, meeting in zip(days, meetings, strict=True):
            initial[day] = meeting.starts_at.astimezone(cohort.tz).replace(tzinfo=None)
            initial[f"{day}_ends"] = meeting.ends_at.astimezone(cohort.tz).replace(tzinfo=None)
        if meetings:
            initial.update(location=meetings[0].location, address=meetings[0].address)
        return initial

    def clean(self):
        data = super().clean()
        if bool(data.get("friday")) != bool(data.get("friday_ends")) and "friday" not in self.errors:
            self.add_error(
                "friday_ends" if data.get("friday") else "friday", "Give both times of the Friday."
            )
        for name in ("friday", "friday_ends", "saturday", "saturday_ends"):
            if data.get(name) is not None:
                try:
                    data[name] = localize(data[name], self.zone, name)
                except forms.ValidationError as error:
                    del data[name]
                    self.add_error(None, error)
        return data

    def days(self) -> dict:
        """The session's days that were given, as (start, end), by day name."""
        data = self.cleaned_data
        return {day: (data[day], data[f"{day}_ends"]) for day in self.DAYS if data.get(day)}
