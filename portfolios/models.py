"""A candidate's portfolio and the mentoring around it: meetings, feedback, evaluations, reviews, and the
candidates' feedback on the program."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.urls import reverse

from cohorts.models import Cohort, Pairing
from cto_mentor.dates import day_text
from cto_mentor.uploads import PrivateFile, private_path
from sessions.models import ClassSession, Topic

User = settings.AUTH_USER_MODEL


class Portfolio(models.Model):
    """One candidate's portfolio in one cohort; also the page where their mentoring record is gathered."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="portfolios")
    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="portfolios")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "candidate__last_name", "candidate__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "candidate"], name="one_portfolio_per_candidate")
        ]

    def __str__(self):
        return f"Portfolio of {self.candidate} ({self.cohort})"

    def get_absolute_url(self):
        return reverse("portfolios:detail", kwargs={"pk": self.pk})


TRASH_KEPT = timedelta(days=30)


class EveryEntryManager(models.Manager):
    """Entries with those in the trash: for the trash page and putting an entry back."""


class LiveEntryManager(models.Manager):
    """Entries not in the trash: what every page, count and export sees."""

    def get_queryset(self):
        return super().get_queryset().filter(trashed_at__isnull=True)


class Entry(models.Model):
    """What artifacts and reflections share: a place in the candidate's order, a tag, a ready-for-review mark.

    A tag names a topic (and so its session) or a whole session; no tag means the program as a whole. A removed
    entry goes to the trash (`trashed_at`) for `TRASH_KEPT`, where only the trash page and `restore_entry` see
    it (through `with_trashed`); after that it is deleted with its file.
    """

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="%(class)ss")
    title = models.CharField(max_length=200)
    session = models.ForeignKey(
        ClassSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    position = models.PositiveIntegerField(default=0)
    ready_for_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    trashed_at = models.DateTimeField(null=True, blank=True)

    objects = LiveEntryManager()
    with_trashed = EveryEntryManager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def purged_after(self):
        """When a trashed entry leaves the trash for good."""
        return self.trashed_at + TRASH_KEPT if self.trashed_at else None

    @property
    def tag(self) -> str:
        if self.topic_id:
            return f"{self.session.label}: {self.topic.name}" if self.session_id else self.topic.name
        if self.session_id:
            return f"{self.session.label} — {self.session.title}"
        return "The program as a whole"


class Artifact(Entry, PrivateFile):
    """A work product: an uploaded file kept in private storage, or a link to one kept elsewhere."""

    upload_folder = "artifacts"
    kind, kind_label = "artifacts", "artifact"  # the kind in the entry URLs, and its name on pages

    description = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    # An artifact given as a link has no file: the upload fields may stay empty.
    file = models.FileField(upload_to=private_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=150, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta(Entry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="artifact_is_a_file_or_a_link",
            )
        ]

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class Reflection(Entry):
    """The candidate's written reflection, kept as plain text and shown with its line breaks (never as HTML)."""

    kind, kind_label = "reflections", "reflection"

    body = models.TextField()
    artifact = models.ForeignKey(
        Artifact, on_delete=models.SET_NULL, null=True, blank=True, related_name="reflections"
    )


class MeetingMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    SHARED_DOCUMENTS = "shared_documents", "Shared documents"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"


class MentorMeetingQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status=MeetingStatus.HELD)

    def scheduled(self):
        return self.filter(status=MeetingStatus.SCHEDULED)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def awaiting_confirmation(self):
        """Meetings logged by one side after they took place that the other side has still to confirm."""
        return self.held().filter(confirmed_at__isnull=True)


class MentorMeeting(models.Model):
    """A meeting of a mentor and their candidate: logged by one of them afterwards and confirmed by the other,
    or scheduled ahead by one of them (a time, a place or link) and confirmed as held, with notes, once it
    has taken place."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="mentor_meetings")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    held_on = models.DateField()
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="The agreed time of a scheduled meeting."
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="A place, a phone number or a video link."
    )
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(max_length=20, choices=MeetingMode.choices)
    reviewed_progress = models.BooleanField("Progress", default=False)
    reviewed_assignments = models.BooleanField("Assignments", default=False)
    reviewed_portfolio = models.BooleanField("Portfolio artifacts and reflections", default=False)
    notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = MentorMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["pairing", "held_on"])]

    def __str__(self):
        return f"{self.pairing.mentor} and {self.pairing.candidate}, {day_text(self.held_on)}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None

    @property
    def reviewed(self) -> list[str]:
        fields = ["reviewed_progress", "reviewed_assignments", "reviewed_portfolio"]
        return [str(self._meta.get_field(name).verbose_name) for name in fields if getattr(self, name)]


class MidYearEvaluation(models.Model):
    """A mid-year evaluation meeting of one candidate with their mentor: scheduled by the program manager, or
    recorded by the mentor afterwards. The mentor records how it went: the mode and the areas needing
    improvement, followed up by follow-up items."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="evaluations")
    mentor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField()
    location = models.CharField(
        max_length=200, blank=True, help_text="A room, a phone number or a video link."
    )
    mode = models.CharField(max_length=20, choices=MeetingMode.choices, blank=True)
    areas_needing_improvement = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"Mid-year evaluation of {self.portfolio.candidate}"

    def get_absolute_url(self):
        return reverse("portfolios:evaluation", kwargs={"pk": self.pk})

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class FollowUp(models.Model):
    """Something to do after a mentor meeting or an area needing improvement found at the mid-year evaluation."""

    meeting = models.ForeignKey(
        MentorMeeting, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    evaluation = models.ForeignKey(
        MidYearEvaluation, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=True, evaluation__isnull=False)
                | Q(meeting__isnull=False, evaluation__isnull=True),
                name="follow_up_of_a_meeting_or_an_evaluation",
            )
        ]

    def __str__(self):
        return self.description

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class FeedbackAudience(models.TextChoices):
    MENTOR_TO_CANDIDATE = "mentor_to_candidate", "Mentor to candidate"
    MENTOR_TO_MANAGER = "mentor_to_manager", "Mentor to program manager only"
    MANAGER_TO_CANDIDATE = "manager_to_candidate", "Program manager to candidate"


