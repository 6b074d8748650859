"""The demo's class sessions: every cohort's schedule laid out by its plan (the 2018 one as published), and in
the cohort under way the class year so far (attendance, assignments with work and grades, presentations),
replayed through the services. A second run creates nothing."""

from datetime import time, timedelta

from cohorts.demo import CLASS_LOCATION, Demo, at, demo_pdf, steps
from cto_mentor.discovery import Step

from . import services as class_year
from .models import AttendanceStatus, ClassSession, Grade, Meeting, SessionKind, Topic
from .services import Mark

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

FRIDAY_HOURS = (time(17, 30), time(21, 30))
SATURDAY_HOURS = (time(8, 0), time(16, 0))
# The source gives only the kickoff's start (10 a.m.) and the final presentations' day; these hours are ours.
KICKOFF_HOURS = (time(10, 0), time(12, 0))
FINAL_HOURS = (time(9, 0), time(12, 0))
FINAL_LOCATION = "CETPA Annual Conference, Sacramento, CA"


def schedule(demo: Demo) -> None:
    """Kickoff, eight class sessions and the final of each cohort, with their topics and meetings; the demo
    instructor teaches sessions 3 to 6 of the cohort under way."""
    for cohort in demo.cohorts.values():
        plan = demo.plans[cohort.slug]
        kickoff = add_session(
            demo, cohort, SessionKind.KICKOFF, None, "Kickoff meeting", [], mentors_expected=True
        )
        add_meeting(demo, kickoff, plan.kickoff, KICKOFF_HOURS, CLASS_LOCATION)
        for (number, topics), friday in zip(CURRICULUM, plan.session_fridays, strict=True):
            each = add_session(demo, cohort, SessionKind.CLASS, number, ", ".join(topics), topics)
            saturday = friday + timedelta(days=1) if friday else plan.kickoff + timedelta(days=1)
            if friday:
                add_meeting(demo, each, friday, FRIDAY_HOURS, CLASS_LOCATION)
            add_meeting(demo, each, saturday, SATURDAY_HOURS, CLASS_LOCATION)
        final = add_session(demo, cohort, SessionKind.FINAL, None, "Final presentations and commencement", [])
        add_meeting(demo, final, plan.final, FINAL_HOURS, FINAL_LOCATION)
    instructor = demo.people["instructor@example.org"]
    for each in ClassSession.objects.filter(cohort=demo.cohorts["under_way"], number__in=[3, 4, 5, 6]):
        each.instructors.add(instructor)


def add_session(demo: Demo, cohort, kind, number, title, topics, mentors_expected=False):
    lookup = {"number": number} if number else {"kind": kind}
    created = demo.get_or_create(
        ClassSession,
        cohort=cohort,
        **lookup,
        defaults={"kind": kind, "title": title, "mentors_expected": mentors_expected},
    )
    for order, name in enumerate(topics):
        demo.get_or_create(Topic, session=created, name=name, defaults={"order": order})
    return created


def add_meeting(demo: Demo, session, day, hours, location):
    starts, ends = hours
    demo.get_or_create(
        Meeting,
        session=session,
        starts_at=at(day, starts),
        defaults={"ends_at": at(day, ends), "location": location},
    )


def class_year_so_far(demo: Demo) -> None:
    people = demo.people
    seed_class_year(
        demo.cohorts["under_way"],
        people,
        people["manager@example.org"],
        people["instructor@example.org"],
        demo.now,
    )


