import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cto_mentor import figures
from cto_mentor.dates import day_text, moment_text, wall_clock_text
from cto_mentor.notifications import reminders
from cto_mentor.notifications.services import queue
from cto_mentor.users.models import User
from cto_mentor.users.services import email_verified, verification_link

from . import hooks
from .models import (
    Cohort,
    ContractDocument,
    ContractStatus,
    Invitation,
    Membership,
    MentorContract,
    Pairing,
    Program,
    Role,
)
from .rules import forget_roles, roles_in

_PAIRED_AS = {Role.MENTOR: "mentor", Role.CANDIDATE: "candidate"}


def add_member(*, cohort: Cohort, user, role: str) -> Membership:
    """Give `user` a role in `cohort`; giving a role they hold already changes nothing.

    Only an account whose address is confirmed gets a role: see `grant_role` for one that is not yet.
    """
    if not user.is_verified:
        raise ValidationError(f"{user.email} is not confirmed yet; it cannot be given a role.")
    membership, _ = Membership.objects.get_or_create(cohort=cohort, user=user, role=role)
    forget_roles(user)
    figures.forget(cohort.pk)
    return membership


def grant_role(*, cohort: Cohort, user, role: str, actor=None) -> Membership | Invitation:
    """Give the role now to a confirmed account; to an unconfirmed one, invite it to confirm its address.

    Side effects: a Membership, or an Invitation and a role_invitation e-mail with a confirmation link.
    """
    if user.is_verified:
        return add_member(cohort=cohort, user=user, role=role)
    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(
            cohort=cohort, user=user, role=role, defaults={"invited_by": actor}
        )
        if created:
            queue(
                notice="role_invitation",
                to=user,
                about=invitation,
                context={"cohort": cohort, "role": invitation.get_role_display().lower()},
                link=verification_link(user),
                cohort=cohort,
            )
    return invitation


@receiver(email_verified)
def grant_waiting_roles(sender, user, **kwargs) -> None:
    """The address is confirmed: the roles it was invited to become memberships."""
    for invitation in Invitation.objects.filter(user=user):
        Membership.objects.get_or_create(cohort=invitation.cohort, user=user, role=invitation.role)
        invitation.delete()
        figures.forget(invitation.cohort_id)
    forget_roles(user)


@receiver(post_save, sender=User)
def show_new_names(sender, instance, update_fields=None, **kwargs) -> None:
    """A renamed person appears by the new name in their cohorts' figures (`cto_mentor.figures`)."""
    if update_fields is not None and not {"first_name", "last_name"} & set(update_fields):
        return  # a login or a password: no name changed
    for cohort_id in Membership.objects.filter(user=instance).values_list("cohort_id", flat=True).distinct():
        figures.forget(cohort_id)


def remove_member_refusal(*, membership: Membership) -> str:
    """Why the role cannot be taken away now, or "" when it can."""
    paired_as = _PAIRED_AS.get(membership.role)
    if (
        paired_as
        and Pairing.objects.filter(cohort=membership.cohort, **{paired_as: membership.user}).exists()
    ):
        return f"{membership.user} is paired as {paired_as}; remove the pairing first."
    return ""


def remove_member(*, membership: Membership) -> None:
    """Take a role away; undone by `add_member` with the same role. A mentor or candidate who is still paired
    keeps the role until unpaired. Side effects: the Membership row is deleted; the person's roles are
    forgotten from the cache."""
    refusal = remove_member_refusal(membership=membership)
    if refusal:
        raise ValidationError(refusal, code="paired")
    membership.delete()
    forget_roles(membership.user)
    figures.forget(membership.cohort_id)


CONTRACT_NOT_SIGNED = "contract_not_signed"


