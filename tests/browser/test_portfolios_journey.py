from datetime import date, timedelta

from playwright.sync_api import expect

from cohorts.models import Role
from portfolios.models import FollowUp, MentorMeeting
from portfolios.services import give_program_feedback

from ..factories import MembershipFactory, PairingFactory, TopicFactory
from ..files import pdf_bytes


def test_portfolio_meeting_feedback_and_mid_year_evaluation(
    page, live_server, cohort, log_in, screenshot, tmp_path
):
    pairing = PairingFactory(cohort=cohort)
    candidate, mentor = pairing.candidate, pairing.mentor
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    TopicFactory(session__cohort=cohort, session__number=3, session__title="Fiscal", name="Fiscal Management")
    TopicFactory(
        session__cohort=cohort, session__number=4, session__title="Security", name="Security Fundamentals"
    )
    plan = tmp_path / "budget-plan.pdf"
    plan.write_bytes(pdf_bytes("Budget plan"))

    # The candidate adds an artifact and a reflection.
    log_in(page, candidate)
    page.get_by_role("link", name="Your portfolio").click()
    page.get_by_role("link", name="Add an artifact").click()
    page.get_by_label("Title").fill("District budget plan")
    page.get_by_label("Description").fill("The plan I presented to the board.")
    page.get_by_label("Link").fill("https://docs.example.org/budget-plan")
    page.get_by_label("Session or topic").select_option(label="Fiscal Management")
    page.get_by_role("button", name="Add the artifact").click()
    expect(page.get_by_text("“District budget plan” is in your portfolio.")).to_be_visible()
    page.get_by_role("link", name="Write a reflection").click()
    page.get_by_label("Title").fill("What budgeting taught me")
    page.get_by_label("Reflection", exact=False).first.fill("Numbers tell a story.\n\nThe board listened.")
    page.get_by_label("Artifact").select_option(label="District budget plan")
    page.get_by_role("button", name="Save the reflection").click()
    expect(page.get_by_text("Your reflection “What budgeting taught me” is saved.")).to_be_visible()
    page.get_by_role("button", name="Mark “District budget plan” ready for review").click()
    expect(page.get_by_text("Ready for review").first).to_be_visible()
    page.get_by_role("button", name="Mark “What budgeting taught me” ready for review").click()
    expect(page.get_by_text("“What budgeting taught me” is ready for review.")).to_be_visible()
    page.get_by_role("link", name="Add an artifact").click()
    page.get_by_label("Title").fill("Board slides")
    page.get_by_label("File").set_input_files(str(plan))
    page.get_by_role("button", name="Add the artifact").click()
    expect(page.get_by_role("link", name="Download budget-plan.pdf")).to_be_visible()
    screenshot(page, "portfolio-candidate")
    page.get_by_role("link", name="Topic map").click()
    expect(page.get_by_role("heading", name="Topics with no evidence yet (1)")).to_be_visible()
    screenshot(page, "portfolio-topic-map")

    # The mentor logs a meeting and gives feedback.
    page.get_by_role("button", name="Log out").click()
    log_in(page, mentor)
    page.get_by_role("link", name=f"Portfolio of {candidate}").click()
    expect(page.get_by_text("Numbers tell a story.")).to_be_visible()
    expect(page.get_by_text("Board slides")).to_have_count(0)  # still a draft: the candidate's alone
    page.get_by_role("link", name="Mentor meetings").click()
    page.locator("#id_held_on").fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Video").check()
    page.get_by_label("We reviewed portfolio artifacts and reflections").check()
    page.get_by_label("Notes").fill("Looked at the budget plan together.")
    page.locator("#id_follow_up").fill("Add the E-rate figures")
    page.locator("#id_follow_up_due").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Log the meeting").click()
    expect(page.get_by_text("The meeting is logged; the other side is asked to confirm it.")).to_be_visible()
    expect(page.get_by_text("Awaiting confirmation")).to_be_visible()
    page.get_by_role("link", name="Feedback").click()
    page.get_by_label("Mentor to candidate").check()
    page.get_by_role("textbox", name="Feedback").fill("Clear and persuasive plan; tighten the summary.")
    page.get_by_role("button", name="Save the feedback").click()
    page.get_by_label("Mentor to program manager only").check()
    page.get_by_role("textbox", name="Feedback").fill("Needs support with time management.")
    page.get_by_role("button", name="Save the feedback").click()
    expect(page.get_by_text("Needs support with time management.")).to_be_visible()
    screenshot(page, "portfolio-feedback-mentor")

    # The candidate confirms the meeting and reads the feedback meant for them.
    page.get_by_role("button", name="Log out").click()
    log_in(page, candidate)
    page.get_by_role("link", name="Mentor meetings 1 to confirm").click()
    page.get_by_role("button", name="Confirm this meeting").click()
    expect(page.get_by_text("You confirmed the meeting of")).to_be_visible()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
    assert MentorMeeting.objects.get().confirmed_by == candidate
    screenshot(page, "portfolio-meetings")
    # A follow-up of their own, on its page: a date that is not one is shown beside the field, the text kept.
    page.get_by_role("link", name="Add a follow-up").click()
    page.get_by_label("Follow-up").fill("Draft the summary slide")
    page.get_by_label("Due on").fill("")
    page.get_by_role("button", name="Add the follow-up").click()
    expect(page.get_by_role("link", name="Due on: This field is required.")).to_be_visible()
    expect(page.get_by_text("This field is required.", exact=True)).to_be_visible()  # beside the field
    expect(page.get_by_label("Follow-up")).to_have_value("Draft the summary slide")
    page.get_by_label("Due on").fill((date.today() + timedelta(days=7)).isoformat())
    screenshot(page, "portfolio-meeting-follow-up")
    page.get_by_role("button", name="Add the follow-up").click()
    expect(page.get_by_text("The follow-up is added.")).to_be_visible()
    expect(page.get_by_text("Draft the summary slide —")).to_be_visible()
    page.get_by_role("link", name="Feedback").click()
    expect(page.get_by_text("Clear and persuasive plan; tighten the summary.")).to_be_visible()
    expect(page.get_by_text("Needs support with time management.")).to_have_count(0)

    # The program manager records the mid-year evaluation with a follow-up item.
    page.get_by_role("button", name="Log out").click()
    log_in(page, manager)
    page.get_by_role("link", name="Portfolios", exact=True).click()
    screenshot(page, "portfolio-overview-manager")
    page.get_by_role("link", name=str(candidate), exact=True).click()
    page.get_by_role("link", name="Schedule the mid-year evaluation").click()
    page.get_by_label("Starts at").fill("2031-06-13T16:00")
    page.get_by_label("Location").fill("Sacramento office")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("The mid-year evaluation is scheduled")).to_be_visible()
    expect(page.get_by_text("Fri, Jun 13, 2031, 4:00 p.m. Pacific Time (PDT)")).to_be_visible()
    page.get_by_label("Area needing improvement or task").fill("Present the budget summary in one page")
    page.get_by_label("Owner").select_option(label=str(candidate))
    page.get_by_label("Due on").fill("2031-09-01")
    page.get_by_role("button", name="Add the follow-up item").click()
    expect(
        page.get_by_role("cell", name="Present the budget summary in one page", exact=True)
    ).to_be_visible()
    item = FollowUp.objects.get(evaluation__isnull=False)
    assert (item.owner, item.due_on) == (candidate, date(2031, 9, 1))
    screenshot(page, "portfolio-evaluation")


