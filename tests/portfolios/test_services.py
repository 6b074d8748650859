from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cto_mentor.uploads import WORK_PRODUCTS, check_upload
from portfolios import services
from portfolios.models import Artifact, FeedbackAudience, Portfolio

from ..factories import ClassSessionFactory, TopicFactory
from ..files import docx_bytes, pdf_bytes, upload
from .factories import ArtifactFactory, MentorMeetingFactory, MidYearEvaluationFactory, ReflectionFactory


def cleaned(name, content):
    """An upload as an UploadField leaves it: with its detected kind."""
    uploaded = upload(name, content)
    uploaded.kind = check_upload(uploaded, kinds=WORK_PRODUCTS)
    return uploaded


def test_open_portfolio_is_made_once_and_only_for_candidates(people, cohort):
    first = services.open_portfolio(cohort=cohort, candidate=people["candidate"])
    assert services.open_portfolio(cohort=cohort, candidate=people["candidate"]) == first
    with pytest.raises(ValidationError):
        services.open_portfolio(cohort=cohort, candidate=people["mentor"])
    assert Portfolio.objects.count() == 1


def test_save_artifact_replacing_file_with_link_removes_the_file(
    portfolio, django_capture_on_commit_callbacks
):
    artifact = services.save_artifact(
        portfolio=portfolio, title="Plan", upload=cleaned("plan.pdf", pdf_bytes())
    )
    stored = artifact.file.name
    assert artifact.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_artifact(
            portfolio=portfolio, artifact=artifact, title="Plan", link="https://example.org/p"
        )
    artifact.refresh_from_db()
    assert (artifact.is_file, artifact.link, artifact.original_name) == (False, "https://example.org/p", "")
    assert not artifact.file.storage.exists(stored)


def test_save_artifact_keeps_file_when_only_text_changes(portfolio):
    artifact = services.save_artifact(
        portfolio=portfolio, title="Plan", upload=cleaned("plan.docx", docx_bytes())
    )
    services.save_artifact(portfolio=portfolio, artifact=artifact, title="Renamed")
    artifact.refresh_from_db()
    assert (artifact.title, artifact.original_name, artifact.content_type.endswith("document")) == (
        "Renamed",
        "plan.docx",
        True,
    )


def test_save_artifact_refuses_a_topic_of_another_cohort(portfolio):
    foreign = TopicFactory()
    with pytest.raises(ValidationError):
        services.save_artifact(portfolio=portfolio, title="x", link="https://example.org", topic=foreign)
    assert Artifact.objects.count() == 0


def test_new_entries_go_last_and_move_swaps_neighbours(portfolio):
    first = services.save_reflection(portfolio=portfolio, title="One", body="a")
    second = services.save_reflection(portfolio=portfolio, title="Two", body="b")
    third = services.save_reflection(portfolio=portfolio, title="Three", body="c")
    assert [first.position, second.position, third.position] == [1, 2, 3]
    services.move_entry(entry=third, direction="up")
    services.move_entry(entry=first, direction="up")  # already first: stays
    assert list(portfolio.reflections.values_list("title", flat=True)) == ["One", "Three", "Two"]


