"""The public program page: the manager's Markdown rendered safely, the deadline, open or closed."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cohorts.models import ProgramPage, Role

from ..factories import CohortFactory


def test_program_page_shows_the_default_text_and_the_deadline_in_its_zone(client, cohort):
    cohort.applications_open = timezone.now() - timedelta(days=1)
    cohort.applications_close = timezone.now() + timedelta(days=20)
    cohort.save()
    page = client.get(reverse("cohorts:program", args=[cohort.slug])).text
    assert "Qualifications and responsibilities for mentors" in page
    assert "Build a professional portfolio with artifacts and reflections" in page
    assert "Applications are open" in page
    assert "Times are given in Pacific Time" in page


def test_manager_markdown_is_published_with_script_and_javascript_links_inert(client, cohort, member):
    client.force_login(member(Role.PROGRAM_MANAGER))
    text = "## Our year\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) and [site](https://example.org)"
    response = client.post(
        reverse("cohorts:program_edit", args=[cohort.slug]), {"body_markdown": text}, follow=True
    )
    assert "The program page is published." in response.text
    assert "<h2>Our year</h2>" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "javascript:" not in response.text
    assert 'href="https://example.org"' in response.text
    assert ProgramPage.objects.get().history.count() == 1


def test_after_the_deadline_the_page_says_closed_and_when_the_next_cohort_opens(client, cohort):
    cohort.applications_open = timezone.now() - timedelta(days=60)
    cohort.applications_close = timezone.now() - timedelta(days=1)
    cohort.save()
    following = CohortFactory(
        program=cohort.program,
        applications_open=timezone.now() + timedelta(days=200),
        applications_close=timezone.now() + timedelta(days=240),
    )
    page = client.get(reverse("cohorts:program", args=[cohort.slug])).text
    assert f"Applications for the {cohort} are closed" in page
    assert f"Applications for the {following} open" in page
    assert "Apply now" not in page


def test_program_page_editor_is_for_the_cohorts_manager_only(client, cohort, member):
    client.force_login(member(Role.REVIEWER))
    assert client.get(reverse("cohorts:program_edit", args=[cohort.slug])).status_code == 404
