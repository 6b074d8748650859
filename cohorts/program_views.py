"""The public program page of a cohort and the program manager's page that edits its text."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cto_mentor.dashboard import timeline_sections
from cto_mentor.forms import bound, submitted
from cto_mentor.permissions import get_permitted_or_404

from . import program, selectors
from .models import Cohort


class ProgramPageForm(forms.Form):
    body_markdown = forms.CharField(
        label="Text of the program page (Markdown)",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Markdown: ## for a heading, **bold**, *italic*, 1. for a numbered list, [text](https://…) for "
        "a link. HTML is shown as typed. The timeline, the class schedule and the deadline are added below "
        "the text from the cohort's dates.",
    )


def program_page(request, slug):
    """What the program is, who it is for, what it asks, the schedule and how to apply; public."""
    cohort = get_permitted_or_404(
        request.user, "cohorts.view_timeline", Cohort.objects.select_related("program"), slug=slug
    )
    now = timezone.now()
    next_cohort = (
        Cohort.objects.filter(program=cohort.program, applications_open__gt=now)
        .exclude(pk=cohort.pk)
        .order_by("applications_open")
        .first()
    )
    context = {
        "cohort": cohort,
        "body": program.to_html(program.markdown_of(cohort)),
        "milestones": selectors.timeline(cohort=cohort),
        "sections": timeline_sections(cohort=cohort),
        "not_yet_open": now < cohort.applications_open,
        "closed": now >= cohort.applications_close,
        "next_cohort": next_cohort,
        "can_edit": request.user.has_perm("cohorts.manage_cohort", cohort),
    }
    return render(request, "cohorts/program.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_page_edit(request, slug):
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects.all(), slug=slug)
    form = ProgramPageForm(bound(request), initial={"body_markdown": program.markdown_of(cohort)})
    if submitted(request, form, lambda data: program.save_program_page(cohort=cohort, **data)):
        messages.success(request, "The program page is published.")
        return redirect("cohorts:program", slug=cohort.slug)
    return render(request, "cohorts/program_edit.html", {"cohort": cohort, "form": form})
