"""The applicant's draft: start, the form part, resume, availability, submit, withdraw, extensions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor import figures
from cto_mentor.notifications.services import queue
from cto_mentor.uploads import check_upload

from .. import selectors
from ..models import (
    Application,
    Availability,
    Extension,
    Resume,
    Status,
)

CLOSED_MESSAGE = (
    "The application deadline has passed. Electronic submission is required; "
    "other submissions will not be accepted."
)
FINAL_MESSAGE = "The application deadline has passed: this application is final and can no longer change."


def check_open(*, cohort: Cohort, applicant, now) -> None:
    if now < cohort.applications_open:
        raise ValidationError("Applications for this cohort are not open yet.")
    if now >= selectors.deadline_for(cohort=cohort, applicant=applicant):
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def read_only_reason(*, application: Application, now=None) -> str:
    """Why the applicant cannot change the application now, or "" when they can: the message the part pages
    show and the refusal of every change."""
    now = now or timezone.now()
    try:
        check_open(cohort=application.cohort, applicant=application.applicant, now=now)
    except ValidationError as error:
        if application.status == Status.DRAFT:
            return error.messages[0]
        return FINAL_MESSAGE
    if application.status == Status.SUBMITTED:
        return (
            "This application is submitted, so it is read-only. To change it, reopen it from the application "
            "page (possible until the deadline) and submit it again."
        )
    if application.status == Status.WITHDRAWN:
        return (
            "This application is withdrawn. Undo the withdrawal (possible until the deadline) to change it."
        )
    return ""


def check_editable(application: Application, now) -> None:
    """Refuse a change the applicant cannot make now: code "closed" once their deadline passed, else
    "read_only" (submitted or withdrawn)."""
    reason = read_only_reason(application=application, now=now)
    if reason:
        past_deadline = reason in (CLOSED_MESSAGE, FINAL_MESSAGE)
        raise ValidationError(reason, code="closed" if past_deadline else "read_only")


def touch(application: Application, now) -> None:
    """Record a change the applicant made to a part (reviewers see it when it comes after their review)."""
    application.updated_at = application.changed_at = now
    application.save(update_fields=["updated_at", "changed_at"])
    figures.forget(application.cohort_id)  # the dashboard's complete applications


def start_application(*, cohort: Cohort, applicant, kind: str, now=None) -> Application:
    """The applicant's live application for the cohort and kind, or a new draft made inside the window (a new
    start after a withdrawal leaves the withdrawn one in the applicant's history).

    Side effects: an Application row in draft.
    """
    now = now or timezone.now()
    existing = Application.objects.live().filter(cohort=cohort, applicant=applicant, kind=kind).first()
    if existing:
        return existing
    check_open(cohort=cohort, applicant=applicant, now=now)
    with transaction.atomic():
        application, _ = Application.objects.live().get_or_create(
            cohort=cohort,
            applicant=applicant,
            kind=kind,
            defaults={
                "created_at": now,
                "updated_at": now,
                "organization": applicant.organization,
                "current_position": applicant.title,
            },
        )
        figures.forget(application.cohort_id)
    return application


def save_form(*, application: Application, data: dict, now=None) -> Application:
    """Keep what the applicant typed in the form part, complete or not.

    Side effects: the form fields; `form_completed_at` set when every required answer is there, else cleared;
    `changed_at`.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        check_editable(application, now)
        fields = list(data)
        for name, value in data.items():
            setattr(application, name, value)
        complete = not selectors.missing_form_fields(application=application)
        application.form_completed_at = (application.form_completed_at or now) if complete else None
        application.updated_at = application.changed_at = now
        application.save(update_fields=[*fields, "form_completed_at", "updated_at", "changed_at"])
        figures.forget(application.cohort_id)  # the dashboard's complete applications
    return application


