"""A cohort's own e-mail texts: placeholders checked on save, used by the outbox, previewed, reset."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import services
from applications.models import Decision, Kind
from cohorts.models import Role
from cto_mentor.notifications import texts
from cto_mentor.notifications.models import NoticeText

from ..applications.factories import CompleteApplicationFactory
from ..factories import CohortFactory

BODY = "Dear {recipient_name},\n\nThe {cohort} says: {decision}.\n\n{decision_reason}\n\nAnswer here: {link}"


@pytest.fixture
def manager(member):
    return member(Role.PROGRAM_MANAGER)


@pytest.fixture
def decided(cohort, manager):
    application = CompleteApplicationFactory(
        cohort=cohort, kind=Kind.CANDIDATE, status="submitted", applicant__first_name="Dana"
    )
    return services.decide(
        application=application, decision=Decision.ACCEPTED, reason="Strong <b>leader</b>.", actor=manager
    )


def url(name, cohort, notice="application_decision"):
    args = [cohort.slug] if name == "notice_texts" else [cohort.slug, notice]
    return reverse(f"notifications:{name}", args=args)


def test_unknown_placeholder_is_refused_on_save(cohort, manager):
    with pytest.raises(ValidationError) as refused:
        texts.save_text(
            cohort=cohort, notice="application_decision", subject="Hi {nickname}", body="{link}", by=manager
        )
    assert "Unknown placeholder(s): {nickname}." in refused.value.message_dict["subject"][0]
    assert not NoticeText.objects.exists()


@pytest.mark.parametrize("body", ["{recipient.password}", "{link!r}", "{cohort:>99}", "open {brace", "{0}"])
def test_attribute_access_conversions_and_stray_braces_are_refused(body):
    from cto_mentor.notifications import registry

    with pytest.raises(ValidationError):
        texts.check_text(registry.get("application_decision"), body)


def test_outbox_uses_the_cohorts_text_for_both_parts(
    cohort, manager, decided, django_capture_on_commit_callbacks
):
    texts.save_text(
        cohort=cohort,
        notice="application_decision",
        subject="{cohort}: your {kind} application",
        body=BODY,
        by=manager,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_decisions(cohort=cohort)
    message = mail.outbox[0]
    assert message.subject == f"{cohort}: your Candidate application"
    assert "Dear Dana," in message.body
    assert "says: Accepted." in message.body
    assert "Strong <b>leader</b>." in message.body  # plain text: nothing escaped
    html = message.alternatives[0][0]
    assert "Strong &lt;b&gt;leader&lt;/b&gt;." in html
    assert '<a href="http://' in html  # the link made a link


def test_another_cohort_keeps_the_default_text(cohort, manager):
    texts.save_text(
        cohort=cohort, notice="application_decision", subject="Own", body="Own {link}", by=manager
    )
    other = CohortFactory()
    assert texts.text_for(cohort=other, notice="application_decision") is None


def test_reset_goes_back_to_the_default_and_history_keeps_the_text(client, cohort, manager):
    texts.save_text(
        cohort=cohort, notice="application_decision", subject="Own", body="Own {link}", by=manager
    )
    client.force_login(manager)
    question = client.get(url("reset_notice_text", cohort)).text
    assert "your own text is deleted" in question
    assert "This cannot be undone" in question
    assert NoticeText.objects.exists()
    response = client.post(url("reset_notice_text", cohort), follow=True)
    assert "is back to the default text" in response.text
    assert not NoticeText.objects.exists()
    assert [h.history_type for h in NoticeText.history.order_by("history_id")] == ["+", "-"]


def test_edit_page_starts_from_the_default_with_placeholders_and_previews_a_real_recipient(
    client, cohort, manager, decided
):
    client.force_login(manager)
    page = client.get(url("notice_text", cohort)).text
    assert "{decision_reason}" in page  # the placeholders offered beside the field
    assert "Dear {recipient_name}," in page  # the default text, its values written back as placeholders
    assert "Preview for Dana" in page
    data = {"subject": "Decision for {applicant_name}", "body": BODY, "recipient": "0", "action": "preview"}
    response = client.post(url("notice_text", cohort), data)
    assert "Decision for Dana" in response.text
    assert not NoticeText.objects.exists()  # a preview saves nothing
    data["action"] = "save"
    response = client.post(url("notice_text", cohort), data, follow=True)
    assert "is saved for the" in response.text
    assert NoticeText.objects.get().subject == "Decision for {applicant_name}"


def test_unknown_placeholder_is_an_error_on_the_form_and_the_text_is_kept(client, cohort, manager, decided):
    client.force_login(manager)
    data = {"subject": "Hello", "body": "Dear {first_name}, welcome", "recipient": "0", "action": "save"}
    response = client.post(url("notice_text", cohort), data)
    assert "Unknown placeholder(s): {first_name}." in response.text
    assert "Dear {first_name}, welcome" in response.text
    assert not NoticeText.objects.exists()


def test_text_pages_are_for_the_cohorts_program_manager_only(client, cohort, member):
    client.force_login(member(Role.REVIEWER))
    assert client.get(url("notice_texts", cohort)).status_code == 404
    client.force_login(member(Role.PROGRAM_MANAGER, in_cohort=CohortFactory()))
    assert client.get(url("notice_text", cohort)).status_code == 404
