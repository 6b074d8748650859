from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from cohorts.models import Role
from portfolios import selectors
from portfolios.models import FeedbackAudience
from portfolios.services import trash_entry

from ..factories import ClassSessionFactory, MembershipFactory, PairingFactory, TopicFactory
from .factories import (
    ArtifactFactory,
    CheckInFactory,
    FeedbackFactory,
    MentorMeetingFactory,
    MidYearEvaluationFactory,
    PortfolioReviewFactory,
    ReflectionFactory,
)

PACIFIC = ZoneInfo("America/Los_Angeles")


def test_quiet_pairs_lists_pairs_without_a_meeting_in_the_window(cohort, pairing):
    now = datetime(2031, 4, 15, 12, tzinfo=PACIFIC)
    met = PairingFactory(cohort=cohort)
    MentorMeetingFactory(pairing=met, held_on=now.date() - timedelta(days=10))
    long_ago = PairingFactory(cohort=cohort)
    MentorMeetingFactory(pairing=long_ago, held_on=now.date() - timedelta(weeks=5))
    PairingFactory()  # another cohort's pair is never listed
    quiet = list(selectors.quiet_pairs(cohort=cohort, weeks=3, now=now))
    assert {p.pk for p in quiet} == {pairing.pk, long_ago.pk}
    assert {p.pk: p.last_meeting for p in quiet} == {
        pairing.pk: None,
        long_ago.pk: now.date() - timedelta(weeks=5),
    }
    assert [p.pk for p in selectors.quiet_pairs(cohort=cohort, weeks=6, now=now)] == [pairing.pk]


def test_quiet_pairs_counts_unconfirmed_meetings_logged_by_either_side(cohort, pairing):
    now = timezone.now()
    MentorMeetingFactory(
        pairing=pairing, logged_by=pairing.candidate, held_on=timezone.localdate() - timedelta(days=1)
    )
    assert list(selectors.quiet_pairs(cohort=cohort, weeks=2, now=now)) == []


def test_upcoming_events_in_window_with_who_is_expected(cohort, people, portfolio):
    start = timezone.now()
    evaluation = MidYearEvaluationFactory(
        portfolio=portfolio, mentor=people["mentor"], starts_at=start + timedelta(days=1)
    )
    review = PortfolioReviewFactory(cohort=cohort, starts_at=start + timedelta(days=2))
    check_in = CheckInFactory(cohort=cohort, starts_at=start + timedelta(hours=3))
    MidYearEvaluationFactory(portfolio=portfolio, starts_at=start + timedelta(days=30))  # outside the window
    CheckInFactory(cohort=cohort, starts_at=start - timedelta(hours=1))  # already started
    events = selectors.upcoming_events(start=start, end=start + timedelta(days=7))
    assert [(e.kind, e.subject) for e in events] == [
        ("mentor_check_in", check_in),
        ("mid_year_evaluation", evaluation),
        ("portfolio_review", review),
    ]
    assert [e.cohort for e in events] == [cohort, cohort, cohort]
    assert set(events[0].expected()) == {people["mentor"], people["other_mentor"]}
    assert events[1].expected() == [people["candidate"], people["mentor"]]
    assert set(events[2].expected()) == {
        people["candidate"],
        people["other_candidate"],
        people["mentor"],
        people["other_mentor"],
        people["program_manager"],
    }


def test_topic_map_counts_session_tags_for_each_topic(portfolio):
    session = ClassSessionFactory(cohort=portfolio.cohort, number=4)
    security = TopicFactory(session=session, name="Security Fundamentals", order=1)
    organisation = TopicFactory(session=session, name="Organizational Management", order=2)
    other = TopicFactory(session=ClassSessionFactory(cohort=portfolio.cohort, number=5), name="Personnel")
    TopicFactory(session=ClassSessionFactory(), name="Another cohort's topic")
    artifact = ArtifactFactory(portfolio=portfolio, session=session, topic=security)
    reflection = ReflectionFactory(portfolio=portfolio, session=session)
    ArtifactFactory(portfolio=portfolio)  # about the program as a whole
    rows = selectors.topic_map(portfolio=portfolio, viewer=portfolio.candidate)
    assert [(r.topic, r.artifacts, r.reflections) for r in rows] == [
        (security, [artifact], [reflection]),
        (organisation, [], [reflection]),
        (other, [], []),
    ]
    assert [r.topic for r in rows if not r.has_evidence] == [other]


