"""Candidate and mentor applications with their parts (form, resume, nomination, availability), the rubric,
reviews and scores, decisions and individual deadline extensions.

The application deadline is the cohort's `applications_close`; an `Extension` moves it for one applicant.
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort
from cto_mentor.dates import day_text, moment_text
from cto_mentor.uploads import PrivateFile


class Kind(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    MENTOR = "mentor", "Mentor"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.TextChoices):
    UNDECIDED = "", "Not decided"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waitlisted"
    DECLINED = "declined", "Declined"


class Response(models.TextChoices):
    PENDING = "", "No answer yet"
    CONFIRMED = "confirmed", "Confirmed the place"
    DECLINED = "declined", "Declined the place"
    LAPSED = "lapsed", "Did not answer in time"


# An accepted applicant no longer holds a place once they declined it or let the offer lapse.
GAVE_UP = (Response.DECLINED, Response.LAPSED)


class ApplicationQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def live(self):
        """Not withdrawn: an applicant has at most one live application of each kind to a cohort."""
        return self.exclude(status=Status.WITHDRAWN)

    def submitted(self):
        return self.filter(status=Status.SUBMITTED)

    def decided_not_notified(self):
        return self.submitted().exclude(decision=Decision.UNDECIDED).filter(decision_sent_at__isnull=True)


class Application(models.Model):
    """One person's application to one cohort, as a candidate or as a mentor.

    The form part's fields are on this row; the resume, the nomination and the availability answers are rows
    of their own. Once submitted the application is read-only until its applicant reopens it (before their
    deadline) to change it and submit it again; the decision and the applicant's answer to an offered place
    are recorded here too. A withdrawn application stays as history: its applicant may start a new one.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CANDIDATE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the applicant reopened the submitted application to change it."
    )
    changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the applicant last changed an answer, the resume or availability.",
    )

    # The form part (both kinds).
    current_position = models.CharField("current position", max_length=200, blank=True)
    organization = models.CharField("organization or district", max_length=200, blank=True)
    years_in_k12_technology = models.PositiveSmallIntegerField(
        "years in K-12 technology", null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    education = models.TextField(blank=True)
    certifications = models.TextField(blank=True)
    leadership_experience = models.TextField("leadership experience", blank=True)
    goals_statement = models.TextField("statement of goals", blank=True)
    # Mentor qualifications.
    hands_on_experience = models.TextField("hands-on K-12 technology experience", blank=True)
    qualification = models.TextField(
        "business degree, CTO certification or demonstrated work experience", blank=True
    )
    willing_to_contract = models.BooleanField("willing to contract with the association", default=False)
    kickoff_available = models.BooleanField("available for the kickoff meeting", default=False)
    form_completed_at = models.DateTimeField(null=True, blank=True)

    # Selection.
    decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.UNDECIDED, blank=True
    )
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_sent_at = models.DateTimeField("decision e-mailed at", null=True, blank=True)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    answer_by = models.DateTimeField(
        "answer by",
        null=True,
        blank=True,
        help_text="The offered place is held until then; set when the acceptance is e-mailed.",
    )
    offered_from_waitlist_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a place someone declined was offered to this waitlisted applicant.",
    )

    objects = ApplicationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "applicant"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "applicant", "kind"],
                condition=~models.Q(status=Status.WITHDRAWN),
                name="one_live_application_per_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "kind"]),
            # The review queue's first page: the cohort's last changed 25, read in order rather than sorted.
            models.Index(fields=["cohort", "-updated_at"], name="application_queue_order"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} application of {self.applicant} to {self.cohort}"

    def get_absolute_url(self):
        return reverse("applications:detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_reopened(self):
        """Submitted once, reopened by the applicant and not submitted again yet."""
        return self.status == Status.DRAFT and self.reopened_at is not None

    @property
    def needs_nomination(self):
        return self.kind == Kind.CANDIDATE

    @property
    def is_offered(self):
        """Accepted, told so, and not yet answered (the answer-by time may have passed)."""
        return (
            self.decision == Decision.ACCEPTED
            and self.decision_sent_at is not None
            and self.response == Response.PENDING
        )

    def offer_lapsed(self, now=None) -> bool:
        """The answer-by time passed without an answer, whether or not the sweep has recorded it yet."""
        if self.response == Response.LAPSED:
            return True
        return self.is_offered and self.answer_by is not None and self.answer_by <= (now or timezone.now())

    @property
    def awaits_answer(self):
        return self.is_offered and not self.offer_lapsed()


class Resume(PrivateFile):
    upload_folder = "resumes"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="resume")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name


