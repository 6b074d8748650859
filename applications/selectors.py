"""Reads that the applications pages, the home page and the reminder tasks share."""

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan, IsNull
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cto_mentor.users.models import User
from sessions.models import Meeting

from .models import (
    GAVE_UP,
    Answer,
    Application,
    Availability,
    Criterion,
    Decision,
    Extension,
    Kind,
    Nomination,
    Question,
    Response,
    Resume,
    Review,
    ReviewerScope,
    ReviewStatus,
    Score,
    Status,
)
from .questions import Answered

# The form part is complete when these are filled in; mentors answer their own questions too.
FORM_FIELDS = {
    Kind.CANDIDATE: [
        "current_position",
        "organization",
        "years_in_k12_technology",
        "education",
        "certifications",
        "leadership_experience",
        "goals_statement",
    ],
    Kind.MENTOR: [
        "current_position",
        "organization",
        "years_in_k12_technology",
        "education",
        "hands_on_experience",
        "qualification",
        "willing_to_contract",
    ],
}


def deadline_for(*, cohort: Cohort, applicant) -> datetime:
    """The cohort's deadline, or the applicant's own extension when it is later."""
    return deadline_with(
        cohort=cohort, extension=Extension.objects.filter(cohort=cohort, applicant=applicant).first()
    )


def deadline_with(*, cohort: Cohort, extension: Extension | None) -> datetime:
    if extension and extension.until > cohort.applications_close:
        return extension.until
    return cohort.applications_close


def accepts_from(*, cohort: Cohort, applicant, now=None, deadline: datetime | None = None) -> bool:
    """Whether the applicant may still submit; `deadline` when the caller has it from `deadline_for`."""
    now = now or timezone.now()
    return cohort.applications_open <= now < (deadline or deadline_for(cohort=cohort, applicant=applicant))


def meetings_to_confirm(*, application: Application) -> QuerySet[Meeting]:
    """The class days the applicant must confirm: every one for a candidate, the kickoff for a mentor."""
    meetings = Meeting.objects.filter(session__cohort=application.cohort).select_related("session")
    if application.kind == Kind.MENTOR:
        meetings = meetings.filter(session__mentors_expected=True)
    return meetings.order_by("starts_at")


def missing_form_fields(*, application: Application) -> list[str]:
    missing = []
    for name in FORM_FIELDS[Kind(application.kind)]:
        value = getattr(application, name)
        if value in (None, "", False):
            missing.append(str(Application._meta.get_field(name).verbose_name))
    return missing


@dataclass
class Part:
    name: str
    done: bool
    detail: str
    url: str
    done_label: str = "Complete"


def checklist(*, application: Application, answered: Answered | None = None) -> list[Part]:
    """The parts of the application, each with whether it is complete and what is left; `answered` is its
    questions and answers, when the page has read them already."""
    pk = application.pk
    missing = missing_form_fields(application=application)
    parts = [
        Part(
            "Application form",
            not missing,
            "Complete" if not missing else f"Still to fill in: {', '.join(missing)}",
            reverse("applications:form", args=[pk]),
        )
    ]
    resume = getattr(application, "resume", None)  # one query, none when select_related
    parts.append(
        Part(
            "Resume",
            resume is not None,
            f"Uploaded: {resume.original_name}" if resume else "Upload a PDF or Word file",
            reverse("applications:resume", args=[pk]),
        )
    )
    if application.needs_nomination:
        nomination = getattr(application, "nomination", None)
        parts.append(
            Part(
                "Nomination",
                bool(nomination and nomination.is_submitted),
                f"{nomination.status_label} ({nomination.nominator_name})"
                if nomination
                else "Name your supervisor, who nominates you",
                reverse("applications:nomination", args=[pk]),
            )
        )
    answered = answered or Answered.of(application)
    asked = [question for question in answered.questions if not question.hidden]
    if asked:
        given = {question_id for question_id, answer in answered.answers.items() if answer.value}
        unanswered = [q for q in asked if q.required and q.pk not in given]
        parts.append(
            Part(
                "Questions",
                not unanswered,
                "Every required question answered"
                if not unanswered
                else f"Still to answer: {', '.join(q.label for q in unanswered)}",
                reverse("applications:answers", args=[pk]),
            )
        )
    parts.append(_availability_part(application))
    return parts


