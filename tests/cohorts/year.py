"""A cohort laid out like 2018 (kickoff, sessions across the spring daylight-saving change, a rubric, reminder
times and people), for the tests of copying and setting up a cohort."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from applications.models import Criterion
from cohorts.models import Role
from cto_mentor.notifications.models import ReminderSetting
from sessions.models import SessionKind, Topic

from ..factories import ClassSessionFactory, CohortFactory, MeetingFactory, MembershipFactory, PairingFactory

PACIFIC = ZoneInfo("America/Los_Angeles")


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=PACIFIC)


def cohort_like_2018(manager=None):
    """Kickoff Friday 2018-02-02 10:00; session 2 on Fri/Sat March 2-3 (PST); session 3 on April 6-7 (PDT)."""
    cohort = CohortFactory(
        name="2018 cohort",
        slug="y2018",
        applications_open=at(date(2017, 8, 23), time(0)),
        applications_close=at(date(2017, 9, 29), time(17)),
        selection_date=date(2017, 10, 31),
        notification_date=date(2017, 10, 31),
        classes_start=date(2018, 2, 2),
        commencement=date(2018, 11, 12),
        location="Sacramento, CA",
        candidate_places=12,
    )
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, title="Kickoff")
    MeetingFactory(
        session=kickoff, starts_at=at(date(2018, 2, 2), time(10)), ends_at=at(date(2018, 2, 2), time(12))
    )
    for number, friday, topics in (
        (2, date(2018, 3, 2), ["Professional Development", "Educational Technology"]),
        (3, date(2018, 4, 6), ["Fiscal Management"]),
    ):
        session = ClassSessionFactory(cohort=cohort, number=number, title=topics[0])
        for order, name in enumerate(topics):
            Topic.objects.create(session=session, name=name, order=order)
        saturday = date.fromordinal(friday.toordinal() + 1)
        MeetingFactory(session=session, starts_at=at(friday, time(17, 30)), ends_at=at(friday, time(21, 30)))
        MeetingFactory(session=session, starts_at=at(saturday, time(8)), ends_at=at(saturday, time(16)))
    Criterion.objects.create(cohort=cohort, name="Leadership experience", weight=3, order=1)
    Criterion.objects.create(cohort=cohort, name="Commitment", weight=1, order=2)
    ReminderSetting.objects.create(cohort=cohort, kind="meeting", offsets_hours=[168, 24])
    if manager is None:
        manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    else:
        MembershipFactory(cohort=cohort, user=manager, role=Role.PROGRAM_MANAGER)
    PairingFactory(cohort=cohort)
    return cohort, manager
