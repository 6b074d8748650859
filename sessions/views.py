import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.models import Cohort, Membership, Role
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.uploads import download_response

from . import calendar, selectors, services
from .forms import (
    AssessmentForm,
    AssignmentForm,
    AttendanceForm,
    GradeForm,
    MeetingForm,
    PresentationForm,
    SessionForm,
    SubmissionForm,
)
from .models import (
    Assignment,
    AssignmentAttachment,
    CalendarFeed,
    ClassSession,
    Meeting,
    Presentation,
    Submission,
    SubmissionFile,
)

SESSIONS = ClassSession.objects.select_related("cohort")
MEETINGS = Meeting.objects.select_related("session__cohort")
ASSIGNMENTS = Assignment.objects.select_related("session__cohort")
PRESENTATIONS = Presentation.objects.select_related("session__cohort", "candidate")
SUBMISSIONS = Submission.objects.select_related("assignment__session__cohort", "candidate", "graded_by")


def _bound(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Schedule ------------------------------------------------------------------------------------------------


@login_required
def schedule(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_schedule", Cohort.objects.select_related("program"), slug=slug
    )
    return render(
        request, "sessions/schedule.html", {"cohort": cohort, "sessions": selectors.schedule(cohort=cohort)}
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
    form = SessionForm(_bound(request), cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.save_session(
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
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{session} is saved. Add or change its meetings below.")
            return redirect(session)
    return render(request, "sessions/session_form.html", {"cohort": cohort, "session": session, "form": form})


@login_required
@require_POST
def session_delete(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.manage_schedule", SESSIONS, pk=pk)
    try:
        services.remove_session(session=session)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(session)
    messages.success(request, f"{session} is off the schedule.")
    return redirect("class_sessions:schedule", slug=session.cohort.slug)


@login_required
def session_detail(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.view_session", SESSIONS, pk=pk)
    context = {
        "session": session,
        "cohort": session.cohort,
        "meetings": list(session.meetings.all()),
        "assignments": list(session.assignments.all()),
        "presentations": selectors.presentations_of(session=session),
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
        form = MeetingForm(_bound(request), cohort=cohort, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_meeting(session=session, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "The meeting is on the schedule.")
                return redirect(session)
        return render(
            request,
            "sessions/meeting_form.html",
            {"cohort": cohort, "session": session, "meeting": meeting, "form": form},
        )


@login_required
@require_POST
def meeting_delete(request, pk):
    meeting = get_permitted_or_404(request.user, "class_sessions.manage_schedule", MEETINGS, pk=pk)
    try:
        services.remove_meeting(meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The meeting is off the schedule.")
    return redirect(meeting.session)


# Calendar feed -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request):
    """The person's own private feed: show its address, renew it (revoking the old one) or turn it off."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(user=request.user)
            messages.success(request, "Your calendar feed is off; its address no longer works.")
        else:
            services.renew_calendar_feed(user=request.user)
            messages.success(request, "Your calendar feed has a new address; the old one no longer works.")
        return redirect("class_sessions:calendar_feed")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(request, "sessions/calendar_feed.html", {"feed": feed, "feed_url": url})


def feed(request, token):
    """The subscription feed. The secret token stands in for a login, as calendar programs cannot log in."""
    subscription = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not subscription.user.is_active:
        raise Http404
    response = HttpResponse(
        calendar.person_feed(subscription.user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Attendance ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def take_attendance(request, pk):
    meeting = get_permitted_or_404(request.user, "class_sessions.take_attendance", MEETINGS, pk=pk)
    form = AttendanceForm(_bound(request), sheet=selectors.attendance_sheet(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        marks = [services.Mark(person, status, note) for person, status, note in form.marks()]
        changed = services.record_attendance(meeting=meeting, marks=marks, actor=request.user)
        messages.success(request, f"Attendance saved ({changed} change{'s' if changed != 1 else ''}).")
        return redirect("class_sessions:attendance", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "session": meeting.session,
        "cohort": meeting.session.cohort,
        "form": form,
        "changes": selectors.attendance_changes(meeting=meeting)[:50],
    }
    return render(request, "sessions/attendance_take.html", context)


@login_required
def attendance_grid(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_cohort_records", Cohort.objects, slug=slug
    )
    grid = selectors.attendance_grid(cohort=cohort, page_number=request.GET.get("page"))
    return render(
        request, "sessions/attendance_grid.html", {"cohort": cohort, "grid": grid, "page": grid.page}
    )


@login_required
def attendance_csv(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_cohort_records", Cohort.objects, slug=slug
    )
    meetings, rows = selectors.attendance_rows_for_export(cohort=cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cohort.slug}-attendance.csv"'
    writer = csv.writer(response)
    zone = cohort.tz
    writer.writerow(
        ["Candidate", "E-mail", "Short of full attendance"]
        + [f"{m.session} {m.starts_at.astimezone(zone):%Y-%m-%d %H:%M}" for m in meetings]
    )
    for row in rows:
        writer.writerow(
            [str(row.person), row.person.email, "yes" if row.short else "no"]
            + [cell.get_status_display() if cell else "" for cell in row.cells]
        )
    return response


# Assignments ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.post_assignment", SESSIONS, pk=pk)
    return _assignment_form(request, session=session, assignment=None)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request, pk):
    assignment = get_permitted_or_404(request.user, "class_sessions.post_assignment", ASSIGNMENTS, pk=pk)
    return _assignment_form(request, session=assignment.session, assignment=assignment)


def _assignment_form(request, *, session, assignment):
    cohort = session.cohort
    with timezone.override(cohort.tz):
        initial = None
        if assignment:
            initial = {
                "title": assignment.title,
                "instructions": assignment.instructions,
                "due_at": assignment.due_at,
            }
        form = AssignmentForm(_bound(request), _files(request), cohort=cohort, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if assignment:
                    assignment = services.change_assignment(
                        assignment=assignment,
                        title=data["title"],
                        instructions=data["instructions"],
                        due_at=data["due_at"],
                        files=data["attachments"],
                    )
                else:
                    assignment = services.post_assignment(
                        session=session,
                        title=data["title"],
                        instructions=data["instructions"],
                        due_at=data["due_at"],
                        files=data["attachments"],
                        actor=request.user,
                    )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"“{assignment.title}” is posted.")
                return redirect(assignment)
        return render(
            request,
            "sessions/assignment_form.html",
            {"cohort": cohort, "session": session, "assignment": assignment, "form": form},
        )


@login_required
def assignment_detail(request, pk):
    assignment = get_permitted_or_404(request.user, "class_sessions.view_assignment", ASSIGNMENTS, pk=pk)
    context = {
        "assignment": assignment,
        "session": assignment.session,
        "cohort": assignment.session.cohort,
        "attachments": list(assignment.attachments.all()),
        "versions": selectors.versions_of(assignment=assignment, candidate=request.user),
    }
    if request.user.has_perm("class_sessions.view_all_submissions", assignment):
        context["roster"] = selectors.submissions_for_grading(assignment=assignment)
    return render(request, "sessions/assignment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_submit(request, pk):
    assignment = get_permitted_or_404(request.user, "class_sessions.submit_assignment", ASSIGNMENTS, pk=pk)
    form = SubmissionForm(_bound(request), _files(request))
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submit_assignment(
                assignment=assignment,
                candidate=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            late = " It is marked late: the due time had passed." if submission.is_late else ""
            messages.success(request, f"Your work is handed in (version {submission.version}).{late}")
            return redirect(assignment)
    context = {
        "assignment": assignment,
        "cohort": assignment.session.cohort,
        "form": form,
        "versions": selectors.versions_of(assignment=assignment, candidate=request.user),
    }
    return render(request, "sessions/assignment_submit.html", context)


@login_required
def attachment_download(request, pk):
    attachment = get_permitted_or_404(
        request.user,
        "class_sessions.view_assignment",
        AssignmentAttachment.objects.select_related("assignment__session__cohort"),
        pk=pk,
    )
    return download_response(attachment)


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request, pk):
    submission = get_permitted_or_404(request.user, "class_sessions.view_submission", SUBMISSIONS, pk=pk)
    may_grade = request.user.has_perm("class_sessions.grade_submission", submission)
    if request.method == "POST" and not may_grade:
        raise Http404
    form = GradeForm(_bound(request)) if may_grade else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.grade_submission(
                submission=submission,
                grade=form.cleaned_data["grade"],
                comments=form.cleaned_data["comments"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Graded; {submission.candidate} is told by e-mail.")
            return redirect(submission.assignment)
    context = {
        "submission": submission,
        "assignment": submission.assignment,
        "cohort": submission.assignment.session.cohort,
        "versions": selectors.versions_of(assignment=submission.assignment, candidate=submission.candidate),
        "form": form,
    }
    return render(request, "sessions/submission_detail.html", context)


@login_required
def submission_file(request, pk):
    stored = get_permitted_or_404(
        request.user,
        "class_sessions.download_submission_file",
        SubmissionFile.objects.select_related("submission__assignment__session__cohort"),
        pk=pk,
    )
    return download_response(stored)


@login_required
def assignment_grid(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_cohort_records", Cohort.objects, slug=slug
    )
    assignments, page = selectors.assignment_grid(cohort=cohort, page_number=request.GET.get("page"))
    return render(
        request, "sessions/assignment_grid.html", {"cohort": cohort, "assignments": assignments, "page": page}
    )


# Presentations -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def presentation_create(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.schedule_presentation", SESSIONS, pk=pk)
    return _presentation_form(request, session=session, presentation=None)


@login_required
@require_http_methods(["GET", "POST"])
def presentation_edit(request, pk):
    presentation = get_permitted_or_404(
        request.user, "class_sessions.schedule_presentation", PRESENTATIONS, pk=pk
    )
    return _presentation_form(request, session=presentation.session, presentation=presentation)


def _presentation_form(request, *, session, presentation):
    cohort = session.cohort
    with timezone.override(cohort.tz):
        initial = None
        if presentation:
            initial = {
                "candidate": presentation.candidate,
                "topic": presentation.topic,
                "scheduled_at": presentation.scheduled_at,
            }
        form = PresentationForm(_bound(request), cohort=cohort, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.schedule_presentation(
                    session=session, presentation=presentation, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "The presentation is on the session's list.")
                return redirect(session)
        context = {"cohort": cohort, "session": session, "presentation": presentation, "form": form}
        return render(request, "sessions/presentation_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def presentation_assess(request, pk):
    presentation = get_permitted_or_404(
        request.user,
        "class_sessions.assess_presentation",
        PRESENTATIONS,
        pk=pk,
    )
    initial = (
        {"result": presentation.result, "comments": presentation.comments} if presentation.result else None
    )
    form = AssessmentForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_presentation(presentation=presentation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The presentation of {presentation.candidate} is assessed.")
            return redirect(presentation.session)
    context = {"presentation": presentation, "cohort": presentation.session.cohort, "form": form}
    return render(request, "sessions/presentation_assess.html", context)


# Progress ------------------------------------------------------------------------------------------------


@login_required
def progress(request, slug, user_id):
    membership = get_permitted_or_404(
        request.user,
        "class_sessions.view_progress",
        Membership.objects.select_related("cohort", "user"),
        cohort__slug=slug,
        user_id=user_id,
        role=Role.CANDIDATE,
    )
    record = selectors.progress(cohort=membership.cohort, candidate=membership.user)
    return render(request, "sessions/progress.html", {"cohort": membership.cohort, "record": record})