def upload_resume(*, application: Application, uploaded, now=None) -> Resume:
    """Store the resume privately, replacing an earlier one.

    `uploaded` comes from an UploadField (DOCUMENTS kinds), which checked its type from the content.
    Side effects: a Resume row and a stored file; the earlier file is deleted after commit.
    """
    now = now or timezone.now()
    if not hasattr(uploaded, "kind"):
        uploaded.kind = check_upload(uploaded)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        check_editable(application, now)
        resume = Resume.objects.filter(application=application).first()
        old_file = resume.file.name if resume else None
        resume = resume or Resume(application=application)
        resume.set_upload(uploaded)
        resume.uploaded_at = now
        resume.save()
        touch(application, now)
        if old_file:
            storage = resume.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return resume


def save_availability(*, application: Application, answers: dict[int, tuple[bool, str]], now=None) -> None:
    """Record, for each class day (meeting id), whether the applicant can attend and a note if not.

    Side effects: one Availability row per answered meeting, replacing earlier answers.
    """
    now = now or timezone.now()
    allowed = set(selectors.meetings_to_confirm(application=application).values_list("pk", flat=True))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        check_editable(application, now)
        for meeting_id, (available, note) in answers.items():
            if meeting_id not in allowed:
                continue
            Availability.objects.update_or_create(
                application=application,
                meeting_id=meeting_id,
                defaults={"available": available, "note": "" if available else note},
            )
        touch(application, now)


def submit_application(*, application: Application, now=None) -> Application:
    """Submit a complete draft (or a reopened application again) before the applicant's deadline. Submitting
    twice submits once.

    The row is locked, so two submits at the same moment make one submission and one e-mail.
    Side effects: status submitted, `submitted_at`, `reopened_at` cleared; a confirmation e-mail to the
    applicant saying what happens next (one per submission).
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort", "applicant")
            .get(pk=application.pk)
        )
        if application.status == Status.SUBMITTED:
            raise ValidationError("This application has already been submitted.", code="already_submitted")
        check_editable(application, now)
        if not application.applicant.is_verified:
            raise ValidationError(
                "Confirm your e-mail address before submitting: open the link we sent you, or send it again "
                "from your home page.",
                code="unverified",
            )
        missing = [part.name for part in selectors.checklist(application=application) if not part.done]
        if missing:
            raise ValidationError(f"Complete every part before submitting: {', '.join(missing)}.")
        resubmitted = application.reopened_at is not None
        application.status = Status.SUBMITTED
        application.submitted_at = application.updated_at = now
        application.reopened_at = None
        application.save(update_fields=["status", "submitted_at", "updated_at", "reopened_at"])
        figures.forget(application.cohort_id)
        queue(
            notice="application_submitted",
            to=application.applicant,
            about=application,
            occasion=now.isoformat() if resubmitted else "",
            context={
                "application": application,
                "cohort": application.cohort,
                "deadline": selectors.deadline_for(
                    cohort=application.cohort, applicant=application.applicant
                ),
            },
            link=application.get_absolute_url(),
            cohort=application.cohort,
        )
    return application


def _locked_own(application: Application, actor) -> Application:
    """The application locked for a change only its applicant may make."""
    application = (
        Application.objects.select_for_update().select_related("cohort", "applicant").get(pk=application.pk)
    )
    if application.applicant_id != actor.pk:
        raise ValidationError("Only the applicant can do this to their application.", code="not_applicant")
    return application


def reopen_refusal(*, application: Application, now=None) -> str:
    """Why the application cannot be reopened now, or "" when it can."""
    now = now or timezone.now()
    if application.status != Status.SUBMITTED:
        return "Only a submitted application can be reopened."
    try:
        check_open(cohort=application.cohort, applicant=application.applicant, now=now)
    except ValidationError:
        return FINAL_MESSAGE
    if application.decision:
        return "A decision has been recorded on this application; it can no longer be reopened."
    return ""


def reopen_application(*, application: Application, actor, now=None) -> Application:
    """The applicant takes their submitted application back to change it, before their deadline and before
    any decision. Reviews already given are kept; reviewers see that it changed after their review.

    Side effects: status draft with `reopened_at` (`submitted_at` kept, so reviewers keep their access); it is
    out of the selection until submitted again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_own(application, actor)
        refusal = reopen_refusal(application=application, now=now)
        if refusal:
            raise ValidationError(refusal, code="not_reopenable")
        application.status = Status.DRAFT
        application.reopened_at = application.updated_at = now
        application.save(update_fields=["status", "reopened_at", "updated_at"])
        figures.forget(application.cohort_id)
    return application


