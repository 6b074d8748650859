"""Reads that the portfolio pages and the lead's reminders share."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cohorts.models import Cohort, Membership, Pairing, Role
from cohorts.rules import roles_in
from cohorts.selectors import Person
from sessions.models import ClassSession, Topic

from .models import (
    ANONYMITY_THRESHOLD,
    TRASH_KEPT,
    Artifact,
    CheckIn,
    Consultation,
    Feedback,
    FeedbackAudience,
    FeedbackReceipt,
    FollowUp,
    MeetingStatus,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    PortfolioReview,
    ProgramFeedback,
    ProgressReview,
    Reflection,
    ReviewComment,
    WorkStudy,
)

HELD = Q(mentor_meetings__status=MeetingStatus.HELD)

QUIET_WEEKS = 4  # weeks without a meeting after which the home page calls a pair quiet


def artifacts_of(portfolio: Portfolio, *, viewer) -> list[Artifact]:
    """The portfolio's artifacts as `viewer` may see them: all for the candidate, only those marked ready for
    review for anyone else (the rule of `portfolios.view_entry`)."""
    artifacts = Artifact.objects.filter(portfolio=portfolio).select_related("session", "topic")
    return list(_shown_to(viewer, portfolio, artifacts))


def reflections_of(portfolio: Portfolio, *, viewer) -> list[Reflection]:
    """The portfolio's reflections as `viewer` may see them, like `artifacts_of`; for anyone but the
    candidate, a reflection on an artifact still in draft or in the trash does not name it (the candidate's
    pages say a trashed one is in the trash: `artifact.trashed_at`)."""
    reflections = Reflection.objects.filter(portfolio=portfolio).select_related(
        "session", "topic", "artifact"
    )
    reflections = list(_shown_to(viewer, portfolio, reflections))
    if viewer.pk != portfolio.candidate_id:
        for reflection in reflections:
            artifact = reflection.artifact
            if artifact and (artifact.trashed_at or not artifact.ready_for_review):
                reflection.artifact = None
    return reflections


def trashed_entries(*, portfolio: Portfolio, now=None) -> list[Artifact | Reflection]:
    """The portfolio's entries still in the trash, most recently removed first."""
    since = (now or timezone.now()) - TRASH_KEPT
    entries = [
        *Artifact.with_trashed.filter(portfolio=portfolio, trashed_at__gt=since),
        *Reflection.with_trashed.filter(portfolio=portfolio, trashed_at__gt=since),
    ]
    return sorted(entries, key=lambda entry: entry.trashed_at, reverse=True)


def _shown_to(viewer, portfolio: Portfolio, entries):
    # Drafts stay the candidate's.
    return entries if viewer.pk == portfolio.candidate_id else entries.filter(ready_for_review=True)


def with_ready_count(portfolios: QuerySet[Portfolio]) -> QuerySet[Portfolio]:
    """Each portfolio with `ready`: how many entries its candidate has marked ready for review."""

    def ready(model):
        entries = model.objects.filter(portfolio=OuterRef("pk"), ready_for_review=True).order_by()
        return Coalesce(Subquery(entries.values("portfolio").annotate(n=Count("pk")).values("n")), 0)

    return portfolios.annotate(ready=ready(Artifact) + ready(Reflection))