def _availability_part(application: Application) -> Part:
    """Complete once every class date has an answer, whatever it is; the detail names what was answered."""
    meetings = meetings_to_confirm(application=application)
    answers = Availability.objects.filter(application=application, meeting=OuterRef("pk"))
    counts = meetings.aggregate(
        left=Count("pk", filter=~Q(Exists(answers))),
        cannot=Count("pk", filter=Q(Exists(answers.filter(available=False)))),
    )
    left, cannot = counts["left"], counts["cannot"]
    if left:
        detail = f"{left} class date{pluralize(left)} to answer"
    elif cannot:
        detail = f"{cannot} date{pluralize(cannot)} you cannot attend"
    else:
        detail = "You can attend every class date"
    return Part(
        "Availability",
        left == 0,
        detail,
        reverse("applications:availability", args=[application.pk]),
        done_label="Answered",
    )


def is_complete(*, application: Application) -> bool:
    return all(part.done for part in checklist(application=application))


def nomination_for_token(token: str) -> Nomination | None:
    return (
        Nomination.objects.select_related("application__applicant", "application__cohort")
        .filter(token_hash=Nomination.hash_token(token))
        .first()
    )


def cohorts_open_to(*, user, now) -> list[Cohort]:
    """The cohorts taking applications that `user` could still apply to: not a member of them, with no
    application there that is not withdrawn (their own applications are listed apart). Most of the year no
    cohort takes applications, and one short query says so."""
    accepting = list(
        Cohort.objects.accepting_applications(now).select_related("program").order_by("applications_close")
    )
    if not accepting:
        return []
    taken = Application.objects.live().filter(applicant=user).order_by().values_list("cohort_id")
    member_of = Membership.objects.filter(user=user).order_by().values_list("cohort_id")
    closed_to_user = {cohort_id for (cohort_id,) in taken.union(member_of)}
    return [cohort for cohort in accepting if cohort.pk not in closed_to_user]


def my_applications(*, user) -> list[Application]:
    """The user's applications, newest cohort first, each with `.deadline` (their extension counted)."""
    extension = Extension.objects.filter(cohort=OuterRef("cohort"), applicant=user).order_by().values("until")
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("cohort")
        .annotate(extended_until=Subquery(extension))
        .order_by("-cohort__applications_close", "kind")
    )
    for application in applications:
        close = application.cohort.applications_close
        application.deadline = max(close, application.extended_until or close)
    return applications


def applicants_to_remind(*, cohort: Cohort) -> QuerySet[Application]:
    """Applications of the cohort that are still drafts, with their applicant: the deadline reminder's list.

    Each row carries `deadline`: the cohort's, or the applicant's extension when later (one query in all).
    """
    extension = Extension.objects.filter(cohort=cohort, applicant=OuterRef("applicant")).values("until")[:1]
    close = Value(cohort.applications_close, output_field=DateTimeField())
    return (
        Application.objects.filter(cohort=cohort, status=Status.DRAFT)
        .select_related("applicant")
        .annotate(deadline=Greatest(Coalesce(Subquery(extension), close), close))
    )


def nominations_awaiting(*, cohort: Cohort) -> QuerySet[Nomination]:
    """Nominations requested for the cohort's draft applications and not yet submitted by the nominator."""
    return (
        Nomination.objects.awaiting()
        .filter(application__cohort=cohort, application__status=Status.DRAFT)
        .select_related("application__applicant")
    )


def _per_application(rows: QuerySet, value) -> Subquery:
    """A correlated subquery: `value`, written with `_sql`, over the rows of `rows` that belong to the outer
    application.

    Subqueries rather than joined aggregates: the list pages then sort and count applications without
    grouping every application row by its reviews, and the database computes them for the page shown only.
    Plain SQL functions rather than Django's aggregates, which would group the subquery's rows: without a
    GROUP BY it always returns one row (a count of 0, an average of NULL for no rows) and is quicker to build.
    """
    return Subquery(rows.filter(application=OuterRef("pk")).order_by().values(v=value))


