from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cto_mentor.dashboard import timeline_sections
from cto_mentor.permissions import get_permitted_or_404

from . import insights, selectors, services
from .forms import AddMemberForm, PairForm
from .models import Cohort, Invitation, Membership, Role

PEOPLE_PER_PAGE = 50


def timeline(request, slug):
    """The public timeline and schedule: applicants are asked to check the class dates before applying."""
    cohort = get_permitted_or_404(
        request.user, "cohorts.view_timeline", Cohort.objects.select_related("program"), slug=slug
    )
    context = {
        "cohort": cohort,
        "milestones": selectors.timeline(cohort=cohort),
        "sections": timeline_sections(cohort=cohort),
    }
    return render(request, "cohorts/timeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def people(request, slug):
    """The cohort's members and pairs, a page of each at a time (`page` and `pairs_page`): a cohort of a large
    program has hundreds of both. Each role's heading gives its total over all pages."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    form = AddMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        granted = services.grant_role(
            cohort=cohort, user=form.user, role=form.cleaned_data["role"], actor=request.user
        )
        role = granted.get_role_display().lower()
        if isinstance(granted, Invitation):
            messages.info(
                request,
                f"{granted.user.email} has not confirmed their address yet: they were e-mailed a link and "
                f"become {role} once they confirm.",
            )
        else:
            messages.success(request, f"{granted.user} is now {role} in {cohort}.")
        return redirect("cohorts:people", slug=cohort.slug)
    everyone = selectors.members(cohort=cohort)
    members = _page(everyone, request.GET.get("page"))
    pairs = _page(selectors.pairs(cohort=cohort), request.GET.get("pairs_page"))
    totals = Counter(member.role for member in everyone)
    roles = [(role, totals[role], [m for m in members if m.role == role]) for role in Role]
    context = {"cohort": cohort, "form": form, "members": members, "roles": roles, "pairs": pairs}
    return render(request, "cohorts/people.html", context)


@login_required
@require_POST
def remove_member(request, slug, membership_id):
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    membership = get_object_or_404(Membership, cohort=cohort, pk=membership_id)
    try:
        services.remove_member(membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{membership.user} is no longer {membership.get_role_display().lower()}.")
    return redirect("cohorts:people", slug=cohort.slug)


@login_required
@require_http_methods(["GET", "POST"])
def pairings(request, slug):
    """The program manager pairs each candidate with a mentor; both are e-mailed by `pair_mentor`. The pairs,
    the candidates still without a mentor and the mentors' loads are each paged (`page`, `unpaired_page`,
    `mentors_page`); the form's choice lists stay whole."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    board = selectors.pairing_board(cohort=cohort)
    form = PairForm(
        request.POST if request.method == "POST" else None,
        cohort=cohort,
        candidates=board.candidates,
        mentors=board.mentors,
    )
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.pair_mentor(cohort=cohort, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{pairing.candidate} is paired with {pairing.mentor}; both are e-mailed."
            )
            return redirect("cohorts:pairings", slug=cohort.slug)
    context = {
        "cohort": cohort,
        "form": form,
        "pairs": _page(board.pairs, request.GET.get("page")),
        "unpaired": _page(board.unpaired_candidates(), request.GET.get("unpaired_page")),
        "mentor_load": _page(board.mentor_loads(), request.GET.get("mentors_page")),
    }
    return render(request, "cohorts/pairings.html", context)


def _page(rows: list, page_number) -> Page:
    return Paginator(rows, PEOPLE_PER_PAGE).get_page(page_number)


@login_required
def dashboard(request, slug):
    """The program manager's pictures of the cohort: intake, reviewing, attendance, work and mentoring."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    return render(
        request,
        "dashboard/cohort.html",
        {"cohort": cohort, "charts": insights.cohort_dashboard(cohort=cohort, pages=request.GET)},
    )
