"""Applicant, nominator, reviewer and program manager pages of the intake.

Each view parses the request, checks one permission on the object (404 outside the user's scope), calls one
service or selector and renders. Refusals from services come back as messages or as form errors.
"""

from .applicant import (
    availability,
    detail,
    download_resume,
    edit_form,
    nomination,
    place,
    reopen,
    resend_nomination,
    resume,
    start,
    submit,
    undo_withdrawal,
    withdraw,
)
from .bulk import bulk_assign, bulk_decide, export_checked, reviewers
from .manager import (
    answer_by,
    assign,
    change_criterion,
    decide,
    decisions,
    export,
    export_in_background,
    extensions,
    offer,
    queue,
    remove_criterion,
    rubric,
)
from .nominator import nominate
from .questions import (
    answers,
    download_answer,
    question_delete,
    question_edit,
    question_hide,
    question_list,
    question_move,
)
from .reviewer import declare_conflict, my_reviews, review

__all__ = [
    "answer_by",
    "answers",
    "download_answer",
    "question_delete",
    "question_edit",
    "question_hide",
    "question_list",
    "question_move",
    "assign",
    "bulk_assign",
    "bulk_decide",
    "change_criterion",
    "export_checked",
    "reviewers",
    "availability",
    "decide",
    "decisions",
    "declare_conflict",
    "detail",
    "download_resume",
    "edit_form",
    "export",
    "export_in_background",
    "extensions",
    "my_reviews",
    "nominate",
    "nomination",
    "offer",
    "place",
    "queue",
    "remove_criterion",
    "reopen",
    "resend_nomination",
    "resume",
    "review",
    "rubric",
    "start",
    "submit",
    "undo_withdrawal",
    "withdraw",
]