class NominationQuerySet(models.QuerySet):
    def awaiting(self):
        return self.filter(submitted_at__isnull=True)


class Nomination(models.Model):
    """The supervisor's nomination of a candidate, filled in through an e-mailed link without an account.

    Only a hash of the link's token is kept; a new request (re-send or another nominator) makes a new token,
    so the older links stop working. The link also stops working once the nomination is submitted.
    """

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="nomination")
    nominator_name = models.CharField("nominator's name", max_length=200)
    nominator_title = models.CharField("nominator's title", max_length=200)
    nominator_organization = models.CharField("nominator's organization", max_length=200)
    nominator_email = models.EmailField("nominator's e-mail address")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    requested_at = models.DateTimeField(default=timezone.now)
    requests_sent = models.PositiveSmallIntegerField(default=0)

    relationship = models.TextField("how you know the applicant", blank=True)
    recommendation = models.TextField(blank=True)
    supports_release_time = models.BooleanField(
        "the organization will release the applicant to attend every class", default=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    def __str__(self):
        return f"Nomination of {self.application.applicant} by {self.nominator_name}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def status_label(self):
        if self.is_submitted:
            return "Received"
        if self.expires_at <= timezone.now():
            return "Link expired: send the request again"
        return "Requested, waiting for the nominator"


class Availability(models.Model):
    """The applicant's answer for one scheduled class day; days they cannot make are shown to reviewers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="availabilities")
    meeting = models.ForeignKey("class_sessions.Meeting", on_delete=models.CASCADE, related_name="+")
    available = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "meeting"], name="one_answer_per_meeting"),
        ]
        verbose_name_plural = "availabilities"

    def __str__(self):
        return f"{self.application.applicant}: {self.meeting} {'yes' if self.available else 'no'}"


class Extension(models.Model):
    """A later deadline granted by a program manager to one applicant of one cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="extensions")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_extensions"
    )
    until = models.DateTimeField()
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="extensions_granted"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "-granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "applicant"], name="one_extension_per_applicant"),
        ]

    def __str__(self):
        return f"Extension for {self.applicant} in {self.cohort} until {moment_text(self.until, self.cohort)}"


class Criterion(models.Model):
    """One line of a cohort's rubric for one kind of application, scored 1 to 5 and weighted in the average.

    Candidates and mentors are judged on rubrics of their own: a mentor has no supervisor's nomination, and a
    candidate is not asked for years of leadership."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField("rubric of", max_length=10, choices=Kind.choices, default=Kind.CANDIDATE)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "kind", "order", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind", "name"], name="unique_criterion_per_rubric")
        ]

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class ReviewAssignment(models.Model):
    """One step in which a program manager asked reviewers to review applications, by a due date.

    Each reviewer gets one e-mail about it listing what they were given, and a reminder before `due_at` of
    what they have still not scored."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="review_assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField("reviews due")

    class Meta:
        ordering = ["cohort", "-assigned_at"]

    def __str__(self):
        assigned, due = day_text(self.assigned_at, self.cohort), moment_text(self.due_at, self.cohort)
        return f"Reviews assigned in {self.cohort} on {assigned}, due {due}"


