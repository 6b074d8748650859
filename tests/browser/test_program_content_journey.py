"""The program manager writes what the program asks and says: a new application question, an edited decision
e-mail previewed for a real applicant, the public program page. Applicants and visitors then see it, and every
page here passes axe."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Decision, Question, Status
from cohorts.models import ProgramPage, Role
from cto_mentor.notifications.models import NoticeText

from ..applications.factories import ApplicationFactory, CompleteApplicationFactory
from .crawl import axe_faults

QUESTION_FIELD = re.compile(r"^\s*Question\s*\*?\s*$")
QUESTION = "Which district initiative are you proudest of?"


def test_manager_adds_a_question_and_edits_the_decision_email_then_an_applicant_answers(
    new_page, page, live_server, cohort, member, log_in, screenshot
):
    manager = member(Role.PROGRAM_MANAGER)
    accepted = ApplicationFactory(
        cohort=cohort,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        decision=Decision.ACCEPTED,
        decision_reason="Your nomination was outstanding.",
    )
    draft = CompleteApplicationFactory(cohort=cohort)

    log_in(page, manager)
    page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/questions/")
    expect(page.get_by_role("heading", name=f"Application questions · {cohort}")).to_be_visible()
    assert axe_faults(page) == []

    page.get_by_label("Candidate", exact=True).check()
    page.get_by_label(QUESTION_FIELD).fill(QUESTION)
    page.get_by_label("Type").select_option(label="Long text")
    page.get_by_label("Options").fill("One\nTwo")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(
        page.get_by_text("Only a one-choice or several-choices question has options.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label(QUESTION_FIELD)).to_have_value(QUESTION)
    assert axe_faults(page) == []
    page.get_by_label("Options").fill("")
    page.get_by_label("Required").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text(f"“{QUESTION}” is added.")).to_be_visible()
    candidates = page.get_by_role("table", name="Candidate questions")
    expect(candidates.get_by_role("row").filter(has_text=QUESTION)).to_contain_text("Long text")
    assert axe_faults(page) == []
    screenshot(page, "application-questions")

    candidates.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", name=f"Edit a question · {cohort}")).to_be_visible()
    assert axe_faults(page) == []
    page.get_by_label("Help text").fill("A few sentences: what changed for students and staff.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The question is saved.")).to_be_visible()
    question = Question.objects.get(cohort=cohort, label=QUESTION)
    assert (question.kind, question.type, question.required) == ("candidate", "long_text", True)
    assert question.help_text == "A few sentences: what changed for students and staff."

    page.get_by_role("link", name="E-mail texts").click()
    expect(page.get_by_role("heading", name=f"E-mail texts · {cohort}")).to_be_visible()
    assert axe_faults(page) == []
    page.get_by_role("link", name="The decision on your application").click()
    expect(page.get_by_role("list").filter(has_text="{decision_reason}")).to_be_visible()

    # A placeholder the e-mail does not offer is refused on the form, with the typed text kept.
    page.get_by_label("Subject").fill("{nickname}, the {cohort} has decided")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Unknown placeholder(s): {nickname}.").first).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("{nickname}, the {cohort} has decided")
    assert axe_faults(page) == []

    page.get_by_label("Subject").fill("{applicant_name}, the {cohort} has decided")
    page.get_by_label("Body").fill(
        "Dear {recipient_name},\n\nThe decision: {decision}. {decision_reason}\n\nSee it at {link}"
    )
    page.get_by_label("Preview for").select_option(label=f"{accepted.applicant} (candidate application)")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name=f"Preview for {accepted.applicant}")
    expect(preview.locator("#preview-subject")).to_have_text(
        f"{accepted.applicant.display_name}, the {cohort} has decided"
    )
    expect(preview.locator("#preview-text")).to_contain_text(
        f"Dear {accepted.applicant.first_name},\n\nThe decision: Accepted. Your nomination was outstanding."
    )
    expect(preview.locator("#preview-text")).to_contain_text(f"/applications/{accepted.pk}/")
    assert not NoticeText.objects.filter(cohort=cohort).exists()
    assert axe_faults(page) == []
    screenshot(page, "notice-text-preview")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_text(f"The text of “The decision on your application” is saved for the {cohort}.")
    ).to_be_visible()
    own = NoticeText.objects.get(cohort=cohort, notice="application_decision")
    assert own.subject == "{applicant_name}, the {cohort} has decided"
    assert own.updated_by == manager

    # The applicant, in a browser of their own, finds the new question in the Questions part and answers it.
    applicant_page = new_page()
    log_in(applicant_page, draft.applicant)
    applicant_page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    questions_part = applicant_page.get_by_role("listitem").filter(
        has=applicant_page.get_by_text("Questions", exact=True)
    )
    expect(questions_part).to_contain_text(f"Still to answer: {QUESTION}")
    questions_part.get_by_role("link", name="Fill in questions").click()
    answer = applicant_page.get_by_label(f"{QUESTION} (required)")
    expect(answer).to_have_accessible_description("A few sentences: what changed for students and staff.")
    assert axe_faults(applicant_page) == []
    answer.fill("Wi-Fi on every school bus, so homework no longer waits for home.")
    applicant_page.get_by_role("button", name="Save draft").click()
    expect(applicant_page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(questions_part).to_contain_text("Every required question answered")
    answers = applicant_page.get_by_role("region", name="Answers")
    expect(answers).to_contain_text(f"{QUESTION} Wi-Fi on every school bus, so homework no longer waits")
    applicant_page.context.close()


def test_manager_publishes_the_program_page_and_a_visitor_reads_it_inert(
    new_page, page, live_server, cohort, member, log_in, screenshot
):
    log_in(page, member(Role.PROGRAM_MANAGER))
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/program/")
    expect(page.get_by_role("heading", name=f"{cohort.program}: {cohort}")).to_be_visible()
    assert axe_faults(page) == []

    page.get_by_role("link", name="Edit the program page").click()
    expect(page.get_by_role("heading", name=f"Edit the program page · {cohort}")).to_be_visible()
    assert axe_faults(page) == []
    page.get_by_label("Text of the program page (Markdown)").fill(
        "## Who it is for\n\n"
        "Aspiring **chief technology officers** of K-12 districts.\n\n"
        '<script>document.title = "hacked"</script>\n\n'
        "[Open the brochure](javascript:document.title='hacked')\n"
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The program page is published.")).to_be_visible()
    assert "chief technology officers" in ProgramPage.objects.get(cohort=cohort).body_markdown

    visitor = new_page()
    dialogs = []
    visitor.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visitor.goto(f"{live_server.url}/cohorts/{cohort.slug}/program/")
    text = visitor.locator(".program-text")
    expect(text.get_by_role("heading", name="Who it is for", level=2)).to_be_visible()
    expect(text.locator("strong")).to_have_text("chief technology officers")
    expect(text).to_contain_text('<script>document.title = "hacked"</script>')
    expect(text.get_by_text("Open the brochure")).to_be_visible()
    assert text.locator("script").count() == 0
    assert text.locator("[href^='javascript']").count() == 0
    assert visitor.title() != "hacked"
    assert dialogs == []
    expect(visitor.get_by_role("link", name="Edit the program page")).to_have_count(0)
    assert axe_faults(visitor) == []
    screenshot(visitor, "program-page-visitor")
    visitor.context.close()
