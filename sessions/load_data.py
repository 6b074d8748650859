"""The load data's class sessions: each cohort's schedule laid out as the demo's, then every candidate's
attendance and work (see `cohorts.load_data`)."""

from datetime import time, timedelta

from cohorts.demo import CLASS_LOCATION, at
from cohorts.load_data import CohortLoad, steps
from cto_mentor.discovery import Step

from .demo import CURRICULUM, FINAL_HOURS, FRIDAY_HOURS, KICKOFF_HOURS, SATURDAY_HOURS
from .models import (
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


def schedule(generator, load: CohortLoad) -> None:
    """Kickoff, eight class sessions and the final, with their 17 meetings, as `seed_demo` lays them out."""
    cohort, plan, instructors = load.cohort, load.plan, load.instructors
    sessions = [ClassSession(cohort=cohort, kind=SessionKind.KICKOFF, title="Kickoff meeting")]
    sessions[0].mentors_expected = True
    sessions += [
        ClassSession(cohort=cohort, kind=SessionKind.CLASS, number=number, title=", ".join(names))
        for number, names in CURRICULUM
    ]
    sessions.append(ClassSession(cohort=cohort, kind=SessionKind.FINAL, title="Final presentations"))
    sessions = generator.bulk(ClassSession, sessions)
    generator.bulk(
        Topic,
        [
            Topic(session=session, name=name, order=order)
            for session, (_, names) in zip(sessions[1:-1], CURRICULUM, strict=True)
            for order, name in enumerate(names)
        ],
    )
    through = ClassSession.instructors.through
    generator.bulk(
        through,
        [
            through(classsession_id=session.pk, user_id=instructors[i % len(instructors)].pk)
            for i, session in enumerate(sessions[1:-1])
        ],
    )
    meetings = [new_meeting(sessions[0], plan.kickoff, KICKOFF_HOURS)]
    for session, friday in zip(sessions[1:-1], plan.session_fridays, strict=True):
        saturday = friday + timedelta(days=1) if friday else plan.kickoff + timedelta(days=1)
        if friday:
            meetings.append(new_meeting(session, friday, FRIDAY_HOURS))
        meetings.append(new_meeting(session, saturday, SATURDAY_HOURS))
    meetings.append(new_meeting(sessions[-1], plan.final, FINAL_HOURS))
    generator.bulk(Meeting, meetings)


def new_meeting(session, day, hours):
    return Meeting(
        session=session, starts_at=at(day, hours[0]), ends_at=at(day, hours[1]), location=CLASS_LOCATION
    )


def class_year(generator, load: CohortLoad) -> None:
    """Every candidate's attendance at every meeting, and their work for each session's assignment."""
    cohort, candidates, instructors = load.cohort, load.candidates, load.instructors
    meetings = list(Meeting.objects.filter(session__cohort=cohort).order_by("pk"))
    classes = list(ClassSession.objects.filter(cohort=cohort, kind=SessionKind.CLASS).order_by("pk"))
    rnd = generator.random
    statuses = [AttendanceStatus.PRESENT] * 14 + [AttendanceStatus.LATE, AttendanceStatus.ABSENT]
    generator.bulk(
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
    assignments = generator.bulk(
        Assignment,
        [
            Assignment(
                session=session,
                title=f"Prerequisite reading for session {session.number}",
                instructions="Read the chapter and write one page.",
                due_at=at(cohort.classes_start + timedelta(weeks=4 * (session.number - 1)), time(17, 0)),
                created_by=instructors[0],
            )
            for session in classes
        ],
    )
    generator.bulk(
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


steps.register(
    Step("sessions.schedule", schedule),
    Step("sessions.class_year", class_year, after=("sessions.schedule",)),
)
