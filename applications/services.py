"""Every change of state of an application, its nomination, its reviews and its decision.

Each function checks the current state first, writes inside one transaction and queues its e-mails in the
same transaction (the outbox sends them after commit). A refusal is a ValidationError whose message is meant
for the person who tried.
"""

import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cohorts.rules import roles_in
from cohorts.services import add_member, remove_member
from cto_mentor.notifications.services import queue
from cto_mentor.uploads import check_upload

from . import selectors
from .models import (
    Application,
    Availability,
    ContractStatus,
    Criterion,
    Decision,
    Extension,
    Kind,
    Nomination,
    Response,
    Resume,
    Review,
    ReviewStatus,
    Score,
    Status,
)

NOMINATION_LINK_LIFETIME = timedelta(days=21)
CLOSED_MESSAGE = (
    "The application deadline has passed. Electronic submission is required; "
    "other submissions will not be accepted."
)


def _check_open(*, cohort: Cohort, applicant, now) -> None:
    if now < cohort.applications_open:
        raise ValidationError("Applications for this cohort are not open yet.")
    if now >= selectors.deadline_for(cohort=cohort, applicant=applicant):
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def _check_editable(application: Application, now) -> None:
    if application.status != Status.DRAFT:
        raise ValidationError(
            "This application is no longer a draft and cannot be changed.", code="not_draft"
        )
    _check_open(cohort=application.cohort, applicant=application.applicant, now=now)


def _touch(application: Application, now) -> None:
    application.updated_at = now
    application.save(update_fields=["updated_at"])


def start_application(*, cohort: Cohort, applicant, kind: str, now=None) -> Application:
    """The applicant's draft for the cohort and kind, made on first visit inside the window.

    Side effects: an Application row in draft.
    """
    now = now or timezone.now()
    existing = Application.objects.filter(cohort=cohort, applicant=applicant, kind=kind).first()
    if existing:
        return existing
    _check_open(cohort=cohort, applicant=applicant, now=now)
    with transaction.atomic():
        application, _ = Application.objects.get_or_create(
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
    return application


def save_form(*, application: Application, data: dict, now=None) -> Application:
    """Keep what the applicant typed in the form part, complete or not.

    Side effects: the form fields; `form_completed_at` set when every required answer is there, else cleared.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application, now)
        fields = list(data)
        for name, value in data.items():
            setattr(application, name, value)
        complete = not selectors.missing_form_fields(application=application)
        application.form_completed_at = (application.form_completed_at or now) if complete else None
        application.updated_at = now
        application.save(update_fields=[*fields, "form_completed_at", "updated_at"])
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
        _check_editable(application, now)
        resume = Resume.objects.filter(application=application).first()
        old_file = resume.file.name if resume else None
        resume = resume or Resume(application=application)
        resume.set_upload(uploaded)
        resume.uploaded_at = now
        resume.save()
        _touch(application, now)
        if old_file:
            storage = resume.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return resume


def _new_token(nomination: Nomination, now) -> str:
    token = secrets.token_urlsafe(32)
    nomination.token_hash = Nomination.hash_token(token)
    nomination.expires_at = now + NOMINATION_LINK_LIFETIME
    nomination.requested_at = now
    nomination.requests_sent += 1
    return token


def _queue_nomination_request(nomination: Nomination, token: str) -> None:
    application = nomination.application
    queue(
        notice="nomination_request",
        to=nomination.nominator_email,
        about=nomination,
        occasion=f"request-{nomination.requests_sent}",
        context={
            "nomination": nomination,
            "application": application,
            "applicant": application.applicant,
            "cohort": application.cohort,
            "deadline": selectors.deadline_for(cohort=application.cohort, applicant=application.applicant),
        },
        link=reverse("applications:nominate", args=[token]),
        cohort=application.cohort,
    )


def request_nomination(
    *, application: Application, name: str, title: str, organization: str, email: str, now=None
) -> Nomination:
    """Name the nominator (first time, or a different one) and e-mail them a fresh link.

    A new link replaces the earlier one, which stops working.
    Side effects: the Nomination row (new token and expiry); an e-mail to the nominator's address.
    """
    now = now or timezone.now()
    if application.kind != Kind.CANDIDATE:
        raise ValidationError("Only candidate applications need a nomination.")
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application, now)
        nomination = Nomination.objects.filter(application=application).first()
        if nomination and nomination.is_submitted:
            raise ValidationError("The nomination has already been received; it cannot be requested again.")
        nomination = nomination or Nomination(application=application)
        nomination.nominator_name = name
        nomination.nominator_title = title
        nomination.nominator_organization = organization
        nomination.nominator_email = email.lower()
        token = _new_token(nomination, now)
        nomination.save()
        _queue_nomination_request(nomination, token)
        _touch(application, now)
    return nomination


def resend_nomination_request(*, application: Application, now=None) -> Nomination:
    """Send the nominator a new link (the earlier one stops working).

    Side effects: a new token and expiry; an e-mail to the nominator.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application, now)
        nomination = Nomination.objects.filter(application=application).first()
        if nomination is None:
            raise ValidationError("Name your nominator first.")
        if nomination.is_submitted:
            raise ValidationError("The nomination has already been received.")
        token = _new_token(nomination, now)
        nomination.save(update_fields=["token_hash", "expires_at", "requested_at", "requests_sent"])
        _queue_nomination_request(nomination, token)
    return nomination


