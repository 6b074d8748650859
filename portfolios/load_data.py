"""The load data's portfolios and mentoring: each candidate's artifacts and reflections (file metadata only,
no file is written) and each pair's mentor meetings (see `cohorts.load_data`)."""

from datetime import timedelta

from cohorts.load_data import CohortLoad, steps
from cto_mentor.discovery import Step
from sessions.models import ClassSession, SessionKind, Topic

from .models import Artifact, MeetingMode, MentorMeeting, Portfolio, Reflection

ARTIFACTS_PER_PORTFOLIO = 6
REFLECTIONS_PER_PORTFOLIO = 4
MENTOR_MEETINGS_PER_PAIRING = 6


def portfolios(generator, load: CohortLoad) -> None:
    """Each candidate's portfolio with artifacts and reflections on the cohort's sessions and topics."""
    cohort, candidates, rnd = load.cohort, load.candidates, generator.random
    topics = list(Topic.objects.filter(session__cohort=cohort).order_by("pk"))
    classes = list(ClassSession.objects.filter(cohort=cohort, kind=SessionKind.CLASS).order_by("pk"))
    portfolios = generator.bulk(Portfolio, [Portfolio(cohort=cohort, candidate=c) for c in candidates])
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
                    session=rnd.choice(classes),
                    position=ARTIFACTS_PER_PORTFOLIO + i,
                    body="What I learned, and what I will do next.",
                )
            )
    generator.bulk(Artifact, artifacts)
    generator.bulk(Reflection, reflections)


def mentor_meetings(generator, load: CohortLoad) -> None:
    kickoff, pairings = load.plan.kickoff, load.pairings
    rnd = generator.random
    generator.bulk(
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
                confirmed_at=generator.now if i % 3 else None,
            )
            for pairing in pairings
            for i in range(MENTOR_MEETINGS_PER_PAIRING)
        ],
    )


# Artifacts and reflections name the cohort's class sessions and topics.
steps.register(
    Step("portfolios.portfolios", portfolios, after=("sessions.schedule",)),
    Step("portfolios.mentor_meetings", mentor_meetings, after=("portfolios.portfolios",)),
)