def test_portfolio_on_a_phone_and_printable(phone, live_server, cohort, log_in, screenshot):
    pairing = PairingFactory(cohort=cohort)
    TopicFactory(session__cohort=cohort, session__number=1, name="Leadership and Strategic Planning")
    log_in(phone, pairing.candidate)
    phone.get_by_role("link", name="Your portfolio").click()
    expect(phone.get_by_role("heading", name=f"Portfolio of {pairing.candidate}")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone, "portfolio-phone")
    phone.get_by_role("link", name="Printable view").click()
    expect(phone.get_by_role("heading", name="Professional portfolio")).to_be_visible()
    phone.emulate_media(media="print")
    expect(phone.get_by_role("button", name="Print")).to_be_hidden()


def test_anonymous_program_feedback_and_the_managers_summary(page, live_server, cohort, log_in, screenshot):
    candidate = MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    session = TopicFactory(
        session__cohort=cohort, session__number=1, session__title="Leadership", name="Strategic Planning"
    ).session
    for rating in (5, 3):  # two others answered before: the candidate's answer is the third
        give_program_feedback(
            cohort=cohort,
            candidate=MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user,
            session=session,
            rating=rating,
        )
    log_in(page, candidate)
    page.get_by_role("link", name="Give feedback on the program").click()
    expect(page.get_by_text("Every answer is anonymous")).to_be_visible()
    page.get_by_label("About").select_option(label="Session 1 — Leadership")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Comment").fill("More time for case studies, please.")
    screenshot(page, "program-feedback-form")
    page.get_by_role("button", name="Send the feedback").click()
    expect(page.get_by_text("Thank you: your feedback is recorded.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    log_in(page, manager)
    page.get_by_role("link", name="Program feedback").click()
    summary = page.get_by_role("table", name="Ratings per session (1 poor – 5 excellent)")
    expect(summary.get_by_role("row", name="Session 1 — Leadership")).to_contain_text("4.0")
    expect(summary.get_by_role("row", name="The program as a whole")).to_contain_text(
        "Not enough answers to keep them anonymous"
    )
    answers = page.get_by_role("table", name="Answers, by session and rating")
    expect(answers).to_contain_text("More time for case studies, please.")
    expect(page.get_by_text(str(candidate))).to_have_count(0)
    screenshot(page, "program-feedback-results")


def test_mentor_check_in_scheduled_attended_and_read_by_a_mentor(
    page, live_server, cohort, log_in, screenshot
):
    pairing = PairingFactory(cohort=cohort)
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    log_in(page, manager)
    page.get_by_role("link", name="Mentor check-ins").click()
    page.get_by_label("Starts at").fill("2031-03-10T17:00")
    page.get_by_label("Location").fill("Video call")
    page.get_by_label("Agenda").fill("Mid-year evaluations and pacing")
    page.get_by_role("button", name="Schedule the check-in").click()
    expect(page.get_by_text("The check-in is scheduled; every mentor is told.")).to_be_visible()
    page.get_by_role("link", name="Mon, Mar 10, 2031, 5:00 p.m. Pacific Time (PDT)").click()
    page.get_by_label(str(pairing.mentor)).check()
    page.get_by_label("Notes").fill("Pairs are meeting every two weeks.")
    page.get_by_role("button", name="Save attendance and notes").click()
    expect(page.get_by_text("Attendance and notes are saved.")).to_be_visible()
    screenshot(page, "mentor-check-in-manager")
    page.get_by_role("button", name="Log out").click()
    log_in(page, pairing.mentor)
    page.get_by_role("link", name="Mentor check-in meetings").click()
    expect(page.get_by_text("1 mentor attended")).to_be_visible()
    page.get_by_role("link", name="Mon, Mar 10, 2031, 5:00 p.m. Pacific Time (PDT)").click()
    expect(page.get_by_text("Pairs are meeting every two weeks.")).to_be_visible()
    present = page.get_by_role("main").get_by_role("listitem").filter(has_text=str(pairing.mentor))
    expect(present).to_have_count(1)
