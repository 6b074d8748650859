"""The demo's applications: in the cohort taking applications, the candidates' rubric (the mentors' is every
new cohort's default), candidates at every stage, a mentor, reviews and a declared conflict, all through the
services as if people had used the pages; in the cohort under way, the accepted applications of its mentor and
candidates with what pairing compares (county, topics, capacity). Runs once: a second run finds the
applications and adds nothing."""

from datetime import time, timedelta

from cohorts.demo import Demo, at, demo_pdf, steps
from cohorts.models import Cohort
from cto_mentor.discovery import Step

from . import selectors, services
from .models import Answer, Application, Decision, Kind, Response, Status
from .questions import create_default_questions, save_answers

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


# The cohort taking applications takes this many of each kind: its decisions page counts them.
PLACES = {"candidate_places": 12, "mentor_places": 6}


def intake(demo: Demo) -> None:
    people = demo.people
    for cohort in demo.cohorts.values():
        create_default_questions(cohort)
    Cohort.objects.filter(pk=demo.cohorts["next"].pk, candidate_places__isnull=True).update(**PLACES)
    seed_intake(
        demo.cohorts["next"],
        people,
        people["manager@example.org"],
        people["reviewer@example.org"],
        demo.now,
    )


def seed_intake(cohort, people, manager, reviewer, now) -> None:
    """The cohort taking applications: a rubric, candidates at every stage, a mentor, reviews."""
    if Application.objects.filter(cohort=cohort).exists():
        return
    for name, description, weight in RUBRIC:
        services.add_criterion(cohort=cohort, name=name, description=description, weight=weight)
    submitted = [
        complete_candidate(cohort, people["dana.price@example.org"], nominated=True, now=now),
        complete_candidate(cohort, people["gil.hart@example.org"], nominated=True, now=now),
    ]
    complete_candidate(cohort, people["eli.brooks@example.org"], nominated=False, now=now)
    mentor = services.start_application(
        now=now, cohort=cohort, applicant=people["fran.ortiz@example.org"], kind=Kind.MENTOR
    )
    services.save_form(
        now=now,
        application=mentor,
        data={**MENTOR_FORM, "organization": "Twin Rivers Unified School District"},
    )
    services.upload_resume(now=now, application=mentor, uploaded=demo_pdf("Fran Ortiz resume"))
    save_answers(now=now, application=mentor, values=mentor_answers(mentor), files={})
    confirm_availability(mentor, now)
    mentor = services.submit_application(now=now, application=mentor)
    review_all(cohort, [*submitted, mentor], manager, reviewer, now)
    change_after_review(submitted[0], now=now + timedelta(minutes=30))


def review_all(cohort, applications, manager, reviewer, now) -> None:
    """The reviewer is given every submitted application in one step (one e-mail) and scores the first; the
    mentor waits to be scored on the mentors' rubric. The manager, asked to review the second too, declares a
    conflict, which the queue flags."""
    due_at = selectors.default_review_due(cohort=cohort)
    assigned = services.assign_reviews(
        now=now, cohort=cohort, applications=applications, reviewers=[reviewer], due_at=due_at, actor=manager
    )
    first = next(review for review in assigned.reviews if review.application == applications[0])
    criteria = list(selectors.rubric_for(application=first.application))
    scores = {c.pk: (score, "") for c, score in zip(criteria, [4, 5, 4, 3], strict=True)}
    services.submit_review(
        now=now, review=first, scores=scores, comments="Strong leader; ready for the program."
    )
    stepped_back = services.assign_reviews(
        now=now,
        cohort=cohort,
        applications=[applications[1]],
        reviewers=[manager],
        due_at=due_at,
        actor=manager,
    )
    services.declare_conflict(
        now=now, review=stepped_back.reviews[0], reason="Gil worked on my team at Roseville until last year."
    )


def change_after_review(application, *, now) -> None:
    """The applicant reopens the reviewed application, sharpens a goal and submits it again: the reviewer
    sees "application changed since your review"."""
    application = services.reopen_application(now=now, application=application, actor=application.applicant)
    goals = f"{CANDIDATE_FORM['goals_statement']} First step: the district's data privacy program."
    services.save_form(now=now, application=application, data={"goals_statement": goals})
    services.submit_application(now=now, application=application)


MENTOR_ANSWERS = {
    "current-leadership-position": "yes",
    "years-of-experience": 18,
    "hands-on-experience": "yes",
    "qualification": "CTO certification",
    "willing-to-contract": "yes",
    "mentor-county": "Sacramento",
    "mentor-topics": ["E-rate", "Data privacy", "Network infrastructure"],
    "mentor-capacity": 2,
}
CANDIDATE_ANSWERS = {"candidate-county": "Sacramento", "candidate-topics": ["Data privacy", "Cybersecurity"]}


