"""The back office: every model of our apps is in the Django admin with columns, filters and search."""

import pytest
import rules
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from .factories import UserFactory

OUR_APPS = [
    "users",
    "notifications",
    "cohorts",
    "applications",
    "class_sessions",
    "portfolios",
    "completion",
    "jobs",
]
# Receipts only record that a candidate answered the anonymous program feedback; listing them next to the
# answers would help identify who wrote what, so they stay out of the back office.
NOT_IN_BACK_OFFICE = {"portfolios.FeedbackReceipt"}


def our_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and not model.__name__.startswith("Historical")
        and model._meta.label not in NOT_IN_BACK_OFFICE
    ]


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_model_is_in_the_admin_with_columns_filters_and_search(model):
    model_admin = admin.site._registry.get(model)

    assert model_admin is not None
    assert list(model_admin.list_display) != ["__str__"]
    assert model_admin.list_filter
    assert model_admin.search_fields


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_admin_list_answers_a_search(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = admin_client.get(url, {"q": "example"})

    assert response.status_code == 200


@pytest.fixture
def staff_client(client, db):
    """A program manager in the back office: staff with every permission of our apps, not a superuser."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=OUR_APPS))
    client.force_login(user)
    return client


def test_back_office_index_opens_for_staff_who_are_not_superusers(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert 'href="/admin/applications/application/"' in response.text


@pytest.mark.parametrize(
    "name",
    ["applications_application", "class_sessions_assignment", "portfolios_portfolio", "jobs_job"],
)
def test_back_office_lists_open_for_staff_whose_rules_share_the_permission_name(staff_client, name):
    assert staff_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_object_rules_named_like_model_permissions_answer_no_without_an_object(db):
    user = UserFactory()
    for perm in ["applications.view_application", "class_sessions.view_submission", "jobs.view_job"]:
        assert rules.has_perm(perm, user) is False
