"""The whole selection cycle in the browser, from an application to a pairing, with no step in `/admin/`.

Cody applies as a candidate, submits, reopens to change his county and submits again (a reviewer who had scored
him sees that it changed). The program manager checks two applications in the queue and assigns them to Rita
in one step; Rita gets one e-mail, follows it and scores Marcus on the mentors' rubric, then Cody. The manager
accepts up to the places (one more asks to confirm), waitlists the rest, sends the decisions; Marcus confirms,
Ana declines, the manager is told with the ranked waitlist and offers the freed place to Cody, first on it, who
gets the offer and confirms. The manager pairs Cody with Marcus from the suggestion that says why, recording
Marcus's signed contract when asked first. Every e-mail of the cycle is sent exactly once.
"""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications import selectors, services
from applications.models import Answer, Kind, Response, Review, ReviewStatus, Status
from cohorts.models import Membership, Pairing, Role

from ..applications.factories import (
    CompleteApplicationFactory,
    CriterionFactory,
    NominationFactory,
    ResumeFactory,
    ReviewFactory,
)
from ..cohorts.test_pairing import answered
from ..factories import MembershipFactory
from ..files import pdf_bytes
from .crawl import axe_faults

MENTOR_RUBRIC = [
    "Leadership in K-12 technology (weight 3)",
    "Hands-on experience (weight 2)",
    "Degree, certification or experience (weight 2)",
    "Commitment to the mentor's duties (weight 2)",
]


def subjects_to(person) -> list[str]:
    return [email.subject for email in mail.outbox if email.to == [person.email]]


def only_email_to(person, starting):
    """The one e-mail to `person` whose subject starts so (the test fails if there are none or several)."""
    (email,) = [m for m in mail.outbox if m.to == [person.email] and m.subject.startswith(starting)]
    return email


def applicant(cohort, kind, first_name, last_name, **answers):
    """A submitted application with answers to the pairing questions (by key)."""
    application = CompleteApplicationFactory(
        cohort=cohort,
        kind=kind,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        applicant__first_name=first_name,
        applicant__last_name=last_name,
    )
    for key, value in answers.items():
        Answer.objects.create(application=application, question=cohort.questions.get(key=key), value=value)
    return application


def scored(application, score):
    review = ReviewFactory(application=application)
    rubric = selectors.rubric_for(application=application)
    services.submit_review(review=review, scores={c.pk: (score, "") for c in rubric})


def sign_in_elsewhere(new_page, log_in, person):
    page = new_page()
    log_in(page, person)
    return page