def pair_mentor(
    *,
    cohort: Cohort,
    mentor,
    candidate,
    actor=None,
    notify: bool = True,
    unsigned_contract_ok: bool = False,
) -> Pairing:
    """Pair a candidate with a mentor of the same cohort, replacing the candidate's earlier mentor.

    Refused: someone without the role, a person as their own mentor, and a mentor whose contract is not
    signed unless the manager confirmed it (`unsigned_contract_ok`; the refusal's code is CONTRACT_NOT_SIGNED,
    so a page can ask).
    Side effects: the pairing row; with `notify`, an e-mail to the mentor and to the candidate.
    """
    if mentor.pk == candidate.pk:
        raise ValidationError(f"{mentor} cannot be their own mentor.")
    if Role.MENTOR not in roles_in(mentor, cohort):
        raise ValidationError(f"{mentor} is not a mentor in {cohort}.")
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError(f"{candidate} is not a candidate in {cohort}.")
    contract = contract_of(cohort=cohort, mentor=mentor)
    if not contract.is_signed and not unsigned_contract_ok:
        raise ValidationError(
            f"The contract of {mentor} is not signed: {contract.state}.", code=CONTRACT_NOT_SIGNED
        )
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().filter(cohort=cohort, candidate=candidate).first()
        if pairing is not None and pairing.mentor_id == mentor.pk:
            return pairing
        if pairing is None:
            pairing = Pairing.objects.create(
                cohort=cohort, candidate=candidate, mentor=mentor, created_by=actor
            )
        else:
            pairing.mentor, pairing.created_by = mentor, actor
            pairing.save(update_fields=["mentor", "created_by"])
        figures.forget(cohort.pk)
        if notify:
            for person in (mentor, candidate):
                queue(
                    notice="pairing_made",
                    to=person,
                    about=pairing,
                    occasion=f"mentor-{mentor.pk}",
                    context={"pairing": pairing},
                    link=reverse("home"),
                    cohort=cohort,
                )
    return pairing


def contract_of(*, cohort: Cohort, mentor) -> MentorContract:
    """The mentor's contract for the cohort; one never recorded is not sent (and not saved)."""
    contract = MentorContract.objects.filter(cohort=cohort, mentor=mentor).first()
    return contract or MentorContract(cohort=cohort, mentor=mentor)


def record_contract(
    *,
    cohort: Cohort,
    mentor,
    status: str,
    status_on: date | None = None,
    document=None,
    actor=None,
    now: datetime | None = None,
) -> MentorContract:
    """Record where a mentor's contract stands, the day it got there and, once signed, the signed copy.

    Refused: someone who is not a mentor of the cohort; sent, signed or declined without a date or with a day
    still to come; a document with a contract that is not signed. A contract not sent has no date.
    Side effects: the contract row and its history; `document` (an UploadField's file) stored, the one it
    replaces deleted after commit.
    """
    now = now or timezone.now()
    if Role.MENTOR not in roles_in(mentor, cohort):
        raise ValidationError(f"{mentor} is not a mentor in {cohort}.")
    errors = {}
    if status not in ContractStatus.values:
        errors["status"] = "Choose not sent, sent, signed or declined."
    elif status == ContractStatus.NOT_SENT:
        status_on = None
    elif status_on is None:
        errors["status_on"] = f"Give the day the contract was {ContractStatus(status).label.lower()}."
    elif status_on > timezone.localdate(now, cohort.tz):
        errors["status_on"] = "The day cannot be in the future."
    if document is not None and status != ContractStatus.SIGNED:
        errors["document"] = "Attach the signed contract once its status is signed."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contract, _ = MentorContract.objects.select_for_update().get_or_create(cohort=cohort, mentor=mentor)
        contract.status, contract.status_on = status, status_on
        contract.recorded_by, contract.recorded_at = actor, now
        contract._history_user = actor
        contract.save()
        if document is not None:
            _store_contract_document(contract, document, now)
    return contract


def _store_contract_document(contract: MentorContract, uploaded, now: datetime) -> None:
    stored = ContractDocument.objects.filter(contract=contract).first()
    old_name = stored.file.name if stored else None
    stored = stored or ContractDocument(contract=contract)
    stored.set_upload(uploaded)
    stored.uploaded_at = now
    stored.save()
    if old_name:
        storage = stored.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


# Cohort years: the dates, a new cohort, a copy of an earlier one ------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """A cohort's own dates: the application window as aware datetimes, the rest as dates on its calendar."""

    applications_open: datetime
    applications_close: datetime
    selection_date: date
    notification_date: date
    classes_start: date
    commencement: date