def _sql(function: str, field: str) -> Func:
    return Func(F(field), function=function)


def _scores():
    submitted = Review.objects.filter(status=ReviewStatus.SUBMITTED)
    return {
        "average": _per_application(submitted, _sql("AVG", "weighted_score")),
        "spread": _per_application(submitted, _sql("MAX", "weighted_score") - _sql("MIN", "weighted_score")),
        "reviews_done": _per_application(submitted, _sql("COUNT", "pk")),
        "reviews_assigned": _per_application(Review.objects.all(), _sql("COUNT", "pk")),
        "conflicts": _per_application(Availability.objects.filter(available=False), _sql("COUNT", "pk")),
        # "Its one row's column is not null" rather than EXISTS: PostgreSQL may answer an EXISTS for a whole
        # cohort by hashing every cohort's nominations, even for a page of 25.
        "has_resume": IsNull(Subquery(Resume.objects.filter(application=OuterRef("pk")).values("pk")), False),
        "nomination_received": IsNull(
            Subquery(Nomination.objects.filter(application=OuterRef("pk")).values("submitted_at")), False
        ),
    }


# Built once: a query copies the expressions it is given, and building the seven subqueries is costly.
SCORES = _scores()


def with_scores(queryset: QuerySet[Application], *names: str) -> QuerySet[Application]:
    """Annotate the weighted average, the spread, the counts of reviews and the availability conflicts (or only
    the annotations `names`)."""
    return queryset.annotate(**({name: SCORES[name] for name in names} if names else SCORES))


def intake(*, cohort: Cohort) -> QuerySet[Application]:
    """All applications of the cohort with their scores, for the queue, the selection and the export."""
    return with_scores(Application.objects.filter(cohort=cohort).select_related("applicant", "cohort"))


# What a row of the review queue shows: loading only these saves parsing the long answers of 25 applications.
QUEUE_FIELDS = [
    "kind",
    "status",
    "organization",
    "form_completed_at",
    "decision",
    "decision_sent_at",
    "reopened_at",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
]


def review_queue(*, cohort: Cohort) -> QuerySet[Application]:
    """The cohort's applications with their scores and what the queue's rows show, last changed first: also
    the conflicts of interest reviewers declared (`declared_conflicts`), whether it was submitted after the
    cohort's deadline, which only an extension allows (`under_extension`), and whether the applicant changed
    it after a review of it was submitted (`changed_since_review`)."""
    conflicts = Review.objects.filter(status=ReviewStatus.CONFLICT)
    reviewed_before_change = Review.objects.filter(
        application=OuterRef("pk"), status=ReviewStatus.SUBMITTED, submitted_at__lt=OuterRef("changed_at")
    )
    return (
        with_scores(Application.objects.filter(cohort=cohort).select_related("applicant").only(*QUEUE_FIELDS))
        .annotate(
            declared_conflicts=_per_application(conflicts, _sql("COUNT", "pk")),
            under_extension=GreaterThan(F("submitted_at"), Value(cohort.applications_close)),
            changed_since_review=Exists(reviewed_before_change),
        )
        .order_by("-updated_at")
    )