def test_visible_feedback_by_person(people, portfolio):
    to_candidate = FeedbackFactory(portfolio=portfolio, author=people["mentor"])
    to_manager = FeedbackFactory(
        portfolio=portfolio, author=people["mentor"], audience=FeedbackAudience.MENTOR_TO_MANAGER
    )
    from_manager = FeedbackFactory(
        portfolio=portfolio, author=people["program_manager"], audience=FeedbackAudience.MANAGER_TO_CANDIDATE
    )

    def seen(role):
        return set(selectors.visible_feedback(portfolio=portfolio, user=people[role]))

    assert seen("candidate") == {to_candidate, from_manager}
    assert seen("mentor") == {to_candidate, to_manager}
    assert seen("program_manager") == {to_candidate, to_manager, from_manager}
    assert seen("other_mentor") == set()
    assert seen("manager_of_other_cohort") == set()


def test_visible_feedback_matches_the_permission(people, portfolio):
    items = [
        FeedbackFactory(portfolio=portfolio, author=people["mentor"], audience=audience)
        for audience in FeedbackAudience
    ]
    for user in people.values():
        shown = set(selectors.visible_feedback(portfolio=portfolio, user=user))
        assert shown == {f for f in items if user.has_perm("portfolios.view_feedback", f)}


def test_meeting_frequency_per_pair(cohort, pairing):
    now = timezone.now()
    MentorMeetingFactory(pairing=pairing)
    confirmed = MentorMeetingFactory(pairing=pairing)
    confirmed.confirmed_at = now
    confirmed.save()
    MembershipFactory(cohort=cohort, role=Role.MENTOR)
    (row,) = selectors.meeting_frequency(cohort=cohort, weeks=4, now=now)
    assert (row.meeting_count, row.confirmed_count, row.is_quiet) == (2, 1, False)


def test_topic_map_counts_an_untagged_reflection_where_its_artifact_counts(portfolio):
    topic = TopicFactory(
        session=ClassSessionFactory(cohort=portfolio.cohort, number=3), name="Fiscal Management"
    )
    artifact = ArtifactFactory(portfolio=portfolio, session=topic.session, topic=topic)
    on_artifact = ReflectionFactory(portfolio=portfolio, artifact=artifact)
    ReflectionFactory(portfolio=portfolio)  # the program as a whole, on no artifact
    (row,) = selectors.topic_map(portfolio=portfolio, viewer=portfolio.candidate)
    assert (row.artifacts, row.reflections) == ([artifact], [on_artifact])


def test_topic_map_counts_neither_an_artifact_in_the_trash_nor_a_reflection_inheriting_its_tags(
    people, portfolio
):
    topic = TopicFactory(
        session=ClassSessionFactory(cohort=portfolio.cohort, number=3), name="Fiscal Management"
    )
    shared = {"portfolio": portfolio, "ready_for_review": True}
    artifact = ArtifactFactory(**shared, session=topic.session, topic=topic)
    on_artifact = ReflectionFactory(**shared, artifact=artifact)
    tagged_own = ReflectionFactory(**shared, artifact=artifact, topic=topic, session=topic.session)
    trash_entry(entry=artifact)

    for viewer in (portfolio.candidate, people["mentor"]):
        (row,) = selectors.topic_map(portfolio=portfolio, viewer=viewer)
        assert row.artifacts == []
        assert on_artifact not in row.reflections
    (row,) = selectors.topic_map(portfolio=portfolio, viewer=portfolio.candidate)
    assert row.reflections == [tagged_own]  # a reflection tagged on its own still counts