def check_nomination_link(*, nomination: Nomination | None, now=None) -> Nomination:
    """The nomination the link opens, or a ValidationError that says why the link no longer works."""
    now = now or timezone.now()
    if nomination is None:
        raise ValidationError(
            "This link is not valid. The applicant may have sent a newer one; ask them to send it again.",
            code="invalid",
        )
    if nomination.is_submitted:
        raise ValidationError("This nomination has already been submitted. Thank you.", code="used")
    if nomination.expires_at <= now:
        raise ValidationError(
            "This link has expired. Ask the applicant to send the request again.", code="expired"
        )
    application = nomination.application
    if application.status != Status.DRAFT:
        raise ValidationError("This application is no longer open for a nomination.", code="closed")
    _check_open(cohort=application.cohort, applicant=application.applicant, now=now)
    return nomination


def submit_nomination(
    *,
    nomination: Nomination,
    relationship: str,
    recommendation: str,
    supports_release_time: bool,
    now=None,
) -> Nomination:
    """Record the nominator's form. The link works once only.

    Side effects: the nomination's answers and `submitted_at`; an e-mail to the applicant.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        nomination = check_nomination_link(nomination=locked, now=now)
        nomination.relationship = relationship
        nomination.recommendation = recommendation
        nomination.supports_release_time = supports_release_time
        nomination.submitted_at = now
        nomination.save(
            update_fields=["relationship", "recommendation", "supports_release_time", "submitted_at"]
        )
        application = nomination.application
        queue(
            notice="nomination_received",
            to=application.applicant,
            about=nomination,
            context={"nomination": nomination, "application": application, "cohort": application.cohort},
            link=application.get_absolute_url(),
            cohort=application.cohort,
        )
    return nomination


def save_availability(*, application: Application, answers: dict[int, tuple[bool, str]], now=None) -> None:
    """Record, for each class day (meeting id), whether the applicant can attend and a note if not.

    Side effects: one Availability row per answered meeting, replacing earlier answers.
    """
    now = now or timezone.now()
    allowed = set(selectors.meetings_to_confirm(application=application).values_list("pk", flat=True))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application, now)
        for meeting_id, (available, note) in answers.items():
            if meeting_id not in allowed:
                continue
            Availability.objects.update_or_create(
                application=application,
                meeting_id=meeting_id,
                defaults={"available": available, "note": "" if available else note},
            )
        _touch(application, now)


def submit_application(*, application: Application, now=None) -> Application:
    """Submit a complete draft before the applicant's deadline. Submitting twice submits once.

    The row is locked, so two submits at the same moment make one submission and one e-mail.
    Side effects: status submitted and `submitted_at`; a confirmation e-mail to the applicant.
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
        _check_editable(application, now)
        missing = [part.name for part in selectors.checklist(application=application) if not part.done]
        if missing:
            raise ValidationError(f"Complete every part before submitting: {', '.join(missing)}.")
        application.status = Status.SUBMITTED
        application.submitted_at = application.updated_at = now
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        queue(
            notice="application_submitted",
            to=application.applicant,
            about=application,
            context={"application": application, "cohort": application.cohort},
            link=application.get_absolute_url(),
            cohort=application.cohort,
        )
    return application