@dataclass(slots=True)
class QueueRow:
    """An application as a row of the review queue shows it (`review_queue`'s annotations included): its
    values read and its labels looked up once, so that the template only writes them."""

    pk: int
    applicant: str
    email: str
    organization: str
    kind: str
    needs_nomination: bool
    status: str
    under_extension: bool
    changed_since_review: bool
    form_completed: bool
    has_resume: bool
    nomination_received: bool
    reviews_done: int
    reviews_assigned: int
    declared_conflicts: int
    average: float | None
    spread: float | None
    conflicts: int
    decision: str
    decision_sent: bool

    @classmethod
    def of(cls, application: Application) -> "QueueRow":
        return cls(
            pk=application.pk,
            applicant=str(application.applicant),
            email=application.applicant.email,
            organization=application.organization,
            kind=Kind(application.kind).label,
            needs_nomination=application.needs_nomination,
            status="Reopened to change" if application.is_reopened else Status(application.status).label,
            under_extension=application.under_extension,
            changed_since_review=application.changed_since_review,
            form_completed=application.form_completed_at is not None,
            has_resume=application.has_resume,
            nomination_received=application.nomination_received,
            reviews_done=application.reviews_done,
            reviews_assigned=application.reviews_assigned,
            declared_conflicts=application.declared_conflicts,
            average=application.average,
            spread=application.spread,
            conflicts=application.conflicts,
            decision=Decision(application.decision).label,
            decision_sent=application.decision_sent_at is not None,
        )


def waiting_for(what: str, now=None) -> Q:
    """Matches an application annotated by `with_scores` that waits for `what`: "reviewers" (submitted, nobody
    assigned), "decision" (reviewed, undecided), "nomination" (a candidate's, not in yet) or "answer" (an offer
    the applicant has not answered, still open)."""
    submitted = Q(status=Status.SUBMITTED)
    if what == "reviewers":
        return submitted & Q(reviews_assigned=0)
    if what == "decision":
        return submitted & Q(reviews_done__gt=0, decision=Decision.UNDECIDED)
    if what == "nomination":
        return Q(kind=Kind.CANDIDATE, nomination_received=False) & ~Q(status=Status.WITHDRAWN)
    if what == "answer":
        open_offer = Q(answer_by__isnull=True) | Q(answer_by__gt=now or timezone.now())
        return (
            Q(decision=Decision.ACCEPTED, decision_sent_at__isnull=False, response=Response.PENDING)
            & open_offer
        )
    raise ValueError(f"Nothing waits for {what!r}.")


def waiting_counts(*, cohort: Cohort, now) -> dict[str, int]:
    """How many of the cohort's applications wait for each of `waiting_for`'s things (one query, a row per
    application: a cohort has a few hundred)."""
    applications = with_scores(
        Application.objects.filter(cohort=cohort), "reviews_assigned", "reviews_done", "nomination_received"
    )
    kinds = ("reviewers", "decision", "nomination", "answer")
    rows = list(
        applications.order_by().values_list(
            *(ExpressionWrapper(waiting_for(what, now), output_field=BooleanField()) for what in kinds)
        )
    )
    return {what: sum(row[column] for row in rows) for column, what in enumerate(kinds)}


def complete_q() -> Q:
    """Matches an application annotated by `with_scores` whose parts are all in (availability aside): its
    required questions answered too."""
    answered = Answer.objects.filter(application=OuterRef(OuterRef("pk")), question=OuterRef("pk")).exclude(
        value=""
    )
    unanswered = Question.objects.filter(
        cohort=OuterRef("cohort"), kind=OuterRef("kind"), required=True, hidden=False
    ).exclude(Exists(answered))
    return (
        Q(form_completed_at__isnull=False, has_resume=True)
        & (Q(kind=Kind.MENTOR) | Q(nomination_received=True))
        & ~Exists(unanswered)
    )


def default_review_due(*, cohort: Cohort) -> datetime:
    """The due date assignment proposes: 5 p.m. the day before the cohort's selection date, on its clock."""
    day_before = cohort.selection_date - timedelta(days=1)
    return datetime.combine(day_before, time(17, 0), tzinfo=cohort.tz)


def rubric_for(*, application: Application) -> QuerySet[Criterion]:
    """The criteria an application is scored on: its cohort's rubric for its kind."""
    return Criterion.objects.filter(cohort_id=application.cohort_id, kind=application.kind)