class ReviewerScope(models.Model):
    """The kind of application a reviewer of a cohort reviews; a reviewer without one reviews both kinds."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="reviewer_scopes")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_scopes"
    )
    kind = models.CharField("reviews", max_length=10, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "reviewer"], name="one_scope_per_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.get_kind_display().lower()} applications in {self.cohort}"


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", "To do"
    CONFLICT = "conflict", "Conflict of interest"
    SUBMITTED = "submitted", "Submitted"


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=ReviewStatus.SUBMITTED)


class Review(models.Model):
    """A reviewer assigned to an application; their scores, or their declared conflict of interest.

    `weighted_score` is the weighted mean of the scores, kept when the review is submitted so that the queue
    can filter and sort on it in the database.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    conflict_reason = models.TextField(blank=True)
    comments = models.TextField(blank=True)
    weighted_score = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer"),
        ]

    def __str__(self):
        return f"Review of {self.application.applicant} by {self.reviewer}"

    def get_absolute_url(self):
        return reverse("applications:review", kwargs={"pk": self.pk})

    @property
    def application_changed_since(self) -> bool:
        """Whether the applicant changed the application after this review was submitted."""
        changed_at = self.application.changed_at
        return (
            self.status == ReviewStatus.SUBMITTED
            and changed_at is not None
            and changed_at > self.submitted_at
        )


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"


class QuestionType(models.TextChoices):
    TEXT = "text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes or no"
    CHOICE = "choice", "One choice"
    CHOICES = "choices", "Several choices"
    DATE = "date", "Date"
    FILE = "file", "File"


CHOICE_TYPES = (QuestionType.CHOICE, QuestionType.CHOICES)
# Questions whose answers the review queue can filter on: a short list of known values.
FILTERABLE_TYPES = (QuestionType.YES_NO, QuestionType.CHOICE)


class Visibility(models.TextChoices):
    REVIEWERS = "reviewers", "Reviewers and program managers"
    MANAGERS = "managers", "Program managers only"


class QuestionQuerySet(models.QuerySet):
    def of(self, cohort, kind: str | None = None):
        """A cohort's questions (of one kind) in the order applicants see them; not in the model's order,
        which begins with the cohort's dates and so joins the cohorts for nothing."""
        questions = self.filter(cohort=cohort)
        return (questions.filter(kind=kind) if kind else questions).order_by("kind", "order", "pk")

    def shown(self):
        return self.filter(hidden=False)


class Question(models.Model):
    """A question a cohort asks its candidate or its mentor applicants, besides the built-in parts.

    Managed by the cohort's program managers (`applications.questions`). Once the cohort has submitted
    applications a question can be hidden but not deleted: its answers stay on the applications.
    `key` names the default questions a new cohort gets, so that creating them twice adds nothing.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField("asked of", max_length=10, choices=Kind.choices)
    label = models.CharField("question", max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=10, choices=QuestionType.choices, default=QuestionType.TEXT)
    options = models.TextField(
        blank=True, help_text="For one choice or several choices: one option a line, at least two."
    )
    required = models.BooleanField(default=False, help_text="Required to submit the application.")
    visibility = models.CharField(
        "visible to", max_length=10, choices=Visibility.choices, default=Visibility.REVIEWERS
    )
    hidden = models.BooleanField(default=False, help_text="Hidden questions are no longer asked.")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=50, blank=True)

    objects = QuestionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "key"], condition=~models.Q(key=""), name="unique_question_key_per_cohort"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def is_filterable(self) -> bool:
        return self.type in FILTERABLE_TYPES


class Answer(models.Model):
    """An applicant's answer to one question, kept as text: a number as typed, "yes" or "no", the chosen
    options one a line, a date as YYYY-MM-DD, or an uploaded file's name (the file is an AnswerFile)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question"),
        ]
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self):
        return f"{self.question}: {self.display}"

    @property
    def display(self) -> str:
        """The answer as a person reads it."""
        if self.question.type == QuestionType.YES_NO:
            return {"yes": "Yes", "no": "No"}.get(self.value, self.value)
        if self.question.type == QuestionType.CHOICES:
            return ", ".join(line for line in self.value.splitlines() if line)
        return self.value


class AnswerFile(PrivateFile):
    upload_folder = "answers"

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="upload")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name
