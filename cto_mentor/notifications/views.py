from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.models import Cohort
from cto_mentor.forms import bound, submitted
from cto_mentor.listing import Listing
from cto_mentor.permissions import get_permitted_or_404

from . import registry, reminders, selectors, services, texts
from .forms import NoticeTextForm, OutboxFilterForm, PreferencesForm, ReminderSettingsForm
from .models import Message

OUTBOX_SORTS = {
    "queued": ("created_at",),
    "to": ("to_email",),
    "subject": ("subject",),
    "status": ("status",),
    "attempts": ("attempts",),
}
INBOX_SORTS = {"subject": ("subject",), "received": ("created_at",)}


@login_required
def inbox(request):
    """Each person's own notices, newest first unless sorted by another column, searched by subject; the
    queryset is limited to request.user."""
    listing = Listing(
        request,
        sorts=INBOX_SORTS,
        search=("subject",),
        default=("-created_at", "-pk"),
        search_label="Search by subject",
    )
    page = listing.page(listing.apply(selectors.inbox(user=request.user)))
    # Rendered before the notices are marked read, so the new ones show as new.
    response = render(request, "notifications/inbox.html", {"listing": listing, "page": page})
    services.mark_read(user=request.user)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(bound(request), user=request.user)
    if submitted(request, form, lambda data: services.set_preferences(user=request.user, enabled=data)):
        flash.success(request, "Your notification choices are saved.")
        return redirect("notifications:preferences")
    required = [n for n in registry.all_notices() if not n.optional]
    return render(request, "notifications/preferences.html", {"form": form, "required": required})


@login_required
def outbox(request, slug):
    cohort = get_permitted_or_404(request.user, "notifications.view_outbox", Cohort.objects, slug=slug)
    return _outbox_page(request, cohort)


@login_required
def program_outbox(request):
    """The messages of no cohort (password resets, sign-up confirmations), for the staff."""
    if not request.user.has_perm("notifications.view_program_outbox"):
        raise Http404
    return _outbox_page(request, None)


def _outbox_page(request, cohort):
    filters = OutboxFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    listing = Listing(
        request,
        sorts=OUTBOX_SORTS,
        search=("to_email", "subject"),
        default=("-created_at", "-pk"),
        search_label="Recipient or subject",
    )
    messages = listing.apply(selectors.outbox(cohort=cohort, status=wanted.get("status", "")))
    context = {
        "cohort": cohort,
        "filters": filters,
        "listing": listing,
        "page": listing.page(messages),
        "counts": selectors.outbox_counts(cohort=cohort),
    }
    return render(request, "notifications/outbox.html", context)


@login_required
@require_POST
def resend(request, pk):
    message = get_permitted_or_404(
        request.user, "notifications.resend_message", Message.objects.select_related("cohort"), pk=pk
    )
    try:
        services.resend(message=message)
    except ValueError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, f"The message to {message.to_email} is queued again.")
    if message.cohort is None:
        return redirect("notifications:program_outbox")
    return redirect("notifications:outbox", slug=message.cohort.slug)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request, slug):
    cohort = get_permitted_or_404(request.user, "notifications.manage_reminders", Cohort.objects, slug=slug)
    form = ReminderSettingsForm(bound(request), current=reminders.current_settings(cohort))
    if submitted(
        request, form, lambda data: reminders.save_settings(cohort=cohort, settings=form.settings())
    ):
        flash.success(request, "The reminder times are saved.")
        return redirect("notifications:reminder_settings", slug=cohort.slug)
    rows = [(form[f"{kind}_enabled"], form[f"{kind}_offsets"]) for kind in reminders.current_settings(cohort)]
    return render(
        request, "notifications/reminder_settings.html", {"cohort": cohort, "form": form, "rows": rows}
    )


def _texts_cohort(request, slug):
    return get_permitted_or_404(request.user, "notifications.edit_texts", Cohort.objects, slug=slug)


def _notice(name) -> registry.Notice:
    try:
        return registry.get(name)
    except LookupError:
        raise Http404 from None


@login_required
def notice_texts(request, slug):
    """Every notice of the product, each with whether the cohort has its own text."""
    cohort = _texts_cohort(request, slug)
    edited = set(cohort.notice_texts.values_list("notice", flat=True))
    rows = [(notice, notice.name in edited) for notice in registry.all_notices()]
    return render(request, "notifications/notice_texts.html", {"cohort": cohort, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def notice_text(request, slug, notice):
    """Edit a notice's text for the cohort, preview it for a real recipient, save it.

    "Preview" shows the typed text without saving it; "Save" keeps it (placeholders checked either way).
    """
    cohort = _texts_cohort(request, slug)
    notice = _notice(notice)
    recipients = texts.samples(cohort=cohort, notice=notice)
    own = texts.text_for(cohort=cohort, notice=notice.name)
    chosen = _chosen(request.POST.get("recipient") or request.GET.get("recipient"), recipients)
    if own is not None:
        initial = {"subject": own.subject, "body": own.body}
    elif chosen is not None:
        subject, body = texts.starter(notice=notice, recipient=chosen[0], context=chosen[1])
        initial = {"subject": subject, "body": body}
    else:
        initial = {}
    form = NoticeTextForm(bound(request), notice=notice, recipients=recipients, initial=initial)
    action = request.POST.get("action")
    if action == "save" and submitted(
        request,
        form,
        lambda data: texts.save_text(
            cohort=cohort, notice=notice.name, subject=data["subject"], body=data["body"], by=request.user
        ),
    ):
        flash.success(request, f"The text of “{notice.label}” is saved for the {cohort}.")
        return redirect("notifications:notice_text", slug=cohort.slug, notice=notice.name)
    shown = own
    if action == "preview" and form.is_valid():
        shown = texts.NoticeText(subject=form.cleaned_data["subject"], body=form.cleaned_data["body"])
    preview = None
    if chosen is not None and not form.errors:
        preview = texts.preview(notice=notice, recipient=chosen[0], context=chosen[1], text=shown)
    context = {
        "cohort": cohort,
        "notice": notice,
        "form": form,
        "own": own,
        "preview": preview,
        "previewed_for": chosen[0] if chosen else None,
        "placeholders": [f"{{{name}}}" for name in notice.placeholder_names],
    }
    return render(request, "notifications/notice_text.html", context)


def _chosen(value, recipients):
    """The chosen (recipient, context) of the preview's choices; the first by default."""
    try:
        return recipients[int(value)] if value not in (None, "") else recipients[0]
    except (ValueError, IndexError):
        return recipients[0] if recipients else None


@login_required
@require_http_methods(["GET", "POST"])
def reset_notice_text(request, slug, notice):
    """Ask first, saying the cohort's own text is deleted; then go back to the default text."""
    cohort = _texts_cohort(request, slug)
    notice = _notice(notice)
    if request.method == "GET":
        context = {
            "cohort": cohort,
            "notice": notice,
            "heading": f"Go back to the default text of “{notice.label}”?",
            "action_label": "Go back to the default text",
            "back_url": reverse("notifications:notice_text", args=[cohort.slug, notice.name]),
            "back_label": "Keep my text",
        }
        return render(request, "notifications/confirm_reset_notice_text.html", context)
    if texts.reset_text(cohort=cohort, notice=notice.name):
        flash.success(request, f"“{notice.label}” is back to the default text.")
    return redirect("notifications:notice_text", slug=cohort.slug, notice=notice.name)
