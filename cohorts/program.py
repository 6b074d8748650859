"""The public program page's text: the manager's Markdown (or the default text) rendered to HTML that nh3
cleans with an allow-list, so no raw HTML, script or `javascript:` link typed into it reaches a visitor."""

import markdown
import nh3
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Cohort, ProgramPage

TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "br", "hr"}
ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto"}


def default_markdown() -> str:
    return get_template("cohorts/program_default.md").template.source


def markdown_of(cohort: Cohort) -> str:
    page = ProgramPage.objects.filter(cohort=cohort).first()
    return page.body_markdown if page else default_markdown()


def to_html(text: str) -> SafeString:
    """Markdown to HTML, HTML typed into it escaped, the result cleaned by nh3's allow-list."""
    html = markdown.markdown(text.replace("<", "&lt;"), extensions=["sane_lists"])
    cleaned = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener nofollow"
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


def save_program_page(*, cohort: Cohort, body_markdown: str) -> ProgramPage:
    """Keep the manager's text of the program page. Side effects: the ProgramPage row and its history."""
    with transaction.atomic():
        page, _ = ProgramPage.objects.update_or_create(
            cohort=cohort, defaults={"body_markdown": body_markdown, "updated_at": timezone.now()}
        )
    return page