def test_application_to_pairing(new_page, page, live_server, cohort, log_in, screenshot, tmp_path):
    cohort.candidate_places, cohort.mentor_places = 1, 1
    cohort.save(update_fields=["candidate_places", "mentor_places"])
    CriterionFactory(cohort=cohort, name="Supervisor's nomination")  # the candidates' rubric only
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    rita = MembershipFactory(
        cohort=cohort, role=Role.REVIEWER, user__first_name="Rita", user__last_name="Reyes"
    ).user
    sam = MembershipFactory(cohort=cohort, role=Role.REVIEWER).user
    cody = CompleteApplicationFactory(
        cohort=cohort,
        applicant__first_name="Cody",
        applicant__last_name="Nguyen",
        applicant__phone="661-555-0199",
    )
    Answer.objects.create(
        application=cody, question=cohort.questions.get(key="candidate-topics"), value="Data privacy\nE-rate"
    )
    ResumeFactory(application=cody)
    NominationFactory(application=cody, submitted_at=timezone.now(), recommendation="Ready.")
    marcus = applicant(
        cohort,
        Kind.MENTOR,
        "Marcus",
        "Green",
        **{
            "mentor-county": "Kern",
            "mentor-topics": "E-rate\nData privacy\nCybersecurity",
            "mentor-capacity": "2",
        },
    )
    ana = applicant(cohort, Kind.CANDIDATE, "Ana", "Rivera")
    dee = applicant(cohort, Kind.CANDIDATE, "Dee", "Rivera")
    scored(dee, 3)
    fay = MembershipFactory(cohort=cohort, role=Role.MENTOR, user__first_name="Fay", user__last_name="Adams")
    answered(cohort, fay.user, Kind.MENTOR, {"mentor-county": "Fresno", "mentor-topics": "Cybersecurity"})

    # Cody submits and is told what happens next, on the page and in one e-mail.
    log_in(page, cody.applicant)
    page.goto(live_server.url + cody.get_absolute_url())
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(
        page.get_by_text(f"Candidates are selected by {cohort.selection_date:%a, %b %-d, %Y}")
    ).to_be_visible()
    received = only_email_to(cody.applicant, "Application received")
    assert f"candidates are selected by {cohort.selection_date:%a, %b %-d, %Y}" in received.body

    # Sam reviews it; Cody then reopens it (asked first), changes his county and submits it again.
    ReviewFactory(application=cody, reviewer=sam)
    services.submit_review(
        review=Review.objects.get(application=cody, reviewer=sam),
        scores={c.pk: (4, "") for c in selectors.rubric_for(application=cody)},
    )
    page.reload()
    page.get_by_role("link", name="Reopen to change").click()
    expect(page.get_by_text("Reviews already given are kept")).to_be_visible()
    screenshot(page, "cycle-reopen-confirm")
    page.get_by_role("button", name="Reopen to change").click()
    expect(page.get_by_text("Your application is reopened.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^(Change|Fill in) questions$")).click()
    page.get_by_label("In which county is your organization?").fill("Kern")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    page.goto(live_server.url + cody.get_absolute_url())
    page.get_by_role("button", name="Submit again").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.get_by_text("Kern")).to_be_visible()
    assert subjects_to(cody.applicant) == [received.subject] * 2  # one receipt per submission

    sam_page = sign_in_elsewhere(new_page, log_in, sam)
    sam_page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/my-reviews/")
    expect(sam_page.get_by_text("application changed since your review")).to_be_visible()
    sam_page.get_by_role("link", name="Cody Nguyen").click()
    expect(sam_page.get_by_text("Application changed since your review.")).to_be_visible()
    screenshot(sam_page, "cycle-review-application-changed")
    sam_page.context.close()

    # The manager checks Marcus and Cody in the queue and gives both to Rita in one step.
    manager_page = sign_in_elsewhere(new_page, log_in, manager)
    manager_page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/")
    manager_page.get_by_label("Check Marcus Green").check()
    manager_page.get_by_label("Check Cody Nguyen").check()
    manager_page.get_by_role("button", name="Assign reviewers").click()
    expect(manager_page.get_by_label("Marcus Green (mentor)")).to_be_checked()
    manager_page.get_by_label("Rita Reyes — candidates and mentors; 0 to do").check()
    screenshot(manager_page, "cycle-bulk-assign")
    manager_page.get_by_role("button", name="Assign and e-mail the reviewers").click()
    expect(
        manager_page.get_by_text("2 reviews assigned to 1 reviewer; each is e-mailed the list.")
    ).to_be_visible()
    assigned = only_email_to(rita, "2 applications to review")
    assert "Marcus Green (mentor)" in assigned.body and "Cody Nguyen (candidate)" in assigned.body

    # Rita follows the e-mail and scores Marcus on the mentors' rubric, then Cody on the candidates'.
    rita_page = sign_in_elsewhere(new_page, log_in, rita)
    link = re.search(r"http://\S+/my-reviews/", assigned.body).group(0)
    rita_page.goto(live_server.url + urlsplit(link).path)
    rita_page.get_by_role("link", name="Marcus Green").click()
    expect(
        rita_page.get_by_role("heading", name="Review of Marcus Green's mentor application")
    ).to_be_visible()
    expect(rita_page.get_by_text("Supervisor's nomination")).to_have_count(0)
    for criterion in MENTOR_RUBRIC:
        rita_page.get_by_role("group", name=criterion).get_by_label("4").check()
    screenshot(rita_page, "cycle-mentor-rubric")
    rita_page.get_by_role("button", name="Submit my review").click()
    expect(rita_page.get_by_text("Your review is recorded.")).to_be_visible()
    expect(rita_page.get_by_text("Weighted score: 4.00")).to_be_visible()
    rita_page.goto(live_server.url + urlsplit(link).path)
    rita_page.get_by_role("link", name="Cody Nguyen").click()
    rita_page.get_by_role("group", name="Supervisor's nomination (weight 1)").get_by_label("4").check()
    rita_page.get_by_role("button", name="Submit my review").click()
    expect(rita_page.get_by_text("Your review is recorded.")).to_be_visible()
    rita_page.context.close()
    assert Review.objects.get(application=marcus, reviewer=rita).scores.count() == 4
    assert Review.objects.filter(application=cody, status=ReviewStatus.SUBMITTED).count() == 2

    # The manager accepts Ana and Marcus from the queue (the places are then full) and waitlists Cody and Dee.
    queue = f"{live_server.url}/applications/cohort/{cohort.slug}/"
    for checked, decision, reason in (
        (["Ana Rivera", "Marcus Green"], "Accepted", "A strong plan."),
        (["Cody Nguyen", "Dee Rivera"], "Waitlisted", "Close."),
    ):
        manager_page.goto(queue)
        for name in checked:
            manager_page.get_by_label(f"Check {name}").check()
        manager_page.get_by_role("button", name="Decide").click()
        manager_page.get_by_role("radio", name=decision).check()
        manager_page.get_by_label("Reason").fill(reason)
        manager_page.get_by_role("button", name="Record the decision").click()
        expect(manager_page.get_by_text("The decision is recorded for 2 applications.")).to_be_visible()

    # Accepting one more candidate asks to confirm, and nothing typed is lost.
    manager_page.goto(live_server.url + dee.get_absolute_url())
    expect(
        manager_page.get_by_text("Candidate places: 1 · 1 accepted · 0 confirmed · 0 left.")
    ).to_be_visible()
    manager_page.get_by_role("radio", name="Accepted").check()
    manager_page.get_by_label("Reason").fill("Also strong.")
    manager_page.get_by_role("button", name="Record decision").click()
    expect(
        manager_page.get_by_text("All 1 candidate places are taken (1 accepted, 0 of them confirmed).").first
    ).to_be_visible()
    expect(manager_page.get_by_label("Reason")).to_have_value("Also strong.")
    assert axe_faults(manager_page) == []
    screenshot(manager_page, "cycle-decision-past-the-places")

    manager_page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/decisions/")
    places = manager_page.get_by_role("region", name="Places")
    expect(places.get_by_role("row", name="Candidates")).to_contain_text("1 1 0 0 0 2")
    manager_page.get_by_role("button", name="Send 4 decision e-mails").click()
    expect(manager_page.get_by_text("4 decision e-mail(s) queued.")).to_be_visible()
    for person in (ana, marcus):
        only_email_to(person.applicant, "Answer needed")
    for person in (cody, dee):
        only_email_to(person.applicant, f"Your application to the {cohort}: you are on the waitlist")

    # Marcus confirms; Ana declines, after being asked whether she is sure.
    marcus_page = sign_in_elsewhere(new_page, log_in, marcus.applicant)
    marcus_page.get_by_role("link", name="Answer the offer").click()
    marcus_page.get_by_role("button", name="Confirm my place").click()
    expect(marcus_page.get_by_text("Thank you: your place is confirmed.")).to_be_visible()
    marcus_page.context.close()
    ana_page = sign_in_elsewhere(new_page, log_in, ana.applicant)
    ana_page.get_by_role("link", name="Answer the offer").click()
    expect(ana_page.get_by_text("The place is held for you until")).to_be_visible()
    ana_page.get_by_role("button", name="Decline the place").click()
    expect(ana_page.get_by_text("Declining gives up your place for good")).to_be_visible()
    assert axe_faults(ana_page) == []
    ana_page.get_by_role("button", name="Yes, decline my place").click()
    expect(
        ana_page.get_by_text("You declined the place; it goes to someone on the waitlist.")
    ).to_be_visible()
    ana_page.context.close()

    # The manager is told of both; the decline comes with the waitlist, best first, and one action offers
    # the freed place to Cody, who gets the offer e-mail.
    only_email_to(manager, f"Marcus Green confirmed the mentor place in the {cohort}")
    freed = only_email_to(manager, f"Ana Rivera declined: a candidate place is free in the {cohort}")
    assert "1. Cody Nguyen (4.00)\n2. Dee Rivera (3.00)" in freed.body
    manager_page.goto(f"{live_server.url}/")
    expect(manager_page.get_by_text("1 candidate place to offer, 2 on the waitlist")).to_be_visible()
    manager_page.get_by_role("link", name="offer from the decisions page").click()
    expect(places.get_by_role("row", name="Candidates")).to_contain_text("1 0 0 1 1 2")
    screenshot(manager_page, "cycle-place-freed")
    assert axe_faults(manager_page) == []
    places.get_by_role("button", name="Offer the place to Cody Nguyen").click()
    expect(manager_page.get_by_text("The place is offered to Cody Nguyen; we e-mailed them.")).to_be_visible()
    expect(places.get_by_role("button", name="Offer the place to Dee Rivera")).to_have_count(0)
    offer = only_email_to(cody.applicant, "Answer needed")

    # Cody follows the offer e-mail and confirms; the manager is told.
    page.goto(live_server.url + urlsplit(re.search(r"http://\S+/place/", offer.body).group(0)).path)
    page.get_by_role("button", name="Confirm my place").click()
    expect(page.get_by_text("Thank you: your place is confirmed.")).to_be_visible()
    only_email_to(manager, f"Cody Nguyen confirmed the candidate place in the {cohort}")
    cody.refresh_from_db()
    assert cody.response == Response.CONFIRMED
    assert Membership.objects.filter(cohort=cohort, user=cody.applicant, role=Role.CANDIDATE).exists()
    assert not Membership.objects.filter(cohort=cohort, user=ana.applicant).exists()

    # The manager pairs Cody with Marcus from the suggestion that says why; the contract is asked for first.
    manager_page.goto(f"{live_server.url}/cohorts/{cohort.slug}/pairings/")
    suggestion = manager_page.get_by_role("region", name="Cody Nguyen").get_by_role("listitem").first
    expect(suggestion).to_contain_text(
        "Marcus Green: same county: Kern; shared topics: E-rate, data privacy; 0 of 2 places used"
    )
    screenshot(manager_page, "cycle-pairing-suggestions")
    suggestion.get_by_role("button", name="Pair Cody Nguyen with Marcus Green").click()
    expect(manager_page.get_by_role("heading", name="Pair with a contract not signed?")).to_be_visible()
    assert not Pairing.objects.filter(candidate=cody.applicant).exists()
    manager_page.get_by_role("link", name="Record the contract").click()
    manager_page.get_by_label("Signed", exact=True).check()
    manager_page.get_by_label("Date").fill("2026-01-12")
    signed_copy = tmp_path / "Green contract.pdf"
    signed_copy.write_bytes(pdf_bytes("Signed"))
    manager_page.get_by_label("Signed copy").set_input_files(signed_copy)
    manager_page.get_by_role("button", name="Record").click()
    suggestion = manager_page.get_by_role("region", name="Cody Nguyen").get_by_role("listitem").first
    expect(suggestion).to_contain_text("Contract signed on Mon, Jan 12, 2026")
    suggestion.get_by_role("button", name="Pair Cody Nguyen with Marcus Green").click()
    expect(
        manager_page.get_by_text("Cody Nguyen is paired with Marcus Green; both are e-mailed.")
    ).to_be_visible()
    screenshot(manager_page, "cycle-paired")
    assert Pairing.objects.get(candidate=cody.applicant).mentor == marcus.applicant

    # Marcus sees Cody's phone once they are a pair.
    marcus_page = sign_in_elsewhere(new_page, log_in, marcus.applicant)
    expect(marcus_page.get_by_role("link", name="661-555-0199")).to_be_visible()
    marcus_page.context.close()

    # Each e-mail of the cycle was sent once, and none sends anyone to /admin/.
    offered = "Answer needed: you are accepted as {} in the {} — please confirm or decline your place"
    waitlisted = f"Your application to the {cohort}: you are on the waitlist"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (cody.applicant.email, received.subject),
            (cody.applicant.email, received.subject),  # submitted again
            (rita.email, assigned.subject),
            (ana.applicant.email, offered.format("candidate", cohort)),
            (marcus.applicant.email, offered.format("mentor", cohort)),
            (cody.applicant.email, waitlisted),
            (dee.applicant.email, waitlisted),
            (manager.email, f"Marcus Green confirmed the mentor place in the {cohort}"),
            (manager.email, freed.subject),
            (cody.applicant.email, offered.format("candidate", cohort)),
            (manager.email, f"Cody Nguyen confirmed the candidate place in the {cohort}"),
            (cody.applicant.email, f"Your mentor in the {cohort}: Marcus Green"),
            (marcus.applicant.email, f"Your candidate in the {cohort}: Cody Nguyen"),
        ]
    )
    assert not any("/admin/" in m.body for m in mail.outbox)
