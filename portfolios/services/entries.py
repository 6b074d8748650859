"""The portfolio and its entries: artifacts and reflections, in the order the candidate chooses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cohorts.rules import roles_in
from cto_mentor import figures
from sessions.models import ClassSession, Topic

from ..models import TRASH_KEPT, Artifact, Portfolio, Reflection


def open_portfolio(*, cohort: Cohort, candidate) -> Portfolio:
    """The candidate's portfolio in the cohort, made empty the first time it is needed.

    Side effects: at most one Portfolio row.
    """
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError(f"{candidate} is not a candidate in {cohort}.")
    portfolio, _ = Portfolio.objects.get_or_create(cohort=cohort, candidate=candidate)
    return portfolio


def open_portfolios(*, cohort: Cohort) -> None:
    """Make the missing portfolios of every candidate of the cohort. Side effects: Portfolio rows."""
    have_one = Portfolio.objects.filter(cohort=cohort, candidate_id=OuterRef("user_id"))
    missing = (
        Membership.objects.filter(cohort=cohort, role=Role.CANDIDATE)
        .filter(~Exists(have_one))
        .order_by()
        .values_list("user_id", flat=True)
    )
    Portfolio.objects.bulk_create(
        [Portfolio(cohort=cohort, candidate_id=user_id) for user_id in missing], ignore_conflicts=True
    )


def _check_tag(portfolio: Portfolio, session: ClassSession | None, topic: Topic | None):
    """A topic implies its session; both must belong to the portfolio's cohort."""
    if topic is not None:
        session = topic.session
    if session is not None and session.cohort_id != portfolio.cohort_id:
        raise ValidationError("Choose a session or topic of this cohort.")
    return session, topic


def _next_position(model, portfolio: Portfolio) -> int:
    return (model.objects.filter(portfolio=portfolio).aggregate(last=Max("position"))["last"] or 0) + 1


def save_artifact(
    *,
    portfolio: Portfolio,
    title: str,
    description: str = "",
    link: str = "",
    upload=None,
    session: ClassSession | None = None,
    topic: Topic | None = None,
    artifact: Artifact | None = None,
) -> Artifact:
    """Add an artifact at the end of the portfolio, or change `artifact`; it is a file or a link, not both.

    A new file replaces the old one, which is removed from storage after commit.
    Side effects: the Artifact row; the stored file.
    """
    session, topic = _check_tag(portfolio, session, topic)
    keeps_file = artifact is not None and artifact.is_file and upload is None and not link
    if bool(upload) == bool(link) and not keeps_file:
        raise ValidationError("Give either a file or a link.")
    with transaction.atomic():
        if artifact is None:
            artifact = Artifact(portfolio=portfolio, position=_next_position(Artifact, portfolio))
        old_file = artifact.file.name if artifact.is_file and (upload or link) else ""
        artifact.title, artifact.description, artifact.session, artifact.topic = (
            title,
            description,
            session,
            topic,
        )
        artifact.link = link
        if upload is not None:
            artifact.set_upload(upload)
        elif link:
            artifact.file, artifact.original_name, artifact.content_type, artifact.size = "", "", "", 0
        artifact.save()
        figures.forget(portfolio.cohort_id)
        if old_file:
            storage = artifact.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return artifact


def save_reflection(
    *,
    portfolio: Portfolio,
    title: str,
    body: str,
    artifact: Artifact | None = None,
    session: ClassSession | None = None,
    topic: Topic | None = None,
    reflection: Reflection | None = None,
) -> Reflection:
    """Add a reflection at the end of the portfolio, or change `reflection`. Side effects: the row."""
    if artifact is not None and artifact.portfolio_id != portfolio.pk:
        raise ValidationError("Choose an artifact of this portfolio.")
    session, topic = _check_tag(portfolio, session, topic)
    with transaction.atomic():
        if reflection is None:
            reflection = Reflection(portfolio=portfolio, position=_next_position(Reflection, portfolio))
        reflection.title, reflection.body, reflection.artifact = title, body, artifact
        reflection.session, reflection.topic = session, topic
        reflection.save()
        figures.forget(portfolio.cohort_id)
    return reflection