def withdraw_application(*, application: Application, now=None) -> Application:
    """Take the application out of the selection; possible until a decision has been e-mailed.

    Side effects: status withdrawn and `withdrawn_at`; the application leaves every reviewer's list.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status == Status.WITHDRAWN:
            raise ValidationError("This application has already been withdrawn.")
        if application.decision_sent_at is not None:
            raise ValidationError("A decision has been sent; answer it from the decision page instead.")
        application.status = Status.WITHDRAWN
        application.withdrawn_at = application.updated_at = now
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
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


def _check_rubric_open(cohort: Cohort) -> None:
    if Review.objects.filter(application__cohort=cohort, status=ReviewStatus.SUBMITTED).exists():
        raise ValidationError("Reviews have been submitted with this rubric; it can no longer change.")


def add_criterion(*, cohort: Cohort, name: str, description: str = "", weight: int = 1) -> Criterion:
    """Add a line to the cohort's rubric; refused once a review has been submitted.

    Side effects: a Criterion row, ordered last.
    """
    with transaction.atomic():
        _check_rubric_open(cohort)
        if Criterion.objects.filter(cohort=cohort, name__iexact=name).exists():
            raise ValidationError({"name": "The rubric already has a criterion with this name."})
        order = Criterion.objects.filter(cohort=cohort).count() + 1
        return Criterion.objects.create(
            cohort=cohort, name=name, description=description, weight=weight, order=order
        )


def remove_criterion(*, criterion: Criterion) -> None:
    """Take a line off the rubric; refused once a review has been submitted. Side effects: deletes it."""
    with transaction.atomic():
        _check_rubric_open(criterion.cohort)
        Score.objects.filter(criterion=criterion).delete()
        criterion.delete()


def assign_reviewer(*, application: Application, reviewer, actor) -> Review:
    """Ask a reviewer (or program manager) of the cohort to review a submitted application.

    Side effects: a Review row waiting for scores; assigning the same person again changes nothing.
    """
    if application.status != Status.SUBMITTED:
        raise ValidationError("Only submitted applications are reviewed.")
    if not roles_in(reviewer, application.cohort) & {Role.REVIEWER, Role.PROGRAM_MANAGER}:
        raise ValidationError(f"{reviewer} is not a reviewer in {application.cohort}.")
    if reviewer.pk == application.applicant_id:
        raise ValidationError("Nobody reviews their own application.")
    with transaction.atomic():
        review, _ = Review.objects.get_or_create(
            application=application, reviewer=reviewer, defaults={"assigned_by": actor}
        )
    return review


def declare_conflict(*, review: Review, reason: str, now=None) -> Review:
    """The reviewer steps back from this application. Side effects: status conflict, the reason kept."""
    now = now or timezone.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.ASSIGNED:
            raise ValidationError("This review is already closed.")
        if not reason.strip():
            raise ValidationError({"conflict_reason": "Say briefly what the conflict is."})
        review.status, review.conflict_reason, review.submitted_at = ReviewStatus.CONFLICT, reason, now
        review.save(update_fields=["status", "conflict_reason", "submitted_at"])
    return review


def weighted_mean(pairs) -> Decimal:
    """The weighted mean of (value, weight) pairs, to two decimals."""
    total_weight = sum(weight for _, weight in pairs)
    mean = Decimal(sum(value * weight for value, weight in pairs)) / Decimal(total_weight)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def submit_review(
    *, review: Review, scores: dict[int, tuple[int, str]], comments: str = "", now=None
) -> Review:
    """Score every criterion of the cohort's rubric (1 to 5) and submit; a submitted review is final.

    Side effects: one Score per criterion; the review's weighted score, comments and status submitted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
        if review.status != ReviewStatus.ASSIGNED:
            raise ValidationError("This review is already closed.")
        criteria = list(Criterion.objects.filter(cohort_id=review.application.cohort_id))
        if not criteria:
            raise ValidationError("The program manager has not defined the rubric yet.")
        missing = [c.name for c in criteria if c.pk not in scores]
        if missing:
            raise ValidationError(f"Score every criterion: {', '.join(missing)}.")
        if any(not 1 <= scores[c.pk][0] <= 5 for c in criteria):
            raise ValidationError("Scores go from 1 to 5.")
        Score.objects.bulk_create(
            Score(review=review, criterion=c, value=scores[c.pk][0], comment=scores[c.pk][1])
            for c in criteria
        )
        review.weighted_score = weighted_mean([(scores[c.pk][0], c.weight) for c in criteria])
        review.status, review.comments, review.submitted_at = ReviewStatus.SUBMITTED, comments, now
        review.save(update_fields=["weighted_score", "status", "comments", "submitted_at"])
    return review


