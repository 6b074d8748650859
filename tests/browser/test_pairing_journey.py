"""The program manager pairs a candidate with the mentor a suggestion names and explains, is asked first while
the mentor's contract is only sent, records it signed with its copy, and pairs; then the pair see each other's
contact details."""

from datetime import date

from django.core import mail
from playwright.sync_api import expect

from applications.models import Kind
from cohorts.models import Pairing, Role
from cohorts.services import record_contract

from ..cohorts.test_pairing import answered
from ..factories import MembershipFactory, PairingFactory
from ..files import pdf_bytes


def test_manager_pairs_from_a_suggestion_that_says_why(
    page, live_server, cohort, log_in, screenshot, tmp_path
):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    near = MembershipFactory(
        cohort=cohort, role=Role.MENTOR, user__first_name="Marcus", user__last_name="Green"
    ).user
    far = MembershipFactory(
        cohort=cohort, role=Role.MENTOR, user__first_name="Fay", user__last_name="Adams"
    ).user
    candidate = MembershipFactory(
        cohort=cohort,
        role=Role.CANDIDATE,
        user__first_name="Cody",
        user__last_name="Nguyen",
        user__phone="661-555-0199",
    ).user
    answered(
        cohort,
        candidate,
        Kind.CANDIDATE,
        {"candidate-county": "Kern", "candidate-topics": "Data privacy\nE-rate"},
    )
    answered(
        cohort,
        near,
        Kind.MENTOR,
        {
            "mentor-county": "Kern",
            "mentor-topics": "E-rate\nData privacy\nCybersecurity",
            "mentor-capacity": "2",
        },
    )
    answered(cohort, far, Kind.MENTOR, {"mentor-county": "Fresno", "mentor-topics": "Cybersecurity"})
    PairingFactory(cohort=cohort, mentor=near)  # one of Marcus's two places is used
    record_contract(cohort=cohort, mentor=near, status="sent", status_on=date(2026, 1, 5))

    log_in(page, manager)
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/pairings/")
    suggestions = page.get_by_role("region", name="Cody Nguyen")
    first = suggestions.get_by_role("listitem").first
    expect(first).to_contain_text(
        "Marcus Green: same county: Kern; shared topics: data privacy, E-rate; 1 of 2 places used"
    )
    expect(first).to_contain_text("Contract sent on Jan 5, 2026")
    screenshot(page, "pairing-suggestions")

    # The contract is only sent: the page asks first, and the manager records it signed instead.
    first.get_by_role("button", name="Pair Cody Nguyen with Marcus Green").click()
    expect(page.get_by_role("heading", name="Pair with a contract not signed?")).to_be_visible()
    assert not Pairing.objects.filter(candidate=candidate).exists()
    page.get_by_role("link", name="Record the contract").click()
    page.get_by_label("Signed", exact=True).check()
    page.get_by_label("Date").fill("2026-01-12")
    signed_copy = tmp_path / "Green contract.pdf"
    signed_copy.write_bytes(pdf_bytes("Signed"))
    page.get_by_label("Signed copy").set_input_files(signed_copy)
    page.get_by_role("button", name="Record").click()
    expect(
        page.get_by_text("The contract of Marcus Green is recorded: signed on Jan 12, 2026.")
    ).to_be_visible()

    suggestion = page.get_by_role("region", name="Cody Nguyen").get_by_role("listitem").first
    expect(suggestion).to_contain_text("Contract signed on Jan 12, 2026")
    suggestion.get_by_role("button", name="Pair Cody Nguyen with Marcus Green").click()
    expect(page.get_by_text("Cody Nguyen is paired with Marcus Green; both are e-mailed.")).to_be_visible()
    screenshot(page, "paired-from-suggestion")
    assert Pairing.objects.get(candidate=candidate).mentor == near
    assert sorted(m.to[0] for m in mail.outbox if f"in the {cohort}:" in m.subject) == sorted(
        [near.email, candidate.email]
    )

    # The mentor now sees the candidate's phone on their home page.
    mentor_context = page.context.browser.new_context()
    mentor_page = mentor_context.new_page()
    log_in(mentor_page, near)
    expect(mentor_page.get_by_role("link", name="661-555-0199")).to_be_visible()
    mentor_context.close()
