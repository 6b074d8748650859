"""Changes of state at the end of the year: the cohort's expectations and certificate text, and completion."""

import base64

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Role
from cohorts.rules import roles_in
from cto_mentor import figures
from cto_mentor.notifications.services import queue

from . import certificates, responsibilities
from .models import DEFAULT_CERTIFICATE_TEXT, Completion, CompletionSettings


def settings_of(cohort: Cohort) -> CompletionSettings:
    """The cohort's settings, or the defaults (unsaved) for a cohort that has none."""
    try:
        return cohort.completion_settings
    except CompletionSettings.DoesNotExist:
        return CompletionSettings(cohort=cohort)


def _require_manager(cohort: Cohort, actor) -> None:
    if Role.PROGRAM_MANAGER not in roles_in(actor, cohort):
        raise ValidationError("Only a program manager of the cohort does this.")


def save_settings(
    *, cohort: Cohort, actor, mentor_meetings_per_month: int, certificate_text: str
) -> CompletionSettings:
    """Side effects: the cohort's CompletionSettings row (with its history)."""
    _require_manager(cohort, actor)
    if not 1 <= mentor_meetings_per_month <= 10:
        raise ValidationError({"mentor_meetings_per_month": "Expect from 1 to 10 meetings a month."})
    if not certificate_text.strip():
        raise ValidationError({"certificate_text": "Write the certificate's text."})
    certificates.check_text(certificate_text)
    settings, _ = CompletionSettings.objects.update_or_create(
        cohort=cohort,
        defaults={
            "mentor_meetings_per_month": mentor_meetings_per_month,
            "certificate_text": certificate_text,
        },
    )
    cohort.completion_settings = settings
    figures.forget(cohort.pk)  # meetings a month judge who is behind
    return settings


def certificate_of(completion: Completion) -> bytes:
    """The completion's certificate, from the cohort's text as it is now."""
    cohort = completion.cohort
    return certificates.certificate_pdf(
        text=settings_of(cohort).certificate_text or DEFAULT_CERTIFICATE_TEXT,
        cohort=cohort,
        name=completion.candidate.display_name,
        completed_on=completion.completed_on,
    )


def mark_completed(*, cohort: Cohort, candidate, actor, now=None) -> Completion:
    """Mark a candidate who has met all ten responsibilities, final presentation included, as having completed
    the program; refused, changing nothing, while anything is missing.

    Side effects: a Completion; the "program_completed" e-mail with the certificate attached.
    """
    now = now or timezone.now()
    _require_manager(cohort, actor)
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError("Only a candidate of the cohort completes it.")
    if Completion.objects.filter(cohort=cohort, candidate=candidate).exists():
        raise ValidationError(f"{candidate} is marked as having completed the program already.")
    record = responsibilities.record_of(cohort=cohort, candidate=candidate, now=now)
    if not record.complete:
        missing = "; ".join(f"{r.number}. {r.title}" for r in record.unmet)
        raise ValidationError(f"{candidate} has not met every responsibility yet: {missing}.")
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                cohort=cohort,
                candidate=candidate,
                completed_on=timezone.localdate(now, cohort.tz),
                marked_by=actor,
            )
            figures.forget(cohort.pk)
            queue(
                notice="program_completed",
                to=candidate,
                about=completion,
                cohort=cohort,
                context={"cohort": cohort, "completion": completion},
                link=reverse("completion:progress", kwargs={"slug": cohort.slug, "user_id": candidate.pk}),
                attachments=[
                    {
                        "filename": "certificate.pdf",
                        "content_base64": base64.b64encode(certificate_of(completion)).decode(),
                        "mimetype": "application/pdf",
                    }
                ],
            )
    except IntegrityError:
        raise ValidationError(f"{candidate} is marked as having completed the program already.") from None
    return completion


def unmark_completed(*, cohort: Cohort, candidate, actor) -> None:
    """Undo a completion marked by mistake: the candidate leaves the graduates and their certificate is no
    longer offered (nor can it be downloaded); refused, changing nothing, when there is no mark.

    Side effects: the Completion deleted, its history recording who undid it.
    """
    _require_manager(cohort, actor)
    with transaction.atomic():
        completion = Completion.objects.select_for_update().filter(cohort=cohort, candidate=candidate).first()
        if completion is None:
            raise ValidationError(f"{candidate} is not marked as having completed the program.")
        completion._history_user = actor
        completion.delete()
        figures.forget(cohort.pk)
