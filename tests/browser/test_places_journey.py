"""The program manager accepts up to the cohort's places (one more asks to confirm), sends the decisions; an
accepted candidate declines, the manager is told with the ranked waitlist and offers the freed place to the
first on it, who gets the offer e-mail once and confirms, becoming a candidate of the cohort."""

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications import selectors, services
from applications.models import Application, Decision, Response, Status
from cohorts.models import Membership, Role

from ..applications.factories import CompleteApplicationFactory, CriterionFactory, ReviewFactory
from .crawl import axe_faults


def offers_to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email] and m.subject.startswith("Answer needed")]


def test_manager_fills_the_places_one_declines_the_next_on_the_waitlist_confirms(
    browser, page, live_server, cohort, member, log_in, screenshot
):
    cohort.candidate_places = 2
    cohort.save(update_fields=["candidate_places"])
    manager = member(Role.PROGRAM_MANAGER)
    CriterionFactory(cohort=cohort)
    ana, ben, cy, dee = (
        CompleteApplicationFactory(
            cohort=cohort,
            status=Status.SUBMITTED,
            submitted_at=timezone.now(),
            applicant__first_name=name,
            applicant__last_name="Rivera",
        )
        for name in ("Ana", "Ben", "Cy", "Dee")
    )
    for application, score in ((cy, 3), (dee, 5)):
        review = ReviewFactory(application=application)
        rubric = selectors.rubric_for(application=application)
        services.submit_review(review=review, scores={c.pk: (score, "") for c in rubric})
        services.decide(application=application, decision=Decision.WAITLISTED, reason="Close.", actor=manager)

    # The manager accepts two: the places are then full, and a third acceptance asks to confirm.
    log_in(page, manager)
    for application in (ana, ben):
        page.goto(f"{live_server.url}{application.get_absolute_url()}")
        page.get_by_role("radio", name="Accepted").check()
        page.get_by_label("Reason").fill("A strong plan.")
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    expect(page.get_by_text("Candidate places: 2 · 2 accepted · 0 confirmed · 0 left.")).to_be_visible()
    page.goto(f"{live_server.url}{cy.get_absolute_url()}")
    expect(page.get_by_text("Accepting one more asks you to confirm.")).to_be_visible()
    page.get_by_role("radio", name="Accepted").check()
    page.get_by_label("Reason").fill("Also strong.")
    page.get_by_role("button", name="Record decision").click()
    expect(
        page.get_by_text("All 2 candidate places are taken (2 accepted, 0 of them confirmed).")
    ).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_value("Also strong.")
    assert axe_faults(page) == []
    screenshot(page, "decision-past-the-places")
    cy.refresh_from_db()
    assert cy.decision == Decision.WAITLISTED

    page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/decisions/")
    places = page.get_by_role("region", name="Places")
    expect(places.get_by_role("row", name="Candidates")).to_contain_text("2 2 0 0 0 2")
    page.get_by_role("button", name="Send 4 decision e-mails").click()  # two acceptances, two waitlisted
    expect(page.get_by_text("4 decision e-mail(s) queued.")).to_be_visible()
    assert [len(offers_to(a.applicant)) for a in (ana, ben)] == [1, 1]

    # Ben declines, after being asked whether he is sure.
    declines = browser.new_context().new_page()
    log_in(declines, ben.applicant)
    declines.get_by_role("link", name="Answer the offer").click()
    expect(declines.get_by_text("The place is held for you until")).to_be_visible()
    declines.get_by_role("button", name="Decline the place").click()
    expect(declines.get_by_text("Declining gives up your place for good")).to_be_visible()
    assert axe_faults(declines) == []
    declines.get_by_role("button", name="Yes, decline my place").click()
    expect(declines.get_by_text("You declined the place. Thank you for letting us know.")).to_be_visible()
    declines.context.close()

    # The manager is told, with the waitlist best first, and offers the place to Dee in one click.
    (told,) = [m for m in mail.outbox if m.to == [manager.email]]
    assert told.subject == f"Ben Rivera declined: a candidate place is free in the {cohort}"
    assert "1. Dee Rivera (5.00)\n2. Cy Rivera (3.00)" in told.body
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("1 candidate place to offer, 2 on the waitlist")).to_be_visible()
    page.get_by_role("link", name="offer from the decisions page").click()
    expect(places.get_by_role("row", name="Candidates")).to_contain_text("2 1 0 1 1 2")
    screenshot(page, "decisions-place-freed")
    assert axe_faults(page) == []
    places.get_by_role("button", name="Offer the place to Dee Rivera").click()
    expect(page.get_by_text("The place is offered to Dee Rivera; we e-mailed them.")).to_be_visible()
    expect(places.get_by_role("button", name="Offer the place to Cy Rivera")).to_have_count(0)
    assert len(offers_to(dee.applicant)) == 1
    assert offers_to(cy.applicant) == []

    # Dee confirms and becomes a candidate of the cohort.
    confirms = browser.new_context().new_page()
    log_in(confirms, dee.applicant)
    confirms.get_by_role("link", name="Answer the offer").click()
    confirms.get_by_role("button", name="Confirm my place").click()
    expect(confirms.get_by_text("Thank you: your place is confirmed.")).to_be_visible()
    confirms.goto(f"{live_server.url}/")
    expect(confirms.get_by_role("region", name=f"{Role.CANDIDATE.label} · {cohort}")).to_be_visible()
    confirms.context.close()
    assert Membership.objects.filter(cohort=cohort, user=dee.applicant, role=Role.CANDIDATE).exists()
    assert not Membership.objects.filter(cohort=cohort, user=ben.applicant).exists()
    dee.refresh_from_db()
    assert dee.response == Response.CONFIRMED
    assert len(offers_to(dee.applicant)) == 1
    assert [m.subject for m in mail.outbox if m.to == [manager.email]][-1] == (
        f"Dee Rivera confirmed the candidate place in the {cohort}"
    )
    assert Application.objects.filter(cohort=cohort, decision=Decision.ACCEPTED).count() == 3
