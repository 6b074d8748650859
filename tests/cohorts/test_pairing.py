"""Mentor contracts, pairing suggestions that say why, and contact details shared only within a confirmed pair."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.models import Answer, Availability, Kind
from cohorts import services
from cohorts.hooks import PairingProfile
from cohorts.models import ContractStatus, Membership, MentorContract, Pairing, Role
from cohorts.suggestions import judge
from cto_mentor.uploads import check_upload

from ..applications.factories import ApplicationFactory
from ..factories import MeetingFactory
from ..files import exe_bytes, pdf_bytes, upload
from ..people import EVERY_ROLE


def url(name, *args):
    return reverse(f"cohorts:{name}", args=args)


def signed(cohort, mentor, day=date(2024, 1, 5)):
    return services.record_contract(cohort=cohort, mentor=mentor, status=ContractStatus.SIGNED, status_on=day)


# The contract --------------------------------------------------------------------------------------------------


def test_contract_records_status_date_and_signed_copy(cohort, people):
    mentor = people["other_mentor"]
    assert services.contract_of(cohort=cohort, mentor=mentor).state == "not sent"
    services.record_contract(
        cohort=cohort, mentor=mentor, status=ContractStatus.SENT, status_on=date(2024, 1, 2), actor=mentor
    )
    pdf = upload("Signed contract.pdf", pdf_bytes("Contract"))
    pdf.kind = check_upload(pdf)
    contract = services.record_contract(
        cohort=cohort,
        mentor=mentor,
        status=ContractStatus.SIGNED,
        status_on=date(2024, 1, 9),
        document=pdf,
        actor=people["program_manager"],
    )
    assert contract.state == "signed on Tue, Jan 9, 2024"
    assert contract.document.original_name == "Signed contract.pdf"
    assert [h.status for h in contract.history.order_by("history_date")][-2:] == ["sent", "signed"]


@pytest.mark.parametrize(
    ("status", "day", "document", "refusal"),
    [
        ("sent", None, False, {"status_on": ["Give the day the contract was sent."]}),
        ("declined", "tomorrow", False, {"status_on": ["The day cannot be in the future."]}),
        ("sent", "today", True, {"document": ["Attach the signed contract once its status is signed."]}),
        ("lost", None, False, {"status": ["Choose not sent, sent, signed or declined."]}),
    ],
)
def test_contract_refusals_change_nothing(cohort, people, status, day, document, refusal):
    today = timezone.localdate(timezone.now(), cohort.tz)
    days = {None: None, "today": today, "tomorrow": today + timedelta(days=1)}
    pdf = upload("c.pdf", pdf_bytes()) if document else None
    with pytest.raises(ValidationError) as refused:
        services.record_contract(
            cohort=cohort, mentor=people["mentor"], status=status, status_on=days[day], document=pdf
        )
    assert refused.value.message_dict == refusal
    assert not MentorContract.objects.exists()


def test_contract_only_for_a_mentor_of_the_cohort(cohort, people):
    with pytest.raises(ValidationError, match="is not a mentor"):
        signed(cohort, people["candidate"])


def test_contract_not_sent_has_no_date(cohort, people):
    signed(cohort, people["mentor"])
    contract = services.record_contract(
        cohort=cohort, mentor=people["mentor"], status=ContractStatus.NOT_SENT, status_on=date(2024, 1, 1)
    )
    assert (contract.status, contract.status_on) == ("not_sent", None)


def test_manager_records_a_contract_with_its_signed_copy_and_downloads_it(client, cohort, people):
    mentor = people["other_mentor"]
    client.force_login(people["program_manager"])
    assert "Now not sent." in client.get(url("contract", cohort.slug, mentor.pk)).text
    response = client.post(
        url("contract", cohort.slug, mentor.pk),
        {"status": "signed", "status_on": "2024-01-09", "document": upload("signed.pdf", pdf_bytes())},
        follow=True,
    )
    assert f"The contract of {escape(mentor)} is recorded: signed on Tue, Jan 9, 2024." in response.text
    assert "<td>Signed on Tue, Jan 9, 2024 (<a" in response.text  # on the pairings page, with the copy
    download = client.get(url("contract_document", cohort.slug, mentor.pk))
    assert download["Content-Disposition"] == 'attachment; filename="signed.pdf"'
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_contract_page_keeps_what_was_typed_when_refused(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        url("contract", cohort.slug, people["mentor"].pk),
        {"status": "signed", "status_on": "", "document": upload("virus.pdf", exe_bytes())},
    )
    assert "whatever its name says" in response.text
    (signed,) = [
        tag
        for tag in re.findall(r'<input [^>]*name="status"[^>]*>', response.text)
        if 'value="signed"' in tag
    ]
    assert " checked" in signed
    assert not MentorContract.objects.exists()


@pytest.mark.parametrize("who", ["candidate", "reviewer", "manager_of_other_cohort"])
def test_contract_pages_are_the_managers_only(client, cohort, people, who):
    signed(cohort, people["mentor"])
    client.force_login(people[who])
    posted = client.post(url("contract", cohort.slug, people["mentor"].pk), {"status": "declined"})
    assert posted.status_code == 404
    assert client.get(url("contract_document", cohort.slug, people["mentor"].pk)).status_code == 404
    assert MentorContract.objects.get().status == "signed"


def test_contract_page_of_someone_who_is_not_a_mentor_is_404(client, cohort, people):
    client.force_login(people["program_manager"])
    assert client.get(url("contract", cohort.slug, people["candidate"].pk)).status_code == 404


# Pairing a mentor whose contract is not signed -----------------------------------------------------------------


def test_pairing_an_unsigned_mentor_is_refused_unless_confirmed(cohort, people):
    mentor, candidate = people["other_mentor"], people["other_candidate"]
    with pytest.raises(ValidationError) as refused:
        services.pair_mentor(cohort=cohort, mentor=mentor, candidate=candidate)
    assert refused.value.code == services.CONTRACT_NOT_SIGNED
    assert refused.value.messages == [f"The contract of {mentor} is not signed: not sent."]
    assert not Pairing.objects.filter(candidate=candidate).exists()
    services.pair_mentor(cohort=cohort, mentor=mentor, candidate=candidate, unsigned_contract_ok=True)
    assert Pairing.objects.get(candidate=candidate).mentor == mentor


def test_nobody_is_paired_as_their_own_mentor(cohort, people):
    both = people["other_candidate"]
    services.add_member(cohort=cohort, user=both, role=Role.MENTOR)
    signed(cohort, both)
    with pytest.raises(ValidationError, match="cannot be their own mentor"):
        services.pair_mentor(cohort=cohort, mentor=both, candidate=both)
    assert not Pairing.objects.filter(candidate=both).exists()


def test_pairing_a_signed_mentor_needs_no_confirmation(cohort, people):
    signed(cohort, people["other_mentor"])
    pairing = services.pair_mentor(
        cohort=cohort, mentor=people["other_mentor"], candidate=people["other_candidate"]
    )
    assert pairing.mentor == people["other_mentor"]


def test_pairing_page_asks_before_pairing_an_unsigned_mentor(client, cohort, people, mailoutbox):
    mentor, candidate = people["other_mentor"], people["other_candidate"]
    services.record_contract(cohort=cohort, mentor=mentor, status="sent", status_on=date(2024, 1, 2))
    client.force_login(people["program_manager"])
    asked = client.post(url("pairings", cohort.slug), {"candidate": candidate.pk, "mentor": mentor.pk})
    assert "Pair with a contract not signed?" in asked.text
    assert escape(f"The contract of {mentor} is not signed: sent on Tue, Jan 2, 2024.") in asked.text
    start = asked.text.index("data-error-summary")
    summary = asked.text[start : asked.text.index("</div>", start)]
    assert escape(f"The contract of {mentor} is not signed: sent on Tue, Jan 2, 2024.") in summary
    assert not Pairing.objects.filter(candidate=candidate).exists()
    done = client.post(
        url("pairings", cohort.slug),
        {"candidate": candidate.pk, "mentor": mentor.pk, "unsigned_contract_ok": "on"},
        follow=True,
    )
    assert escape(f"{candidate} is paired with {mentor}; both are e-mailed.") in done.text
    assert Pairing.objects.get(candidate=candidate).mentor == mentor


# Suggestions -------------------------------------------------------------------------------------------------


def profile(**fields):
    return PairingProfile(**fields)


def test_judge_says_why_in_words():
    seeker = profile(county="Kern", topics=("Data privacy", "E-rate", "Cybersecurity"))
    mentor = profile(county="kern county ", topics=("E-rate", "Data privacy"), capacity=2)
    key, reasons = judge(seeker, mentor, load=1)
    assert (
        "; ".join(reasons)
        == "same county: kern county; shared topics: data privacy, E-rate; 1 of 2 places used"
    )
    assert key == (False, -8, 1)


def test_judge_counts_class_days_both_attend_and_a_full_mentor_goes_last():
    seeker = profile(available_days=frozenset({1, 2, 3}), answered_days=frozenset({1, 2, 3, 4}))
    mentor = profile(capacity=1, available_days=frozenset({1, 2, 4}), answered_days=frozenset({1, 2, 4, 5}))
    key, reasons = judge(seeker, mentor, load=1)
    assert reasons == ["both at 2 of 3 class days", "full: 1 of 1 place used"]
    assert key[0] is True
    assert judge(PairingProfile(), PairingProfile(), load=0)[1] == ["no candidate yet"]
    assert judge(PairingProfile(), PairingProfile(), load=2)[1] == ["2 candidates already"]


def answered(cohort, person, kind, answers, days=()):
    """A submitted application of `kind` with answers to the pairing questions (by key) and class days."""
    application = ApplicationFactory(cohort=cohort, applicant=person, kind=kind, status="submitted")
    for key, value in answers.items():
        Answer.objects.create(application=application, question=cohort.questions.get(key=key), value=value)
    for meeting, available in days:
        Availability.objects.create(application=application, meeting=meeting, available=available)
    return application


def test_pairing_page_suggests_the_mentor_who_fits_and_says_why(client, cohort, people, member):
    candidate = people["other_candidate"]
    near, far = people["other_mentor"], member(Role.MENTOR)
    days = [MeetingFactory(session__cohort=cohort) for _ in range(3)]
    answered(
        cohort,
        candidate,
        Kind.CANDIDATE,
        {"candidate-county": "Kern", "candidate-topics": "Data privacy\nE-rate\nCybersecurity"},
        [(days[0], True), (days[1], True), (days[2], False)],
    )
    answered(
        cohort,
        near,
        Kind.MENTOR,
        {"mentor-county": "Kern County", "mentor-topics": "E-rate\nData privacy", "mentor-capacity": "2"},
        [(day, True) for day in days],
    )
    answered(cohort, far, Kind.MENTOR, {"mentor-county": "Fresno", "mentor-topics": "E-rate"})
    services.pair_mentor(
        cohort=cohort, mentor=near, candidate=member(Role.CANDIDATE), unsigned_contract_ok=True
    )
    client.force_login(people["program_manager"])
    response = client.get(url("pairings", cohort.slug))
    (entry,) = response.context["suggestions"]
    assert entry.candidate.pk == candidate.pk
    assert [s.mentor.pk for s in entry.suggestions][:2] == [near.pk, far.pk]
    why = "same county: Kern County; shared topics: data privacy, E-rate; both at 2 of 3 class days; 1 of 2 places used"
    assert entry.suggestions[0].why == why
    assert f"<strong>{escape(near)}</strong>: {escape(why)}" in response.text
    assert f'aria-label="Pair {escape(candidate)} with {escape(near)}"' in response.text


def test_pairing_page_queries_do_not_grow_with_suggestions(
    client, cohort, people, member, django_assert_max_num_queries
):
    client.force_login(people["program_manager"])
    url_ = url("pairings", cohort.slug)
    for _ in range(4):
        answered(cohort, member(Role.MENTOR), Kind.MENTOR, {"mentor-county": "Kern", "mentor-capacity": "1"})
        answered(cohort, member(Role.CANDIDATE), Kind.CANDIDATE, {"candidate-county": "Kern"})
    signed(cohort, people["mentor"])
    with django_assert_max_num_queries(12):
        client.get(url_)


def test_new_cohort_asks_what_pairing_compares(cohort):
    keys = set(cohort.questions.values_list("kind", "key"))
    assert {
        ("candidate", "candidate-county"),
        ("candidate", "candidate-topics"),
        ("mentor", "mentor-county"),
        ("mentor", "mentor-topics"),
        ("mentor", "mentor-capacity"),
    } <= keys


# Contact details ---------------------------------------------------------------------------------------------


@pytest.fixture
def phones(people):
    for who, number in (("mentor", "916-555-0101"), ("candidate", "916-555-0202")):
        people[who].phone = number
        people[who].save(update_fields=["phone"])
    return people


SEES = {"mentor": "candidate", "candidate": "mentor"}


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_contact_details_only_between_the_paired_mentor_and_candidate(client, phones, who):
    client.force_login(phones[who])
    page = client.get(reverse("home")).text
    for side in ("mentor", "candidate"):
        person = phones[side]
        shown = SEES.get(who) == side
        assert (person.phone in page) is shown
        assert (f"mailto:{person.email}" in page) is shown


def test_contact_details_wait_until_both_hold_their_roles(client, cohort, phones):
    Membership.objects.filter(cohort=cohort, user=phones["mentor"]).delete()
    client.force_login(phones["candidate"])
    page = client.get(reverse("home")).text
    assert phones["mentor"].phone not in page
    assert f"mailto:{phones['mentor'].email}" not in page
    assert "contact details once you have both confirmed your places" in page
