"""What the demo cohorts have been through by today: applications and reviews in the cohort taking
applications, and the first months of the class year in the cohort under way. Everything goes through the
apps' services, as if people had used the pages; each part runs only once."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import selectors as application_selectors
from applications import services as applications
from applications.models import Application, Kind
from cto_mentor.uploads import check_upload
from portfolios import services as mentoring
from portfolios.models import FeedbackAudience, MeetingMode
from sessions import services as class_year
from sessions.models import AttendanceStatus, Grade, SessionKind
from sessions.services import Mark

RUBRIC = [
    ("Leadership experience", "Has led teams, projects or departments in K-12 technology.", 3),
    ("Technical depth", "Hands-on knowledge of infrastructure, data systems and security.", 2),
    ("Goals and fit", "Clear goals for the CTO role; can attend every class.", 2),
    ("Nomination", "The supervisor's support and release time.", 1),
]
CANDIDATE_FORM = {
    "current_position": "Director of Technology",
    "years_in_k12_technology": 9,
    "education": "M.A. Educational Leadership, CSU Sacramento",
    "certifications": "CETPA Certified Educational Technology Leader (in progress)",
    "leadership_experience": "Led the district's 1:1 device program and its network refresh.",
    "goals_statement": "To become the district's chief technology officer within three years.",
}
MENTOR_FORM = {
    "current_position": "Chief Technology Officer",
    "years_in_k12_technology": 18,
    "education": "MBA, University of the Pacific",
    "hands_on_experience": "Network engineer, then director of IT, in two unified school districts.",
    "qualification": "CTO certification (CETPA), MBA",
    "willing_to_contract": True,
    "kickoff_available": True,
}


def demo_pdf(title: str) -> SimpleUploadedFile:
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
    uploaded.kind = check_upload(uploaded)  # as the upload form field would
    return uploaded


def seed_intake(cohort, people, manager, reviewer, now) -> None:
    """The cohort taking applications: a rubric, candidates at every stage, a mentor, reviews."""
    if Application.objects.filter(cohort=cohort).exists():
        return
    for name, description, weight in RUBRIC:
        applications.add_criterion(cohort=cohort, name=name, description=description, weight=weight)
    submitted = [
        complete_candidate(cohort, people["dana.price@example.org"], nominated=True, now=now),
        complete_candidate(cohort, people["gil.hart@example.org"], nominated=True, now=now),
    ]
    complete_candidate(cohort, people["eli.brooks@example.org"], nominated=False, now=now)
    mentor = applications.start_application(
        now=now, cohort=cohort, applicant=people["fran.ortiz@example.org"], kind=Kind.MENTOR
    )
    applications.save_form(
        now=now,
        application=mentor,
        data={**MENTOR_FORM, "organization": "Twin Rivers Unified School District"},
    )
    applications.upload_resume(now=now, application=mentor, uploaded=demo_pdf("Fran Ortiz resume"))
    confirm_availability(mentor, now)
    mentor = applications.submit_application(now=now, application=mentor)
    for application in [*submitted, mentor]:
        review = applications.assign_reviewer(application=application, reviewer=reviewer, actor=manager)
        if application is submitted[0]:
            criteria = list(cohort.criteria.all())
            scores = {c.pk: (score, "") for c, score in zip(criteria, [4, 5, 4, 3], strict=True)}
            applications.submit_review(
                now=now, review=review, scores=scores, comments="Strong leader; ready for the program."
            )


def confirm_availability(application, now, conflict: str | None = None) -> None:
    """Every class day confirmed; with `conflict`, the fourth one cannot be made."""
    meetings = list(
        application_selectors.meetings_to_confirm(application=application).values_list("pk", flat=True)
    )
    answers = {pk: (True, "") for pk in meetings}
    if conflict:
        answers[meetings[3]] = (False, conflict)
    applications.save_availability(now=now, application=application, answers=answers)


def complete_candidate(cohort, applicant, *, nominated: bool, now) -> Application:
    application = applications.start_application(
        now=now, cohort=cohort, applicant=applicant, kind=Kind.CANDIDATE
    )
    applications.save_form(
        now=now, application=application, data={**CANDIDATE_FORM, "organization": applicant.organization}
    )
    applications.upload_resume(now=now, application=application, uploaded=demo_pdf(f"{applicant} resume"))
    nomination = applications.request_nomination(
        now=now,
        application=application,
        name="Jordan Ellis",
        title="Assistant Superintendent, Business Services",
        organization=applicant.organization,
        email=f"supervisor.{applicant.last_name.lower()}@example.org",
    )
    confirm_availability(
        application, now, conflict=None if nominated else "School board meeting that evening."
    )
    if nominated:
        applications.submit_nomination(
            now=now,
            nomination=nomination,
            relationship="I supervise the applicant's department.",
            recommendation="An outstanding technology leader who is ready for the CTO role.",
            supports_release_time=True,
        )
        application = applications.submit_application(now=now, application=application)
    return application


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
        sessions[5], "Staffing plan", "Draft a staffing plan for a new help-desk team.", instructor
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


def post(session, title, instructions, instructor):
    first_meeting = session.meetings.order_by("starts_at").first()
    return class_year.post_assignment(
        session=session,
        title=title,
        instructions=instructions,
        due_at=first_meeting.starts_at - timedelta(days=2),
        actor=instructor,
    )


def take_attendance(meeting, session, candidate, candidate2, mentor, instructor, manager):
    marks = [Mark(candidate, AttendanceStatus.PRESENT)]
    weekday = meeting.starts_at.astimezone(session.cohort.tz).strftime("%A")
    status = AttendanceStatus.PRESENT
    if (session.number, weekday) == (2, "Friday"):
        status = AttendanceStatus.LATE
    elif (session.number, weekday) == (4, "Saturday"):
        status = AttendanceStatus.ABSENT
    marks.append(Mark(candidate2, status, "Called ahead: district emergency." if status == "absent" else ""))
    if session.mentors_expected:
        marks.append(Mark(mentor, AttendanceStatus.PRESENT))
    actor = instructor if session.instructors.filter(pk=instructor.pk).exists() else manager
    class_year.record_attendance(meeting=meeting, marks=marks, actor=actor, now=meeting.ends_at)


def seed_mentoring(cohort, people, manager, now) -> None:
    """The cohort under way: the paired candidate's portfolio, meetings with the mentor, feedback, the coming
    mid-year evaluation, a mentor check-in, and program feedback on the sessions held so far."""
    candidate, mentor = people["candidate@example.org"], people["mentor@example.org"]
    portfolio = mentoring.open_portfolio(cohort=cohort, candidate=candidate)
    if portfolio.artifacts.exists():
        return
    sessions = {s.number: s for s in cohort.class_sessions.filter(number__isnull=False)}
    plan = mentoring.save_artifact(
        portfolio=portfolio,
        title="District technology plan 2026–2029",
        link="https://docs.example.org/tech-plan",
        description="The three-year plan I drafted with the cabinet.",
        session=sessions[1],
    )
    budget = mentoring.save_artifact(
        portfolio=portfolio,
        title="Budget narrative",
        upload=demo_pdf("Budget narrative"),
        description="Written for session 3's prerequisite assignment.",
        session=sessions[3],
    )
    mentoring.save_reflection(
        portfolio=portfolio,
        title="What strategic planning taught me",
        artifact=plan,
        body="Planning with the cabinet showed me how to tie each project to a learning goal.\n\n"
        "Next: measure the plan's progress each quarter.",
    )
    mentoring.save_reflection(
        portfolio=portfolio,
        title="The whole program so far",
        body="Four sessions in, the biggest change is how I talk about budgets with non-technical leaders.",
    )
    mentoring.mark_ready(entry=plan, ready=True)
    mentoring.mark_ready(entry=budget, ready=True)

    pairing = cohort.pairings.get(candidate=candidate)
    today = timezone.localdate(now, cohort.tz)
    for weeks_ago, mode, notes in [
        (9, MeetingMode.FACE_TO_FACE, "Set goals for the year."),
        (5, MeetingMode.VIDEO, "Reviewed the budget narrative before submitting."),
        (2, MeetingMode.PHONE, "Talked through the security assessment's revision."),
    ]:
        meeting = mentoring.log_meeting(
            pairing=pairing,
            logged_by=mentor,
            held_on=today - timedelta(weeks=weeks_ago),
            duration_minutes=60,
            mode=mode,
            notes=notes,
            reviewed_progress=True,
            reviewed_assignments=True,
            reviewed_portfolio=weeks_ago < 6,
            today=today,
            follow_ups=[("Add recovery time objectives to the assessment", today + timedelta(days=5))]
            if weeks_ago == 2
            else [],
        )
        if weeks_ago > 2:
            mentoring.confirm_meeting(meeting=meeting, user=candidate, now=now)
    mentoring.give_feedback(
        portfolio=portfolio,
        author=mentor,
        audience=FeedbackAudience.MENTOR_TO_CANDIDATE,
        body="Your budget narrative was persuasive; keep that voice in the final presentation.",
    )
    mentoring.give_feedback(
        portfolio=portfolio,
        author=mentor,
        audience=FeedbackAudience.MENTOR_TO_MANAGER,
        body="Carla is on track; she could use more exposure to board presentations.",
    )
    mentoring.schedule_evaluation(
        portfolio=portfolio, actor=manager, location="Video call", starts_at=now + timedelta(days=10)
    )
    check_in = mentoring.schedule_check_in(
        cohort=cohort,
        starts_at=now - timedelta(weeks=4),
        location="Video call",
        agenda="How the first sessions went.",
    )
    mentoring.record_check_in(
        check_in=check_in, attendees=[mentor], notes="Mentors agreed to meet every other week."
    )
    mentoring.schedule_portfolio_review(
        cohort=cohort, number=1, starts_at=now + timedelta(weeks=6), location="Sacramento area"
    )
    for session, rating, anonymous in [
        (sessions[1], 5, False),
        (sessions[2], 4, True),
        (sessions[3], 4, True),
    ]:
        mentoring.give_program_feedback(
            cohort=cohort,
            candidate=candidate,
            session=session,
            rating=rating,
            comment="Practical and well paced.",
            anonymous=anonymous,
        )
