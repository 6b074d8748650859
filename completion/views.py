"""A candidate's progress on the ten responsibilities, the cohort's table of them, and commencement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort, Membership, Role
from cto_mentor.csv_export import streamed_csv
from cto_mentor.forms import bound, carried_out, submitted
from cto_mentor.listing import Listing
from cto_mentor.permissions import get_permitted_or_404

from . import responsibilities, selectors, services
from .forms import CompletionSettingsForm
from .models import Completion
from .responsibilities import TITLES

COHORTS = Cohort.objects.select_related("program", "completion_settings")
CANDIDATE_SEARCH = ("candidate.name", "candidate.email", "candidate.organization")  # of records, in memory


def _cohort(request, perm, slug):
    return get_permitted_or_404(request.user, perm, COHORTS, slug=slug)


def _candidate(request, perm, slug, user_id) -> Membership:
    return get_permitted_or_404(
        request.user,
        perm,
        Membership.objects.select_related("cohort__program", "cohort__completion_settings", "user"),
        cohort__slug=slug,
        user_id=user_id,
        role=Role.CANDIDATE,
    )


@login_required
def progress(request, slug, user_id):
    membership = _candidate(request, "completion.view_progress", slug, user_id)
    cohort = membership.cohort
    record = selectors.progress_of(cohort=cohort, candidate=membership.user)
    return render(request, "completion/progress.html", {"cohort": cohort, "record": record})


def _sort(request) -> str:
    sort = request.GET.get("sort", "name")
    return sort if sort in selectors.SORTS else "name"


@login_required
def cohort_table(request, slug):
    cohort = _cohort(request, "completion.view_cohort_progress", slug)
    sort = _sort(request)
    listing = Listing(request, sorts={}, search=CANDIDATE_SEARCH, search_label="Search candidates")
    records = listing.search_rows(selectors.cohort_records(cohort=cohort, sort=sort))
    context = {
        "cohort": cohort,
        "listing": listing,
        "page": listing.page(records),
        "sort": sort,
        "sorts": [(key, label, _sorted_by(listing.query, key)) for key, label in selectors.SORTS.items()],
        "titles": TITLES,
    }
    return render(request, "completion/cohort_table.html", context)


def _sorted_by(query, sort: str) -> str:
    """The table's address sorted by `sort`, its search kept, on the first page."""
    query = query.copy()
    query["sort"] = sort
    return f"?{query.urlencode()}"


@login_required
def cohort_csv(request, slug):
    cohort = _cohort(request, "completion.view_cohort_progress", slug)
    records = selectors.cohort_records(cohort=cohort, sort=_sort(request))
    header = ["Candidate", "E-mail", "At risk", "Why at risk", "Completed on"]
    for number, title in TITLES.items():
        header += [f"{number}. {title}", f"{number}. Evidence"]
    rows = (
        [
            record.candidate.name,
            record.candidate.email,
            "yes" if record.at_risk else "no",
            "; ".join(record.risks),
            record.completed_on.isoformat() if record.completed_on else "",
            *(value for r in record.responsibilities for value in (r.state.label, r.evidence)),
        ]
        for record in records
    )
    return streamed_csv(iter([header, *rows]), filename=f"progress-{cohort.slug}.csv")


@login_required
def commencement(request, slug):
    """Before the final presentations: who is ready and what the others miss; then, who may be marked."""
    cohort = _cohort(request, "completion.run_commencement", slug)
    records = selectors.cohort_records(cohort=cohort)
    context = {
        "cohort": cohort,
        "completed": [r for r in records if r.completed_on],
        "completable": [r for r in records if r.complete and not r.completed_on],
        "ready": [r for r in records if r.ready_for_final and not r.complete],
        "not_ready": [r for r in records if not r.ready_for_final],
    }
    return render(request, "completion/commencement.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def complete(request, slug, user_id):
    """Asks first; the service refuses a candidate with anything missing, and the page says what."""
    cohort = _cohort(request, "completion.run_commencement", slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), cohort=cohort, user_id=user_id, role=Role.CANDIDATE
    )
    candidate = membership.user
    if request.method == "POST":
        if carried_out(
            request,
            lambda: services.mark_completed(cohort=cohort, candidate=candidate, actor=request.user),
            f"{candidate} completed the program; the certificate is on its way by e-mail.",
        ):
            return redirect("completion:commencement", slug=cohort.slug)
    record = responsibilities.record_of(cohort=cohort, candidate=candidate)
    return render(request, "completion/complete.html", {"cohort": cohort, "record": record})


@login_required
@require_http_methods(["GET", "POST"])
def uncomplete(request, slug, user_id):
    """Asks first; then the completion mark is undone and the certificate no longer offered."""
    cohort = _cohort(request, "completion.run_commencement", slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), cohort=cohort, user_id=user_id, role=Role.CANDIDATE
    )
    candidate = membership.user
    if request.method == "POST":
        if carried_out(
            request,
            lambda: services.unmark_completed(cohort=cohort, candidate=candidate, actor=request.user),
            f"{candidate} is no longer marked as having completed the program; no certificate is offered.",
        ):
            return redirect("completion:commencement", slug=cohort.slug)
    completion = Completion.objects.filter(cohort=cohort, candidate=candidate).first()
    context = {"cohort": cohort, "candidate": candidate, "completion": completion}
    return render(request, "completion/uncomplete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def completion_settings(request, slug):
    cohort = _cohort(request, "completion.run_commencement", slug)
    current = services.settings_of(cohort)
    initial = {
        "mentor_meetings_per_month": current.mentor_meetings_per_month,
        "certificate_text": current.certificate_text,
    }
    form = CompletionSettingsForm(bound(request), initial=initial)
    if submitted(
        request, form, lambda data: services.save_settings(cohort=cohort, actor=request.user, **data)
    ):
        messages.success(request, "The completion settings are saved.")
        return redirect("completion:settings", slug=cohort.slug)
    return render(request, "completion/settings.html", {"cohort": cohort, "form": form})


@login_required
def certificate(request, slug, user_id):
    completion = get_permitted_or_404(
        request.user,
        "completion.download_certificate",
        Completion.objects.select_related("cohort__program", "cohort__completion_settings", "candidate"),
        cohort__slug=slug,
        candidate_id=user_id,
    )
    response = HttpResponse(services.certificate_of(completion), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{completion.cohort.slug}.pdf"'
    return response
