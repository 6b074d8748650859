"""Prerequisite assignments, submissions, their files and grades, and the manager's grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cto_mentor.forms import bound, submitted, uploaded
from cto_mentor.listing import PER_PAGE
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.uploads import download_response

from .. import selectors, services
from ..forms import AssignmentForm, CorrectionForm, GradeForm, SubmissionForm
from ..models import AssignmentAttachment, SubmissionFile
from ._common import ASSIGNMENTS, SESSIONS, SUBMISSIONS


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
        form = AssignmentForm(bound(request), uploaded(request), cohort=cohort, initial=initial)
        posted = []

        def post(data):
            if assignment:
                posted.append(
                    services.change_assignment(
                        assignment=assignment,
                        title=data["title"],
                        instructions=data["instructions"],
                        due_at=data["due_at"],
                        files=data["attachments"],
                    )
                )
            else:
                posted.append(
                    services.post_assignment(
                        session=session,
                        title=data["title"],
                        instructions=data["instructions"],
                        due_at=data["due_at"],
                        files=data["attachments"],
                        actor=request.user,
                    )
                )

        if submitted(request, form, post):
            messages.success(request, f"“{posted[0].title}” is posted.")
            return redirect(posted[0])
        return render(
            request,
            "sessions/assignment_form.html",
            {"cohort": cohort, "session": session, "assignment": assignment, "form": form},
        )


@login_required
def assignment_detail(request, pk):
    assignment = get_permitted_or_404(request.user, "class_sessions.view_assignment", ASSIGNMENTS, pk=pk)
    can_submit = request.user.has_perm("class_sessions.submit_assignment", assignment)
    # Only a candidate hands work in: the versions are not looked for on anyone else's page.
    versions = selectors.versions_of(assignment=assignment, candidate=request.user) if can_submit else []
    context = {
        "assignment": assignment,
        "session": assignment.session,
        "cohort": assignment.session.cohort,
        "attachments": list(assignment.attachments.all()),
        "can_submit": can_submit,
        "versions": versions,
        "refusal": services.hand_in_refusal(assignment=assignment, newest=versions[0] if versions else None),
    }
    if request.user.has_perm("class_sessions.view_all_submissions", assignment):
        context["roster"] = selectors.submissions_for_grading(
            assignment=assignment, page_number=request.GET.get("page")
        )
    return render(request, "sessions/assignment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_submit(request, pk):
    assignment = get_permitted_or_404(request.user, "class_sessions.submit_assignment", ASSIGNMENTS, pk=pk)
    versions = selectors.versions_of(assignment=assignment, candidate=request.user)
    # The page offers no upload that would be refused; the service checks again when the work arrives.
    refusal = services.hand_in_refusal(assignment=assignment, newest=versions[0] if versions else None)
    form = SubmissionForm(bound(request), uploaded(request))
    handed_in = []

    def hand_in(data):
        handed_in.append(
            services.submit_assignment(
                assignment=assignment, candidate=request.user, text=data["text"], files=data["files"]
            )
        )

    if submitted(request, form, hand_in):
        submission = handed_in[0]
        late = " It is marked late: the due time had passed." if submission.is_late else ""
        messages.success(request, f"Your work is handed in (version {submission.version}).{late}")
        return redirect(assignment)
    context = {
        "assignment": assignment,
        "cohort": assignment.session.cohort,
        "form": form,
        "versions": versions,
        "refusal": refusal,
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
    return download_response(request, attachment)


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request, pk):
    submission = get_permitted_or_404(request.user, "class_sessions.view_submission", SUBMISSIONS, pk=pk)
    cohort = submission.assignment.session.cohort
    may_grade = request.user.has_perm("class_sessions.grade_submission", submission)
    if request.method == "POST" and not may_grade:
        raise Http404
    with timezone.override(cohort.tz):
        form = GradeForm(bound(request), cohort=cohort) if may_grade else None

        def grade(data):
            services.grade_submission(submission=submission, actor=request.user, **data)

        if form is not None and submitted(request, form, grade):
            messages.success(request, f"Graded; {submission.candidate} is told by e-mail.")
            return redirect(submission.assignment)
        versions = selectors.versions_of(assignment=submission.assignment, candidate=submission.candidate)
        context = {
            "submission": submission,
            "assignment": submission.assignment,
            "cohort": cohort,
            "versions": versions,
            "form": form,
            "may_correct": may_grade
            and not services.correction_refusal(submission=submission, actor=request.user),
        }
        return render(request, "sessions/submission_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grade_correct(request, pk):
    submission = get_permitted_or_404(request.user, "class_sessions.grade_submission", SUBMISSIONS, pk=pk)
    cohort = submission.assignment.session.cohort
    refusal = services.correction_refusal(submission=submission, actor=request.user)
    with timezone.override(cohort.tz):
        form = CorrectionForm(bound(request), cohort=cohort, initial=CorrectionForm.initial_for(submission))
        if submitted(
            request,
            form,
            lambda data: services.correct_grade(submission=submission, actor=request.user, **data),
        ):
            messages.success(request, f"The grade is corrected; {submission.candidate} is told by e-mail.")
            return redirect(submission)
        context = {
            "submission": submission,
            "cohort": cohort,
            "form": form,
            "refusal": refusal,
        }
        return render(request, "sessions/grade_correct.html", context)


@login_required
def submission_file(request, pk):
    stored = get_permitted_or_404(
        request.user,
        "class_sessions.download_submission_file",
        SubmissionFile.objects.select_related("submission__assignment__session__cohort"),
        pk=pk,
    )
    return download_response(request, stored)


@login_required
def assignment_grid(request, slug):
    """Candidates × assignments; with ?waiting=week, only the work waiting for a grade for over a week (the
    program manager's to-do item)."""
    cohort = get_permitted_or_404(
        request.user, "class_sessions.view_cohort_records", Cohort.objects, slug=slug
    )
    if request.GET.get("waiting") == "week":
        waiting = selectors.ungraded_since(cohort=cohort, before=timezone.now() - selectors.UNGRADED_WAIT)
        page = Paginator(waiting, PER_PAGE).get_page(request.GET.get("page"))
        return render(request, "sessions/ungraded_list.html", {"cohort": cohort, "page": page})
    assignments, page = selectors.assignment_grid(cohort=cohort, page_number=request.GET.get("page"))
    return render(
        request, "sessions/assignment_grid.html", {"cohort": cohort, "assignments": assignments, "page": page}
    )