def mentor_answers(application) -> dict[int, object]:
    return answers_by_id(application, MENTOR_ANSWERS)


def answers_by_id(application, answers: dict) -> dict[int, object]:
    asked = application.cohort.questions.filter(kind=application.kind, key__in=answers)
    return {question.pk: answers[question.key] for question in asked}


def confirm_availability(application, now, conflict: str | None = None) -> None:
    """Every class day confirmed; with `conflict`, the fourth one cannot be made."""
    meetings = list(selectors.meetings_to_confirm(application=application).values_list("pk", flat=True))
    answers = {pk: (True, "") for pk in meetings}
    if conflict:
        answers[meetings[3]] = (False, conflict)
    services.save_availability(now=now, application=application, answers=answers)


def complete_candidate(cohort, applicant, *, nominated: bool, now) -> Application:
    application = services.start_application(now=now, cohort=cohort, applicant=applicant, kind=Kind.CANDIDATE)
    services.save_form(
        now=now, application=application, data={**CANDIDATE_FORM, "organization": applicant.organization}
    )
    services.upload_resume(now=now, application=application, uploaded=demo_pdf(f"{applicant} resume"))
    nomination = services.request_nomination(
        now=now,
        application=application,
        name="Jordan Ellis",
        title="Assistant Superintendent, Business Services",
        organization=applicant.organization,
        email=f"supervisor.{applicant.last_name.lower()}@example.org",
    )
    save_answers(
        now=now, application=application, values=answers_by_id(application, CANDIDATE_ANSWERS), files={}
    )
    confirm_availability(
        application, now, conflict=None if nominated else "School board meeting that evening."
    )
    if nominated:
        services.submit_nomination(
            now=now,
            nomination=nomination,
            relationship="I supervise the applicant's department.",
            recommendation="An outstanding technology leader who is ready for the CTO role.",
            supports_release_time=True,
        )
        application = services.submit_application(now=now, application=application)
    return application


# In the cohort under way: (e-mail, kind, answers to the pairing questions by key, one a line for several).
ACCEPTED_UNDER_WAY = [
    (
        "mentor@example.org",
        Kind.MENTOR,
        {
            "mentor-county": "Sacramento",
            "mentor-topics": "E-rate\nData privacy\nCybersecurity",
            "mentor-capacity": "2",
        },
    ),
    (
        "candidate@example.org",
        Kind.CANDIDATE,
        {"candidate-county": "Sacramento", "candidate-topics": "Cybersecurity\nProject management"},
    ),
    (
        "candidate2@example.org",
        Kind.CANDIDATE,
        {"candidate-county": "Sacramento", "candidate-topics": "Data privacy\nE-rate\nStaff development"},
    ),
]


def accepted_under_way(demo: Demo) -> None:
    """The year under way began with applications: its mentor's and candidates', accepted and confirmed, with
    the answers that the pairing page's suggestions compare. Made as they stand, the window being long past."""
    cohort = demo.cohorts["under_way"]
    plan = demo.plans[cohort.slug]
    submitted_at = plan.applications_close - timedelta(days=3)
    decided_at = at(plan.selection_date, time(12, 0))
    questions = {question.key: question for question in cohort.questions.exclude(key="")}
    for email, kind, answers in ACCEPTED_UNDER_WAY:
        person = demo.people[email]
        application = demo.get_or_create(
            Application,
            cohort=cohort,
            applicant=person,
            kind=kind,
            defaults={
                "status": Status.SUBMITTED,
                "created_at": submitted_at - timedelta(days=10),
                "updated_at": submitted_at,
                "submitted_at": submitted_at,
                "organization": person.organization,
                "current_position": person.title,
                "decision": Decision.ACCEPTED,
                "decided_at": decided_at,
                "decided_by": demo.people["manager@example.org"],
                "decision_sent_at": decided_at,
                "response": Response.CONFIRMED,
                "responded_at": decided_at + timedelta(days=2),
            },
        )
        for key, value in answers.items():
            demo.get_or_create(
                Answer, application=application, question=questions[key], defaults={"value": value}
            )


# Availability is confirmed against the cohort's class meetings.
steps.register(
    Step("applications.intake", intake, after=("sessions.schedule",)),
    Step("applications.accepted_under_way", accepted_under_way, after=("applications.intake",)),
)
