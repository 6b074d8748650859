"""Input parsing and field validation for the applications pages; the rules live in services.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.forms import WallClockField
from cohorts.services import localize
from cto_mentor.dates import range_text, zone_name
from cto_mentor.forms import FlatSelect
from cto_mentor.uploads import DOCUMENTS, UploadField
from cto_mentor.users.models import User

from .models import (
    Application,
    Criterion,
    Decision,
    Kind,
    Question,
    QuestionType,
    Status,
)
from .selectors import FORM_FIELDS, default_review_due
from .services.decisions import PAST_PLACES_LABEL


class CandidateForm(forms.ModelForm):
    """The form part; every answer may be left for later, the checklist says what is still missing."""

    class Meta:
        model = Application
        fields = FORM_FIELDS[Kind.CANDIDATE]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["education", "certifications", "leadership_experience", "goals_statement"]
        }
        help_texts = {
            "certifications": "For example CETPA CTO certification, CompTIA, Microsoft; write “none” if none.",
            "goals_statement": "What you want to gain from the program and bring to your district.",
        }


class MentorForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [*FORM_FIELDS[Kind.MENTOR], "certifications", "kickoff_available"]
        labels = {
            "current_position": "Current K-12 technology leadership position",
            "years_in_k12_technology": "Years in K-12 technology leadership (10+ preferred)",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["education", "certifications", "hands_on_experience", "qualification"]
        }


def form_part_class(application: Application):
    return MentorForm if application.kind == Kind.MENTOR else CandidateForm


class QuestionForm(forms.ModelForm):
    kind = forms.ChoiceField(label="Asked of", choices=Kind.choices, widget=forms.RadioSelect)

    class Meta:
        model = Question
        fields = ["kind", "label", "help_text", "type", "options", "required", "visibility"]
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}


def _answer_field(question: Question, has_file: bool) -> forms.Field:
    """The form field of one question; every answer may be left for later, as in the form part."""
    common = {
        "label": f"{question.label}{' (required)' if question.required else ''}",
        "help_text": question.help_text,
        "required": False,
    }
    options = [(option, option) for option in question.option_list]
    match question.type:
        case QuestionType.LONG_TEXT:
            return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
        case QuestionType.NUMBER:
            return forms.DecimalField(max_digits=12, decimal_places=2, **common)
        case QuestionType.YES_NO:
            return forms.ChoiceField(
                choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, **common
            )
        case QuestionType.CHOICE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        case QuestionType.CHOICES:
            return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
        case QuestionType.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        case QuestionType.FILE:
            if has_file:
                common["help_text"] = " ".join(
                    filter(None, [question.help_text, "Upload a file to replace it."])
                )
            return UploadField(kinds=DOCUMENTS, **common)
    return forms.CharField(max_length=500, **common)


class AnswersForm(forms.Form):
    """One field per question the applicant is asked (`questions.asked_of`), filled with their answers."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            answer = answers.get(question.pk)
            field = _answer_field(question, has_file=answer is not None)
            if answer is not None and question.type != QuestionType.FILE:
                field.initial = (
                    answer.value.splitlines() if question.type == QuestionType.CHOICES else answer.value
                )
            self.fields[f"question_{question.pk}"] = field

    def values(self) -> dict[int, object]:
        return {
            q.pk: self.cleaned_data.get(f"question_{q.pk}")
            for q in self.questions
            if q.type != QuestionType.FILE
        }

    def files_given(self) -> dict[int, object]:
        return {
            q.pk: self.cleaned_data[f"question_{q.pk}"]
            for q in self.questions
            if q.type == QuestionType.FILE and self.cleaned_data.get(f"question_{q.pk}")
        }


class ResumeForm(forms.Form):
    resume = UploadField(kinds=DOCUMENTS, label="Resume")


class NominatorForm(forms.Form):
    name = forms.CharField(label="Nominator's name", max_length=200)
    title = forms.CharField(label="Nominator's title", max_length=200, help_text="Usually your supervisor.")
    organization = forms.CharField(label="Nominator's organization", max_length=200)
    email = forms.EmailField(label="Nominator's e-mail address")


