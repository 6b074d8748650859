"""The cohort's own application questions: the manager's list and edit pages, the applicant's "Questions"
part and the download of a file answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cto_mentor.forms import bound, carried_out, submitted, uploaded
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.uploads import download_response

from .. import forms, questions
from ..models import Answer, AnswerFile, Kind, Question, Visibility
from ._common import GET_POST, application_rows, cohort_for, own_part, read_only_part


def _question(request, slug, question_id) -> Question:
    cohort = cohort_for(request, "applications.manage_intake", slug)
    return get_object_or_404(Question.objects.select_related("cohort"), cohort=cohort, pk=question_id)


@login_required
@GET_POST
def question_list(request, slug):
    """The cohort's questions by kind, in order, with a form to add one."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    form = forms.QuestionForm(bound(request), initial={"kind": Kind.CANDIDATE})
    if submitted(request, form, lambda data: questions.add_question(cohort=cohort, **data)):
        messages.success(request, f"“{form.cleaned_data['label']}” is added.")
        return redirect("applications:questions", slug=cohort.slug)
    listed = list(questions.questions_of(cohort=cohort))
    context = {
        "cohort": cohort,
        "form": form,
        "groups": [(label, [q for q in listed if q.kind == kind]) for kind, label in Kind.choices],
        "locked": questions.has_submitted_applications(cohort),
    }
    return render(request, "applications/questions.html", context)


@login_required
@GET_POST
def question_edit(request, slug, question_id):
    question = _question(request, slug, question_id)
    form = forms.QuestionForm(bound(request), instance=Question.objects.get(pk=question.pk))
    if submitted(request, form, lambda data: questions.change_question(question=question, **data)):
        messages.success(request, "The question is saved.")
        return redirect("applications:questions", slug=question.cohort.slug)
    context = {"cohort": question.cohort, "question": question, "form": form}
    return render(request, "applications/question_edit.html", context)


@login_required
@require_POST
def question_move(request, slug, question_id):
    question = _question(request, slug, question_id)
    questions.move_question(question=question, up=request.POST.get("direction") == "up")
    return redirect("applications:questions", slug=question.cohort.slug)


@login_required
@require_POST
def question_hide(request, slug, question_id):
    question = _question(request, slug, question_id)
    hidden = request.POST.get("hidden") == "yes"
    questions.set_hidden(question=question, hidden=hidden)
    messages.success(
        request,
        f"“{question.label}” is hidden: applicants no longer see it; its answers are kept."
        if hidden
        else f"“{question.label}” is asked again.",
    )
    return redirect("applications:questions", slug=question.cohort.slug)


@login_required
@GET_POST
def question_delete(request, slug, question_id):
    """Ask first, saying the drafts' answers go with the question; then delete it."""
    question = _question(request, slug, question_id)
    if request.method == "GET":
        back = reverse("applications:questions", args=[question.cohort.slug])
        context = {
            "question": question,
            "heading": f"Delete the question “{question.label}”?",
            "refusal": questions.delete_refusal(question=question),
            "action_label": "Delete the question",
            "back_url": back,
            "back_label": "Keep it",
        }
        return render(request, "applications/confirm_question_delete.html", context)
    carried_out(
        request, lambda: questions.delete_question(question=question), f"“{question.label}” is deleted."
    )
    return redirect("applications:questions", slug=question.cohort.slug)


@login_required
@GET_POST
def answers(request, pk):
    """The applicant answers the cohort's questions of their kind; saved as a draft, complete or not."""
    application, read_only = own_part(request, pk)
    if read_only:
        return read_only_part(request, application, "Questions", read_only)
    given = {
        a.question_id: a for a in Answer.objects.filter(application=application).select_related("question")
    }
    form = forms.AnswersForm(
        bound(request), uploaded(request), questions=questions.asked_of(application), answers=given
    )
    if submitted(
        request,
        form,
        lambda data: questions.save_answers(
            application=application, values=form.values(), files=form.files_given()
        ),
    ):
        messages.success(
            request, "Your answers are saved. You can come back and change them until you submit."
        )
        return redirect(application)
    context = {"application": application, "form": form, "files": {q: a for q, a in given.items() if a.value}}
    return render(request, "applications/part_questions.html", context)


@login_required
def download_answer(request, pk, question_id):
    """A file answer, for whoever may see the application and, for a reviewer, the question."""
    application = get_permitted_or_404(
        request.user, "applications.download_resume", application_rows(), pk=pk
    )
    stored = get_object_or_404(
        AnswerFile.objects.select_related("answer__question"),
        answer__application=application,
        answer__question_id=question_id,
    )
    question = stored.answer.question
    if not _sees_question(request.user, application, question):
        raise Http404
    return download_response(request, stored)


def _sees_question(user, application, question) -> bool:
    return (
        question.visibility == Visibility.REVIEWERS
        or application.applicant_id == user.pk
        or user.has_perm("applications.manage_application", application)
    )