def withdraw_refusal(*, application: Application) -> str:
    """Why the application cannot be withdrawn, or "" when it can."""
    if application.status == Status.WITHDRAWN:
        return "This application has already been withdrawn."
    if application.decision_sent_at is not None:
        return "A decision has been sent; answer it from the decision page instead."
    return ""


def withdraw_application(*, application: Application, actor, now=None) -> Application:
    """The applicant takes the application out of the selection; possible until a decision has been e-mailed,
    and undone with `undo_withdrawal` until the deadline.

    Side effects: status withdrawn and `withdrawn_at`; the application leaves every reviewer's list (one never
    submitted is seen by no reviewer); the applicant may start a new one.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_own(application, actor)
        refusal = withdraw_refusal(application=application)
        if refusal:
            raise ValidationError(refusal, code="not_withdrawable")
        application.status = Status.WITHDRAWN
        application.withdrawn_at = application.updated_at = now
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
        figures.forget(application.cohort_id)
    return application


def undo_refusal(*, application: Application, now=None) -> str:
    """Why the withdrawal cannot be undone now, or "" when it can."""
    now = now or timezone.now()
    if application.status != Status.WITHDRAWN:
        return "This application is not withdrawn."
    try:
        check_open(cohort=application.cohort, applicant=application.applicant, now=now)
    except ValidationError:
        return "The application deadline has passed: the withdrawal can no longer be undone."
    newer = Application.objects.live().filter(
        cohort=application.cohort, applicant=application.applicant, kind=application.kind
    )
    if newer.exists():
        return "You have started a new application of this kind since; continue that one instead."
    return ""


def undo_withdrawal(*, application: Application, actor, now=None) -> Application:
    """Put a withdrawn application back as it was (submitted, a draft, or reopened), before the deadline and
    unless the applicant has started a new application of the same kind since.

    Side effects: the status it had, `withdrawn_at` cleared.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_own(application, actor)
        refusal = undo_refusal(application=application, now=now)
        if refusal:
            raise ValidationError(refusal, code="not_undoable")
        was_submitted = application.submitted_at is not None and application.reopened_at is None
        application.status = Status.SUBMITTED if was_submitted else Status.DRAFT
        application.withdrawn_at = None
        application.updated_at = now
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
        figures.forget(application.cohort_id)
    return application


def grant_extension(*, cohort: Cohort, applicant, until, reason: str, granted_by, now=None) -> Extension:
    """Let one applicant submit until `until`, recording who granted it and why (replaces an earlier one).

    Side effects: the Extension row; an e-mail telling the applicant their new deadline.
    """
    now = now or timezone.now()
    if until <= cohort.applications_close:
        raise ValidationError({"until": "An extension must end after the cohort's deadline."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the extension is granted."})
    with transaction.atomic():
        extension, _ = Extension.objects.update_or_create(
            cohort=cohort,
            applicant=applicant,
            defaults={"until": until, "reason": reason, "granted_by": granted_by, "granted_at": now},
        )
        queue(
            notice="extension_granted",
            to=applicant,
            about=extension,
            occasion=until.isoformat(),
            context={"extension": extension, "cohort": cohort},
            link=reverse("applications:start", args=[cohort.slug]),
            cohort=cohort,
        )
    return extension
