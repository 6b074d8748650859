"""The portfolio: its artifacts and reflections, the topic map and the printable view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cto_mentor.forms import bound, carried_out, submitted, uploaded
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.undo import success_with_undo
from cto_mentor.uploads import download_response

from .. import exports, selectors, services
from ..forms import ArtifactForm, ReflectionForm, ReviewCommentForm
from ..models import TRASH_KEPT, Artifact, Reflection
from .common import ENTRY_MODELS, portfolio_or_404


@login_required
def portfolio(request, pk):
    """The candidate's portfolio and the record of their mentoring, as far as the viewer may see it."""
    return render_portfolio(request, portfolio_or_404(request, "portfolios.view_portfolio", pk))


def render_portfolio(request, portfolio, *, comment_form=None):
    """The portfolio page; `comment_form` is a review comment sent with errors, shown again with them."""
    user = request.user
    can = {
        name: user.has_perm(f"portfolios.{name}", portfolio)
        for name in (
            "edit_portfolio",
            "export_portfolio",
            "manage_candidate",
            "comment_on_portfolio",
            "view_progress_review",
            "record_evaluation",
        )
    }
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "pairing": selectors.pairing_of(portfolio),
        "artifacts": selectors.artifacts_of(portfolio, viewer=request.user),
        "reflections": selectors.reflections_of(portfolio, viewer=request.user),
        "evaluations": selectors.evaluations_of(portfolio),
        "progress_reviews": selectors.progress_reviews_of(portfolio) if can["view_progress_review"] else [],
        "review_comments": selectors.review_comments_of(portfolio),
        "comment_form": (comment_form or ReviewCommentForm(cohort=portfolio.cohort))
        if can["comment_on_portfolio"]
        else None,
        "can": can,
    }
    return render(request, "portfolios/portfolio.html", context)


@login_required
def print_portfolio(request, pk):
    """The whole portfolio on paper for the final presentation: entries only, no feedback or notes."""
    portfolio = portfolio_or_404(request, "portfolios.view_portfolio", pk)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "artifacts": selectors.artifacts_of(portfolio, viewer=request.user),
        "reflections": selectors.reflections_of(portfolio, viewer=request.user),
        "topics": selectors.topic_map(portfolio=portfolio, viewer=request.user),
        "printed_at": timezone.now(),
    }
    return render(request, "portfolios/print.html", context)


@login_required
def export_portfolio(request, pk):
    """The whole portfolio as one zip (files and an index), for the candidate to keep after the program."""
    portfolio = portfolio_or_404(request, "portfolios.export_portfolio", pk)
    return FileResponse(
        exports.portfolio_zip(portfolio=portfolio, viewer=request.user),
        as_attachment=True,
        filename=exports.export_name(portfolio),
        content_type="application/zip",
    )


