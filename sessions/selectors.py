from django.db.models import Q, QuerySet
from django.utils import timezone

from cohorts.models import Cohort, Role
from cohorts.rules import roles_in
from cto_mentor.users.models import User

from .models import ClassSession, Meeting


def meetings_expected_of(*, user, cohort: Cohort) -> QuerySet[Meeting]:
    """Meetings the user must attend: candidates all, mentors the kickoff, instructors their own sessions."""
    roles = roles_in(user, cohort)
    in_cohort = Meeting.objects.filter(session__cohort=cohort).select_related("session")
    if Role.CANDIDATE in roles or Role.PROGRAM_MANAGER in roles:
        return in_cohort
    expected = Q(pk__in=[])
    if Role.MENTOR in roles:
        expected |= Q(session__mentors_expected=True)
    if Role.INSTRUCTOR in roles:
        expected |= Q(session__instructors=user)
    return in_cohort.filter(expected).distinct()


def next_meeting(*, user, cohort: Cohort, now=None) -> Meeting | None:
    now = now or timezone.now()
    return (
        meetings_expected_of(user=user, cohort=cohort).filter(ends_at__gte=now).order_by("starts_at").first()
    )


def schedule(*, cohort: Cohort) -> list[ClassSession]:
    """The cohort's sessions in date order, with their topics, meetings and instructors."""
    return list(
        ClassSession.objects.filter(cohort=cohort)
        .in_schedule_order()
        .prefetch_related("topics", "meetings", "instructors")
    )


def expected_attendees(*, meeting: Meeting) -> list:
    """Who must attend the meeting (the rule of meetings_expected_of, seen from the meeting): the cohort's
    candidates, the session's instructors, and the mentors when the session expects them."""
    session = meeting.session
    expected = Q(memberships__cohort=session.cohort_id, memberships__role=Role.CANDIDATE) | Q(
        sessions_taught=session
    )
    if session.mentors_expected:
        expected |= Q(memberships__cohort=session.cohort_id, memberships__role=Role.MENTOR)
    return list(User.objects.filter(expected, is_active=True).distinct().order_by("pk"))
