"""Commencement in the browser: before the final presentations the manager sees who is ready and what the
others miss; after them, marks the candidate who met everything as completed, and the candidate downloads the
certificate and the whole portfolio."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role
from sessions.models import Meeting, PresentationKind, PresentationResult

from ..class_sessions.factories import PresentationFactory
from ..completion.year import give_evidence, make_year
from ..factories import MembershipFactory, PairingFactory


def test_manager_sees_readiness_marks_completion_and_candidate_downloads_certificate(
    page, live_server, cohort, log_in, screenshot
):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    instructor = MembershipFactory(cohort=cohort, role=Role.INSTRUCTOR).user
    candidate = PairingFactory(cohort=cohort).candidate
    behind = PairingFactory(cohort=cohort).candidate
    year = make_year(cohort, instructor)
    # The final presentations are tonight: nobody has given one yet.
    Meeting.objects.filter(session=year["final"]).update(starts_at=timezone.now() + timedelta(hours=1))
    give_evidence(cohort, year, candidate, skip={"final"})
    give_evidence(cohort, year, behind, skip={"final", "assignment", "feedback"})

    log_in(page, manager)
    page.get_by_role("link", name="Commencement", exact=True).first.click()
    ready = page.get_by_role("region", name="Ready for the final presentation (1)")
    expect(ready.get_by_role("link", name=str(candidate))).to_be_visible()
    not_ready = page.get_by_role("region", name="Not ready: requirements still missing (1)")
    expect(not_ready.get_by_role("link", name=str(behind))).to_be_visible()
    expect(not_ready.get_by_text("5. Complete all assignments on time with a passing grade")).to_be_visible()
    screenshot(page, "commencement-readiness")

    # The final presentations are given.
    Meeting.objects.filter(session=year["final"]).update(starts_at=timezone.now() - timedelta(hours=1))
    PresentationFactory(
        session=year["final"],
        candidate=candidate,
        kind=PresentationKind.FINAL,
        result=PresentationResult.PASS,
    )
    page.reload()
    to_mark = page.get_by_role("region", name="Every responsibility met: to mark as completed (1)")
    to_mark.get_by_role("link", name="Mark completed").click()
    expect(page.get_by_text(f"{candidate} has met all ten responsibilities.")).to_be_visible()
    page.get_by_role("button", name="Mark completed").click()
    expect(page.get_by_text(f"{candidate} completed the program")).to_be_visible()
    completed = page.get_by_role("region", name="Completed (1)")
    expect(completed.get_by_role("link", name=str(candidate), exact=True)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, candidate)
    page.get_by_role("link", name="My progress").click()
    expect(page.get_by_role("heading", name="Completed the program on", exact=False)).to_be_visible()
    screenshot(page, "commencement-candidate-progress")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    with open(download.value.path(), "rb") as certificate:
        assert certificate.read(5) == b"%PDF-"
