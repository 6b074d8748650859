from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.models import Membership, Role
from cto_mentor.dates import zone_name
from cto_mentor.forms import TemplateForm
from cto_mentor.uploads import WORK_PRODUCTS, UploadField
from sessions.models import ClassSession, Topic

from .models import Artifact, FeedbackAudience, MeetingMode, PortfolioReview

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROGRAM_AS_A_WHOLE = "The program as a whole"


class TagField(forms.ChoiceField):
    """A session or one of its topics, or nothing for the program as a whole; cleans to (session, topic)."""

    def __init__(self, *, cohort, **kwargs):
        sessions = (
            ClassSession.objects.filter(cohort=cohort).prefetch_related("topics").order_by("number", "pk")
        )
        choices = [("", PROGRAM_AS_A_WHOLE)]
        self.sessions, self.topics = {}, {}
        for session in sessions:
            group = [(f"s{session.pk}", f"{session.label} as a whole")]
            self.sessions[f"s{session.pk}"] = session
            for topic in session.topics.all():
                group.append((f"t{topic.pk}", topic.name))
                self.topics[f"t{topic.pk}"] = topic
            choices.append((f"{session.label} — {session.title}", group))
        kwargs.setdefault("label", "Session or topic")
        kwargs.setdefault("help_text", "What this gives evidence of; the topic map is built from it.")
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        topic: Topic | None = self.topics.get(value)
        session = topic.session if topic else self.sessions.get(value)
        return session, topic

    @staticmethod
    def initial_for(entry) -> str:
        if entry.topic_id:
            return f"t{entry.topic_id}"
        return f"s{entry.session_id}" if entry.session_id else ""


class ArtifactForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    upload = UploadField(kinds=WORK_PRODUCTS, required=False, label="File")
    link = forms.URLField(
        max_length=500, required=False, assume_scheme="https", help_text="Or a link to work kept elsewhere."
    )

    def __init__(self, data=None, files=None, *, portfolio, artifact: Artifact | None = None):
        initial = {}
        if artifact is not None:
            initial = {
                "title": artifact.title,
                "description": artifact.description,
                "link": artifact.link,
                "tag": TagField.initial_for(artifact),
            }
        super().__init__(data, files, initial=initial)
        self.artifact = artifact
        self.fields["tag"] = TagField(cohort=portfolio.cohort)
        if artifact is not None and artifact.is_file:
            self.fields["upload"].help_text = (
                f"Now: {artifact.original_name}. Choose a file only to replace it. "
                + self.fields["upload"].help_text
            )

    def clean(self):
        cleaned = super().clean()
        upload, link = cleaned.get("upload"), cleaned.get("link")
        if upload and link:
            raise ValidationError("Give either a file or a link, not both.")
        keeps_file = self.artifact is not None and self.artifact.is_file
        if not upload and not link and not keeps_file and not self.has_error("upload"):
            self.add_error("upload", "Choose a file, or give a link below.")
        return cleaned


class ReflectionForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Reflection",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text; blank lines start new paragraphs.",
    )
    artifact = forms.ModelChoiceField(
        queryset=Artifact.objects.none(), required=False, help_text="The artifact it reflects on, if any."
    )

    def __init__(self, data=None, *, portfolio, reflection=None):
        initial = {}
        if reflection is not None:
            initial = {
                "title": reflection.title,
                "body": reflection.body,
                "artifact": reflection.artifact_id,
                "tag": TagField.initial_for(reflection),
            }
        super().__init__(data, initial=initial)
        self.fields["artifact"].queryset = Artifact.objects.filter(portfolio=portfolio)
        self.fields["tag"] = TagField(cohort=portfolio.cohort)