def test_log_meeting_by_candidate_asks_the_mentor(pairing, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.log_meeting(
            pairing=pairing,
            logged_by=pairing.candidate,
            held_on=date.today() - timedelta(days=2),
            duration_minutes=30,
            mode="shared_documents",
            follow_ups=[("Send the draft", date.today() + timedelta(days=7))],
        )
    assert [m.to for m in mailoutbox] == [[pairing.mentor.email]]
    assert mailoutbox[0].subject == f"Please confirm your mentor meeting of {meeting.held_on:%a, %b %-d, %Y}"
    with pytest.raises(ValidationError):
        services.confirm_meeting(meeting=meeting, user=pairing.candidate)
    services.confirm_meeting(meeting=meeting, user=pairing.mentor)
    with pytest.raises(ValidationError):
        services.confirm_meeting(meeting=meeting, user=pairing.mentor)


def test_log_meeting_refused_to_someone_outside_the_pair(pairing, people):
    with pytest.raises(ValidationError):
        services.log_meeting(
            pairing=pairing,
            logged_by=people["other_mentor"],
            held_on=date.today(),
            duration_minutes=30,
            mode="phone",
        )


def test_feedback_audiences_follow_the_role(people, portfolio):
    assert services.feedback_audiences(portfolio=portfolio, author=people["mentor"]) == [
        FeedbackAudience.MENTOR_TO_CANDIDATE,
        FeedbackAudience.MENTOR_TO_MANAGER,
    ]
    assert services.feedback_audiences(portfolio=portfolio, author=people["program_manager"]) == [
        FeedbackAudience.MANAGER_TO_CANDIDATE
    ]
    assert services.feedback_audiences(portfolio=portfolio, author=people["other_mentor"]) == []
    with pytest.raises(ValidationError):
        services.give_feedback(
            portfolio=portfolio,
            author=people["candidate"],
            audience=FeedbackAudience.MENTOR_TO_CANDIDATE,
            body="x",
        )


def test_evaluation_follow_up_owner_must_be_of_the_evaluation(people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    for role in ("candidate", "mentor", "program_manager"):
        services.add_follow_up(
            evaluation=evaluation, description=role, due_on=date.today(), owner=people[role]
        )
    with pytest.raises(ValidationError):
        services.add_follow_up(
            evaluation=evaluation, description="x", due_on=date.today(), owner=people["other_candidate"]
        )
    item = evaluation.follow_ups.first()
    services.close_follow_up(follow_up=item, user=people["candidate"])
    with pytest.raises(ValidationError):
        services.close_follow_up(follow_up=item, user=people["candidate"])
    assert evaluation.follow_ups.filter(closed_at__isnull=True).count() == 2


def test_schedule_evaluation_without_mentor_tells_only_the_candidate(
    people, cohort, django_capture_on_commit_callbacks, mailoutbox
):
    portfolio = services.open_portfolio(cohort=cohort, candidate=people["other_candidate"])
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.schedule_evaluation(
            portfolio=portfolio, starts_at=date_time(), actor=people["program_manager"]
        )
    assert evaluation.mentor is None
    assert [m.to for m in mailoutbox] == [[people["other_candidate"].email]]
    with pytest.raises(ValidationError):
        services.schedule_evaluation(portfolio=portfolio, starts_at=date_time(), actor=people["mentor"])


def date_time():
    return timezone.now() + timedelta(days=10)


def test_portfolio_review_numbers_are_one_and_two(cohort):
    first = services.schedule_portfolio_review(cohort=cohort, number=1, starts_at=date_time())
    moved = services.schedule_portfolio_review(
        cohort=cohort, number=1, starts_at=date_time() + timedelta(days=1)
    )
    assert first.pk == moved.pk
    with pytest.raises(ValidationError):
        services.schedule_portfolio_review(cohort=cohort, number=3, starts_at=date_time())


def test_comment_on_a_review_of_another_cohort_is_refused(portfolio, people):
    other_review = services.schedule_portfolio_review(
        cohort=ClassSessionFactory().cohort, number=1, starts_at=date_time()
    )
    with pytest.raises(ValidationError):
        services.comment_on_portfolio(
            review=other_review, portfolio=portfolio, author=people["mentor"], body="x"
        )


def test_delete_entry_removes_the_file(portfolio, django_capture_on_commit_callbacks):
    artifact = services.save_artifact(
        portfolio=portfolio, title="Plan", upload=cleaned("plan.pdf", pdf_bytes())
    )
    stored, storage = artifact.file.name, artifact.file.storage
    ReflectionFactory(portfolio=portfolio, artifact=artifact)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_entry(entry=artifact)
    assert not storage.exists(stored)
    assert portfolio.reflections.get().artifact is None


def test_artifact_is_a_file_or_a_link_in_the_database(portfolio):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtifactFactory(portfolio=portfolio, link="")


def test_meeting_factory_default_is_unconfirmed(pairing):
    assert MentorMeetingFactory(pairing=pairing).is_confirmed is False