class NominationForm(forms.Form):
    relationship = forms.CharField(
        label="How do you know the applicant, and for how long?", widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendation = forms.CharField(
        label="Why do you nominate them? Their leadership, and what the program would give them",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    supports_release_time = forms.BooleanField(
        label="My organization will release the applicant to attend every class session", required=False
    )


class AvailabilityForm(forms.Form):
    """One yes/no question per class day; a note explains a day the applicant cannot make."""

    def __init__(self, *args, meetings, answers, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = list(meetings)
        zone = cohort.tz
        for meeting in self.meetings:
            answer = answers.get(meeting.pk)
            label = f"{meeting.session.full_name}: {range_text(meeting.starts_at, meeting.ends_at, zone)}"
            self.fields[f"meeting_{meeting.pk}"] = forms.ChoiceField(
                label=label,
                choices=[("yes", "I can attend"), ("no", "I cannot attend")],
                widget=forms.RadioSelect,
                required=False,
                initial=None if answer is None else ("yes" if answer.available else "no"),
            )
            self.fields[f"note_{meeting.pk}"] = forms.CharField(
                label="If not, why?",
                max_length=300,
                required=False,
                initial=answer.note if answer else "",
            )

    def clean(self):
        cleaned = super().clean()
        for meeting in self.meetings:
            if cleaned.get(f"meeting_{meeting.pk}") == "no" and not cleaned.get(f"note_{meeting.pk}"):
                self.add_error(f"note_{meeting.pk}", "Say briefly why you cannot attend this day.")
        return cleaned

    def answers(self) -> dict[int, tuple[bool, str]]:
        return {
            meeting.pk: (
                self.cleaned_data[f"meeting_{meeting.pk}"] == "yes",
                self.cleaned_data[f"note_{meeting.pk}"],
            )
            for meeting in self.meetings
            if self.cleaned_data.get(f"meeting_{meeting.pk}")
        }


class StartForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, label="I am applying as")


class ExtensionForm(forms.Form):
    email = forms.EmailField(label="Applicant's e-mail address")
    until = forms.DateTimeField(
        label="New deadline",
        help_text="In the cohort's time zone.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.applicant = User.objects.filter(email__iexact=email).first()
        if self.applicant is None:
            raise forms.ValidationError("No account uses this address.")
        return email

    def clean_until(self):
        until = self.cleaned_data["until"]
        # The typed time is the cohort's local time, whatever the server's zone.
        naive = timezone.make_naive(until) if timezone.is_aware(until) else until
        until = timezone.make_aware(naive, self.cohort.tz)
        if until <= self.cohort.applications_close:
            raise forms.ValidationError("The new deadline must come after the cohort's deadline.")
        return until


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["kind", "name", "description", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}
        help_texts = {"weight": "1 to 10: how much this criterion counts in the average."}


class CriterionChangeForm(CriterionForm):
    class Meta(CriterionForm.Meta):
        fields = ["name", "description", "weight"]


class DueForm(forms.Form):
    """A form with the reviews' due date, typed on the cohort's clock."""

    due_at = WallClockField(label="Reviews due")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["due_at"].help_text = f"In {zone_name(cohort.time_zone)}."
        if "due_at" not in self.initial:
            self.initial["due_at"] = default_review_due(cohort=cohort).replace(tzinfo=None)

    def clean_due_at(self):
        try:
            return localize(self.cleaned_data["due_at"], self.cohort.time_zone, "due_at")
        except ValidationError as error:
            raise ValidationError(error.message_dict["due_at"]) from None


class AssignForm(DueForm):
    """One reviewer for one application: the reviewers it may have (`selectors.reviewers_offered`)."""

    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), label="Reviewer")
    field_order = ["reviewer", "due_at"]

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class ApplicantChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, application):
        return f"{application.applicant} ({application.get_kind_display().lower()})"


