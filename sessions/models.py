import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort
from cto_mentor.dates import range_text
from cto_mentor.uploads import PrivateFile


class SessionKind(models.TextChoices):
    KICKOFF = "kickoff", "Kickoff meeting"
    CLASS = "class", "Class session"
    FINAL = "final", "Final presentations and commencement"


class ClassSessionQuerySet(models.QuerySet):
    def in_schedule_order(self):
        return self.annotate(first_start=models.Min("meetings__starts_at")).order_by("first_start", "number")


class ClassSession(models.Model):
    """An entry of a cohort's class year: the kickoff, a numbered class session or the final presentations."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="class_sessions")
    kind = models.CharField(max_length=10, choices=SessionKind.choices, default=SessionKind.CLASS)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1–8 for class sessions.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    mentors_expected = models.BooleanField(default=False, help_text="Mentors must attend (the kickoff).")
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sessions_taught")

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="unique_session_number_per_cohort"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("class_sessions:detail", kwargs={"pk": self.pk})

    @property
    def label(self):
        if self.kind == SessionKind.CLASS and self.number:
            return f"Session {self.number}"
        return self.get_kind_display()

    @property
    def full_name(self):
        """'Session 1 — Leadership and Strategic Planning'; the label alone when the title only repeats it
        (the kickoff is titled 'Kickoff meeting')."""
        if not self.title or self.title.casefold() == self.label.casefold():
            return self.label
        return f"{self.label} — {self.title}"


class Topic(models.Model):
    """A subject taught in a session; portfolios give evidence against these."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["session", "name"], name="unique_topic_per_session")]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """One day of a session, as aware datetimes so the local hours survive daylight-saving changes."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.session} — {range_text(self.starts_at, self.ends_at, self.session.cohort)}"


class CalendarFeed(models.Model):
    """A person's private calendar subscription: the random token in the feed's URL is the only key to it.

    Only a hash of the token is kept (as for nomination links), so the address is shown once, when it is
    made; renewing the token revokes every URL given out before. Turning the feed off sets `revoked_at`, so the
    same address can be turned on again until the person asks for a new one.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def path_for(token: str) -> str:
        return reverse("class_sessions:feed", kwargs={"token": token})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


# Statuses that fall short of full attendance; absence and late arrival warn the candidate and mentor.
SHORT_OF_FULL = {
    AttendanceStatus.LATE,
    AttendanceStatus.LEFT_EARLY,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
}
CONCERNING = {AttendanceStatus.LATE, AttendanceStatus.ABSENT}


class Attendance(models.Model):
    """Whether one person attended one meeting, as last recorded; `history` keeps each version, by whom, when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_meeting")
        ]

    def __str__(self):
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"

    @property
    def is_full(self):
        return self.status == AttendanceStatus.PRESENT

    @property
    def status_label(self) -> str:
        """get_status_display() without rebuilding the choices on each call: grids show hundreds of marks."""
        return AttendanceStatus(self.status).label


class AssignmentQuerySet(models.QuerySet):
    def cohort_wide(self):
        return self.filter(assigned_to=None)

    def for_candidate(self, candidate):
        """What the candidate must hand in: the cohort-wide assignments and their own make-up work."""
        return self.filter(models.Q(assigned_to=None) | models.Q(assigned_to=candidate))


class Assignment(models.Model):
    """A prerequisite assignment of a session, due before the session starts; or the make-up work of one
    candidate for an excused absence (`assigned_to`, `makes_up`), due after it."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    instructions = models.TextField()
    due_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="make_up_assignments",
        help_text="Make-up work is for this candidate alone; empty for every candidate of the cohort.",
    )
    makes_up = models.OneToOneField(
        "Attendance", on_delete=models.SET_NULL, null=True, blank=True, related_name="make_up"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["due_at"])]

    def __str__(self):
        return f"{self.session}: {self.title}"

    def get_absolute_url(self):
        return reverse("class_sessions:assignment", kwargs={"pk": self.pk})

    @property
    def cohort(self):
        return self.session.cohort

    def applies_to(self, candidate) -> bool:
        return self.assigned_to_id in (None, candidate.pk)


class AssignmentAttachment(PrivateFile):
    upload_folder = "assignments"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("class_sessions:attachment", kwargs={"pk": self.pk})


class Grade(models.TextChoices):
    PASS = "pass", "Pass"
    NEEDS_REVISION = "needs_revision", "Needs revision"
    FAIL = "fail", "Fail"


# A grade's correction says why in its history record, whose reason column holds this much.
REASON_LENGTH = 100
# Grades that reopen the assignment for a new version: the candidate revises until the work passes.
REVISABLE = {Grade.NEEDS_REVISION, Grade.FAIL}


class SubmissionQuerySet(models.QuerySet):
    def latest_versions(self):
        """Each candidate's newest version per assignment: the one that counts."""
        newer = Submission.objects.filter(
            assignment=models.OuterRef("assignment"),
            candidate=models.OuterRef("candidate"),
            version__gt=models.OuterRef("version"),
        )
        return self.filter(~models.Exists(newer))


class Submission(models.Model):
    """One version of a candidate's work for an assignment. A replacement or a revision is a new version;
    earlier versions stay, and only the newest may be graded."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(blank=True)
    submitted_at = models.DateTimeField()
    is_late = models.BooleanField(default=False)
    grade = models.CharField(max_length=16, choices=Grade.choices, blank=True)
    comments = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    revision_due_at = models.DateTimeField(
        null=True, blank=True, help_text="After a fail or “needs revision”: a revision is taken until then."
    )

    objects = SubmissionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["assignment", "candidate", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "candidate", "version"], name="unique_submission_version"
            ),
        ]

    def __str__(self):
        return f"{self.candidate} — {self.assignment} (version {self.version})"

    def get_absolute_url(self):
        return reverse("class_sessions:submission", kwargs={"pk": self.pk})

    @property
    def is_graded(self):
        return bool(self.grade)

    @property
    def asks_for_revision(self):
        return self.grade in REVISABLE


class SubmissionFile(PrivateFile):
    upload_folder = "submissions"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("class_sessions:submission_file", kwargs={"pk": self.pk})


class PresentationKind(models.TextChoices):
    CLASS = "class", "Class oral presentation"
    FINAL = "final", "Final oral presentation"


class PresentationResult(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"


class Presentation(models.Model):
    """A candidate's oral presentation in a session (a class one) or at commencement (the final one)."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="presentations")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presentations"
    )
    kind = models.CharField(max_length=10, choices=PresentationKind.choices, default=PresentationKind.CLASS)
    topic = models.CharField(max_length=200)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=PresentationResult.choices, blank=True)
    comments = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "scheduled_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "candidate"], name="one_presentation_per_session"),
        ]

    def __str__(self):
        return f"{self.candidate}: {self.topic} ({self.session})"
