"""Load data: many years of a statewide program, for measuring pages at scale.

At scale 1 (the default) it writes 50 cohorts; 20,000 applications with 60,000 reviews and their nominations;
10,000 candidates (200 a cohort) with their class years: 170,000 attendance marks, 80,000 assignment
submissions, 100,000 portfolio items (file metadata only, no file is written) and 60,000 mentor meetings.
A smaller `scale` shrinks the people of each cohort (at least one cohort, one candidate and one mentor).

Rows are written with `bulk_create` in batches: no signals, no history rows, no outbox messages, so no e-mail
is ever queued. Every password is the same (`LOAD_PASSWORD`), hashed once. A few well-known logins are made so
that the page benchmark can sign in as each role (`LOGINS`).

This module writes the cohorts, their people, roles and pairs; each app writes its own rows in its
`load_data.py` (`steps.register(Step(...))`), each step called once a cohort with the generator and the
cohort's `CohortLoad`, in the order their `after` names allow.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from cto_mentor.discovery import Steps
from cto_mentor.users.models import User

from .demo import CLASS_LOCATION, CohortPlan, friday_on_or_before, plan_around
from .models import Cohort, ContractStatus, Membership, MentorContract, Pairing, Program, Role

LOAD_PASSWORD = "load-data-password"  # noqa: S105 - test data only, printed by the command
SLUG_PREFIX = "load-"
EMAIL_DOMAIN = "load.example.org"
BATCH = 2000

# Per cohort at scale 1.
APPLICATIONS = 400
CANDIDATE_APPLICATIONS = 320  # the other 80 are mentor applications
REVIEWS_PER_APPLICATION = 3
CANDIDATES = 200
MENTORS = 50  # each mentors four candidates
REVIEWERS = 6
INSTRUCTORS = 4

# Well-known logins of the newest cohort for the benchmark (all with LOAD_PASSWORD).
LOGINS = {
    "program_manager": f"manager@{EMAIL_DOMAIN}",
    "reviewer": f"reviewer@{EMAIL_DOMAIN}",
    "instructor": f"instructor@{EMAIL_DOMAIN}",
    "mentor": f"mentor@{EMAIL_DOMAIN}",
    "candidate": f"candidate@{EMAIL_DOMAIN}",
}


@dataclass
class Sizes:
    cohorts: int = 50
    applications: int = APPLICATIONS
    candidate_applications: int = CANDIDATE_APPLICATIONS
    candidates: int = CANDIDATES
    mentors: int = MENTORS
    reviewers: int = REVIEWERS
    instructors: int = INSTRUCTORS

    @classmethod
    def at_scale(cls, scale: float, cohorts: int | None = None) -> "Sizes":
        """Cohorts shrink with the square root of the scale and people per cohort with the rest, so that a
        small scale still has several cohorts with several people in each."""
        root = math.sqrt(scale)

        def part(n, minimum=1):
            return max(minimum, round(n * root))

        candidates = part(CANDIDATES, 2)
        mentors = max(1, math.ceil(candidates / 4))
        applications = max(part(APPLICATIONS, 4), candidates + mentors + 1)
        candidate_applications = max(candidates + 1, round(applications * 0.8))
        applications = max(applications, candidate_applications + mentors)
        return cls(
            cohorts=cohorts or part(50),
            applications=applications,
            candidate_applications=candidate_applications,
            candidates=candidates,
            mentors=mentors,
            reviewers=max(REVIEWS_PER_APPLICATION, part(REVIEWERS)),
            instructors=part(INSTRUCTORS),
        )


@dataclass
class Counts:
    rows: dict = field(default_factory=dict)

    def add(self, name, n):
        self.rows[name] = self.rows.get(name, 0) + n


@dataclass
class CohortLoad:
    """One cohort of the load data as the apps' steps receive it: its plan and its people by role."""

    cohort: Cohort
    plan: CohortPlan
    reviewers: list[User]
    instructors: list[User]
    applicants: list[User]
    candidates: list[User]
    mentors: list[User]
    pairings: list[Pairing]


steps = Steps("load_data")


