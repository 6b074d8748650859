"""Roll call on a phone, the manager's grid and its CSV export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cto_mentor.csv_export import streamed_csv
from cto_mentor.forms import bound, submitted, uploaded
from cto_mentor.permissions import get_permitted_or_404

from .. import selectors, services
from ..exports import attendance_rows
from ..forms import AttendanceForm, MakeUpForm
from ..models import Attendance
from ._common import MEETINGS


@login_required
@require_http_methods(["GET", "POST"])
def take_attendance(request, pk):
    meeting = get_permitted_or_404(request.user, "class_sessions.take_attendance", MEETINGS, pk=pk)
    # A meeting not started yet takes no roll: the page says so instead of offering the form.
    refusal = services.attendance_refusal(meeting=meeting)
    version = selectors.attendance_version(meeting=meeting)
    page = selectors.attendance_sheet(meeting=meeting, page_number=request.GET.get("page"))
    form = AttendanceForm(bound(request), sheet=page.object_list, version=version)
    changed = []

    def record(data):
        marks = [services.Mark(person, status, note) for person, status, note in form.marks()]
        try:
            changed.append(
                services.record_attendance(
                    meeting=meeting, marks=marks, actor=request.user, expected_version=form.seen_version()
                )
            )
        except ValidationError:
            form.data = form.data.copy()
            form.data["version"] = version  # what is typed stays; saving again now overwrites knowingly
            raise

    if submitted(request, form, record):
        count = changed[0]
        messages.success(request, f"Attendance saved ({count} change{'s' if count != 1 else ''}).")
        return redirect(f"{reverse('class_sessions:attendance', args=[meeting.pk])}?page={page.number}")
    context = {
        "refusal": refusal,
        "meeting": meeting,
        "session": meeting.session,
        "cohort": meeting.session.cohort,
        "form": form,
        "page": page,
        # The version is the newest change's id: none when the page was opened, no list of changes to read
        # (after a refused save, someone may have saved since).
        "changes": selectors.attendance_changes(meeting=meeting)[:50]
        if version or request.method == "POST"
        else [],
    }
    return render(request, "sessions/attendance_take.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def make_up(request, pk, user_id):
    """The make-up work of one candidate's excused absence: set it here, or go to it once it is set."""
    meeting = get_permitted_or_404(request.user, "class_sessions.set_make_up", MEETINGS, pk=pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("person", "make_up"), meeting=meeting, person_id=user_id
    )
    if getattr(attendance, "make_up", None):
        return redirect(attendance.make_up)
    cohort = meeting.session.cohort
    refusal = services.make_up_refusal(attendance=attendance)
    with timezone.override(cohort.tz):
        form = MakeUpForm(bound(request), uploaded(request), cohort=cohort)
        set_up = []

        def set_make_up(data):
            set_up.append(
                services.set_make_up(
                    attendance=attendance,
                    title=data["title"],
                    instructions=data["instructions"],
                    due_at=data["due_at"],
                    files=data["attachments"],
                    actor=request.user,
                )
            )

        if submitted(request, form, set_make_up):
            messages.success(request, f"The make-up work is set; {attendance.person} is told.")
            return redirect(set_up[0])
        context = {
            "meeting": meeting,
            "session": meeting.session,
            "cohort": cohort,
            "attendance": attendance,
            "form": form,
            "refusal": refusal,
        }
        return render(request, "sessions/make_up_form.html", context)


@login_required
def attendance_grid(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_cohort_records", Cohort.objects, slug=slug
    )
    grid = selectors.attendance_grid(
        cohort=cohort, page_number=request.GET.get("page"), mentor_page_number=request.GET.get("mentors")
    )
    return render(
        request, "sessions/attendance_grid.html", {"cohort": cohort, "grid": grid, "page": grid.page}
    )


@login_required
def attendance_csv(request, slug):
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_cohort_records", Cohort.objects, slug=slug
    )
    return streamed_csv(attendance_rows(cohort=cohort), filename=f"{cohort.slug}-attendance.csv")