def seed_class_year(cohort, people, manager, instructor, now) -> None:
    """The cohort under way: attendance of the meetings held so far, prerequisite assignments with work and
    grades, presentations."""
    if cohort.class_sessions.filter(assignments__isnull=False).exists():
        return
    candidate, candidate2, mentor = (
        people["candidate@example.org"],
        people["candidate2@example.org"],
        people["mentor@example.org"],
    )
    sessions = {s.number or s.kind: s for s in cohort.class_sessions.prefetch_related("meetings")}
    for session in sessions.values():
        for meeting in session.meetings.all():
            if meeting.ends_at < now:
                take_attendance(meeting, session, candidate, candidate2, mentor, instructor, manager)

    budget = post(
        sessions[3],
        "Budget narrative",
        "Write a one-page narrative for your department's budget.",
        instructor,
    )
    security = post(
        sessions[4],
        "Security risk assessment",
        "Assess one system of your district against the CIS controls.",
        instructor,
    )
    upcoming = post(
        sessions[5],
        "Staffing plan",
        "Draft a staffing plan for a new help-desk team.",
        instructor,
        not_before=now + timedelta(days=1),  # on a Thursday, session 5 meets the next evening
    )
    first = class_year.submit_assignment(
        assignment=budget,
        candidate=candidate,
        text="Attached: my budget narrative.",
        files=[demo_pdf("Budget narrative")],
        now=budget.due_at - timedelta(days=2),
    )
    class_year.grade_submission(
        submission=first,
        grade=Grade.PASS,
        comments="Clear and well argued.",
        actor=instructor,
        now=budget.due_at + timedelta(days=1),
    )
    second = class_year.submit_assignment(
        assignment=security,
        candidate=candidate,
        text="My assessment of our SIS.",
        now=security.due_at - timedelta(days=1),
    )
    class_year.grade_submission(
        submission=second,
        grade=Grade.NEEDS_REVISION,
        actor=instructor,
        comments="Add the recovery time objectives, then hand it in again.",
        now=security.due_at + timedelta(days=2),
    )
    class_year.submit_assignment(
        assignment=security,
        candidate=candidate2,
        text="Assessment of our e-mail system.",
        now=security.due_at + timedelta(hours=20),
    )
    assert upcoming.due_at > now

    presentation = class_year.schedule_presentation(
        session=sessions[3], candidate=candidate, topic="Funding a three-year device refresh"
    )
    class_year.assess_presentation(
        presentation=presentation,
        result="pass",
        actor=instructor,
        comments="Confident, well-sourced, on time.",
    )
    for person, topic in [
        (candidate, "A data governance plan for my district"),
        (candidate2, "Modernizing the help desk"),
    ]:
        class_year.schedule_presentation(session=sessions[SessionKind.FINAL], candidate=person, topic=topic)


def post(session, title, instructions, instructor, not_before=None):
    """An assignment due two days before the session's first meeting, or at `not_before` if that is later."""
    due_at = session.meetings.order_by("starts_at").first().starts_at - timedelta(days=2)
    return class_year.post_assignment(
        session=session,
        title=title,
        instructions=instructions,
        due_at=max(due_at, not_before or due_at),
        actor=instructor,
    )


def take_attendance(meeting, session, candidate, candidate2, mentor, instructor, manager):
    marks = [Mark(candidate, AttendanceStatus.PRESENT)]
    weekday = meeting.starts_at.astimezone(session.cohort.tz).strftime("%A")
    status = AttendanceStatus.PRESENT
    if (session.number, weekday) == (2, "Friday"):
        status = AttendanceStatus.LATE
    elif (session.number, weekday) in [(3, "Saturday"), (4, "Saturday")]:
        status = AttendanceStatus.ABSENT  # the second absence puts the candidate at risk
    note = "Called ahead: district emergency." if (session.number, status) == (4, "absent") else ""
    marks.append(Mark(candidate2, status, note))
    if session.mentors_expected:
        marks.append(Mark(mentor, AttendanceStatus.PRESENT))
    actor = instructor if session.instructors.filter(pk=instructor.pk).exists() else manager
    class_year.record_attendance(meeting=meeting, marks=marks, actor=actor, now=meeting.ends_at)


steps.register(
    Step("sessions.schedule", schedule, after=("cohorts",)),
    Step("sessions.class_year", class_year_so_far, after=("sessions.schedule",)),
)
