from django.core import mail
from django.urls import reverse

from applications import services
from applications.models import Decision

from ..factories import UserFactory


def test_admin_lists_applications_and_sends_decisions_once(client, cohort, submitted, sent):
    application = submitted()
    services.decide(application=application, decision=Decision.DECLINED, reason="Full", actor=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:applications_application_changelist")
    assert str(application.applicant) in client.get(changelist).text
    data = {"action": "send_decisions", "_selected_action": [application.pk]}
    with sent():
        response = client.post(changelist, data, follow=True)
        client.post(changelist, data)
    assert "1 decision e-mail(s) queued." in response.text
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]


def test_admin_pages_of_every_model_open(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in [
        "application",
        "resume",
        "nomination",
        "availability",
        "extension",
        "criterion",
        "review",
        "score",
    ]:
        assert client.get(reverse(f"admin:applications_{model}_changelist")).status_code == 200
