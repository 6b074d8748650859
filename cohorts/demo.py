"""The demo data: the 2018 cohort exactly as the program published it, a cohort whose class year is under
way today, and the next cohort, whose application window is open today. Every write is a get-or-create, so a
second run creates and changes nothing.

This module makes the program, the people, the cohorts and their roles; each app adds its own part in its
`demo.py` (`steps.register(Step(...))`): the class schedule, the applications, the class year, the mentoring,
run in the order their `after` names allow.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cto_mentor.discovery import Step, Steps
from cto_mentor.uploads import check_upload
from cto_mentor.users.models import User

from .models import Cohort, ContractStatus, Program, Role
from .services import add_member, pair_mentor, record_contract

PACIFIC = ZoneInfo("America/Los_Angeles")
DEMO_PASSWORD = "mentor-program-demo"  # noqa: S105 - published in the README for the demo logins
CLASS_LOCATION = "Sacramento area, Northern California"

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


def demo_pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF, checked as the upload form field would: for the demo's resumes, work and artifacts."""
    body = f"BT /F1 14 Tf 72 720 Td ({title}) Tj ET".encode()
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(body)}>>stream\n".encode()
        + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    uploaded = SimpleUploadedFile(
        f"{title.lower().replace(' ', '-')}.pdf", content, content_type="application/pdf"
    )
    uploaded.kind = check_upload(uploaded)
    return uploaded


@dataclass
class Demo:
    """What the demo's steps share: the day it shows, its people (by e-mail) and its cohorts, with the plan
    each was laid out by, and how many objects the steps created."""

    today: date
    now: datetime
    people: dict[str, User] = field(default_factory=dict)
    plans: dict[str, CohortPlan] = field(default_factory=dict)
    cohorts: dict[str, Cohort] = field(default_factory=dict)  # "2018", "under_way", "next"
    created: int = 0

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created += created
        return obj


steps = Steps("demo")


def people_and_cohorts(demo: Demo) -> None:
    """The program, the demo logins, the three cohorts with their timelines, everyone's roles and the pair."""
    program = demo.get_or_create(
        Program,
        slug="cto-mentor",
        defaults={
            "name": "CTO Mentor Program",
            "organization": "CETPA",
            "description": "A yearly program preparing K-12 technology leaders for the CTO role.",
        },
    )
    demo.people = {email: person(demo, email, *names) for email, names in PEOPLE.items()}
    today = demo.today
    under_way_kickoff = friday_on_or_before(today - timedelta(weeks=15))
    next_close = today + timedelta(days=30)
    next_kickoff = friday_on_or_before(next_close + timedelta(weeks=19))
    next_plan = plan_around("demo-next", next_kickoff)
    next_plan.applications_open = at(today - timedelta(days=21), time(0, 0))
    next_plan.applications_close = at(next_close, time(17, 0))
    plans = {
        "2018": plan_2018(),
        "under_way": plan_around("demo-under-way", under_way_kickoff),
        "next": next_plan,
    }
    for key, plan in plans.items():
        demo.plans[plan.slug] = plan
        demo.cohorts[key] = cohort(demo, program, plan)
    roles(demo)
    manager_back_office(demo, demo.people["manager@example.org"])


def person(demo: Demo, email, first, last, title, organization) -> User:
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
        demo.created += 1
    return user


def cohort(demo: Demo, program, plan: CohortPlan) -> Cohort:
    return demo.get_or_create(
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


def roles(demo: Demo) -> None:
    people, cohorts = demo.people, demo.cohorts
    manager = people["manager@example.org"]
    for each in cohorts.values():
        member(demo, each, manager, Role.PROGRAM_MANAGER)
    member(demo, cohorts["next"], people["reviewer@example.org"], Role.REVIEWER)
    under_way = cohorts["under_way"]
    member(demo, under_way, people["instructor@example.org"], Role.INSTRUCTOR)
    mentor, candidate = people["mentor@example.org"], people["candidate@example.org"]
    member(demo, under_way, mentor, Role.MENTOR)
    member(demo, under_way, candidate, Role.CANDIDATE)
    member(demo, under_way, people["candidate2@example.org"], Role.CANDIDATE)
    if not under_way.mentor_contracts.filter(mentor=mentor).exists():
        record_contract(
            cohort=under_way,
            mentor=mentor,
            status=ContractStatus.SIGNED,
            status_on=under_way.classes_start - timedelta(days=30),
            actor=manager,
        )
        demo.created += 1
    if not under_way.pairings.filter(candidate=candidate).exists():
        # The demo describes a state of affairs: nobody is to be told about it by e-mail.
        pair_mentor(cohort=under_way, mentor=mentor, candidate=candidate, actor=manager, notify=False)
        demo.created += 1


def member(demo: Demo, cohort, user, role) -> None:
    if not cohort.memberships.filter(user=user, role=role).exists():
        add_member(cohort=cohort, user=user, role=role)
        demo.created += 1


def project_app_labels() -> list[str]:
    """The labels of this project's own apps, not Django's or a library's."""
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and not {"site-packages", "dist-packages"} & set(Path(config.path).parts)
    ]


def manager_back_office(demo: Demo, manager) -> None:
    """The program manager corrects records in the Django admin, with every permission of our apps."""
    group = demo.get_or_create(Group, name="Program staff")
    missing = Permission.objects.filter(content_type__app_label__in=project_app_labels()).exclude(group=group)
    if missing.exists():
        group.permissions.add(*missing)
    if not manager.is_staff:
        manager.is_staff = True
        manager.save(update_fields=["is_staff"])
    if not manager.groups.filter(pk=group.pk).exists():
        manager.groups.add(group)


steps.register(Step("cohorts", people_and_cohorts))


def seed(today: date | None = None) -> int:
    """Create what is missing of the demo data, every app's step in turn; returns how many objects were
    created (the people, cohorts, roles and schedules: the history the steps replay is not counted)."""
    today = today or timezone.localdate(timezone.now(), PACIFIC)
    demo = Demo(today=today, now=at(today, time(12, 0)))
    with transaction.atomic():
        for step in steps.in_order():
            step.run(demo)
    return demo.created
