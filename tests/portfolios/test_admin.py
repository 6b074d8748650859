import pytest
from django.contrib import admin
from django.urls import reverse

from portfolios import models

from ..factories import UserFactory
from .factories import (
    ArtifactFactory,
    CheckInFactory,
    FeedbackFactory,
    FollowUpFactory,
    MentorMeetingFactory,
    PortfolioReviewFactory,
    ProgressReviewFactory,
    ReflectionFactory,
)

ADMIN_MODELS = [
    models.Portfolio,
    models.Artifact,
    models.Reflection,
    models.MentorMeeting,
    models.FollowUp,
    models.Feedback,
    models.MidYearEvaluation,
    models.PortfolioReview,
    models.ReviewComment,
    models.ProgressReview,
    models.CheckIn,
    models.ProgramFeedback,
]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_admin_lists_and_searches_each_model(client, db, model):
    ArtifactFactory()
    ReflectionFactory()
    MentorMeetingFactory()
    FollowUpFactory()
    FeedbackFactory()
    PortfolioReviewFactory()
    ProgressReviewFactory()
    CheckInFactory()
    model_admin = admin.site._registry[model]
    assert model_admin.list_display and model_admin.list_filter and model_admin.search_fields
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:portfolios_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "example"}).status_code == 200
