"""The cohort's own part in a copy: the public program page's text."""

from .hooks import CopyStep, copy_steps
from .models import ProgramPage


def copy_program_page(*, source, target, moments) -> None:
    page = ProgramPage.objects.filter(cohort=source).first()
    if page is not None:
        ProgramPage.objects.create(cohort=target, body_markdown=page.body_markdown)


copy_steps.register(CopyStep("cohorts.program_page", copy_program_page))
