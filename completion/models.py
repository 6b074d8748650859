"""What completing the program takes and who completed it: the cohort's expectations, the completion marks
and the certificate's text."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort

User = settings.AUTH_USER_MODEL

DEFAULT_CERTIFICATE_TEXT = (
    "This certifies that\n\n{name}\n\nhas completed the {program} of {organization}, {cohort}, "
    "from {classes_start} to {commencement}, attending its classes, passing its assignments and "
    "presentations, and building a professional portfolio.\n\nCompleted on {completed_on}."
)


class CompletionSettings(models.Model):
    """A cohort's own expectations and certificate text; a cohort without a row uses the defaults."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="completion_settings")
    mentor_meetings_per_month = models.PositiveSmallIntegerField(
        "meetings with the mentor expected each month",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    certificate_text = models.TextField(default=DEFAULT_CERTIFICATE_TEXT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "completion settings"
        verbose_name_plural = "completion settings"

    def __str__(self):
        return f"Completion settings of {self.cohort}"


class Completion(models.Model):
    """A candidate marked by the program manager as having completed the program, after the final
    presentations."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="completions")
    candidate = models.ForeignKey(User, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    marked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "candidate__last_name", "candidate__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "candidate"], name="one_completion_per_candidate")
        ]

    def __str__(self):
        return f"{self.candidate} completed {self.cohort}"

    def get_absolute_url(self):
        return reverse(
            "completion:certificate", kwargs={"slug": self.cohort.slug, "user_id": self.candidate_id}
        )
