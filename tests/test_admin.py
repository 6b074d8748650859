"""The back office: every model of our apps is in the Django admin with columns, filters and search."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = ["users", "notifications", "cohorts", "applications", "class_sessions", "portfolios", "jobs"]
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