SCOPES = [("", "Candidates and mentors"), (Kind.CANDIDATE, "Candidates only"), (Kind.MENTOR, "Mentors only")]


class ReviewerChoices(forms.ModelMultipleChoiceField):
    """Reviewers from `selectors.reviewer_workload`, each with the kind they review, the work they hold and
    the applicants among the checked ones they declared a conflict with (`conflicts`, by reviewer id)."""

    conflicts: dict[int, list[str]] = {}

    def label_from_instance(self, reviewer):
        label = f"{reviewer} — {dict(SCOPES)[reviewer.scope].lower()}; {reviewer.to_do} to do, {reviewer.done} done"
        if names := self.conflicts.get(reviewer.pk):
            label += f"; declared a conflict with {', '.join(names)}"
        return label


class BulkAssignForm(DueForm):
    """The checked applications of the queue, given to the chosen reviewers, or spread evenly among them."""

    MANUAL, SPREAD = "each", "spread"

    applications = ApplicantChoices(
        queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple, label="Applications"
    )
    how = forms.ChoiceField(
        label="How",
        widget=forms.RadioSelect,
        choices=[
            (MANUAL, "Every chosen reviewer reviews every checked application"),
            (SPREAD, "Spread evenly: give each application a number of reviews from the chosen reviewers"),
        ],
        initial=MANUAL,
    )
    per_application = forms.IntegerField(
        label="Reviews per application",
        min_value=1,
        max_value=10,
        initial=2,
        help_text="When spreading. Reviews an application already has count; a declared conflict does not.",
    )
    reviewers = ReviewerChoices(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, label="Reviewers"
    )
    field_order = ["applications", "how", "per_application", "reviewers", "due_at"]

    def __init__(self, *args, applications, reviewers, conflicts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].conflicts = conflicts or {}


class ReviewerScopeForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Reviews",
        required=False,
        choices=SCOPES,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class DecisionForm(forms.Form):
    """The decision and its reason; when the kind's places are all taken (`places.full`), a box to confirm an
    acceptance past them."""

    decision = forms.ChoiceField(
        choices=[c for c in Decision.choices if c[0]], widget=forms.RadioSelect, label="Decision"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason",
        help_text="Included in the decision e-mail.",
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is not None and places.full:
            self.fields["past_places"] = forms.BooleanField(
                required=False,
                label=PAST_PLACES_LABEL,
                help_text=f"All {places.limit} {places.label.lower()} places are taken. Tick to accept one more "
                "anyway; waitlisting keeps the applicant for a place that frees up.",
            )


class AnswerByForm(forms.Form):
    """A new answer-by time for one offer, typed on the cohort's clock."""

    answer_by = WallClockField(label="Answer by")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["answer_by"].label = f"Answer by ({cohort.time_zone.replace('_', ' ')} time)"

    def clean_answer_by(self):
        try:
            return localize(self.cleaned_data["answer_by"], self.cohort.time_zone, "answer_by")
        except ValidationError as error:  # a time the clocks skip or show twice
            raise ValidationError(error.message_dict["answer_by"]) from None


class BulkDecisionForm(DecisionForm):
    """One decision and reason for every checked application of the queue."""

    applications = ApplicantChoices(
        queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple, label="Applications"
    )
    # Always offered: whether accepting these goes past the places depends on how many of each kind are
    # checked and taken when the decision is recorded, not on the places when the page was shown.
    past_places = forms.BooleanField(
        required=False,
        label=PAST_PLACES_LABEL,
        help_text="Only when accepting: if these take more than the places left of their kind, tick to accept "
        "them all anyway; otherwise nothing is recorded and you are told whose acceptance goes past the places.",
    )
    field_order = ["applications", "decision", "reason", "past_places"]

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications


class ConflictForm(forms.Form):
    conflict_reason = forms.CharField(
        label="What is the conflict of interest?", widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoreForm(forms.Form):
    """One 1–5 score and an optional comment per criterion of the rubric, and overall comments."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight})",
                help_text=criterion.description,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on {criterion.name.lower()}", required=False, max_length=2000
            )
        self.fields["comments"] = forms.CharField(
            label="Overall comments", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


def _filter_select():
    return FlatSelect(attrs={"class": "form-select form-select-sm"})


def _score_filter(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=1,
        max_value=5,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class QueueFilterForm(forms.Form):
    """The review queue's filters and sort order, each optional; `filters.filter_queue` applies the valid ones."""

    SORTS = {
        "submitted": "submitted_at",
        "name": "applicant__last_name",
        "kind": "kind",
        "status": "status",
        "reviews": "reviews_done",
        "average": "average",
        "spread": "spread",
        "decision": "decision",
    }

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "placeholder": "Name, e-mail or organization"}
        ),
    )

    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Kind.choices], widget=_filter_select()
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices], widget=_filter_select()
    )
    completeness = forms.ChoiceField(
        label="Parts",
        required=False,
        choices=[("", "Any"), ("complete", "All parts in"), ("incomplete", "Parts missing")],
        widget=_filter_select(),
    )
    reviewer = forms.TypedChoiceField(
        label="Reviewer", required=False, coerce=int, empty_value=None, widget=_filter_select()
    )
    min_score = _score_filter("Average at least")
    max_score = _score_filter("Average at most")
    conflicts = forms.ChoiceField(
        label="Availability",
        required=False,
        choices=[("", "Any"), ("yes", "Cannot attend some dates"), ("no", "Can attend every date")],
        widget=_filter_select(),
    )
    decision = forms.ChoiceField(
        label="Decision",
        required=False,
        choices=[("", "Any decision"), ("none", "Not decided"), *[c for c in Decision.choices if c[0]]],
        widget=_filter_select(),
    )
    waits_for = forms.ChoiceField(
        label="Waiting for",
        required=False,
        choices=[
            ("", "Anything"),
            ("reviewers", "Reviewers"),
            ("decision", "A decision"),
            ("nomination", "The nomination"),
            ("answer", "The applicant’s answer to an offer"),
        ],
        widget=_filter_select(),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("", "Most recent"),
            ("submitted", "Submitted, oldest first"),
            ("-submitted", "Submitted, newest first"),
            ("name", "Name"),
            ("-name", "Name, Z to A"),
            ("average", "Average, lowest first"),
            ("-average", "Average, highest first"),
            ("spread", "Spread, smallest first"),
            ("-spread", "Spread, largest first"),
            ("kind", "Kind"),
            ("-kind", "Kind, Z to A"),
            ("status", "Status"),
            ("-status", "Status, Z to A"),
            ("reviews", "Reviews done, fewest first"),
            ("-reviews", "Reviews done, most first"),
            ("decision", "Decision"),
            ("-decision", "Decision, Z to A"),
        ],
        widget=_filter_select(),
    )

    def __init__(self, *args, reviewers, questions=(), **kwargs):
        """`reviewers`: the users the reviewer filter offers (`selectors.reviewers_of`); `questions`: the yes/no
        and one-choice questions whose answers it filters on (`questions.filterable_questions`)."""
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [
            ("", "Any reviewer"),
            *((user.pk, str(user)) for user in reviewers),
        ]
        self.questions = list(questions)
        for question in self.questions:
            options = [("yes", "Yes"), ("no", "No")] if question.type == QuestionType.YES_NO else None
            self.fields[f"question_{question.pk}"] = forms.ChoiceField(
                label=f"{question.get_kind_display()}: {question.label}",
                required=False,
                choices=[("", "Any answer"), *(options or [(o, o) for o in question.option_list])],
                widget=_filter_select(),
            )

    def answer_filters(self) -> dict[int, str]:
        """The question filters chosen: question id to the answer asked for (after `is_valid`)."""
        return {
            q.pk: self.cleaned_data[f"question_{q.pk}"]
            for q in self.questions
            if self.cleaned_data.get(f"question_{q.pk}")
        }