def localize(value: datetime, zone: str, field: str) -> datetime:
    """A wall-clock time typed for the cohort's zone, made aware; refused when the clocks skip it (spring
    forward) or show it twice (fall back), rather than guessing which moment was meant."""
    tz = zoneinfo.ZoneInfo(zone)
    early, late = value.replace(tzinfo=tz, fold=0), value.replace(tzinfo=tz, fold=1)
    if early.utcoffset() != late.utcoffset():
        on_the_clock = early.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if on_the_clock != value:
            message = (
                f"{wall_clock_text(value, zone)} does not exist: the clocks spring forward then. "
                "Choose a time outside that hour."
            )
        else:
            message = (
                f"{wall_clock_text(value, zone)} happens twice: the clocks fall back then. "
                "Choose a time outside that hour."
            )
        raise ValidationError({field: message})
    return early


def check_timeline(timeline: Timeline, *, zone: str) -> None:
    """Refuse dates out of order, each refusal on the date that has to change."""
    tz = zoneinfo.ZoneInfo(zone)
    errors = {}
    if timeline.applications_open >= timeline.applications_close:
        errors["applications_open"] = "Applications must open before the deadline."
    deadline_day = timeline.applications_close.astimezone(tz).date()
    if deadline_day >= timeline.classes_start:
        errors["applications_close"] = (
            f"The deadline must come before the kickoff ({day_text(timeline.classes_start)})."
        )
    if timeline.selection_date < deadline_day:
        errors["selection_date"] = f"Selection comes after the deadline ({day_text(deadline_day)})."
    if timeline.notification_date < timeline.selection_date:
        errors["notification_date"] = "Notification comes after selection, or on the same day."
    if timeline.classes_start < timeline.notification_date:
        errors.setdefault("classes_start", "The kickoff comes after people are notified.")
    if timeline.commencement < timeline.classes_start:
        errors["commencement"] = "Final presentations come after the kickoff."
    if errors:
        raise ValidationError(errors)


def check_moments(moments: dict[str, tuple[datetime, datetime]], *, labels: dict, after: dict) -> None:
    """Refuse meetings that end before they start, come before the meeting they follow (`after` maps a key
    to the key it must follow) or overlap another. A start's refusal names its key, an end's `<key>_ends`."""
    errors = {}
    for key, (starts, ends) in moments.items():
        if ends <= starts:
            errors[f"{key}_ends"] = "It must end after it starts."
        earlier = after.get(key)
        if earlier in moments and starts < moments[earlier][1]:
            errors[key] = f"It must start after {labels[earlier]} ends."
    ordered = sorted(moments.items(), key=lambda item: item[1][0])
    for (first, (_, first_ends)), (second, (second_starts, _)) in zip(ordered, ordered[1:], strict=False):
        if second_starts < first_ends and second not in errors:
            errors[second] = f"It overlaps {labels[first]}."
    if errors:
        raise ValidationError(errors)


RESERVED_SLUGS = {"new"}  # the cohorts page's own addresses


def unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "cohort"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Cohort.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def weeks_between(source: Cohort, kickoff: date) -> int:
    """The whole weeks from the source's kickoff to the nearest kickoff on the same weekday as `kickoff`."""
    return round((kickoff - source.classes_start).days / 7)


