"""Drafts stay the candidate's: the mentor and the program manager see an artifact or reflection once the
candidate marks it ready for review. And the program manager's notes say on their form who else reads them."""

import pytest
from django.urls import reverse

from cohorts.demo import demo_pdf
from portfolios import services
from portfolios.forms import EVALUATION_NOTES_READERS, PROGRESS_REVIEW_NOTES_READERS

from ..factories import ClassSessionFactory, TopicFactory
from ..people import EVERY_ROLE
from ..privacy import cohort_exports, text_of
from .factories import MidYearEvaluationFactory, ProgressReviewFactory

DRAFTS = ["Unfinished budget narrative", "Half a thought on vendor contracts", "Ready plan notes"]


@pytest.fixture
def entries(portfolio):
    """A draft file artifact and a draft reflection, and a reflection marked ready that is about the draft
    artifact, all tagged with a topic of the cohort."""
    topic = TopicFactory(
        session=ClassSessionFactory(cohort=portfolio.cohort, number=3), name="Fiscal Management"
    )
    draft = services.save_artifact(
        portfolio=portfolio, title=DRAFTS[0], upload=demo_pdf("Budget"), topic=topic
    )
    services.save_reflection(portfolio=portfolio, title=DRAFTS[1], body="Contracts need review.", topic=topic)
    ready = services.save_reflection(
        portfolio=portfolio, title="What the budget taught me", body=DRAFTS[2], artifact=draft, topic=topic
    )
    services.mark_ready(entry=ready, ready=True)
    return draft, ready


def pages(portfolio):
    return [reverse(f"portfolios:{name}", args=[portfolio.pk]) for name in ("detail", "print", "topic_map")]


def test_drafts_shown_to_the_candidate(client, people, portfolio, entries):
    client.force_login(people["candidate"])
    detail = client.get(pages(portfolio)[0]).text
    assert "a draft only you see" in detail
    for url in pages(portfolio):
        text = client.get(url).text
        assert DRAFTS[0] in text and DRAFTS[1] in text
    assert client.get(reverse("portfolios:download_artifact", args=[entries[0].pk])).status_code == 200


@pytest.mark.parametrize("role", ["mentor", "program_manager"])
def test_drafts_hidden_from_mentor_and_manager(client, people, portfolio, entries, role):
    draft, ready = entries
    client.force_login(people[role])
    for url in pages(portfolio):
        text = client.get(url).text
        assert DRAFTS[0] not in text and DRAFTS[1] not in text
        assert "What the budget taught me" in text  # the reflection marked ready, without its draft artifact
    assert DRAFTS[2] in client.get(pages(portfolio)[0]).text
    assert f"once {portfolio.candidate} marks them ready for review" in client.get(pages(portfolio)[0]).text
    assert client.get(reverse("portfolios:download_artifact", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_drafts_in_no_export_of_anyone_but_the_candidate(client, people, portfolio, entries, role):
    client.force_login(people[role])
    for url in cohort_exports(portfolio.cohort):
        text = text_of(client.get(url))
        assert DRAFTS[0] not in text and DRAFTS[1] not in text


def test_entry_marked_ready_is_shown_to_the_mentor(client, people, portfolio, entries):
    draft, _ = entries
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:mark_ready", args=["artifacts", draft.pk]), {"ready": "1"}, follow=True
    )
    assert f"“{DRAFTS[0]}” is ready for review." in response.text
    client.force_login(people["mentor"])
    assert DRAFTS[0] in client.get(pages(portfolio)[0]).text
    assert client.get(reverse("portfolios:download_artifact", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize("role", ["mentor", "program_manager"])
def test_drafts_refused_to_a_direct_request_of_another(client, people, portfolio, entries, role):
    """Changing, moving, marking or deleting a draft answers 404 to anyone but the candidate."""
    draft, _ = entries
    client.force_login(people[role])
    assert client.get(reverse("portfolios:edit_artifact", args=[draft.pk])).status_code == 404
    for name in ("mark_ready", "move_entry", "delete_entry"):
        assert client.post(reverse(f"portfolios:{name}", args=["artifacts", draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.ready_for_review is False


def test_evaluation_notes_form_says_the_candidate_and_mentor_read_them(client, people, portfolio):
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    client.force_login(people["program_manager"])
    url = reverse("portfolios:evaluation", args=[evaluation.pk])
    assert EVALUATION_NOTES_READERS in client.get(url).text
    client.post(url, {"notes": "Needs a budget mentor"})
    for role in ("candidate", "mentor"):  # what the form says holds
        client.force_login(people[role])
        assert "Needs a budget mentor" in client.get(url).text


def test_progress_review_notes_form_says_the_candidate_reads_them_and_the_mentor_not(
    client, people, portfolio
):
    review = ProgressReviewFactory(portfolio=portfolio)
    client.force_login(people["program_manager"])
    assert (
        PROGRESS_REVIEW_NOTES_READERS
        in client.get(reverse("portfolios:schedule_progress_review", args=[portfolio.pk])).text
    )
    url = reverse("portfolios:progress_review", args=[review.pk])
    assert PROGRESS_REVIEW_NOTES_READERS in client.get(url).text
    client.post(url, {"notes": "On track with the portfolio"})
    client.force_login(people["candidate"])
    assert "On track with the portfolio" in client.get(url).text
    client.force_login(people["mentor"])
    assert client.get(url).status_code == 404
    assert "On track with the portfolio" not in client.get(pages(portfolio)[0]).text
