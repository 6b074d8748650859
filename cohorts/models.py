import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cto_mentor.dates import day_text
from cto_mentor.uploads import PrivateFile
from cto_mentor.users.models import TIME_ZONE_CHOICES


class Program(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    organization = models.CharField(max_length=200, help_text="The association that runs the program.")
    description = models.TextField(blank=True)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="America/Los_Angeles")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CohortQuerySet(models.QuerySet):
    def accepting_applications(self, now=None):
        now = now or timezone.now()
        return self.filter(applications_open__lte=now, applications_close__gt=now)

    def for_user(self, user):
        return self.filter(memberships__user=user).distinct()


class Cohort(models.Model):
    """One program year: its application window, selection dates and class year."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="America/Los_Angeles")
    applications_open = models.DateTimeField()
    applications_close = models.DateTimeField(
        help_text="The deadline for application, resume and nomination."
    )
    selection_date = models.DateField(help_text="Candidates are selected by this date.")
    notification_date = models.DateField(
        help_text="Selected candidates and mentors are notified by this date."
    )
    classes_start = models.DateField()
    commencement = models.DateField()
    location = models.CharField(max_length=200, blank=True, help_text="Where the classes are held.")
    reviewers_see_all = models.BooleanField(
        "reviewers see every submitted application",
        default=False,
        help_text="Otherwise a reviewer sees only the applications assigned to them.",
    )
    candidate_places = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How many candidates the cohort takes; empty for no limit.",
    )
    mentor_places = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How many mentors the cohort takes; empty for no limit.",
    )
    offer_answer_days = models.PositiveSmallIntegerField(
        "days to answer an offer",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="An offered place is held until 5:00 p.m. this many days after the offer is e-mailed.",
    )
    absences_at_risk = models.PositiveSmallIntegerField(
        "absences that put a candidate at risk",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="Unexcused absences after which a candidate is marked at risk and the program manager told.",
    )

    objects = CohortQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-classes_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_open__lt=models.F("applications_close")),
                name="cohort_applications_open_before_close",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cohorts:detail", kwargs={"slug": self.slug})

    def clean(self):
        if (
            self.applications_open
            and self.applications_close
            and self.applications_open >= self.applications_close
        ):
            raise ValidationError({"applications_close": "The deadline must come after applications open."})
        if self.classes_start and self.commencement and self.classes_start > self.commencement:
            raise ValidationError({"commencement": "Commencement must come after classes start."})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_accepting_applications(self, now=None):
        now = now or timezone.now()
        return self.applications_open <= now < self.applications_close

    def months_of_classes(self, now) -> float:
        """Months since classes started, and one before then: what every per-month rate is divided by."""
        return max((timezone.localdate(now, self.tz) - self.classes_start).days / 30.44, 1)

    def absences_put_at_risk(self, absences: int) -> bool:
        """Whether this many unexcused absences put a candidate at risk: the attendance part of the one
        "at risk" rule (`completion.responsibilities`), which the absence notices use too."""
        return absences >= self.absences_at_risk


class Role(models.TextChoices):
    PROGRAM_MANAGER = "program_manager", "Program manager"
    REVIEWER = "reviewer", "Reviewer"
    INSTRUCTOR = "instructor", "Instructor"
    MENTOR = "mentor", "Mentor"
    CANDIDATE = "candidate", "Candidate"


class Membership(models.Model):
    """A person's role in one cohort. The same person may be a candidate one year and a mentor the next."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="unique_role_per_cohort"),
        ]
        indexes = [models.Index(fields=["user", "cohort"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} in {self.cohort}"


class Invitation(models.Model):
    """A role granted to an account whose e-mail address is not confirmed yet: it becomes a Membership when
    the address is confirmed, so a role never reaches whoever signed up with someone else's address."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="one_invitation_per_role"),
        ]

    def __str__(self):
        return f"{self.user} — invited as {self.get_role_display()} in {self.cohort}"


class Pairing(models.Model):
    """A mentor assigned to a candidate for one cohort; a candidate has at most one mentor."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pairings")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentees")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentors")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "candidate"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "candidate"], name="one_mentor_per_candidate"),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("candidate")), name="mentor_is_not_own_candidate"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} mentors {self.candidate} ({self.cohort})"


class ContractStatus(models.TextChoices):
    NOT_SENT = "not_sent", "Not sent"
    SENT = "sent", "Sent"
    SIGNED = "signed", "Signed"
    DECLINED = "declined", "Declined"


class MentorContract(models.Model):
    """Where the association's contract with one mentor for one cohort year stands, as the program manager
    records it (`services.record_contract`); `status_on` is the day it was sent, signed or declined."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentor_contracts")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts")
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=ContractStatus.NOT_SENT)
    status_on = models.DateField("date", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "mentor"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentor"], name="one_contract_per_mentor"),
        ]

    def __str__(self):
        return f"Contract of {self.mentor} for {self.cohort}: {self.get_status_display().lower()}"

    @property
    def is_signed(self) -> bool:
        return self.status == ContractStatus.SIGNED

    @property
    def state(self) -> str:
        """'not sent', 'signed on Fri, Mar 2, 2018': what pages and refusals say of it."""
        status = self.get_status_display().lower()
        return f"{status} on {day_text(self.status_on)}" if self.status_on else status


class ContractDocument(PrivateFile):
    """The signed contract, scanned or as signed electronically."""

    upload_folder = "contracts"

    contract = models.OneToOneField(MentorContract, on_delete=models.CASCADE, related_name="document")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name


class ProgramPage(models.Model):
    """The public description of a cohort's program, written by its program manager in Markdown and shown on
    the program page beside the timeline and schedule (`cohorts.program`). Absent means the default text."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="program_page")
    body_markdown = models.TextField("text (Markdown)")
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self):
        return f"Program page of {self.cohort}"