@login_required
def topic_map(request, pk):
    portfolio = portfolio_or_404(request, "portfolios.view_portfolio", pk)
    rows = selectors.topic_map(portfolio=portfolio, viewer=request.user)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "rows": rows,
        "missing": [row.topic for row in rows if not row.has_evidence],
    }
    return render(request, "portfolios/topic_map.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def artifact_form(request, pk=None, artifact_id=None):
    """Add an artifact (a file or a link) or change one; bad input is explained and what was typed kept."""
    artifact = None
    if artifact_id is not None:
        artifact = get_permitted_or_404(
            request.user,
            "portfolios.edit_entry",
            Artifact.objects.select_related("portfolio__cohort"),
            pk=artifact_id,
        )
        portfolio = artifact.portfolio
    else:
        portfolio = portfolio_or_404(request, "portfolios.edit_portfolio", pk)
    form = ArtifactForm(bound(request), uploaded(request), portfolio=portfolio, artifact=artifact)

    def save(data):
        session, topic = data["tag"]
        services.save_artifact(
            portfolio=portfolio,
            artifact=artifact,
            title=data["title"],
            description=data["description"],
            link=data["link"],
            upload=data["upload"] or None,
            session=session,
            topic=topic,
        )

    if submitted(request, form, save):
        messages.success(request, f"“{form.cleaned_data['title']}” is in your portfolio.")
        return redirect(portfolio)
    return render(
        request,
        "portfolios/entry_form.html",
        {"form": form, "portfolio": portfolio, "entry": artifact, "kind": "artifact", "multipart": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_form(request, pk=None, reflection_id=None):
    reflection = None
    if reflection_id is not None:
        reflection = get_permitted_or_404(
            request.user,
            "portfolios.edit_entry",
            Reflection.objects.select_related("portfolio__cohort"),
            pk=reflection_id,
        )
        portfolio = reflection.portfolio
    else:
        portfolio = portfolio_or_404(request, "portfolios.edit_portfolio", pk)
    form = ReflectionForm(bound(request), portfolio=portfolio, reflection=reflection)

    def save(data):
        session, topic = data["tag"]
        services.save_reflection(
            portfolio=portfolio,
            reflection=reflection,
            title=data["title"],
            body=data["body"],
            artifact=data["artifact"],
            session=session,
            topic=topic,
        )

    if submitted(request, form, save):
        messages.success(request, f"Your reflection “{form.cleaned_data['title']}” is saved.")
        return redirect(portfolio)
    return render(
        request,
        "portfolios/entry_form.html",
        {"form": form, "portfolio": portfolio, "entry": reflection, "kind": "reflection"},
    )


def _entry(request, kind, entry_id, perm="portfolios.edit_entry", manager="objects"):
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    rows = getattr(model, manager).select_related("portfolio")
    return get_permitted_or_404(request.user, perm, rows, pk=entry_id)


@login_required
def download_artifact(request, artifact_id):
    artifact = _entry(request, "artifacts", artifact_id, perm="portfolios.view_entry")
    if not artifact.is_file:
        raise Http404
    return download_response(request, artifact)


@login_required
@require_POST
def move_entry(request, kind, entry_id):
    entry = _entry(request, kind, entry_id)
    services.move_entry(entry=entry, direction=request.POST.get("direction", ""))
    return redirect(f"{entry.portfolio.get_absolute_url()}#{kind}")


@login_required
@require_POST
def mark_ready(request, kind, entry_id):
    entry = _entry(request, kind, entry_id)
    ready = request.POST.get("ready") == "1"
    services.mark_ready(entry=entry, ready=ready)
    state = "ready for review" if ready else "no longer marked ready for review"
    messages.success(request, f"“{entry.title}” is {state}.")
    return redirect(f"{entry.portfolio.get_absolute_url()}#{kind}")


@login_required
@require_http_methods(["GET", "POST"])
def delete_entry(request, kind, entry_id):
    """Ask first, saying the entry goes to the trash for 30 days; then move it there, with an undo button."""
    entry = _entry(request, kind, entry_id)
    if request.method == "GET":
        return render(request, "portfolios/confirm_trash.html", {"entry": entry, "kind": kind})
    entry = services.trash_entry(entry=entry)
    success_with_undo(
        request,
        f"“{entry.title}” is in the trash; it stays there for {TRASH_KEPT.days} days.",
        undo_url=reverse("portfolios:restore_entry", args=[kind, entry.pk]),
        label=f"Undo: put “{entry.title}” back",
    )
    return redirect(entry.portfolio)


@login_required
@require_GET
def trash(request, pk):
    """The portfolio's trash: entries removed in the last 30 days, each with a button that puts it back."""
    portfolio = portfolio_or_404(request, "portfolios.edit_portfolio", pk)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "entries": selectors.trashed_entries(portfolio=portfolio),
    }
    return render(request, "portfolios/trash.html", context)


@login_required
@require_POST
def restore_entry(request, kind, entry_id):
    entry = _entry(request, kind, entry_id, manager="with_trashed")
    restored = f"“{entry.title}” is back in your portfolio, at the end of its list."
    if not carried_out(request, lambda: services.restore_entry(entry=entry), restored):
        return redirect("portfolios:trash", pk=entry.portfolio_id)
    return redirect(entry.portfolio)