def reviewers_of(*, cohort: Cohort):
    return (
        User.objects.filter(
            memberships__cohort=cohort, memberships__role__in=[Role.REVIEWER, Role.PROGRAM_MANAGER]
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def reviewers_offered(*, application: Application):
    """The reviewers the application may still be given: not its applicant, nobody who holds a review of it
    or declared a conflict with it, nobody who reviews the other kind only."""
    held = Review.objects.filter(application=application, reviewer=OuterRef("pk"))
    other_kind = ReviewerScope.objects.filter(cohort=application.cohort_id, reviewer=OuterRef("pk")).exclude(
        kind=application.kind
    )
    return (
        reviewers_of(cohort=application.cohort)
        .exclude(pk=application.applicant_id)
        .exclude(Exists(held))
        .exclude(Exists(other_kind))
    )


def reviewer_workload(*, cohort: Cohort):
    """The cohort's reviewers, each with `scope` (the kind they review, "" for both) and their reviews to do,
    done and stepped back from (conflicts), for the assignment page (one query)."""
    mine = Review.objects.filter(reviewer=OuterRef("pk"), application__cohort=cohort)

    def counted(status):
        return Subquery(mine.filter(status=status).order_by().values(n=_sql("COUNT", "pk")))

    scope = ReviewerScope.objects.filter(cohort=cohort, reviewer=OuterRef("pk")).values("kind")
    return reviewers_of(cohort=cohort).annotate(
        scope=Coalesce(Subquery(scope), Value("")),
        to_do=counted(ReviewStatus.ASSIGNED),
        done=counted(ReviewStatus.SUBMITTED),
        stepped_back=counted(ReviewStatus.CONFLICT),
    )


def conflicts_declared(*, applications: QuerySet[Application]) -> dict[int, list[str]]:
    """{reviewer id: the names of the applicants among `applications` they declared a conflict with}."""
    declared = defaultdict(list)
    rows = Review.objects.filter(application__in=applications, status=ReviewStatus.CONFLICT).values_list(
        "reviewer_id", *(f"application__applicant__{name}" for name in ("first_name", "last_name", "email"))
    )
    for reviewer_id, *applicant in rows.order_by("application__applicant__last_name"):
        declared[reviewer_id].append(User.name_of(*applicant))
    return declared


def reviews_for(*, reviewer, cohort: Cohort) -> QuerySet[Review]:
    return (
        Review.objects.filter(
            reviewer=reviewer, application__cohort=cohort, application__submitted_at__isnull=False
        )
        .select_related("application__applicant", "assignment")
        .only(
            "status",
            "assignment__due_at",
            "submitted_at",
            "application__kind",
            "application__status",
            "application__reopened_at",
            "application__changed_at",
            "application__applicant__first_name",
            "application__applicant__last_name",
            "application__applicant__email",
        )
        .order_by("status", "application__applicant__last_name")
    )


def unscored_reviews(*, cohort: Cohort, due_after: datetime, due_by: datetime):
    """Reviews of submitted applications still waiting for scores whose step of assignment is due in
    (`due_after`, `due_by`], grouped: ((assignment, reviewer), [reviews]) in due order (one query)."""
    reviews = (
        Review.objects.filter(
            assignment__cohort=cohort,
            assignment__due_at__gt=due_after,
            assignment__due_at__lte=due_by,
            status=ReviewStatus.ASSIGNED,
            application__status=Status.SUBMITTED,
        )
        .select_related("assignment", "reviewer", "application__applicant")
        .order_by("assignment__due_at", "assignment", "reviewer", "application__applicant__last_name", "pk")
    )
    groups: dict = {}
    for review in reviews:
        groups.setdefault((review.assignment, review.reviewer), []).append(review)
    return list(groups.items())


def _with_reviewer_and_scores(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews of one application in the order they were asked for, each with its reviewer and its scores
    with their criterion in the rubric's order: two queries, ordered without the default orderings, which
    join each review and each score up to its application's cohort and applicant."""
    scores = Score.objects.select_related("criterion").order_by("criterion__order", "criterion__pk")
    return (
        reviews.select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("assigned_at", "pk")
    )


def reviews_of(*, application: Application) -> QuerySet[Review]:
    return _with_reviewer_and_scores(application.reviews.all())


def other_reviews(*, review: Review) -> QuerySet[Review]:
    return _with_reviewer_and_scores(
        Review.objects.filter(application=review.application).exclude(pk=review.pk)
    )


def decision_counts(*, cohort: Cohort) -> dict:
    rows = (
        Application.objects.filter(cohort=cohort, status=Status.SUBMITTED)
        .values("kind", "decision")
        .annotate(n=Count("pk"))
    )
    return {(row["kind"], row["decision"]): row["n"] for row in rows}


def gave_up_place_q(now: datetime) -> Q:
    """Accepted applicants who no longer hold their place: they declined, or let the answer-by time pass
    (counted as soon as it passes, before the sweep records it)."""
    return Q(response__in=GAVE_UP) | Q(
        response=Response.PENDING, decision_sent_at__isnull=False, answer_by__lte=now
    )


@dataclass(frozen=True)
class Places:
    """One kind's places in a cohort: the limit from its settings (None: no limit) and how they stand."""

    kind: str
    limit: int | None
    accepted: int  # accepted and still holding the place: not yet e-mailed, waiting for an answer, confirmed
    confirmed: int
    freed: int  # declined or lapsed, and not yet offered again from the waitlist
    waitlisted: int

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.accepted, 0)

    @property
    def full(self) -> bool:
        return self.limit is not None and self.accepted >= self.limit

    @property
    def offerable(self) -> int:
        """How many places may be offered to the waitlist: those left, or, with no limit, those freed."""
        return self.freed if self.limit is None else self.left

    @property
    def can_offer(self) -> bool:
        return self.offerable > 0


def places(*, cohort: Cohort, now: datetime | None = None) -> dict[str, Places]:
    """Per kind, the cohort's places and how many are accepted, confirmed, freed (one query)."""
    now = now or timezone.now()
    accepted = Q(decision=Decision.ACCEPTED)
    gave_up = gave_up_place_q(now)
    rows = (
        Application.objects.filter(cohort=cohort, status=Status.SUBMITTED)
        .order_by()
        .values("kind")
        .annotate(
            accepted=Count("pk", filter=accepted & ~gave_up),
            confirmed=Count("pk", filter=accepted & Q(response=Response.CONFIRMED)),
            gave_up=Count("pk", filter=accepted & gave_up),
            reoffered=Count("pk", filter=Q(offered_from_waitlist_at__isnull=False)),
            waitlisted=Count("pk", filter=Q(decision=Decision.WAITLISTED)),
        )
    )
    counts = {row["kind"]: row for row in rows}
    limits = {Kind.CANDIDATE: cohort.candidate_places, Kind.MENTOR: cohort.mentor_places}
    result = {}
    for kind in Kind.values:
        row = counts.get(kind, {})
        result[kind] = Places(
            kind=kind,
            limit=limits[kind],
            accepted=row.get("accepted", 0),
            confirmed=row.get("confirmed", 0),
            freed=max(row.get("gave_up", 0) - row.get("reoffered", 0), 0),
            waitlisted=row.get("waitlisted", 0),
        )
    return result


def waitlist(*, cohort: Cohort, kind: str) -> QuerySet[Application]:
    """The kind's waitlisted applicants in ranked order: best weighted average first."""
    return with_scores(
        Application.objects.filter(
            cohort=cohort, kind=kind, status=Status.SUBMITTED, decision=Decision.WAITLISTED
        ).select_related("applicant"),
        "average",
    ).order_by(F("average").desc(nulls_last=True), "applicant__last_name", "pk")


def offers_awaiting(*, cohort: Cohort) -> QuerySet[Application]:
    """Offers e-mailed and not yet answered, with an answer-by time (passed or not)."""
    return Application.objects.filter(
        cohort=cohort,
        status=Status.SUBMITTED,
        decision=Decision.ACCEPTED,
        decision_sent_at__isnull=False,
        response=Response.PENDING,
        answer_by__isnull=False,
    ).select_related("applicant", "cohort")


# What a row of the decisions page shows.
SELECTION_FIELDS = [
    "kind",
    "decision",
    "decision_reason",
    "decision_sent_at",
    "response",
    "answer_by",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
]


def selection(*, cohort: Cohort) -> QuerySet[Application]:
    """Submitted applications with their weighted average, best first, for the decisions page."""
    return with_scores(
        Application.objects.filter(cohort=cohort, status=Status.SUBMITTED)
        .select_related("applicant")
        .only(*SELECTION_FIELDS),
        "average",
    ).order_by("kind", F("average").desc(nulls_last=True), "applicant__last_name")


def intake_counts(*, cohort: Cohort) -> dict:
    """Drafts, submitted applications and decisions not yet e-mailed of the cohort (one query)."""
    submitted = Q(status=Status.SUBMITTED)
    return Application.objects.filter(cohort=cohort).aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        submitted=Count("pk", filter=submitted),
        to_send=Count(
            "pk", filter=submitted & ~Q(decision=Decision.UNDECIDED) & Q(decision_sent_at__isnull=True)
        ),
    )


EXPORT_COLUMNS = [
    "Applicant",
    "E-mail",
    "Kind",
    "Status",
    "Submitted at",
    "Organization",
    "Reviews done",
    "Weighted average",
    "Spread",
    "Dates they cannot attend",
    "Decision",
    "Reason",
    "Decision e-mailed at",
    "Answer",
]


# What an export row reads, in its order: tuples rather than model instances, and of the scores only those
# written, keep an export of thousands of applications to a few seconds.
_EXPORTED_VALUES = [
    "pk",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
    "kind",
    "status",
    "submitted_at",
    "organization",
    "reviews_done",
    "average",
    "spread",
    "conflicts",
    "decision",
    "decision_reason",
    "decision_sent_at",
    "response",
]


def export_row(values: tuple, zone) -> list:
    """One application, as read by `export_rows`, as a CSV row under EXPORT_COLUMNS, times in `zone`."""
    (_, first_name, last_name, email, kind, status, submitted_at, organization, reviews_done, average, spread,
     conflicts, decision, reason, sent_at, response) = values  # fmt: skip

    def moment(value):
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M %Z") if value else ""

    return [
        User.name_of(first_name, last_name, email),
        email,
        Kind(kind).label,
        Status(status).label,
        moment(submitted_at),
        organization,
        reviews_done,
        "" if average is None else f"{average:.2f}",
        "" if spread is None else f"{spread:.2f}",
        conflicts,
        Decision(decision).label if decision else "",
        reason,
        moment(sent_at),
        Response(response).label if sent_at else "",
    ]


def export_rows(*, applications: QuerySet[Application], zone, rows_per_read: int = 500):
    """The header, then one row per application (from `intake`, filtered), read `rows_per_read` at a time
    with their answers: the CSV export's rows, for the streamed download and for the export run in the
    background.

    After the fixed columns, one column per question of the applications' cohort (hidden ones too: their
    answers are kept), empty for an applicant of the other kind.
    """
    questions = list(
        Question.objects.filter(cohort__in=applications.order_by().values("cohort_id")).order_by(
            "kind", "order", "pk"
        )
    )
    yield [*EXPORT_COLUMNS, *(f"{q.label} ({q.get_kind_display().lower()})" for q in questions)]
    rows = applications.values_list(*_EXPORTED_VALUES).iterator(chunk_size=rows_per_read)
    for chunk in iter(lambda: list(itertools.islice(rows, rows_per_read)), []):
        answers = _answers_of([values[0] for values in chunk])
        for values in chunk:
            answered = answers.get(values[0], {})
            yield [*export_row(values, zone), *(_answer_text(q, answered.get(q.pk)) for q in questions)]


def _answers_of(application_ids: list[int]) -> dict[int, dict[int, Answer]]:
    """{application id: {question id: answer}} of these applications."""
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(application_id__in=application_ids).only(
        "application_id", "question_id", "value"
    ):
        answers[answer.application_id][answer.question_id] = answer
    return answers


def _answer_text(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return ""
    answer.question = question  # known already: `display` reads its type
    return answer.display