def create_cohort(
    *,
    program: Program,
    actor,
    name: str,
    time_zone: str,
    timeline: Timeline,
    location: str = "",
    source: Cohort | None = None,
    moments: dict[str, tuple[datetime, datetime]] | None = None,
    now: datetime | None = None,
) -> Cohort:
    """A new cohort, blank or copied from `source`, with the actor as its program manager.

    From a source it takes the settings and every feature's copy step (sessions, meetings and topics, the
    rubric, reminder times...), with the meeting times the manager chose in `moments`; never people.
    Refused: dates out of order, overlapping meetings, a kickoff in the past.
    Side effects: the cohort, its history record, the actor's membership, what the copy steps create.
    """
    now = now or timezone.now()
    moments = moments or {}
    errors = {}
    if timeline.classes_start < timezone.localdate(now, zoneinfo.ZoneInfo(time_zone)):
        errors["classes_start"] = "The kickoff has to be in the future."
    try:
        check_timeline(timeline, zone=time_zone)
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if source is not None:
        proposal = {m.key: m for m in hooks.proposed_moments(source=source, weeks=0)}
        if set(moments) != set(proposal):
            raise ValidationError(
                "The cohort to copy from has changed since the page was opened; start again."
            )
        try:
            check_moments(
                moments,
                labels={key: m.label for key, m in proposal.items()},
                after={key: m.after for key, m in proposal.items() if m.after},
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cohort = Cohort(
            program=program,
            name=name,
            slug=unique_slug(name),
            time_zone=time_zone,
            location=location,
            **vars(timeline),
        )
        if source is not None:
            cohort.reviewers_see_all = source.reviewers_see_all
            cohort.candidate_places, cohort.mentor_places = source.candidate_places, source.mentor_places
            cohort.offer_answer_days = source.offer_answer_days
            cohort.absences_at_risk = source.absences_at_risk
        cohort._history_user = actor
        cohort._change_reason = f"Copied from {source}" if source else "Created"
        cohort.save()
        Membership.objects.create(cohort=cohort, user=actor, role=Role.PROGRAM_MANAGER)
        forget_roles(actor)
        if source is not None:
            for step in hooks.copy_steps.in_order():
                step.run(source=source, target=cohort, moments=moments)
    return cohort


SETTINGS_FIELDS = (
    "name",
    "time_zone",
    "location",
    "reviewers_see_all",
    "candidate_places",
    "mentor_places",
    "offer_answer_days",
    "absences_at_risk",
)


def deadline_moved_reason(cohort: Cohort, old: datetime, new: datetime) -> str:
    """The history's note, on the settings page: the old deadline's day only, as the note holds 100 letters."""
    return f"Deadline moved from {day_text(old, cohort)} to {moment_text(new, cohort)}"


def update_cohort(
    *,
    cohort: Cohort,
    actor,
    timeline: Timeline,
    announce: bool = False,
    reminder_settings: dict[str, tuple[bool, list[int]]] | None = None,
    now: datetime | None = None,
    **settings,
) -> int:
    """Change the cohort's dates and settings; returns how many people were told of a later deadline.

    `reminder_settings` (kind: (on, hours before)) are saved with the rest.
    Refused: dates out of order, places below one. Each change is a history record naming the actor; a
    deadline moved says so in its reason. With `announce`, a deadline moved later after applications opened
    is e-mailed to the people with a draft (each feature's deadline announcer decides who that is).
    """
    now = now or timezone.now()
    unknown = set(settings) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not a cohort setting: {', '.join(sorted(unknown))}")
    zone = settings.get("time_zone", cohort.time_zone)
    errors = {}
    try:
        check_timeline(timeline, zone=zone)
    except ValidationError as error:
        errors.update(error.message_dict)
    for field in ("candidate_places", "mentor_places"):
        if settings.get(field) is not None and settings[field] < 1:
            errors[field] = "Give at least one place, or leave it empty for no limit."
    if not 1 <= settings.get("offer_answer_days", cohort.offer_answer_days) <= 90:
        errors["offer_answer_days"] = "Give between 1 and 90 days to answer an offer."
    if settings.get("absences_at_risk", 1) < 1:
        errors["absences_at_risk"] = "Give at least one absence."
    if errors:
        raise ValidationError(errors)
    old_deadline = cohort.applications_close
    moved_later = timeline.applications_close > old_deadline
    with transaction.atomic():
        for field, value in {**vars(timeline), **settings}.items():
            setattr(cohort, field, value)
        cohort._history_user = actor
        if timeline.applications_close != old_deadline:
            cohort._change_reason = deadline_moved_reason(cohort, old_deadline, timeline.applications_close)
        cohort.save()
        figures.forget(cohort.pk)  # the dashboard's "at risk" follows the cohort's threshold
        if reminder_settings is not None:
            reminders.save_settings(cohort=cohort, settings=reminder_settings)
        if announce and moved_later and cohort.applications_open <= now:
            return hooks.announce_deadline_moved(
                cohort=cohort, old=old_deadline, new=timeline.applications_close
            )
    return 0
