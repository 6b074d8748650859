"""A nomination request must not turn the program's address into a mail relay: the applicant cannot name
themselves, requests are limited per day, and nothing the applicant typed reaches the nominator's subject."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services
from applications.models import Nomination
from cto_mentor.users.addresses import mailbox

from ..factories import UserFactory
from .factories import ApplicationFactory

BOSS = {
    "name": "Sam Boss",
    "title": "Superintendent",
    "organization": "Sample USD",
    "email": "boss@example.org",
}


@pytest.mark.parametrize(
    "spelling",
    ["Jo.Doe@Example.org", "JO.DOE@EXAMPLE.ORG", "jo.doe+nominator@example.org", "j.o.doe+x@gmail.com"],
)
def test_applicant_cannot_nominate_themselves_by_another_spelling(cohort, spelling):
    own = "jo.doe@gmail.com" if spelling.endswith("gmail.com") else "jo.doe@example.org"
    application = ApplicationFactory(cohort=cohort, applicant=UserFactory(email=own))
    with pytest.raises(ValidationError) as refused:
        services.request_nomination(application=application, **{**BOSS, "email": spelling})
    assert refused.value.message_dict == {
        "email": ["Your nominator must be someone else, usually your supervisor."]
    }


def test_mailbox_keeps_dots_where_the_provider_does_not_ignore_them():
    assert mailbox("Jo.Doe+tag@Example.org") == "jo.doe@example.org"
    assert mailbox("Jo.Doe+tag@googlemail.com") == "jodoe@gmail.com"


def test_requests_and_resends_are_limited_to_three_a_day_per_application(cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    start = timezone.now()
    with sent():
        services.request_nomination(application=application, **BOSS, now=start)
        services.resend_nomination_request(application=application, now=start + timedelta(minutes=1))
        services.resend_nomination_request(application=application, now=start + timedelta(minutes=2))
    with pytest.raises(ValidationError, match="as many nomination requests as we allow in a day"):
        services.resend_nomination_request(application=application, now=start + timedelta(hours=23))
    assert len(mail.outbox) == 3
    with sent():
        services.resend_nomination_request(application=application, now=start + timedelta(days=1, minutes=1))
    assert len(mail.outbox) == 4


def test_requests_are_limited_to_ten_a_day_per_account(cohort, sent):
    applicant = UserFactory()
    start = timezone.now()
    with sent():
        for _ in range(10):
            other_cohort_application = ApplicationFactory(
                applicant=applicant, cohort__applications_open=start - timedelta(days=1)
            )
            services.request_nomination(application=other_cohort_application, **BOSS, now=start)
    with pytest.raises(ValidationError, match="as many nomination requests"):
        services.request_nomination(application=ApplicationFactory(applicant=applicant), **BOSS, now=start)
    assert len(mail.outbox) == 10


def test_a_name_with_a_link_is_refused_and_no_typed_name_is_in_the_subject(cohort, sent):
    applicant = UserFactory(first_name="Visit evil.example", last_name="now")
    application = ApplicationFactory(cohort=cohort, applicant=applicant)
    with pytest.raises(ValidationError) as refused:
        services.request_nomination(application=application, **{**BOSS, "name": "See www.evil.example"})
    assert refused.value.message_dict == {"name": ["A name cannot contain a web address."]}
    with sent():
        services.request_nomination(application=application, **BOSS)
    assert mail.outbox[0].subject == f"A nomination request for the {cohort} of the CTO Mentor Program"
    assert "evil" not in mail.outbox[0].subject


@pytest.mark.parametrize(
    "name", ["Visit evil.example", "EVIL.COM", "http://x", "пример.рф", "evil\u3002com", "evil\uff0ecom"]
)
def test_a_nominator_name_with_a_link_in_any_spelling_is_refused(cohort, name):
    application = ApplicationFactory(cohort=cohort)
    with pytest.raises(ValidationError) as refused:
        services.request_nomination(application=application, **{**BOSS, "name": name})
    assert refused.value.message_dict == {"name": ["A name cannot contain a web address."]}
    assert not Nomination.objects.filter(application=application).exists()


@pytest.mark.parametrize("name", ["Dr. Ana Smith", "J.R. Smith", "Anne-Marie St. Clair", "José Álvarez Jr."])
def test_a_nominator_name_with_dots_but_no_link_is_accepted(cohort, sent, name):
    application = ApplicationFactory(cohort=cohort)
    with sent():
        nomination = services.request_nomination(application=application, **{**BOSS, "name": name})
    assert nomination.nominator_name == name
    assert f"Hello {name}," in mail.outbox[0].body


def test_plain_text_parts_and_subjects_are_not_html_escaped(cohort, sent):
    applicant = UserFactory(first_name="Siobhan", last_name="O'Brien & Sons")
    application = ApplicationFactory(cohort=cohort, applicant=applicant)
    with sent():
        services.request_nomination(application=application, **{**BOSS, "name": "Pat O'Hara"})
    email = mail.outbox[0]
    assert "Hello Pat O'Hara," in email.body
    assert "Siobhan O'Brien & Sons is applying" in email.body
    html = email.alternatives[0][0]
    assert "Siobhan O&#x27;Brien &amp; Sons" in html