def trash_entry(*, entry: Artifact | Reflection, now=None) -> Artifact | Reflection:
    """Move an artifact or reflection to the portfolio's trash, where it stays `TRASH_KEPT` and can be put back
    with `restore_entry`. Side effects: `trashed_at`; the portfolio's entries trashed longer ago are purged.
    """
    now = now or timezone.now()
    with transaction.atomic():
        entry = type(entry).with_trashed.select_for_update().get(pk=entry.pk)
        if entry.trashed_at is not None:
            raise ValidationError(f"“{entry.title}” is already in the trash.")
        entry.trashed_at = now
        entry.save(update_fields=["trashed_at"])
        figures.forget(entry.portfolio.cohort_id)
        purge_trash(portfolio=entry.portfolio, now=now)
    return entry


def restore_refusal(*, entry: Artifact | Reflection, now=None) -> str:
    """Why the entry cannot be put back, or "" when it can."""
    now = now or timezone.now()
    if entry.trashed_at is None:
        return f"“{entry.title}” is not in the trash."
    if entry.purged_after <= now:
        return (
            f"“{entry.title}” was in the trash for more than {TRASH_KEPT.days} days; it cannot be restored."
        )
    return ""


def restore_entry(*, entry: Artifact | Reflection, now=None) -> Artifact | Reflection:
    """Put a trashed entry back in the portfolio at the end of its list, within `TRASH_KEPT`.
    Side effects: `trashed_at` cleared, a new position."""
    with transaction.atomic():
        entry = type(entry).with_trashed.select_for_update().get(pk=entry.pk)
        refusal = restore_refusal(entry=entry, now=now)
        if refusal:
            raise ValidationError(refusal, code="not_restorable")
        entry.trashed_at = None
        entry.position = _next_position(type(entry), entry.portfolio)
        entry.save(update_fields=["trashed_at", "position"])
        figures.forget(entry.portfolio.cohort_id)
    return entry


def purge_trash(*, portfolio: Portfolio, now=None) -> None:
    """Delete for good the entries trashed more than `TRASH_KEPT` ago; files leave storage after commit."""
    until = (now or timezone.now()) - TRASH_KEPT
    for model in (Artifact, Reflection):
        for entry in model.with_trashed.filter(portfolio=portfolio, trashed_at__lte=until):
            delete_entry(entry=entry)


def delete_entry(*, entry: Artifact | Reflection) -> None:
    """Delete an artifact or reflection for good; an artifact's file is removed from storage after commit."""
    with transaction.atomic():
        stored = entry.file.name if isinstance(entry, Artifact) and entry.is_file else ""
        storage = entry.file.storage if stored else None
        entry.delete()
        figures.forget(entry.portfolio.cohort_id)
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def move_entry(*, entry: Artifact | Reflection, direction: str) -> None:
    """Move an entry one place up or down in the candidate's order. Side effects: positions of the list."""
    if direction not in ("up", "down"):
        raise ValidationError("Move up or down.")
    model = type(entry)
    with transaction.atomic():
        entries = list(model.objects.select_for_update().filter(portfolio_id=entry.portfolio_id))
        index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(entries):
            entries[index], entries[other] = entries[other], entries[index]
        for position, item in enumerate(entries, start=1):
            item.position = position
        model.objects.bulk_update(entries, ["position"])


def mark_ready(*, entry: Artifact | Reflection, ready: bool) -> None:
    """Mark an entry ready for review by the mentor and the program manager, or take the mark back."""
    entry.ready_for_review = ready
    entry.save(update_fields=["ready_for_review", "updated_at"])
    figures.forget(entry.portfolio.cohort_id)
