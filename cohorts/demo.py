"""The demo data: the 2018 cohort exactly as the program published it, a cohort whose class year is under
way today, and the next cohort, whose application window is open today. Every write is a get-or-create, so a
second run creates and changes nothing."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from cto_mentor.users.models import User
from sessions.models import ClassSession, Meeting, SessionKind, Topic

from .demo_activity import seed_class_year, seed_intake, seed_mentoring
from .models import Cohort, Program, Role
from .services import add_member, pair_mentor

PACIFIC = ZoneInfo("America/Los_Angeles")
DEMO_PASSWORD = "mentor-program-demo"  # noqa: S105 - published in the README for the demo logins
FRIDAY_HOURS = (time(17, 30), time(21, 30))
SATURDAY_HOURS = (time(8, 0), time(16, 0))
# The source gives only the kickoff's start (10 a.m.) and the final presentations' day; these hours are ours.
KICKOFF_HOURS = (time(10, 0), time(12, 0))
FINAL_HOURS = (time(9, 0), time(12, 0))
CLASS_LOCATION = "Sacramento area, Northern California"
FINAL_LOCATION = "CETPA Annual Conference, Sacramento, CA"

# (session number, topics) as published for 2018; the dates differ per cohort.
CURRICULUM = [
    (1, ["Leadership and Strategic Planning"]),
    (2, ["Professional Development", "Educational Technology"]),
    (3, ["Fiscal Management"]),
    (4, ["Security Fundamentals", "Organizational Management"]),
    (5, ["Staff and Student Centered Aspects", "Personnel Management"]),
    (6, ["Technology Infrastructure and Data Systems", "Project Management"]),
    (7, ["Assessment and Accountability"]),
    (8, ["Technology Policies and Standards", "Technology Leadership"]),
]
# The Friday of each two-day session of 2018 (session 1 is the Saturday after the kickoff only).
FRIDAYS_2018 = [
    None,
    date(2018, 3, 2),
    date(2018, 4, 6),
    date(2018, 5, 4),
    date(2018, 6, 8),
    date(2018, 7, 13),
    date(2018, 9, 7),
    date(2018, 10, 5),
]

PEOPLE = {
    "manager@example.org": ("Maria", "Lopez", "Program Manager", "CETPA"),
    "reviewer@example.org": (
        "Robert",
        "Chen",
        "Chief Technology Officer",
        "Elk Grove Unified School District",
    ),
    "instructor@example.org": (
        "Irene",
        "Walsh",
        "Director of Information Technology",
        "Placer County Office of Education",
    ),
    "mentor@example.org": ("Marcus", "Green", "Chief Technology Officer", "San Juan Unified School District"),
    "candidate@example.org": ("Carla", "Diaz", "Network Manager", "Folsom Cordova Unified School District"),
    "candidate2@example.org": ("Cody", "Nguyen", "Technology Coordinator", "Natomas Unified School District"),
    "applicant@example.org": ("Alex", "Kim", "IT Supervisor", "Davis Joint Unified School District"),
    # Applicants of the cohort taking applications, at different stages.
    "dana.price@example.org": (
        "Dana",
        "Price",
        "Director of Technology",
        "Elk Grove Unified School District",
    ),
    "gil.hart@example.org": ("Gil", "Hart", "Network Services Manager", "Roseville City School District"),
    "eli.brooks@example.org": (
        "Eli",
        "Brooks",
        "Technology Coordinator",
        "Woodland Joint Unified School District",
    ),
    "fran.ortiz@example.org": (
        "Fran",
        "Ortiz",
        "Chief Technology Officer",
        "Twin Rivers Unified School District",
    ),
}


@dataclass
class CohortPlan:
    slug: str
    name: str
    applications_open: datetime
    applications_close: datetime
    selection_date: date
    notification_date: date
    kickoff: date
    session_fridays: list  # a date per session, None for a Saturday-only session
    final: date


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=PACIFIC)


def plan_2018() -> CohortPlan:
    return CohortPlan(
        slug="2018",
        name="2018 cohort",
        applications_open=at(date(2017, 8, 23), time(0, 0)),
        applications_close=at(date(2017, 9, 29), time(17, 0)),
        selection_date=date(2017, 10, 31),
        notification_date=date(2017, 10, 31),
        kickoff=date(2018, 2, 2),
        session_fridays=FRIDAYS_2018,
        final=date(2018, 11, 12),
    )


def plan_around(slug: str, kickoff: date) -> CohortPlan:
    """A cohort laid out like 2018: kickoff Friday, sessions every four weeks, the final on a Monday."""
    fridays = [None] + [kickoff + timedelta(weeks=4 * n) for n in range(1, 8)]
    close = kickoff - timedelta(weeks=18)
    return CohortPlan(
        slug=slug,
        name=f"{kickoff:%B %Y} cohort",
        applications_open=at(close - timedelta(weeks=5), time(0, 0)),
        applications_close=at(close, time(17, 0)),
        selection_date=close + timedelta(weeks=4),
        notification_date=close + timedelta(weeks=5),
        kickoff=kickoff,
        session_fridays=fridays,
        final=fridays[-1] + timedelta(weeks=5, days=3),
    )


def friday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 4) % 7)


class Seeder:
    def __init__(self):
        self.created = 0

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created += created
        return obj

    def run(self, today: date) -> int:
        with transaction.atomic():
            program = self.get_or_create(
                Program,
                slug="cto-mentor",
                defaults={
                    "name": "CTO Mentor Program",
                    "organization": "CETPA",
                    "description": "A yearly program preparing K-12 technology leaders for the CTO role.",
                },
            )
            people = {email: self.person(email, *names) for email, names in PEOPLE.items()}
            under_way_kickoff = friday_on_or_before(today - timedelta(weeks=15))
            next_close = today + timedelta(days=30)
            next_kickoff = friday_on_or_before(next_close + timedelta(weeks=19))
            plans = [plan_2018(), plan_around("demo-under-way", under_way_kickoff)]
            next_plan = plan_around("demo-next", next_kickoff)
            next_plan.applications_open = at(today - timedelta(days=21), time(0, 0))
            next_plan.applications_close = at(next_close, time(17, 0))
            cohorts = [self.cohort(program, plan) for plan in [*plans, next_plan]]
            self.roles(people, *cohorts)
            self.manager_back_office(people["manager@example.org"])
            now = at(today, time(12, 0))
            _, under_way, next_cohort = cohorts
            manager = people["manager@example.org"]
            seed_intake(next_cohort, people, manager, people["reviewer@example.org"], now)
            seed_class_year(under_way, people, manager, people["instructor@example.org"], now)
            seed_mentoring(under_way, people, manager, now)
        return self.created

    def person(self, email, first, last, title, organization):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                title=title,
                organization=organization,
                email_verified_at=timezone.now(),
            )
            self.created += 1
        return user

    def cohort(self, program, plan: CohortPlan) -> Cohort:
        cohort = self.get_or_create(
            Cohort,
            slug=plan.slug,
            defaults={
                "program": program,
                "name": plan.name,
                "time_zone": "America/Los_Angeles",
                "applications_open": plan.applications_open,
                "applications_close": plan.applications_close,
                "selection_date": plan.selection_date,
                "notification_date": plan.notification_date,
                "classes_start": plan.kickoff,
                "commencement": plan.final,
                "location": CLASS_LOCATION,
            },
        )
        kickoff = self.session(
            cohort, SessionKind.KICKOFF, None, "Kickoff meeting", [], mentors_expected=True
        )
        self.meeting(kickoff, plan.kickoff, KICKOFF_HOURS, CLASS_LOCATION)
        for (number, topics), friday in zip(CURRICULUM, plan.session_fridays, strict=True):
            session = self.session(cohort, SessionKind.CLASS, number, ", ".join(topics), topics)
            saturday = friday + timedelta(days=1) if friday else plan.kickoff + timedelta(days=1)
            if friday:
                self.meeting(session, friday, FRIDAY_HOURS, CLASS_LOCATION)
            self.meeting(session, saturday, SATURDAY_HOURS, CLASS_LOCATION)
        final = self.session(cohort, SessionKind.FINAL, None, "Final presentations and commencement", [])
        self.meeting(final, plan.final, FINAL_HOURS, FINAL_LOCATION)
        return cohort

    def session(self, cohort, kind, number, title, topics, mentors_expected=False):
        lookup = {"number": number} if number else {"kind": kind}
        session = self.get_or_create(
            ClassSession,
            cohort=cohort,
            **lookup,
            defaults={"kind": kind, "title": title, "mentors_expected": mentors_expected},
        )
        for order, name in enumerate(topics):
            self.get_or_create(Topic, session=session, name=name, defaults={"order": order})
        return session

    def meeting(self, session, day, hours, location):
        starts, ends = hours
        self.get_or_create(
            Meeting,
            session=session,
            starts_at=at(day, starts),
            defaults={"ends_at": at(day, ends), "location": location},
        )

    def roles(self, people, cohort_2018, under_way, next_cohort):
        manager = people["manager@example.org"]
        for cohort in (cohort_2018, under_way, next_cohort):
            self.member(cohort, manager, Role.PROGRAM_MANAGER)
        self.member(next_cohort, people["reviewer@example.org"], Role.REVIEWER)
        instructor = people["instructor@example.org"]
        self.member(under_way, instructor, Role.INSTRUCTOR)
        for session in ClassSession.objects.filter(cohort=under_way, number__in=[3, 4, 5, 6]):
            session.instructors.add(instructor)
        mentor, candidate = people["mentor@example.org"], people["candidate@example.org"]
        self.member(under_way, mentor, Role.MENTOR)
        self.member(under_way, candidate, Role.CANDIDATE)
        self.member(under_way, people["candidate2@example.org"], Role.CANDIDATE)
        if not under_way.pairings.filter(candidate=candidate).exists():
            # The demo describes a state of affairs: nobody is to be told about it by e-mail.
            pair_mentor(cohort=under_way, mentor=mentor, candidate=candidate, actor=manager, notify=False)
            self.created += 1

    def member(self, cohort, user, role):
        if not cohort.memberships.filter(user=user, role=role).exists():
            add_member(cohort=cohort, user=user, role=role)
            self.created += 1

    def manager_back_office(self, manager):
        """The program manager corrects records in the Django admin, with every permission of our apps."""
        group = self.get_or_create(Group, name="Program staff")
        app_labels = [
            "users",
            "cohorts",
            "applications",
            "class_sessions",
            "portfolios",
            "notifications",
            "jobs",
        ]
        missing = Permission.objects.filter(content_type__app_label__in=app_labels).exclude(group=group)
        if missing.exists():
            group.permissions.add(*missing)
        if not manager.is_staff:
            manager.is_staff = True
            manager.save(update_fields=["is_staff"])
        if not manager.groups.filter(pk=group.pk).exists():
            manager.groups.add(group)


def seed(today: date | None = None) -> int:
    """Create what is missing of the demo data; returns how many objects were created."""
    return Seeder().run(today or timezone.localdate(timezone.now(), PACIFIC))