class Feedback(models.Model):
    """Feedback about a candidate's work. Mentor-to-manager feedback is never shown to the candidate."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="feedback")
    audience = models.CharField(max_length=30, choices=FeedbackAudience.choices)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_by_manager_at = models.DateTimeField(
        null=True, blank=True, help_text="When a program manager first read feedback meant for them only."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_audience_display()} about {self.portfolio.candidate}"


class PortfolioReview(models.Model):
    """One of the cohort's two portfolio review meetings."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="portfolio_reviews")
    number = models.PositiveSmallIntegerField(choices=[(1, "First"), (2, "Second")])
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="one_review_of_each_number"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="two_portfolio_reviews"),
        ]

    def __str__(self):
        return f"Portfolio review {self.number} ({self.cohort})"


class ReviewComment(models.Model):
    """A comment on one portfolio by a reviewer present at a portfolio review meeting."""

    review = models.ForeignKey(PortfolioReview, on_delete=models.CASCADE, related_name="comments")
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review__number", "created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.portfolio}"


class ProgressReview(models.Model):
    """A progress review meeting of the program manager with one candidate."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="progress_reviews")
    starts_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"Progress review of {self.portfolio.candidate}"

    def get_absolute_url(self):
        return reverse("portfolios:progress_review", kwargs={"review_id": self.pk})


class CheckIn(models.Model):
    """A mentor check-in meeting: the program manager with all mentors of the cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentor_check_ins")
    starts_at = models.DateTimeField()
    location = models.CharField(
        max_length=200, blank=True, help_text="A room, a phone number or a video link."
    )
    agenda = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    attendees = models.ManyToManyField(User, blank=True, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "mentor check-in"

    def __str__(self):
        return f"Mentor check-in ({self.cohort})"

    def get_absolute_url(self):
        return reverse("portfolios:check_in", kwargs={"pk": self.pk})


class Consultation(models.Model):
    """A mentor's consultation of one of the cohort's instructors about their candidate: one thread per
    candidate and instructor."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="consultations")
    instructor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "instructor"], name="one_consultation_per_candidate_and_instructor"
            )
        ]

    def __str__(self):
        return f"{self.instructor} consulted about {self.portfolio.candidate}"

    def get_absolute_url(self):
        return reverse("portfolios:consultation", kwargs={"pk": self.pk})


class ConsultationMessage(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class WorkStudy(models.Model):
    """Work-study supervision the mentor gave the candidate, as the curriculum asks: when, how long, what."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="work_study")
    mentor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    supervised_on = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )
    supervised = models.TextField(help_text="What was supervised.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-supervised_on", "-pk"]
        verbose_name = "work-study supervision"
        verbose_name_plural = "work-study supervision"

    def __str__(self):
        return f"Work study of {self.portfolio.candidate}, {day_text(self.supervised_on)}"


ANONYMITY_THRESHOLD = 3  # answers a question needs before anyone reads them
NOT_ENOUGH_ANSWERS = "Not enough answers to keep them anonymous"


class ProgramFeedbackQuerySet(models.QuerySet):
    def with_enough_answers(self):
        """Answers to questions (a session, or the program as a whole, of a cohort) that at least
        ANONYMITY_THRESHOLD people have answered: the only ones a page, an export or the admin shows."""
        same_session = ProgramFeedback.objects.filter(cohort=OuterRef("cohort"), session=OuterRef("session"))
        same_cohort_overall = ProgramFeedback.objects.filter(cohort=OuterRef("cohort"), session__isnull=True)
        answers = Case(
            When(session__isnull=True, then=_count(same_cohort_overall)), default=_count(same_session)
        )
        return self.alias(question_answers=answers).filter(question_answers__gte=ANONYMITY_THRESHOLD)


def _count(answers):
    return Subquery(answers.order_by().values("cohort").annotate(n=Count("pk")).values("n"))


class ProgramFeedback(models.Model):
    """A candidate's rating and comment on a session or on the program as a whole, always anonymous.

    An answer keeps no author and no time, and its id is random. Who has answered is kept apart, in
    FeedbackReceipt, and services.give_program_feedback writes the two so that neither the order of rows nor
    the transaction that wrote them ties an answer to a receipt.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="program_feedback")
    session = models.ForeignKey(
        ClassSession, on_delete=models.CASCADE, null=True, blank=True, related_name="program_feedback"
    )
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(blank=True)

    objects = ProgramFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["session__number", "-rating", "comment"]
        verbose_name_plural = "program feedback"
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="program_feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.rating}/5 on {self.session.label if self.session_id else 'the program'}"


class FeedbackReceipt(models.Model):
    """That a candidate has answered about a session (or the program): no link to the answer, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        ClassSession, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "session", "candidate"],
                condition=Q(session__isnull=False),
                name="one_answer_per_session",
            ),
            models.UniqueConstraint(
                fields=["cohort", "candidate"], condition=Q(session__isnull=True), name="one_overall_answer"
            ),
        ]

    def __str__(self):
        return f"{self.candidate} answered"
