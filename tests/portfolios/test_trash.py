"""Removing a portfolio entry asks first, moves it to a trash kept 30 days, and can be undone."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portfolios import selectors, services
from portfolios.models import Artifact, Reflection

from ..files import pdf_bytes
from .factories import ArtifactFactory, ReflectionFactory
from .test_services import cleaned

pytestmark = pytest.mark.django_db


def test_trashed_entry_leaves_the_portfolio_and_comes_back_at_the_end(portfolio):
    trashed = ArtifactFactory(portfolio=portfolio, title="Plan")
    kept = ArtifactFactory(portfolio=portfolio, title="Budget")
    services.trash_entry(entry=trashed)
    assert list(portfolio.artifacts.all()) == [kept]
    assert selectors.trashed_entries(portfolio=portfolio) == [trashed]
    services.restore_entry(entry=trashed)
    assert [a.title for a in portfolio.artifacts.all()] == ["Budget", "Plan"]
    assert selectors.trashed_entries(portfolio=portfolio) == []


def test_restore_refused_after_thirty_days(portfolio):
    reflection = ReflectionFactory(portfolio=portfolio, title="Lessons")
    services.trash_entry(entry=reflection, now=timezone.now() - timedelta(days=31))
    with pytest.raises(ValidationError, match="more than 30 days"):
        services.restore_entry(entry=reflection)
    assert selectors.trashed_entries(portfolio=portfolio) == []


def test_trashing_purges_entries_trashed_more_than_thirty_days_ago_with_their_file(
    portfolio, django_capture_on_commit_callbacks
):
    old = services.save_artifact(portfolio=portfolio, title="Old", upload=cleaned("old.pdf", pdf_bytes()))
    stored, storage = old.file.name, old.file.storage
    services.trash_entry(entry=old, now=timezone.now() - timedelta(days=31))
    recent = ReflectionFactory(portfolio=portfolio)
    with django_capture_on_commit_callbacks(execute=True):
        services.trash_entry(entry=recent)
    assert not Artifact.with_trashed.filter(pk=old.pk).exists()
    assert not storage.exists(stored)
    assert Reflection.with_trashed.filter(pk=recent.pk).exists()


def test_remove_asks_first_and_changes_nothing_on_the_question(client, people, portfolio):
    artifact = ArtifactFactory(portfolio=portfolio, title="Plan")
    client.force_login(people["candidate"])
    page = client.get(reverse("portfolios:delete_entry", args=["artifacts", artifact.pk])).text
    assert "Remove “Plan” from your portfolio?" in page
    assert "stays in your portfolio’s trash for 30 days" in page
    assert list(portfolio.artifacts.all()) == [artifact]


def test_remove_offers_undo_and_undo_puts_the_entry_back(client, people, portfolio):
    reflection = ReflectionFactory(portfolio=portfolio, title="Lessons")
    client.force_login(people["candidate"])
    response = client.post(
        reverse("portfolios:delete_entry", args=["reflections", reflection.pk]), follow=True
    )
    restore = reverse("portfolios:restore_entry", args=["reflections", reflection.pk])
    assert "“Lessons” is in the trash; it stays there for 30 days." in response.text
    assert f'action="{restore}"' in response.text
    assert list(portfolio.reflections.all()) == []
    response = client.post(restore, follow=True)
    assert "“Lessons” is back in your portfolio" in response.text
    assert list(portfolio.reflections.all()) == [reflection]


def test_trash_page_lists_removed_entries_with_a_way_back(client, people, portfolio):
    artifact = ArtifactFactory(portfolio=portfolio, title="Plan")
    services.trash_entry(entry=artifact)
    client.force_login(people["candidate"])
    page = client.get(reverse("portfolios:trash", args=[portfolio.pk])).text
    assert "Plan" in page
    assert reverse("portfolios:restore_entry", args=["artifacts", artifact.pk]) in page


def test_restore_after_thirty_days_says_why_and_leaves_it_trashed(client, people, portfolio):
    artifact = ArtifactFactory(portfolio=portfolio, title="Plan")
    services.trash_entry(entry=artifact, now=timezone.now() - timedelta(days=31))
    client.force_login(people["candidate"])
    response = client.post(reverse("portfolios:restore_entry", args=["artifacts", artifact.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "“Plan” was in the trash for more than 30 days; it cannot be restored."
    ]
    assert list(portfolio.artifacts.all()) == []


@pytest.mark.parametrize("role", ["mentor", "program_manager"])
def test_trash_and_restore_refused_to_others(client, people, portfolio, role):
    artifact = ArtifactFactory(portfolio=portfolio, ready_for_review=True)
    services.trash_entry(entry=artifact)
    client.force_login(people[role])
    assert client.get(reverse("portfolios:trash", args=[portfolio.pk])).status_code == 404
    assert (
        client.post(reverse("portfolios:restore_entry", args=["artifacts", artifact.pk])).status_code == 404
    )
    assert list(portfolio.artifacts.all()) == []


def _reflection_on_trashed_artifact(portfolio):
    artifact = ArtifactFactory(portfolio=portfolio, title="Secret plan", ready_for_review=True)
    ReflectionFactory(portfolio=portfolio, title="Lessons", artifact=artifact, ready_for_review=True)
    services.trash_entry(entry=artifact)


@pytest.mark.parametrize("page", ["portfolios:detail", "portfolios:print"])
def test_reflection_on_a_trashed_artifact_tells_its_owner_so_without_the_title(
    client, people, portfolio, page
):
    _reflection_on_trashed_artifact(portfolio)
    client.force_login(people["candidate"])
    html = client.get(reverse(page, args=[portfolio.pk])).text
    assert "Lessons" in html
    assert " · on an artifact in the trash" in html
    assert "Secret plan" not in html


@pytest.mark.parametrize("page", ["portfolios:detail", "portfolios:print"])
def test_reflection_on_a_trashed_artifact_names_nothing_to_the_mentor(client, people, portfolio, page):
    _reflection_on_trashed_artifact(portfolio)
    client.force_login(people["mentor"])
    html = client.get(reverse(page, args=[portfolio.pk])).text
    assert "Lessons" in html
    assert " · on " not in html
    assert "Secret plan" not in html
    assert "in the trash" not in html
