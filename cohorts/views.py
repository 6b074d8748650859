from collections import Counter
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cto_mentor.dashboard import timeline_sections
from cto_mentor.forms import bound, carried_out, submitted, uploaded
from cto_mentor.listing import Listing
from cto_mentor.notifications import reminders
from cto_mentor.notifications.forms import ReminderSettingsForm
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.undo import success_with_undo
from cto_mentor.uploads import download_response
from cto_mentor.users.models import User

from . import hooks, insights, selectors, services
from .forms import (
    TIMELINE_DATES,
    AddMemberForm,
    CohortForm,
    ContractForm,
    KickoffForm,
    NewCohortStartForm,
    PairForm,
)
from .models import Cohort, ContractDocument, Invitation, Membership, Program, Role
from .suggestions import suggestions_for

PERSON_SEARCH = ("user__first_name", "user__last_name", "user__email", "user__organization")
PEOPLE_SORTS = {
    "name": ("user__last_name", "user__first_name"),
    "email": ("user__email",),
    "organization": ("user__organization",),
    "role": ("role_order", "user__last_name", "user__first_name"),
}
PAIR_SEARCH = tuple(
    f"{side}__{field}"
    for side in ("candidate", "mentor")
    for field in ("first_name", "last_name", "email", "organization")
)
BOARD_SEARCH = ("name", "email", "organization")  # of the pairing board's people, read in memory
BOARD_SORTS = {"name": ("sort_name",), "organization": ("organization", "sort_name")}
MENTOR_LOAD_SORTS = {
    "name": ("mentor.sort_name",),
    "organization": ("mentor.organization", "mentor.sort_name"),
    "load": ("candidate_count",),
}
PAIR_SORTS = {
    "candidate": ("candidate__last_name", "candidate__first_name"),
    "mentor": ("mentor__last_name", "mentor__first_name"),
}
# The same, of the pairing board's pairs read in memory
BOARD_PAIR_SEARCH = tuple(f"{side}.{field}" for side in ("candidate", "mentor") for field in BOARD_SEARCH)
BOARD_PAIR_SORTS = {"candidate": ("candidate.sort_name",), "mentor": ("mentor.sort_name",)}


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
    """The cohort's members and pairs, each searched and a page at a time (`q` and `page`, `pairs_q` and
    `pairs_page`): a cohort of a large program has hundreds of both. Each role's heading gives its total over
    all pages."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    form = AddMemberForm(bound(request))
    grants = []

    def grant(data):
        grants.append(
            services.grant_role(cohort=cohort, user=form.user, role=data["role"], actor=request.user)
        )

    if submitted(request, form, grant):
        granted = grants[0]
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
    listing = Listing(request, sorts=PEOPLE_SORTS, search=PERSON_SEARCH)
    everyone = selectors.members(memberships=listing.apply(selectors.cohort_memberships(cohort=cohort)))
    pairs_listing = Listing(
        request,
        sorts=PAIR_SORTS,
        search=PAIR_SEARCH,
        prefix="pairs_",
        search_label="Search the pairs by name, e-mail or organization",
    )
    pairings = pairs_listing.apply(selectors.cohort_pairings(cohort=cohort))
    totals = Counter(member.role for member in everyone)
    context = {
        "cohort": cohort,
        "form": form,
        "listing": listing,
        "members": listing.page(everyone),
        "roles": [(role, totals[role]) for role in Role],
        "pairs_listing": pairs_listing,
        "pairs": pairs_listing.page(selectors.pairs(pairings=pairings)),
    }
    return render(request, "cohorts/people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request, slug, membership_id):
    """Ask first, saying what the person loses; then take the role away, with an undo button."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), cohort=cohort, pk=membership_id)
    role = membership.get_role_display().lower()
    if request.method == "GET":
        refusal = services.remove_member_refusal(membership=membership)
        context = {"cohort": cohort, "membership": membership, "role": role, "refusal": refusal}
        return render(request, "cohorts/confirm_remove_member.html", context)
    try:
        services.remove_member(membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        success_with_undo(
            request,
            f"{membership.user} is no longer {role} in {cohort}.",
            undo_url=reverse(
                "cohorts:restore_member", args=[cohort.slug, membership.user_id, membership.role]
            ),
            label=f"Undo: make {membership.user} {role} again",
        )
    return redirect("cohorts:people", slug=cohort.slug)


@login_required
@require_POST
def restore_member(request, slug, user_id, role):
    """Undo a removal: give the person the role again."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    if role not in Role.values:
        raise Http404
    user = get_object_or_404(User, pk=user_id)
    carried_out(
        request,
        lambda: services.add_member(cohort=cohort, user=user, role=role),
        f"{user} is {Role(role).label.lower()} in {cohort} again.",
    )
    return redirect("cohorts:people", slug=cohort.slug)


@login_required
@require_http_methods(["GET", "POST"])
def pairings(request, slug):
    """The program manager pairs each candidate with a mentor, from a suggestion or anyone by the form; both
    are e-mailed by `pair_mentor`. Pairing a mentor whose contract is not signed asks first. The pairs, the
    candidates still without a mentor (each with suggested mentors and why) and the mentors with their loads
    and contracts are each searched, sorted and paged (`q`, `sort` and `page`; `unpaired_q`, `unpaired_sort`
    and `unpaired_page`; `mentors_q`, `mentors_sort` and `mentors_page`); the form's choice lists stay whole."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    board = selectors.pairing_board(cohort=cohort)
    form = PairForm(bound(request), cohort=cohort, candidates=board.candidates, mentors=board.mentors)
    if submitted(request, form, lambda data: services.pair_mentor(cohort=cohort, actor=request.user, **data)):
        data = form.cleaned_data
        messages.success(request, f"{data['candidate']} is paired with {data['mentor']}; both are e-mailed.")
        return redirect("cohorts:pairings", slug=cohort.slug)
    if form.has_error(NON_FIELD_ERRORS, services.CONTRACT_NOT_SIGNED):
        return render(request, "cohorts/pair_confirm.html", {"cohort": cohort, "form": form})
    contracts = selectors.contracts_by_mentor(cohort=cohort)
    listing = Listing(request, sorts=BOARD_PAIR_SORTS, search=BOARD_PAIR_SEARCH)
    unpaired_listing = Listing(
        request,
        sorts=BOARD_SORTS,
        search=BOARD_SEARCH,
        prefix="unpaired_",
        search_label="Search candidates without a mentor",
    )
    mentors_listing = Listing(
        request,
        sorts=MENTOR_LOAD_SORTS,
        search=tuple(f"mentor.{field}" for field in BOARD_SEARCH),
        prefix="mentors_",
        search_label="Search mentors",
    )
    unpaired = unpaired_listing.page_of_rows(board.unpaired_candidates())
    mentor_load = mentors_listing.page_of_rows(board.mentor_loads())
    context = {
        "cohort": cohort,
        "form": form,
        "listing": listing,
        "unpaired_listing": unpaired_listing,
        "mentors_listing": mentors_listing,
        "pairs": listing.page_of_rows(board.pairs),
        "unpaired": unpaired,
        "suggestions": suggestions_for(
            cohort=cohort, board=board, candidates=list(unpaired), contracts=contracts
        ),
        "mentor_load": mentor_load,
        "mentor_rows": [(load, contracts.get(load.mentor.pk)) for load in mentor_load],
    }
    return render(request, "cohorts/pairings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract(request, slug, mentor_id):
    """A mentor's contract as the program manager records it: its status, the day and the signed copy."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    mentor = get_object_or_404(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.MENTOR), pk=mentor_id
    )
    current = services.contract_of(cohort=cohort, mentor=mentor)
    form = ContractForm(
        bound(request), uploaded(request), initial={"status": current.status, "status_on": current.status_on}
    )
    recorded = []

    def record(data):
        recorded.append(services.record_contract(cohort=cohort, mentor=mentor, actor=request.user, **data))

    if submitted(request, form, record):
        messages.success(request, f"The contract of {mentor} is recorded: {recorded[0].state}.")
        return redirect("cohorts:pairings", slug=cohort.slug)
    document = getattr(current, "document", None) if current.pk else None
    context = {"cohort": cohort, "mentor": mentor, "contract": current, "document": document, "form": form}
    return render(request, "cohorts/contract.html", context)


@login_required
@require_GET
def contract_document(request, slug, mentor_id):
    """The signed copy of a mentor's contract, for the cohort's program managers only."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    document = get_object_or_404(ContractDocument, contract__cohort=cohort, contract__mentor_id=mentor_id)
    return download_response(request, document)


@login_required
def dashboard(request, slug):
    """The program manager's pictures of the cohort: intake, reviewing, attendance, work and mentoring."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    return render(
        request,
        "dashboard/cohort.html",
        {"cohort": cohort, "charts": insights.cohort_dashboard(cohort=cohort, pages=request.GET)},
    )


# The cohorts page, new cohorts, settings, archive ----------------------------------------------------------


@login_required
@require_GET
def cohort_list(request):
    """Every signed-in person sees the cohorts whose year is not over (their timelines are public); a program
    manager also sees the past cohorts of their programs, and for each cohort they manage its size and pages."""
    current, past = selectors.cohort_list(user=request.user)
    context = {
        "current": current,
        "past": past,
        "may_create": request.user.has_perm("cohorts.create_cohort"),
    }
    return render(request, "cohorts/list.html", context)


@login_required
@require_GET
def archive(request, slug):
    """A cohort's year as it ended: its members by role and what each feature records of it (who completed,
    the final presentations)."""
    cohort = get_permitted_or_404(
        request.user, "cohorts.manage_cohort", Cohort.objects.select_related("program"), slug=slug
    )
    context = {
        "cohort": cohort,
        "sizes": selectors.role_counts(cohort=cohort),
        "milestones": selectors.timeline(cohort=cohort),
        "sections": hooks.archive_sections(cohort=cohort),
    }
    return render(request, "cohorts/archive.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_cohort(request):
    """A blank cohort, or (the form at the top) the way to a copy of one the person manages."""
    if not request.user.has_perm("cohorts.create_cohort"):
        raise Http404
    programs = selectors.managed_programs(user=request.user)
    sources = selectors.managed_cohorts(user=request.user)
    start = NewCohortStartForm(request.GET or None, cohorts=sources)
    if start.is_valid():
        url = reverse("cohorts:copy", kwargs={"slug": start.cleaned_data["source"]})
        return redirect(f"{url}?kickoff={start.cleaned_data['kickoff']:%Y-%m-%d}")
    zone = programs[0].time_zone if programs else "America/Los_Angeles"
    form = CohortForm(bound(request), zone=zone, initial={"time_zone": zone})
    if len(programs) > 1:
        form.fields["program"] = forms.ModelChoiceField(queryset=Program.objects.filter(pk__in=programs))
    created = []

    def create(data):
        program = data.get("program") or (programs[0] if programs else None)
        if program is None:
            raise ValidationError("There is no program to add a cohort to; the staff create it first.")
        created.append(
            services.create_cohort(
                program=program,
                actor=request.user,
                name=data["name"],
                time_zone=data["time_zone"],
                location=data["location"],
                timeline=form.timeline(),
            )
        )

    if submitted(request, form, create):
        messages.success(request, f"{created[0]} is created, and you are its program manager.")
        return redirect("cohorts:settings", slug=created[0].slug)
    context = {"form": form, "start": start, "sources": sources}
    return render(request, "cohorts/new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def copy(request, slug):
    """A new cohort from this one: the kickoff chosen first (`?kickoff=`), then every date of the proposal,
    shifted by whole weeks to the same weekdays and local times, reviewed and changed on one page."""
    source = get_permitted_or_404(
        request.user, "cohorts.manage_cohort", Cohort.objects.select_related("program"), slug=slug
    )
    kickoff_form = KickoffForm(request.GET if "kickoff" in request.GET else None, zone=source.time_zone)
    if not kickoff_form.is_valid():
        return render(request, "cohorts/copy_start.html", {"source": source, "form": kickoff_form})
    kickoff = kickoff_form.cleaned_data["kickoff"]
    weeks = services.weeks_between(source, kickoff)
    moments = hooks.proposed_moments(source=source, weeks=weeks)
    form = CohortForm(
        bound(request),
        zone=source.time_zone,
        moments=moments,
        initial=_proposal(source, weeks, kickoff, moments),
    )
    created = []

    def create(data):
        created.append(
            services.create_cohort(
                program=source.program,
                actor=request.user,
                name=data["name"],
                time_zone=data["time_zone"],
                location=data["location"],
                timeline=form.timeline(),
                source=source,
                moments=form.chosen_moments(),
            )
        )

    if submitted(request, form, create):
        messages.success(request, f"{created[0]} is created from {source}, and you are its program manager.")
        return redirect("cohorts:settings", slug=created[0].slug)
    proposed_kickoff = source.classes_start + timedelta(weeks=weeks)
    context = {
        "source": source,
        "form": form,
        "kickoff": kickoff,
        "proposed_kickoff": proposed_kickoff,
        "weeks": weeks,
    }
    return render(request, "cohorts/copy.html", context)


def _proposal(source: Cohort, weeks: int, kickoff, moments) -> dict:
    """The copy's dates: the source's, `weeks` later on the same weekdays and the same local times."""
    shift = timedelta(weeks=weeks)
    year = str(source.classes_start.year)
    initial = {
        "name": source.name.replace(year, str(kickoff.year))
        if year in source.name
        else f"{kickoff:%Y} cohort",
        "time_zone": source.time_zone,
        "location": source.location,
        "applications_open": hooks.shifted(source.applications_open, weeks, source.tz),
        "applications_close": hooks.shifted(source.applications_close, weeks, source.tz),
        **{name: getattr(source, name) + shift for name in TIMELINE_DATES},
    }
    for moment in moments:
        initial[moment.key], initial[f"{moment.key}_ends"] = moment.starts, moment.ends
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def settings(request, slug):
    """The cohort's name, zone, dates, places and reminder times, with a preview of the reminders they give and
    the recorded changes."""
    cohort = get_permitted_or_404(request.user, "cohorts.manage_cohort", Cohort.objects, slug=slug)
    form = CohortForm(
        bound(request), zone=cohort.time_zone, settings=True, initial=CohortForm.initial_for(cohort)
    )
    reminder_form = ReminderSettingsForm(
        bound(request), current=reminders.current_settings(cohort), prefix="reminders"
    )
    told = []

    def save(data):
        if not reminder_form.is_valid():
            raise ValidationError("Check the reminder times below.")
        told.append(
            services.update_cohort(
                cohort=cohort,
                actor=request.user,
                timeline=form.timeline(),
                announce=data["announce"],
                reminder_settings=reminder_form.settings(),
                **form.settings(),
            )
        )

    if submitted(request, form, save):
        note = (
            f" {told[0]} applicant(s) with a draft are e-mailed about the later deadline." if told[0] else ""
        )
        messages.success(request, f"The settings of {cohort} are saved.{note}")
        return redirect("cohorts:settings", slug=cohort.slug)
    reminder_rows = [
        (reminder_form[f"{kind}_enabled"], reminder_form[f"{kind}_offsets"])
        for kind in reminders.current_settings(cohort)
    ]
    context = {
        "cohort": cohort,
        "form": form,
        "reminder_rows": reminder_rows,
        "reminder_form": reminder_form,
        "preview": selectors.reminder_preview(cohort=cohort),
        "changes": selectors.deadline_history(cohort=cohort),
    }
    return render(request, "cohorts/settings.html", context)