def decide(*, application: Application, decision: str, reason: str, actor, now=None) -> Application:
    """Record accepted, waitlisted or declined with its reason, until the decision is e-mailed.

    Side effects: the decision fields. Nothing is sent: `send_decisions` does that.
    """
    now = now or timezone.now()
    if decision not in (Decision.ACCEPTED, Decision.WAITLISTED, Decision.DECLINED):
        raise ValidationError({"decision": "Choose accepted, waitlisted or declined."})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.SUBMITTED:
            raise ValidationError("Only a submitted application can be decided.")
        if application.decision_sent_at is not None:
            raise ValidationError("The decision has already been e-mailed; it can no longer change.")
        application.decision, application.decision_reason = decision, reason
        application.decided_at, application.decided_by = now, actor
        application.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
    return application


def decision_email(application: Application) -> dict:
    """The arguments of the decision e-mail (the same for the preview and the sending)."""
    link = (
        reverse("applications:place", args=[application.pk])
        if application.decision == Decision.ACCEPTED
        else application.get_absolute_url()
    )
    return {
        "notice": "application_decision",
        "to": application.applicant,
        "about": application,
        "occasion": application.decision,
        "context": {"application": application, "cohort": application.cohort},
        "link": link,
        "cohort": application.cohort,
    }


def _notify_decision(application: Application, now) -> None:
    queue(**decision_email(application))
    application.decision_sent_at = now
    application.save(update_fields=["decision_sent_at"])
    if application.decision == Decision.ACCEPTED:
        add_member(cohort=application.cohort, user=application.applicant, role=application.kind)


def send_decisions(*, cohort: Cohort, now=None) -> int:
    """E-mail every decided, not yet notified applicant of the cohort; returns how many were notified.

    Running it twice sends nothing the second time: the rows are locked and marked, and the outbox key
    (application, decision) refuses a second e-mail.
    Side effects: one decision e-mail per applicant; `decision_sent_at`; accepted applicants become
    candidates or mentors of the cohort.
    """
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Application.objects.decided_not_notified()
            .filter(cohort=cohort)
            .select_for_update(of=("self",))
            .select_related("applicant", "cohort")
        )
        for application in pending:
            _notify_decision(application, now)
    return len(pending)


def answer_offer(*, application: Application, accept: bool, now=None) -> Application:
    """The accepted applicant confirms or declines the place, once.

    Side effects: the response; on a decline, the applicant's role in the cohort is taken away (unless
    already paired, in which case the program manager removes the pairing first).
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort", "applicant")
            .get(pk=application.pk)
        )
        if not application.awaits_answer:
            raise ValidationError("There is no offer waiting for your answer.")
        application.response = Response.CONFIRMED if accept else Response.DECLINED
        application.responded_at = now
        application.save(update_fields=["response", "responded_at"])
        if not accept:
            membership = Membership.objects.filter(
                cohort=application.cohort, user=application.applicant, role=application.kind
            ).first()
            if membership:
                remove_member(membership=membership)
    return application


def offer_place(*, application: Application, actor, now=None) -> Application:
    """Offer a place that someone declined to a waitlisted applicant of the same kind.

    Side effects: the decision becomes accepted; the acceptance e-mail (asking for an answer); the
    applicant becomes a member of the cohort.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort", "applicant")
            .get(pk=application.pk)
        )
        if application.decision != Decision.WAITLISTED or application.status != Status.SUBMITTED:
            raise ValidationError("Only a waitlisted applicant can be offered a place.")
        if selectors.open_places(cohort=application.cohort, kind=application.kind) < 1:
            raise ValidationError("No accepted applicant has declined a place; there is none to offer.")
        application.decision = Decision.ACCEPTED
        application.decision_reason = "A place opened up: offered from the waitlist."
        application.decided_at, application.decided_by = now, actor
        application.offered_from_waitlist_at = now
        application.save(
            update_fields=[
                "decision",
                "decision_reason",
                "decided_at",
                "decided_by",
                "offered_from_waitlist_at",
            ]
        )
        _notify_decision(application, now)
    return application


def set_contract_status(*, application: Application, status: str) -> Application:
    """Record where an accepted mentor's contract stands. Side effects: `contract_status`."""
    if application.kind != Kind.MENTOR or application.decision != Decision.ACCEPTED:
        raise ValidationError("Contracts are tracked for accepted mentors only.")
    if status not in ContractStatus.values:
        raise ValidationError({"contract_status": "Choose not sent, sent or signed."})
    with transaction.atomic():
        application.contract_status = status
        application.save(update_fields=["contract_status"])
    return application
