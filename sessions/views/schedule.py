"""The schedule: sessions, their meetings, calendar files and the person's private feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.models import Cohort
from cto_mentor.forms import bound, carried_out, submitted
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.undo import success_with_undo

from .. import calendar, selectors, services
from ..forms import MeetingForm, SessionForm, SessionPlanForm
from ..models import CalendarFeed
from ._common import MEETINGS, SESSIONS

NEW_FEED_URL = "new_calendar_feed_url"  # shown once, on the page the renewal redirects to


@login_required
def schedule(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_schedule", Cohort.objects.select_related("program"), slug=slug
    )
    return render(
        request,
        "sessions/schedule.html",
        {"cohort": cohort, "sessions": selectors.schedule_rows(cohort=cohort)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, slug):
    cohort = get_permitted_or_404(request.user, "class_sessions.manage_schedule", Cohort.objects, slug=slug)
    return _session_form(request, cohort=cohort, session=None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.manage_schedule", SESSIONS, pk=pk)
    return _session_form(request, cohort=session.cohort, session=session)


def _session_form(request, *, cohort, session):
    initial = SessionForm.initial_for(session) if session else None
    form = SessionForm(bound(request), cohort=cohort, initial=initial)
    saved = []

    def save(data):
        saved.append(
            services.save_session(
                cohort=cohort,
                session=session,
                kind=data["kind"],
                number=data["number"],
                title=data["title"],
                description=data["description"],
                mentors_expected=data["mentors_expected"],
                topics=data["topics"],
                instructors=list(data["instructors"]),
            )
        )

    if submitted(request, form, save):
        messages.success(request, f"{saved[0]} is saved. Add or change its meetings below.")
        return redirect(saved[0])
    return render(request, "sessions/session_form.html", {"cohort": cohort, "session": session, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, slug):
    cohort = get_permitted_or_404(request.user, "class_sessions.manage_schedule", Cohort.objects, slug=slug)
    return _plan_form(request, cohort=cohort, session=None)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.manage_schedule", SESSIONS, pk=pk)
    return _plan_form(request, cohort=session.cohort, session=session)


def _plan_form(request, *, cohort, session):
    """A whole session, its details and its two days, in one form (`services.plan_session`)."""
    if session:
        initial = SessionPlanForm.initial_for(session, cohort)
    else:
        initial = {"location": cohort.location}
    form = SessionPlanForm(bound(request), cohort=cohort, initial=initial)
    saved = []

    def save(data):
        details = {
            name: data[name] for name in ("kind", "number", "title", "description", "mentors_expected")
        }
        saved.append(
            services.plan_session(
                cohort=cohort,
                session=session,
                days=form.days(),
                location=data["location"],
                address=data["address"],
                topics=data["topics"],
                instructors=list(data["instructors"]),
                **details,
            )
        )

    if submitted(request, form, save):
        messages.success(request, f"{saved[0]} and its meetings are on the schedule.")
        return redirect(saved[0])
    return render(request, "sessions/session_plan.html", {"cohort": cohort, "session": session, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    """Ask first, saying the session leaves the schedule with its meetings for good; then remove it."""
    session = get_permitted_or_404(request.user, "class_sessions.manage_schedule", SESSIONS, pk=pk)
    if request.method == "GET":
        context = {
            "session": session,
            "cohort": session.cohort,
            "meetings": list(session.meetings.all()),
            "refusal": services.remove_session_refusal(session=session),
        }
        return render(request, "sessions/confirm_session_delete.html", context)
    if not carried_out(
        request, lambda: services.remove_session(session=session), f"{session} is off the schedule."
    ):
        return redirect(session)
    return redirect("class_sessions:schedule", slug=session.cohort.slug)


@login_required
def session_detail(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.view_session", SESSIONS, pk=pk)
    meetings = list(session.meetings.all())
    for meeting in meetings:
        meeting.attendance_open = not services.attendance_refusal(meeting=meeting)
    context = {
        "session": session,
        "cohort": session.cohort,
        "meetings": meetings,
        "assignments": list(session.assignments.for_candidate(request.user)),
        "presentations": selectors.presentations_of(session=session, viewer=request.user),
    }
    return render(request, "sessions/session_detail.html", context)


def session_ics(request, pk):
    """The session's meetings as a calendar file; the schedule is public, like the cohort's timeline."""
    session = get_permitted_or_404(request.user, "class_sessions.download_session_calendar", SESSIONS, pk=pk)
    response = HttpResponse(calendar.session_ics(session), content_type="text/calendar; charset=utf-8")
    name = f"{session.cohort.slug}-{session.label}".lower().replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.manage_schedule", SESSIONS, pk=pk)
    return _meeting_form(request, session=session, meeting=None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_permitted_or_404(request.user, "class_sessions.manage_schedule", MEETINGS, pk=pk)
    return _meeting_form(request, session=meeting.session, meeting=meeting)


def _meeting_form(request, *, session, meeting):
    cohort = session.cohort
    with timezone.override(cohort.tz):
        initial = None
        if meeting:
            initial = {
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "location": meeting.location,
                "address": meeting.address,
            }
        elif cohort.location:
            initial = {"location": cohort.location}
        form = MeetingForm(bound(request), cohort=cohort, initial=initial)
        if submitted(
            request, form, lambda data: services.save_meeting(session=session, meeting=meeting, **data)
        ):
            messages.success(request, "The meeting is on the schedule.")
            return redirect(session)
        return render(
            request,
            "sessions/meeting_form.html",
            {"cohort": cohort, "session": session, "meeting": meeting, "form": form},
        )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request, pk):
    """Ask first, saying what leaves the schedule; then remove the meeting."""
    meeting = get_permitted_or_404(request.user, "class_sessions.manage_schedule", MEETINGS, pk=pk)
    if request.method == "GET":
        context = {
            "meeting": meeting,
            "session": meeting.session,
            "cohort": meeting.session.cohort,
            "refusal": services.remove_meeting_refusal(meeting=meeting),
        }
        return render(request, "sessions/confirm_meeting_delete.html", context)
    carried_out(request, lambda: services.remove_meeting(meeting=meeting), "The meeting is off the schedule.")
    return redirect(meeting.session)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request):
    """The person's own private feed: show its address, renew it (revoking the old one) or turn it off, which
    asks first on its own page."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            return redirect("class_sessions:calendar_feed_off")
        token = services.renew_calendar_feed(user=request.user)
        request.session[NEW_FEED_URL] = request.build_absolute_uri(CalendarFeed.path_for(token))
        messages.success(request, "Your calendar feed has a new address; any old one no longer works.")
        return redirect("class_sessions:calendar_feed")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.session.pop(NEW_FEED_URL, "") if feed else ""
    return render(request, "sessions/calendar_feed.html", {"feed": feed, "feed_url": url})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_off(request):
    """Ask first, saying subscribed calendars stop updating; then turn the feed off, with an undo button."""
    feed = get_object_or_404(CalendarFeed, user=request.user, revoked_at__isnull=True)
    if request.method == "GET":
        return render(request, "sessions/confirm_feed_off.html", {"feed": feed})
    try:
        services.revoke_calendar_feed(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        success_with_undo(
            request,
            "Your calendar feed is off; its address no longer works.",
            undo_url=reverse("class_sessions:calendar_feed_on"),
            label="Undo: turn the same feed address on again",
        )
    return redirect("class_sessions:calendar_feed")


@login_required
@require_POST
def calendar_feed_on(request):
    """Undo turning the feed off: the same address works again."""
    carried_out(
        request,
        lambda: services.restore_calendar_feed(user=request.user),
        "Your calendar feed is on again, at the same address.",
    )
    return redirect("class_sessions:calendar_feed")


def feed(request, token):
    """The subscription feed. The secret token stands in for a login, as calendar programs cannot log in."""
    subscription = get_object_or_404(
        CalendarFeed.objects.select_related("user"),
        token_hash=CalendarFeed.hash_token(token),
        revoked_at__isnull=True,
    )
    if not subscription.user.is_active:
        raise Http404
    response = HttpResponse(
        calendar.person_feed(subscription.user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