def next_evaluation(*, portfolio: Portfolio, now: datetime) -> MidYearEvaluation | None:
    return (
        MidYearEvaluation.objects.filter(portfolio=portfolio, starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )


def instructors_of(cohort: Cohort):
    """The people who teach a session of the cohort, by name: whom a mentor may consult."""
    teaching = ClassSession.objects.filter(cohort=cohort, instructors__isnull=False).values("instructors")
    return get_user_model().objects.filter(pk__in=teaching).order_by("last_name", "first_name", "pk")


def consultations_of(portfolio: Portfolio):
    """The threads with instructors about this candidate, each with its `message_count`."""
    return (
        Consultation.objects.filter(portfolio=portfolio)
        .select_related("instructor")
        .annotate(message_count=Count("messages"))
    )


def consultations_with(*, instructor, cohort: Cohort):
    """The threads in which mentors consult this instructor, for their home page."""
    return Consultation.objects.filter(instructor=instructor, portfolio__cohort=cohort).select_related(
        "portfolio__candidate"
    )


def work_study_of(portfolio: Portfolio):
    return WorkStudy.objects.filter(portfolio=portfolio).select_related("mentor")


def open_follow_ups_of(*, user, cohort: Cohort):
    """Follow-up items of mid-year evaluations in the cohort that `user` owns and has not closed."""
    return FollowUp.objects.filter(
        owner=user, evaluation__portfolio__cohort=cohort, closed_at__isnull=True
    ).select_related("evaluation")


def pairing_of(portfolio: Portfolio) -> Pairing | None:
    """The candidate's pairing with its mentor; its cohort and candidate are the portfolio's, not read again."""
    pairing = (
        Pairing.objects.filter(cohort_id=portfolio.cohort_id, candidate_id=portfolio.candidate_id)
        .select_related("mentor")
        .order_by()
        .first()
    )
    if pairing is not None:
        pairing.cohort, pairing.candidate = portfolio.cohort, portfolio.candidate
    return pairing


def visible_feedback(*, portfolio: Portfolio, user):
    """The feedback on this candidate that `user` may read; the same rule as `portfolios.view_feedback`.

    The candidate reads what the mentor and the program manager wrote for them, never mentor-to-manager
    feedback; the mentor reads their own; program managers read all.
    """
    feedback = Feedback.objects.filter(portfolio=portfolio).select_related("author")
    if Role.PROGRAM_MANAGER in roles_in(user, portfolio.cohort):
        return feedback
    if user.pk == portfolio.candidate_id:
        return feedback.exclude(audience=FeedbackAudience.MENTOR_TO_MANAGER)
    if Pairing.objects.filter(cohort=portfolio.cohort, candidate=portfolio.candidate, mentor=user).exists():
        return feedback.filter(
            Q(audience=FeedbackAudience.MENTOR_TO_CANDIDATE)
            | Q(audience=FeedbackAudience.MENTOR_TO_MANAGER, author=user)
        )
    return feedback.none()


def evaluations_of(portfolio: Portfolio):
    """The portfolio's mid-year evaluations, each with `follow_up_count`."""
    return MidYearEvaluation.objects.filter(portfolio=portfolio).annotate(follow_up_count=Count("follow_ups"))


def progress_reviews_of(portfolio: Portfolio):
    return ProgressReview.objects.filter(portfolio=portfolio)


def review_comments_of(portfolio: Portfolio):
    return ReviewComment.objects.filter(portfolio=portfolio).select_related("review", "author")


def meetings_of(portfolio: Portfolio) -> tuple[list[MentorMeeting], list[MentorMeeting]]:
    """The meetings of the candidate's pair (a candidate has one pairing in a cohort), with who logged and who
    confirmed each, and its follow-up items: those held, newest first, and those scheduled ahead, soonest
    first. A pair meets a few dozen times a year, so they are read at once and split here."""
    meetings = list(
        MentorMeeting.objects.filter(
            pairing__cohort_id=portfolio.cohort_id, pairing__candidate_id=portfolio.candidate_id
        )
        .select_related("logged_by", "confirmed_by")
        .prefetch_related("follow_ups")
    )
    held = [meeting for meeting in meetings if meeting.status == MeetingStatus.HELD]
    scheduled = [meeting for meeting in meetings if meeting.status == MeetingStatus.SCHEDULED]
    scheduled.sort(
        key=lambda meeting: (meeting.starts_at is None, meeting.starts_at or meeting.logged_at, meeting.pk)
    )
    return held, scheduled


@dataclass
class TopicEvidence:
    topic: Topic
    artifacts: list = field(default_factory=list)
    reflections: list = field(default_factory=list)

    @property
    def has_evidence(self) -> bool:
        return bool(self.artifacts or self.reflections)


def topic_map(*, portfolio: Portfolio, viewer) -> list[TopicEvidence]:
    """Each topic of the cohort's sessions with the entries `viewer` may see that give evidence of it.

    An entry tagged with a topic is evidence of that topic; one tagged with a whole session is evidence of
    every topic of that session; an untagged reflection on an artifact counts where the artifact does, so not
    at all when the artifact is in the trash (or not shown to `viewer`).
    """
    topics = Topic.objects.filter(session__cohort_id=portfolio.cohort_id).select_related("session")
    rows = {topic.pk: TopicEvidence(topic) for topic in topics.order_by("session__number", "order", "name")}
    by_session = {}
    for row in rows.values():
        by_session.setdefault(row.topic.session_id, []).append(row)

    def evidenced(tagged) -> list[TopicEvidence]:
        if tagged is None:
            return []
        if tagged.topic_id:
            return [rows[tagged.topic_id]] if tagged.topic_id in rows else []
        return by_session.get(tagged.session_id, [])

    artifacts = artifacts_of(portfolio, viewer=viewer)
    counted = {artifact.pk: artifact for artifact in artifacts}
    for artifact in artifacts:
        for row in evidenced(artifact):
            row.artifacts.append(artifact)
    for reflection in reflections_of(portfolio, viewer=viewer):
        untagged = not (reflection.topic_id or reflection.session_id)
        tagged = counted.get(reflection.artifact_id) if untagged else reflection
        for row in evidenced(tagged):
            row.reflections.append(reflection)
    return list(rows.values())


@dataclass(slots=True)
class PortfolioRow:
    """A candidate's portfolio as the program manager follows it: entries, readiness, meetings with the mentor
    and the mid-year evaluation's follow-up items still open."""

    pk: int
    candidate: Person
    mentor: Person | None = None
    artifact_count: int = 0
    reflection_count: int = 0
    meeting_count: int = 0
    last_meeting: date | None = None
    open_follow_ups: int = 0
    unread_private_feedback: int = 0


def cohort_portfolios(*, cohort: Cohort, unread_only: bool = False) -> QuerySet[Portfolio]:
    """The cohort's portfolios by the candidate's name (only those with private notes from mentors not read yet
    if `unread_only`), with what the overview sorts by: the mentor's name and the day of the last meeting held
    (subqueries, which the count of a page leaves out)."""
    pairing = Pairing.objects.filter(cohort=cohort, candidate=OuterRef("candidate"))
    last_held = MentorMeeting.objects.filter(
        pairing__cohort=cohort, pairing__candidate=OuterRef("candidate"), status=MeetingStatus.HELD
    ).order_by("-held_on")
    portfolios = Portfolio.objects.filter(cohort=cohort)
    if unread_only:
        portfolios = portfolios.filter(Exists(_unread_private_notes().filter(portfolio=OuterRef("pk"))))
    return portfolios.annotate(
        mentor_last_name=Subquery(pairing.values("mentor__last_name")[:1]),
        mentor_first_name=Subquery(pairing.values("mentor__first_name")[:1]),
        last_held_on=Subquery(last_held.values("held_on")[:1]),
    ).order_by("candidate__last_name", "candidate__first_name", "pk")


def cohort_portfolios_page(
    *, portfolios: QuerySet[Portfolio], cohort: Cohort, page_number, per_page: int
) -> Page:
    """A page of `portfolios` (from `cohort_portfolios`, perhaps searched and sorted) as PortfolioRow. Each
    figure is counted for the page's portfolios only, grouped queries (five whatever the cohort's size), rather
    than by correlated subqueries, which took longer for Django to compile than for PostgreSQL to run."""
    portfolios = portfolios.values_list("pk", *Person.columns("candidate"))
    page = Paginator(portfolios, per_page).get_page(page_number)
    rows = {pk: PortfolioRow(pk, Person.from_row(*candidate)) for pk, *candidate in page.object_list}
    page.object_list = list(rows.values())
    # drafts are the candidate's alone: only the entries ready for review are counted
    artifacts, reflections = (
        model.objects.filter(portfolio_id__in=rows, ready_for_review=True)
        .order_by()
        .values_list("portfolio_id")
        .annotate(n=Count("pk"), is_artifact=Value(model is Artifact))
        for model in (Artifact, Reflection)
    )
    for portfolio_id, n, is_artifact in artifacts.union(reflections, all=True):
        if is_artifact:
            rows[portfolio_id].artifact_count = n
        else:
            rows[portfolio_id].reflection_count = n
    open_follow_ups = (
        FollowUp.objects.filter(evaluation__portfolio_id__in=rows, closed_at__isnull=True)
        .order_by()
        .values_list("evaluation__portfolio_id")
        .annotate(n=Count("pk"))
    )
    for portfolio_id, n in open_follow_ups:
        rows[portfolio_id].open_follow_ups = n
    unread = (
        _unread_private_notes()
        .filter(portfolio_id__in=rows)
        .order_by()
        .values_list("portfolio_id")
        .annotate(n=Count("pk"))
    )
    for portfolio_id, n in unread:
        rows[portfolio_id].unread_private_feedback = n
    by_candidate = {row.candidate.pk: row for row in page.object_list}
    pairings = (
        Pairing.objects.filter(cohort=cohort, candidate_id__in=by_candidate)
        .order_by()
        .values_list("candidate_id", *Person.columns("mentor"))
        .annotate(n=Count("mentor_meetings", filter=HELD), last=Max("mentor_meetings__held_on", filter=HELD))
    )
    for candidate_id, *mentor, n, last in pairings:
        row = by_candidate[candidate_id]
        row.mentor, row.meeting_count, row.last_meeting = Person.from_row(*mentor), n, last
    return page


def next_check_in(*, cohort: Cohort, now: datetime) -> CheckIn | None:
    """The cohort's next mentor check-in meeting, which every mentor is expected at."""
    return CheckIn.objects.filter(cohort=cohort, starts_at__gte=now).order_by("starts_at").first()


def next_scheduled_meeting(*, pairings: list[Pairing], now: datetime) -> MentorMeeting | None:
    """The next meeting scheduled ahead by one side of `pairings`, with its `pairing` (one of `pairings`, both
    people as they were read) and the candidate's `portfolio_id`, where the meeting log is."""
    meeting = (
        MentorMeeting.objects.scheduled()
        .filter(pairing__in=[pairing.pk for pairing in pairings], starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )
    if meeting is not None:
        meeting.pairing = next(pairing for pairing in pairings if pairing.pk == meeting.pairing_id)
        meeting.portfolio_id = (
            Portfolio.objects.filter(
                cohort_id=meeting.pairing.cohort_id, candidate_id=meeting.pairing.candidate_id
            )
            .order_by()
            .values_list("pk", flat=True)
            .first()
        )
    return meeting


def _unread_private_notes() -> QuerySet[Feedback]:
    """What mentors wrote for the program managers only and no manager has read yet."""
    return Feedback.objects.filter(
        audience=FeedbackAudience.MENTOR_TO_MANAGER, read_by_manager_at__isnull=True
    )


def unread_private_feedback(*, cohort: Cohort) -> int:
    """How much of what mentors wrote for the program managers only no manager has read yet."""
    return _unread_private_notes().filter(portfolio__cohort=cohort).count()


def quiet_pairs(*, cohort: Cohort, weeks: int, now: datetime):
    """The cohort's pairs with no meeting logged (by either side) held in the last `weeks` weeks."""
    since = timezone.localdate(now, cohort.tz) - timedelta(weeks=weeks)
    recent = MentorMeeting.objects.held().filter(pairing=OuterRef("pk"), held_on__gt=since)
    return (
        Pairing.objects.filter(cohort=cohort)
        .annotate(last_meeting=Max("mentor_meetings__held_on", filter=HELD))
        .filter(~Exists(recent))
        .select_related("mentor", "candidate")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


@dataclass(slots=True)
class PairMeetings:
    """A pair of the cohort with its meetings: how many, how many confirmed, the last one, per month since
    classes started, and whether none was held in the last weeks asked about."""

    pk: int  # the pairing's
    candidate: Person
    mentor: Person
    meeting_count: int
    confirmed_count: int
    last_meeting: date | None
    per_month: float = 0.0
    is_quiet: bool = False


def pair_meetings(*, cohort: Cohort) -> QuerySet[Pairing]:
    """The cohort's pairs by the candidate's name, each with its held meetings counted (`meeting_count`,
    `confirmed_count`) and the day of the last one (`last_meeting`)."""
    return (
        Pairing.objects.filter(cohort=cohort)
        .annotate(
            meeting_count=Count("mentor_meetings", filter=HELD),
            confirmed_count=Count(
                "mentor_meetings", filter=HELD & Q(mentor_meetings__confirmed_at__isnull=False)
            ),
            last_meeting=Max("mentor_meetings__held_on", filter=HELD),
        )
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


def meeting_frequency(*, cohort: Cohort, weeks: int, now: datetime) -> list[PairMeetings]:
    """The cohort's pairs (`pair_meetings`) read in one grouped query of short rows, to search, sort and page in
    memory; per month counts since classes started (as one month before then), and a pair is quiet when it held
    no meeting in the last `weeks` weeks."""
    today = timezone.localdate(now, cohort.tz)
    since = today - timedelta(weeks=weeks)
    months = cohort.months_of_classes(now)
    rows = pair_meetings(cohort=cohort).values_list(
        "pk",
        *Person.columns("candidate"),
        *Person.columns("mentor"),
        "meeting_count",
        "confirmed_count",
        "last_meeting",
    )
    return [
        PairMeetings(
            pk,
            Person.from_row(*row[0:5]),
            Person.from_row(*row[5:10]),
            meeting_count,
            confirmed_count,
            last_meeting,
            per_month=round(meeting_count / months, 1),
            is_quiet=last_meeting is None or last_meeting <= since,
        )
        for pk, *row, meeting_count, confirmed_count, last_meeting in rows
    ]


@dataclass
class Event:
    """Something that starts in a reminder window, with the people expected there."""

    kind: str  # "mid_year_evaluation", "portfolio_review" or "mentor_check_in"
    subject: object
    cohort: Cohort
    starts_at: datetime

    def expected(self) -> list:
        """Who is expected: the candidate and mentor of an evaluation, every mentor of a check-in, every
        candidate and mentor (and the program managers) of a portfolio review."""
        if self.kind == "mid_year_evaluation":
            return [p for p in (self.subject.portfolio.candidate, self.subject.mentor) if p is not None]
        roles = (
            [Role.MENTOR]
            if self.kind == "mentor_check_in"
            else [Role.CANDIDATE, Role.MENTOR, Role.PROGRAM_MANAGER]
        )
        memberships = Membership.objects.filter(cohort=self.cohort, role__in=roles).select_related("user")
        return list(
            dict.fromkeys(m.user for m in memberships.order_by("user__last_name", "user__first_name"))
        )


def upcoming_events(*, start: datetime, end: datetime) -> list[Event]:
    """Mid-year evaluations, portfolio reviews and mentor check-ins that start in [start, end), by time."""
    window = {"starts_at__gte": start, "starts_at__lt": end}
    events = [
        Event("mid_year_evaluation", e, e.portfolio.cohort, e.starts_at)
        for e in MidYearEvaluation.objects.filter(**window).select_related(
            "portfolio__cohort", "portfolio__candidate", "mentor"
        )
    ]
    events += [
        Event("portfolio_review", r, r.cohort, r.starts_at)
        for r in PortfolioReview.objects.filter(**window).select_related("cohort")
    ]
    events += [
        Event("mentor_check_in", c, c.cohort, c.starts_at)
        for c in CheckIn.objects.filter(**window).select_related("cohort")
    ]
    return sorted(events, key=lambda event: event.starts_at)


def check_ins(*, cohort: Cohort):
    return CheckIn.objects.filter(cohort=cohort).annotate(attendee_count=Count("attendees"))


def portfolio_reviews(*, cohort: Cohort):
    return PortfolioReview.objects.filter(cohort=cohort).annotate(comment_count=Count("comments"))


def review_comments(*, review: PortfolioReview):
    return review.comments.select_related("author", "portfolio__candidate").order_by(
        "portfolio__candidate__last_name", "created_at", "pk"
    )


@dataclass
class RatingSummary:
    """One question's results; `enough` is False (and the figures empty) while fewer than
    ANONYMITY_THRESHOLD people have answered it."""

    label: str
    session: ClassSession | None
    count: int
    average: float | None
    distribution: list[int]  # answers rated 1, 2, 3, 4 and 5

    @property
    def enough(self) -> bool:
        return self.count >= ANONYMITY_THRESHOLD


def _summary(label, session, figures) -> RatingSummary:
    if figures["answers"] < ANONYMITY_THRESHOLD:
        return RatingSummary(label, session, 0, None, [])
    distribution = [figures[f"r{n}"] for n in range(1, 6)]
    return RatingSummary(label, session, figures["answers"], figures["average"], distribution)


def program_feedback_summary(*, cohort: Cohort) -> list[RatingSummary]:
    """Per session (then the program as a whole): how many answered, the average and the spread of ratings,
    for the questions answered by enough people to keep the answers anonymous (two queries)."""
    counts = {f"r{n}": Count("program_feedback", filter=Q(program_feedback__rating=n)) for n in range(1, 6)}
    sessions = (
        ClassSession.objects.filter(cohort=cohort)
        .annotate(answers=Count("program_feedback"), average=Avg("program_feedback__rating"), **counts)
        .order_by("number", "pk")
    )
    rows = [_summary(f"{s.label} — {s.title}", s, s.__dict__) for s in sessions]
    overall = ProgramFeedback.objects.filter(cohort=cohort, session__isnull=True).aggregate(
        answers=Count("pk"),
        average=Avg("rating"),
        **{f"r{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
    )
    rows.append(_summary("The program as a whole", None, overall))
    return rows


def program_feedback_answers(*, cohort: Cohort):
    """The answers to questions enough people answered, ordered by what they say (never by when they came)."""
    return (
        ProgramFeedback.objects.filter(cohort=cohort)
        .with_enough_answers()
        .select_related("session")
        .order_by("session__number", "-rating", "comment", "pk")
    )


def answered_sessions(*, cohort: Cohort, candidate) -> set:
    """The sessions (None for the program as a whole) the candidate has answered about."""
    return set(
        FeedbackReceipt.objects.filter(cohort=cohort, candidate=candidate).values_list(
            "session_id", flat=True
        )
    )


def scheduled_meetings_starting(*, cohort: Cohort, start: datetime, end: datetime):
    """The cohort's mentor meetings scheduled ahead that start in [start, end), with both people."""
    return (
        MentorMeeting.objects.scheduled()
        .filter(pairing__cohort=cohort, starts_at__gte=start, starts_at__lt=end)
        .select_related("pairing__mentor", "pairing__candidate", "pairing__cohort")
    )


def open_follow_ups_due(*, cohort: Cohort, first_day: date, last_day: date):
    """Open follow-up items of the cohort's meetings and evaluations due between the two days (inclusive)."""
    return (
        FollowUp.objects.filter(closed_at__isnull=True, due_on__gte=first_day, due_on__lte=last_day)
        .filter(Q(meeting__pairing__cohort=cohort) | Q(evaluation__portfolio__cohort=cohort))
        .select_related("owner", "meeting__pairing__mentor", "meeting__pairing__candidate", "evaluation")
    )
