"""An applicant applies over several visits; the nominator answers the e-mailed link; a reviewer scores; the
program manager accepts and sends the decision; the applicant confirms the place and is paired with a mentor."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, Status
from cohorts.models import Pairing, Role

from ..applications.factories import CriterionFactory
from ..factories import MeetingFactory, MembershipFactory
from ..files import pdf_bytes

PASSWORD = "a-long-new-password-41"


def test_application_from_sign_up_to_pairing(
    browser, new_page, page, phone, live_server, cohort, log_in, screenshot
):
    kickoff = MeetingFactory(session__cohort=cohort, session__title="Kickoff", session__mentors_expected=True)
    MeetingFactory(
        session__cohort=cohort,
        session__title="Fiscal Management",
        starts_at=kickoff.starts_at + timedelta(days=28),
    )
    CriterionFactory(cohort=cohort, name="Leadership potential", weight=2)
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    reviewer = MembershipFactory(cohort=cohort, role=Role.REVIEWER).user
    mentor = MembershipFactory(cohort=cohort, role=Role.MENTOR).user

    # Visit 1: sign up, start the application, fill in part of the form.
    page.goto(live_server.url)
    page.get_by_role("link", name="Create an account to apply").click()
    page.get_by_label("E-mail address").fill("nia.lopez@example.org")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Lopez")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    confirmation = re.search(r"http://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(confirmation).path)
    page.get_by_role("link", name="Log in with the password you chose").click()
    page.get_by_label("E-mail address").fill("nia.lopez@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("your e-mail address is confirmed")).to_be_visible()
    page.get_by_role("link", name="Start / continue your application").click()
    page.get_by_label("I am applying as").select_option("candidate")
    page.get_by_role("button", name="Start or continue").click()
    expect(page.get_by_role("heading", name="Your candidate application")).to_be_visible()
    page.get_by_role("link", name="Fill in application form").click()
    page.get_by_label("Current position").fill("Network Manager")
    page.get_by_label("Organization or district").fill("Elk Grove Unified")
    page.get_by_label("Years in K-12 technology").fill("100")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Ensure this value is less than or equal to 60.", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Years in K-12 technology: Ensure this value")).to_be_visible()
    expect(page.get_by_label("Current position")).to_have_value("Network Manager")
    page.get_by_label("Years in K-12 technology").fill("9")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    screenshot(page, "application-checklist-draft")

    # Visit 2: back from the home page; finish the form, upload the resume, name the nominator.
    page.goto(live_server.url)
    page.get_by_role("link", name=f"Candidate application · {cohort}").click()
    page.get_by_role("link", name="Fill in application form").click()
    expect(page.get_by_label("Years in K-12 technology")).to_have_value("9")
    page.get_by_label("Education", exact=True).fill("M.A. Educational Technology, CSU Sacramento")
    page.get_by_label("Certifications").fill("CompTIA Network+")
    page.get_by_label("Leadership experience").fill("Led the district's 1:1 rollout to 60,000 students.")
    page.get_by_label("Statement of goals").fill("Prepare to serve as a district CTO.")
    screenshot(page, "application-form")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Fill in resume").click()
    page.get_by_label("Resume").set_input_files(
        files=[{"name": "Nia Lopez resume.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Your resume is uploaded.")).to_be_visible()
    page.get_by_role("link", name="Fill in nomination").click()
    page.get_by_label("Nominator's name").fill("Pat Boss")
    page.get_by_label("Nominator's title").fill("Assistant Superintendent")
    page.get_by_label("Nominator's organization").fill("Elk Grove Unified")
    page.get_by_label("Nominator's e-mail address").fill("pat.boss@example.org")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Status: Requested, waiting for the nominator")).to_be_visible()
    screenshot(page, "application-nomination")
    page.get_by_role("link", name=f"Candidate application · {cohort}").click()
    page.get_by_role("link", name="Fill in availability").click()
    page.get_by_role("radio", name="I can attend").first.check()
    page.get_by_role("radio", name="I cannot attend").last.check()
    page.get_by_role("button", name="Save availability").click()
    expect(page.get_by_text("Say briefly why you cannot attend this day.", exact=True)).to_be_visible()
    page.get_by_label("If not, why?").last.fill("Board meeting that evening")
    page.get_by_role("button", name="Save availability").click()
    expect(page.get_by_role("button", name="Submit application")).to_be_visible()

    # The nominator opens the e-mailed link, without an account.
    request = next(m for m in mail.outbox if m.to == ["pat.boss@example.org"])
    link = re.search(r"http://\S+/applications/nominate/\S+/", request.body).group(0)
    nominator = new_page()
    nominator.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(nominator.get_by_role("heading", name="Nominate Nia Lopez")).to_be_visible()
    nominator.get_by_label("How do you know the applicant").fill("I have supervised Nia for six years.")
    nominator.get_by_role("button", name="Submit the nomination").click()
    expect(nominator.get_by_text("This field is required.", exact=True)).to_be_visible()
    expect(nominator.get_by_label("How do you know the applicant")).to_have_value(
        "I have supervised Nia for six years."
    )
    nominator.get_by_label("Why do you nominate them?").fill("Nia leads calmly and plans well.")
    nominator.get_by_label("My organization will release the applicant").check()
    screenshot(nominator, "nomination-form")
    nominator.get_by_role("button", name="Submit the nomination").click()
    expect(nominator.get_by_role("heading", name="Thank you: the nomination is received")).to_be_visible()

    # Visit 3: the applicant submits.
    page.reload()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit application")).to_have_count(0)
    screenshot(page, "application-submitted")
    application = Application.objects.get(applicant__email="nia.lopez@example.org")
    assert application.status == Status.SUBMITTED

    # The program manager assigns the reviewer.
    boss = new_page()
    log_in(boss, manager)
    boss.get_by_role("link", name="Review queue").click()
    expect(boss.get_by_role("table")).to_contain_text("Nia Lopez")
    screenshot(boss, "review-queue")
    boss.get_by_role("link", name="Nia Lopez").click()
    boss.get_by_label("Reviewer").select_option(label=str(reviewer))
    boss.get_by_role("button", name="Assign").click()
    expect(
        boss.get_by_text(f"{reviewer} is asked to review this application; we e-mailed them.")
    ).to_be_visible()

    # The reviewer scores.
    scorer = new_page()
    log_in(scorer, reviewer)
    scorer.get_by_role("link", name="My reviews").click()
    scorer.get_by_role("link", name="Nia Lopez").click()
    expect(
        scorer.get_by_text("The other reviewers' scores show once you have submitted your own.")
    ).to_be_visible()
    scorer.get_by_role("radio", name="4").check()
    scorer.get_by_label("Overall comments").fill("Ready for the program.")
    screenshot(scorer, "review-form")
    scorer.get_by_role("button", name="Submit my review").click()
    expect(scorer.get_by_text("Weighted score: 4.00")).to_be_visible()

    # The program manager accepts, previews and sends the decision, then pairs a mentor.
    boss.reload()
    boss.get_by_role("radio", name="Accepted").check()
    boss.get_by_label("Reason").fill("Strong nomination and a clear plan.")
    boss.get_by_role("button", name="Record decision").click()
    boss.get_by_role("link", name="Decisions").first.click()
    boss.get_by_text("Nia Lopez — Accepted").click()
    expect(boss.get_by_text("An answer is needed: please confirm or decline your place")).to_be_visible()
    screenshot(boss, "decisions-preview")
    boss.get_by_role("button", name="Send 1 decision e-mail").click()
    expect(boss.get_by_text("1 decision e-mail(s) queued.")).to_be_visible()  # on the job's progress page
    decision = [m for m in mail.outbox if m.to == ["nia.lopez@example.org"] and "Answer needed" in m.subject]
    assert len(decision) == 1

    # The new candidate confirms the place on a phone, which makes her a candidate of the cohort.
    log_in(phone, application.applicant, PASSWORD)
    phone.get_by_role("link", name="Answer the offer").click()
    phone.get_by_role("button", name="Confirm my place").click()
    expect(phone.get_by_text("Thank you: your place is confirmed.")).to_be_visible()

    # The program manager pairs her with a mentor; she sees the mentor on her phone.
    boss.get_by_role("link", name="Back to the decisions").click()
    boss.get_by_role("link", name="Pairings").click()
    boss.get_by_role("combobox", name="Candidate").select_option(label="Nia Lopez")
    boss.get_by_role("combobox", name="Mentor").select_option(label=str(mentor))
    boss.get_by_role("button", name="Pair", exact=True).click()
    boss.get_by_role("button", name="Pair anyway").click()  # the mentor's contract is not recorded as signed
    expect(boss.get_by_text(f"Nia Lopez is paired with {mentor}; both are e-mailed.")).to_be_visible()
    screenshot(boss, "pairings")
    assert Pairing.objects.filter(cohort=cohort, mentor=mentor, candidate=application.applicant).exists()
    phone.goto(live_server.url)
    expect(phone.get_by_role("region", name=f"{Role.CANDIDATE.label} · {cohort}")).to_contain_text(
        str(mentor)
    )
    screenshot(phone, "candidate-home-after-pairing-phone")
