"""Load data: many years of a statewide program, for measuring pages at scale.

At scale 1 (the default) it writes 50 cohorts; 20,000 applications with 60,000 reviews and their nominations;
10,000 candidates (200 a cohort) with their class years: 170,000 attendance marks, 80,000 assignment
submissions, 100,000 portfolio items (file metadata only, no file is written) and 60,000 mentor meetings.
A smaller `scale` shrinks the people of each cohort (at least one cohort, one candidate and one mentor).

Rows are written with `bulk_create` in batches: no signals, no history rows, no outbox messages, so no e-mail
is ever queued. Every password is the same (`LOAD_PASSWORD`), hashed once. A few well-known logins are made so
that the page benchmark can sign in as each role (`LOGINS`).
"""

import hashlib
import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from applications.models import (
    Application,
    ContractStatus,
    Criterion,
    Decision,
    Kind,
    Nomination,
    Response,
    Review,
    ReviewStatus,
    Status,
)
from cto_mentor.users.models import User
from portfolios.models import Artifact, MeetingMode, MentorMeeting, Portfolio, Reflection
from sessions.models import (
    Assignment,
    Attendance,
    AttendanceStatus,
    ClassSession,
    Grade,
    Meeting,
    SessionKind,
    Submission,
    Topic,
)

from .demo import (
    CLASS_LOCATION,
    CURRICULUM,
    FINAL_HOURS,
    FRIDAY_HOURS,
    KICKOFF_HOURS,
    SATURDAY_HOURS,
    at,
    friday_on_or_before,
    plan_around,
)
from .models import Cohort, Membership, Pairing, Program, Role

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
ARTIFACTS_PER_PORTFOLIO = 6
REFLECTIONS_PER_PORTFOLIO = 4
MENTOR_MEETINGS_PER_PAIRING = 6

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
        sessions, meetings, topics = self.schedule(cohort, plan, instructors)
        self.applications(cohort, applicants, reviewers)
        pairings = self.bulk(
            Pairing,
            [
                Pairing(cohort=cohort, mentor=mentors[i % len(mentors)], candidate=c, created_by=self.manager)
                for i, c in enumerate(candidates)
            ],
        )
        self.class_year(cohort, sessions, meetings, topics, candidates, instructors)
        self.mentor_meetings(plan.kickoff, pairings)

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

    def schedule(self, cohort, plan, instructors):
        """Kickoff, eight class sessions and the final, with their 17 meetings, as `seed_demo` lays them out."""
        sessions = [ClassSession(cohort=cohort, kind=SessionKind.KICKOFF, title="Kickoff meeting")]
        sessions[0].mentors_expected = True
        sessions += [
            ClassSession(cohort=cohort, kind=SessionKind.CLASS, number=number, title=", ".join(names))
            for number, names in CURRICULUM
        ]
        sessions.append(ClassSession(cohort=cohort, kind=SessionKind.FINAL, title="Final presentations"))
        sessions = self.bulk(ClassSession, sessions)
        topics = self.bulk(
            Topic,
            [
                Topic(session=session, name=name, order=order)
                for session, (_, names) in zip(sessions[1:-1], CURRICULUM, strict=True)
                for order, name in enumerate(names)
            ],
        )
        through = ClassSession.instructors.through
        self.bulk(
            through,
            [
                through(classsession_id=session.pk, user_id=instructors[i % len(instructors)].pk)
                for i, session in enumerate(sessions[1:-1])
            ],
        )
        meetings = [self.meeting(sessions[0], plan.kickoff, KICKOFF_HOURS)]
        for session, friday in zip(sessions[1:-1], plan.session_fridays, strict=True):
            saturday = friday + timedelta(days=1) if friday else plan.kickoff + timedelta(days=1)
            if friday:
                meetings.append(self.meeting(session, friday, FRIDAY_HOURS))
            meetings.append(self.meeting(session, saturday, SATURDAY_HOURS))
        meetings.append(self.meeting(sessions[-1], plan.final, FINAL_HOURS))
        return sessions, self.bulk(Meeting, meetings), topics

    @staticmethod
    def meeting(session, day, hours):
        return Meeting(
            session=session, starts_at=at(day, hours[0]), ends_at=at(day, hours[1]), location=CLASS_LOCATION
        )

    def applications(self, cohort, applicants, reviewers):
        sizes, rnd = self.sizes, self.random
        close = cohort.applications_close
        criteria = self.bulk(
            Criterion,
            [
                Criterion(cohort=cohort, name=name, weight=weight, order=order)
                for order, (name, weight) in enumerate([("Leadership", 2), ("Experience", 1), ("Goals", 1)])
            ],
        )
        del criteria  # scores are summed into weighted_score below; the rubric exists for the pages
        rows = []
        for i, person in enumerate(applicants):
            kind = Kind.CANDIDATE if i < sizes.candidate_applications else Kind.MENTOR
            accepted = i < sizes.candidates or sizes.candidate_applications <= i < (
                sizes.candidate_applications + sizes.mentors
            )
            submitted = True  # every application is reviewed: three reviews each
            decision = Decision.ACCEPTED if accepted else rnd.choice([Decision.DECLINED, Decision.WAITLISTED])
            created = close - timedelta(days=rnd.randint(5, 30))
            rows.append(
                Application(
                    cohort=cohort,
                    applicant=person,
                    kind=kind,
                    status=Status.SUBMITTED if submitted else Status.DRAFT,
                    created_at=created,
                    updated_at=created,
                    submitted_at=created + timedelta(days=2) if submitted else None,
                    current_position="Technology coordinator",
                    organization=f"District {rnd.randint(1, 900)}",
                    years_in_k12_technology=rnd.randint(1, 25),
                    leadership_experience="Led a district-wide device rollout.",
                    goals_statement="Prepare for the CTO role.",
                    willing_to_contract=kind == Kind.MENTOR,
                    kickoff_available=True,
                    form_completed_at=created + timedelta(days=1),
                    decision=decision if submitted else Decision.UNDECIDED,
                    decided_at=close + timedelta(days=20) if submitted else None,
                    decided_by=self.manager if submitted else None,
                    decision_sent_at=close + timedelta(days=30) if submitted else None,
                    response=Response.CONFIRMED if accepted else Response.PENDING,
                    responded_at=close + timedelta(days=32) if accepted else None,
                    contract_status=ContractStatus.SIGNED if accepted and kind == Kind.MENTOR else "not_sent",
                )
            )
        applications = self.bulk(Application, rows)
        self.bulk(
            Nomination,
            [
                Nomination(
                    application=application,
                    nominator_name=f"Supervisor {i}",
                    nominator_title="Superintendent",
                    nominator_organization=application.organization,
                    nominator_email=f"supervisor-{application.pk}@{EMAIL_DOMAIN}",
                    token_hash=hashlib.sha256(f"load-{application.pk}".encode()).hexdigest(),
                    expires_at=close,
                    requested_at=application.created_at,
                    requests_sent=1,
                    relationship="Direct supervisor.",
                    recommendation="Recommended without reservation.",
                    submitted_at=application.submitted_at,
                )
                for i, application in enumerate(applications)
                if application.kind == Kind.CANDIDATE
            ],
        )
        reviews = []
        for application in applications:
            if application.status != Status.SUBMITTED:
                continue
            for reviewer in rnd.sample(reviewers, REVIEWS_PER_APPLICATION):
                done = rnd.random() < 0.95
                reviews.append(
                    Review(
                        application=application,
                        reviewer=reviewer,
                        status=ReviewStatus.SUBMITTED if done else ReviewStatus.ASSIGNED,
                        assigned_by=self.manager,
                        assigned_at=close,
                        comments="Strong record." if done else "",
                        weighted_score=Decimal(rnd.randint(100, 500)) / 100 if done else None,
                        submitted_at=close + timedelta(days=10) if done else None,
                    )
                )
        self.bulk(Review, reviews)

    def class_year(self, cohort, sessions, meetings, topics, candidates, instructors):
        rnd = self.random
        statuses = [AttendanceStatus.PRESENT] * 14 + [AttendanceStatus.LATE, AttendanceStatus.ABSENT]
        self.bulk(
            Attendance,
            [
                Attendance(
                    meeting=meeting,
                    person=candidate,
                    status=rnd.choice(statuses),
                    recorded_by=instructors[0],
                    recorded_at=meeting.ends_at,
                )
                for meeting in meetings
                for candidate in candidates
            ],
        )
        assignments = self.bulk(
            Assignment,
            [
                Assignment(
                    session=session,
                    title=f"Prerequisite reading for session {session.number}",
                    instructions="Read the chapter and write one page.",
                    due_at=at(cohort.classes_start + timedelta(weeks=4 * (session.number - 1)), time(17, 0)),
                    created_by=instructors[0],
                )
                for session in sessions[1:-1]
            ],
        )
        self.bulk(
            Submission,
            [
                Submission(
                    assignment=assignment,
                    candidate=candidate,
                    text="My answer.",
                    submitted_at=assignment.due_at - timedelta(days=1),
                    grade=rnd.choice([Grade.PASS, Grade.PASS, Grade.PASS, ""]),
                    graded_by=instructors[0],
                    graded_at=assignment.due_at + timedelta(days=3),
                )
                for assignment in assignments
                for candidate in candidates
            ],
        )
        portfolios = self.bulk(Portfolio, [Portfolio(cohort=cohort, candidate=c) for c in candidates])
        artifacts, reflections = [], []
        for portfolio in portfolios:
            for i in range(ARTIFACTS_PER_PORTFOLIO):
                topic = rnd.choice(topics)
                artifacts.append(
                    Artifact(
                        portfolio=portfolio,
                        title=f"Artifact {i + 1}",
                        session_id=topic.session_id,
                        topic=topic,
                        position=i,
                        ready_for_review=i % 2 == 0,
                        file=f"artifacts/load-{portfolio.pk}-{i}.pdf",
                        original_name=f"artifact-{i + 1}.pdf",
                        content_type="application/pdf",
                        size=rnd.randint(20_000, 2_000_000),
                    )
                )
            for i in range(REFLECTIONS_PER_PORTFOLIO):
                reflections.append(
                    Reflection(
                        portfolio=portfolio,
                        title=f"Reflection {i + 1}",
                        session=rnd.choice(sessions[1:-1]),
                        position=ARTIFACTS_PER_PORTFOLIO + i,
                        body="What I learned, and what I will do next.",
                    )
                )
        self.bulk(Artifact, artifacts)
        self.bulk(Reflection, reflections)

    def mentor_meetings(self, kickoff, pairings):
        rnd = self.random
        self.bulk(
            MentorMeeting,
            [
                MentorMeeting(
                    pairing=pairing,
                    held_on=kickoff + timedelta(days=14 * (i + 1)),
                    duration_minutes=rnd.choice([30, 45, 60, 90]),
                    mode=rnd.choice(MeetingMode.values),
                    reviewed_progress=True,
                    notes="Talked through the next assignment.",
                    logged_by=pairing.mentor,
                    confirmed_by=pairing.candidate if i % 3 else None,
                    confirmed_at=self.now if i % 3 else None,
                )
                for pairing in pairings
                for i in range(MENTOR_MEETINGS_PER_PAIRING)
            ],
        )


def generate(*, scale: float = 1.0, cohorts: int | None = None, seed: int = 9, log=None) -> dict:
    """Write the load data; returns the number of rows written per model."""
    return Generator(Sizes.at_scale(scale, cohorts), seed=seed, log=log).run()