class Generator:
    def __init__(self, sizes: Sizes, *, seed: int = 9, today: date | None = None, log=None):
        self.sizes = sizes
        self.random = random.Random(seed)  # noqa: S311 - made-up data, no secret
        self.today = today or timezone.localdate()
        self.counts = Counts()
        self.password = make_password(LOAD_PASSWORD)
        self.log = log or (lambda message: None)
        self.now = timezone.now()

    def bulk(self, model, objects):
        """Insert in batches; on PostgreSQL and SQLite both, bulk_create sets the primary keys."""
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts.add(model._meta.label, len(created))
        return created

    def run(self) -> dict:
        if Cohort.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise ValueError("Load data is already in this database (cohorts named load-…); use a fresh one.")
        with transaction.atomic():
            program, _ = Program.objects.get_or_create(
                slug="cto-mentor-load",
                defaults={"name": "CTO Mentor Program (load data)", "organization": "CETPA"},
            )
            self.manager = self.user(LOGINS["program_manager"], "Maria", "Manager")
            self.manager.save()
            self.counts.add("users.User", 1)
            for n in range(self.sizes.cohorts):
                newest = n == self.sizes.cohorts - 1
                self.cohort(program, n, newest=newest)
                self.log(f"cohort {n + 1}/{self.sizes.cohorts}")
        if connection.vendor == "postgresql":
            # Fresh planner statistics: with the ones of the empty tables, PostgreSQL scans the 60,000 reviews
            # to join the 400 applications of one cohort, until autovacuum happens to come by.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.counts.rows

    def user(self, email, first, last):
        return User(email=email, first_name=first, last_name=last, password=self.password)

    def users(self, prefix, n, cohort_n, well_known=None):
        people = [
            self.user(f"{prefix}-{cohort_n}-{i}@{EMAIL_DOMAIN}", f"{prefix.title()}{i}", f"C{cohort_n:03d}")
            for i in range(n)
        ]
        if well_known and people:
            people[0].email = well_known
        return self.bulk(User, people)

    def cohort(self, program, n, *, newest):
        # One cohort a year, the newest one under way (kicked off about fifteen weeks ago).
        years_back = self.sizes.cohorts - 1 - n
        kickoff = friday_on_or_before(self.today - timedelta(weeks=15) - timedelta(days=365 * years_back))
        plan = plan_around(f"{SLUG_PREFIX}{n:03d}", kickoff)
        cohort = Cohort.objects.create(
            program=program,
            slug=plan.slug,
            name=f"{kickoff.year} cohort ({n + 1})",
            applications_open=plan.applications_open,
            applications_close=plan.applications_close,
            selection_date=plan.selection_date,
            notification_date=plan.notification_date,
            classes_start=plan.kickoff,
            commencement=plan.final,
            location=CLASS_LOCATION,
        )
        self.counts.add("cohorts.Cohort", 1)
        sizes = self.sizes
        reviewers = self.users("reviewer", sizes.reviewers, n, LOGINS["reviewer"] if newest else None)
        instructors = self.users("instructor", sizes.instructors, n, LOGINS["instructor"] if newest else None)
        applicants = self.users("applicant", sizes.applications, n)
        if newest:
            # The first accepted candidate and mentor get the well-known logins.
            for person, email in (
                (applicants[0], LOGINS["candidate"]),
                (applicants[sizes.candidate_applications], LOGINS["mentor"]),
            ):
                person.email = email
            User.objects.bulk_update([applicants[0], applicants[sizes.candidate_applications]], ["email"])
        candidates = applicants[: sizes.candidates]
        mentors = applicants[sizes.candidate_applications : sizes.candidate_applications + sizes.mentors]
        self.memberships(cohort, reviewers, instructors, candidates, mentors)
        pairings = self.bulk(
            Pairing,
            [
                Pairing(cohort=cohort, mentor=mentors[i % len(mentors)], candidate=c, created_by=self.manager)
                for i, c in enumerate(candidates)
            ],
        )
        self.bulk(
            MentorContract,
            [
                MentorContract(cohort=cohort, mentor=m, status=ContractStatus.SIGNED, status_on=plan.kickoff)
                for m in mentors
            ],
        )
        load = CohortLoad(cohort, plan, reviewers, instructors, applicants, candidates, mentors, pairings)
        for step in steps.in_order():
            step.run(self, load)

    def memberships(self, cohort, reviewers, instructors, candidates, mentors):
        rows = [Membership(cohort=cohort, user=self.manager, role=Role.PROGRAM_MANAGER)]
        for role, people in (
            (Role.REVIEWER, reviewers),
            (Role.INSTRUCTOR, instructors),
            (Role.CANDIDATE, candidates),
            (Role.MENTOR, mentors),
        ):
            rows += [Membership(cohort=cohort, user=person, role=role) for person in people]
        self.bulk(Membership, rows)


def generate(*, scale: float = 1.0, cohorts: int | None = None, seed: int = 9, log=None) -> dict:
    """Write the load data; returns the number of rows written per model."""
    return Generator(Sizes.at_scale(scale, cohorts), seed=seed, log=log).run()