class MeetingForm(TemplateForm):
    held_on = forms.DateField(label="Date", widget=DATE_INPUT)
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=5, max_value=600)
    mode = forms.ChoiceField(choices=MeetingMode.choices, widget=forms.RadioSelect)
    reviewed_progress = forms.BooleanField(label="We reviewed progress", required=False)
    reviewed_assignments = forms.BooleanField(label="We reviewed assignments", required=False)
    reviewed_portfolio = forms.BooleanField(
        label="We reviewed portfolio artifacts and reflections", required=False
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    follow_up = forms.CharField(max_length=300, required=False, label="Follow-up")
    follow_up_due = forms.DateField(label="Follow-up due on", widget=DATE_INPUT, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow_up") and not cleaned.get("follow_up_due"):
            self.add_error("follow_up_due", "Give the follow-up a due date.")
        if cleaned.get("follow_up_due") and not cleaned.get("follow_up"):
            self.add_error("follow_up", "Say what is to be done by that date.")
        return cleaned

    @property
    def follow_ups(self):
        data = self.cleaned_data
        return [(data["follow_up"], data["follow_up_due"])] if data.get("follow_up") else []


class FollowUpForm(forms.Form):
    description = forms.CharField(max_length=300, label="Area needing improvement or task")
    owner = forms.ModelChoiceField(queryset=None, empty_label=None)
    due_on = forms.DateField(label="Due on", widget=DATE_INPUT)

    def __init__(self, data=None, *, people):
        super().__init__(data)
        self.fields["owner"].queryset = people


class MeetingFollowUpForm(TemplateForm):
    description = forms.CharField(max_length=300, label="Follow-up")
    due_on = forms.DateField(label="Due on", widget=DATE_INPUT)


class FeedbackForm(forms.Form):
    audience = forms.ChoiceField(label="For", widget=forms.RadioSelect)
    body = forms.CharField(label="Feedback", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, data=None, *, audiences):
        super().__init__(data)
        field = self.fields["audience"]
        field.choices = [(a, FeedbackAudience(a).label) for a in audiences]
        if len(audiences) == 1:
            field.initial = audiences[0]


class CohortDateTimeField(forms.DateTimeField):
    """A date and time typed in the cohort's zone (a browser's datetime-local field has no zone of its own)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, cohort, **kwargs):
        self.zone = cohort.tz
        kwargs.setdefault("help_text", f"In {zone_name(cohort.time_zone)}.")
        super().__init__(**kwargs)

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        return timezone.make_aware(timezone.make_naive(moment), self.zone)


class ScheduleForm(forms.Form):
    """When and where: the evaluation, a progress review, a portfolio review or a mentor check-in."""

    location = forms.CharField(
        max_length=200, required=False, help_text="A room, a phone number or a video link."
    )

    def __init__(self, data=None, *, cohort, extra=(), initial=None, notes_read_by=""):
        super().__init__(data, initial=initial)
        self.fields = {"starts_at": CohortDateTimeField(cohort=cohort, label="Starts at"), **self.fields}
        if "number" in extra:
            self.fields = {
                "number": forms.TypedChoiceField(
                    label="Which review",
                    choices=PortfolioReview._meta.get_field("number").choices,
                    coerce=int,
                ),
                **self.fields,
            }
        if "agenda" in extra:
            self.fields["agenda"] = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
        if "notes" in extra:
            del self.fields["location"]
            self.fields["notes"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=notes_read_by
            )


# Who reads the program manager's notes besides the manager (portfolios.view_evaluation and
# portfolios.view_progress_review), said on the forms where the notes are written.
EVALUATION_NOTES_READERS = "The candidate and their mentor will see these notes."
PROGRESS_REVIEW_NOTES_READERS = "The candidate will see these notes; their mentor will not."


class ScheduleMeetingForm(forms.Form):
    """A mentor meeting set ahead: when, how long, how, and where (a place or a link)."""

    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=5, max_value=600, initial=60)
    mode = forms.ChoiceField(choices=MeetingMode.choices, widget=forms.RadioSelect)
    location = forms.CharField(
        max_length=200,
        required=False,
        label="Place or link",
        help_text="A place, a phone number or a video link.",
    )

    def __init__(self, data=None, *, cohort):
        super().__init__(data)
        self.fields = {"starts_at": CohortDateTimeField(cohort=cohort, label="Starts at"), **self.fields}


class HeldForm(forms.Form):
    """A scheduled meeting confirmed as held: how long it took, what was reviewed, and its notes."""

    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=5, max_value=600)
    reviewed_progress = forms.BooleanField(label="We reviewed progress", required=False)
    reviewed_assignments = forms.BooleanField(label="We reviewed assignments", required=False)
    reviewed_portfolio = forms.BooleanField(
        label="We reviewed portfolio artifacts and reflections", required=False
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))


class EvaluationRecordForm(forms.Form):
    """The mentor's record of a mid-year evaluation meeting that took place."""

    mode = forms.ChoiceField(choices=MeetingMode.choices, widget=forms.RadioSelect)
    location = forms.CharField(max_length=200, required=False, help_text="Where, if it matters.")
    areas_needing_improvement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Add a follow-up item for each, with an owner and a due date, on the evaluation's page.",
    )

    def __init__(self, data=None, *, cohort, initial=None):
        super().__init__(data, initial=initial)
        self.fields = {
            "starts_at": CohortDateTimeField(cohort=cohort, label="When it took place"),
            **self.fields,
        }


class ConsultForm(forms.Form):
    instructor = forms.ModelChoiceField(
        queryset=None, help_text="An instructor of one of the cohort's sessions."
    )
    body = forms.CharField(label="Your question", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, data=None, *, instructors):
        super().__init__(data)
        self.fields["instructor"].queryset = instructors


class MessageForm(forms.Form):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 4}))


class WorkStudyForm(forms.Form):
    supervised_on = forms.DateField(label="Date", widget=DATE_INPUT)
    hours = forms.DecimalField(min_value=Decimal("0.5"), max_value=Decimal("12"), decimal_places=1)
    supervised = forms.CharField(
        label="What was supervised", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class NotesForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, data=None, *, read_by: str, initial=None):
        super().__init__(data, initial=initial)
        self.fields["notes"].help_text = read_by


class CheckInRecordForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, required=False, label="Mentors present"
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, data=None, *, check_in):
        super().__init__(data, initial={"attendees": list(check_in.attendees.all()), "notes": check_in.notes})
        mentors = Membership.objects.filter(cohort=check_in.cohort, role=Role.MENTOR).values("user")
        self.fields["attendees"].queryset = check_in.attendees.model.objects.filter(pk__in=mentors).order_by(
            "last_name", "first_name"
        )


class ReviewCommentForm(forms.Form):
    review = forms.ModelChoiceField(queryset=None, label="Portfolio review", empty_label=None)
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data=None, *, cohort):
        super().__init__(data)
        self.fields["review"].queryset = PortfolioReview.objects.filter(cohort=cohort)


class ProgramFeedbackForm(forms.Form):
    about = forms.ChoiceField(label="About")
    rating = forms.TypedChoiceField(
        choices=[(n, f"{n}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 is poor, 5 is excellent.",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What worked, and what would make it better.",
    )

    def __init__(self, data=None, *, cohort, answered: set):
        super().__init__(data)
        self.sessions = {
            str(s.pk): s
            for s in ClassSession.objects.filter(cohort=cohort).order_by("number", "pk")
            if s.pk not in answered
        }
        choices = [(key, f"{s.label} — {s.title}") for key, s in self.sessions.items()]
        if None not in answered:
            choices.append(("overall", PROGRAM_AS_A_WHOLE))
        self.fields["about"].choices = choices

    @property
    def session(self):
        return self.sessions.get(self.cleaned_data["about"])
