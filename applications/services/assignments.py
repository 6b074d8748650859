"""Reviewer assignment: several applications to several reviewers in one step, or spread evenly among them,
by a due date; the kind of application each reviewer reviews; conflicts of interest kept out.

Each step is a ReviewAssignment. Each reviewer who got something new in it receives one e-mail listing it
(the outbox's key makes it once), and a reminder before the due date of what is still unscored
(`applications.reminders`).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor import figures
from cto_mentor.notifications.services import queue

from .. import selectors
from ..models import Application, Kind, Review, ReviewAssignment, ReviewerScope, ReviewStatus, Status


@dataclass
class Assigned:
    """What a step of assignment did: its row (None when nothing was new), the reviews it made, and the
    applications the even spread could not give as many reviewers as asked (each with how many it has)."""

    assignment: ReviewAssignment | None
    reviews: list[Review] = field(default_factory=list)
    short: list[tuple[Application, int]] = field(default_factory=list)

    @property
    def reviewers(self) -> int:
        return len({review.reviewer_id for review in self.reviews})


@dataclass
class _Intake:
    """What the rules of assignment read, loaded once for the applications of a step."""

    cohort: Cohort
    reviewer_ids: set[int]
    scopes: dict[int, str]
    existing: dict[tuple[int, int], str]  # (application, reviewer) -> the review's status
    load: Counter  # reviewer -> reviews of the cohort they hold, conflicts aside

    @classmethod
    def read(cls, cohort: Cohort, applications: list[Application]) -> "_Intake":
        reviews = Review.objects.filter(application__cohort=cohort).values_list(
            "application_id", "reviewer_id", "status"
        )
        existing, load, asked = {}, Counter(), {a.pk for a in applications}
        for application_id, reviewer_id, status in reviews:
            if application_id in asked:
                existing[application_id, reviewer_id] = status
            if status != ReviewStatus.CONFLICT:
                load[reviewer_id] += 1
        return cls(
            cohort=cohort,
            reviewer_ids=set(selectors.reviewers_of(cohort=cohort).values_list("pk", flat=True)),
            scopes=dict(ReviewerScope.objects.filter(cohort=cohort).values_list("reviewer_id", "kind")),
            existing=existing,
            load=load,
        )

    def refusal(self, application: Application, reviewer) -> str | None:
        """Why `reviewer` may not review `application`, or None."""
        if application.status != Status.SUBMITTED:
            return (
                f"{application.applicant}'s application is not submitted; only submitted ones are reviewed."
            )
        if reviewer.pk not in self.reviewer_ids:
            return f"{reviewer} is not a reviewer in {self.cohort}."
        if reviewer.pk == application.applicant_id:
            return "Nobody reviews their own application."
        if self.existing.get((application.pk, reviewer.pk)) == ReviewStatus.CONFLICT:
            return f"{reviewer} declared a conflict of interest with {application.applicant}."
        scope = self.scopes.get(reviewer.pk)
        if scope and scope != application.kind:
            return f"{reviewer} reviews {Kind(scope).label.lower()} applications only."
        return None

    def reviews_counted(self, application: Application) -> int:
        return sum(
            1
            for (application_id, _), status in self.existing.items()
            if application_id == application.pk and status != ReviewStatus.CONFLICT
        )


def _check_step(*, applications, reviewers, due_at: datetime, now: datetime) -> None:
    errors = {}
    if not applications:
        errors["applications"] = "Check at least one application."
    if not reviewers:
        errors["reviewers"] = "Choose at least one reviewer."
    if due_at <= now:
        errors["due_at"] = "The due date must be in the future."
    if errors:
        raise ValidationError(errors)


def _locked(cohort: Cohort, applications) -> list[Application]:
    """The applications, locked for the step (two managers assigning at once take turns), in a fixed order."""
    return list(
        Application.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, pk__in=[a.pk for a in applications])
        .select_related("applicant")
        .order_by("submitted_at", "pk")
    )


def assign_reviews(*, cohort: Cohort, applications, reviewers, due_at: datetime, actor, now=None) -> Assigned:
    """Ask each of `reviewers` to review each of `applications` by `due_at`. Refused as a whole, naming each
    pair, when any pair breaks a rule (not submitted, not a reviewer, one's own application, a declared
    conflict, a kind the reviewer does not review); a pair already assigned stays as it is.

    Side effects: a ReviewAssignment and a Review per new pair; one e-mail to each reviewer given something.
    """
    now = now or timezone.now()
    _check_step(applications=applications, reviewers=reviewers, due_at=due_at, now=now)
    with transaction.atomic():
        applications = _locked(cohort, applications)
        intake = _Intake.read(cohort, applications)
        held = {pair for pair, status in intake.existing.items() if status != ReviewStatus.CONFLICT}
        new_pairs = [(a, r) for a in applications for r in reviewers if (a.pk, r.pk) not in held]
        refusals = [refusal for a, r in new_pairs if (refusal := intake.refusal(a, r)) is not None]
        if refusals:
            raise ValidationError(list(dict.fromkeys(refusals)))
        return _record(cohort=cohort, pairs=new_pairs, due_at=due_at, actor=actor, now=now)


def distribute_reviews(
    *, cohort: Cohort, applications, reviewers, per_application: int, due_at: datetime, actor, now=None
) -> Assigned:
    """Give each of `applications` `per_application` reviews, counting those it has (a declared conflict does
    not count), from `reviewers` who may review it: each time the one holding the fewest reviews of the
    cohort, so the work comes out even. An application with too few such reviewers gets what there is and is
    listed in `short`.

    Side effects: as `assign_reviews`.
    """
    now = now or timezone.now()
    _check_step(applications=applications, reviewers=reviewers, due_at=due_at, now=now)
    if not 1 <= per_application <= 10:
        raise ValidationError({"per_application": "Ask for 1 to 10 reviews per application."})
    reviewers = sorted(reviewers, key=lambda r: (r.last_name, r.first_name, r.pk))
    with transaction.atomic():
        applications = _locked(cohort, applications)
        not_submitted = [a for a in applications if a.status != Status.SUBMITTED]
        if not_submitted:
            raise ValidationError(
                f"Only submitted applications are reviewed: uncheck {_names(not_submitted)}."
            )
        intake = _Intake.read(cohort, applications)
        pairs, short = [], []
        for application in applications:
            wanted = per_application - intake.reviews_counted(application)
            free = [
                r
                for r in reviewers
                if (application.pk, r.pk) not in intake.existing and intake.refusal(application, r) is None
            ]
            chosen = sorted(free, key=lambda r: intake.load[r.pk])[: max(wanted, 0)]
            for reviewer in chosen:
                intake.load[reviewer.pk] += 1
                pairs.append((application, reviewer))
            if len(chosen) < wanted:
                short.append((application, per_application - wanted + len(chosen)))
        assigned = _record(cohort=cohort, pairs=pairs, due_at=due_at, actor=actor, now=now)
        assigned.short = short
        return assigned


def _names(applications) -> str:
    return ", ".join(str(a.applicant) for a in applications)


def _record(*, cohort: Cohort, pairs, due_at: datetime, actor, now: datetime) -> Assigned:
    if not pairs:
        return Assigned(assignment=None)
    assignment = ReviewAssignment.objects.create(
        cohort=cohort, assigned_by=actor, assigned_at=now, due_at=due_at
    )
    reviews = [
        Review.objects.create(
            application=application,
            reviewer=reviewer,
            assigned_by=actor,
            assigned_at=now,
            assignment=assignment,
        )
        for application, reviewer in pairs
    ]
    figures.forget(cohort.pk)
    by_reviewer: dict = {}
    for review in reviews:
        by_reviewer.setdefault(review.reviewer, []).append(review)
    for reviewer, given in by_reviewer.items():
        queue(
            notice="reviews_assigned",
            to=reviewer,
            about=assignment,
            context={"cohort": cohort, "reviews": given, "due_at": due_at},
            link=reverse("applications:my_reviews", args=[cohort.slug]),
            cohort=cohort,
        )
    return Assigned(assignment=assignment, reviews=reviews)


def set_reviewer_scope(*, cohort: Cohort, reviewer, kind: str) -> None:
    """The kind of application `reviewer` reviews in the cohort ("" for both). Reviews already assigned stay.

    Side effects: the reviewer's ReviewerScope made, changed or (for both kinds) deleted.
    """
    if reviewer.pk not in set(selectors.reviewers_of(cohort=cohort).values_list("pk", flat=True)):
        raise ValidationError(f"{reviewer} is not a reviewer in {cohort}.")
    if kind and kind not in Kind.values:
        raise ValidationError({"kind": "Choose candidates, mentors or both."})
    with transaction.atomic():
        if kind:
            ReviewerScope.objects.update_or_create(cohort=cohort, reviewer=reviewer, defaults={"kind": kind})
        else:
            ReviewerScope.objects.filter(cohort=cohort, reviewer=reviewer).delete()
