"""A cohort's own application questions: the program manager adds, edits, orders and hides them; applicants
answer them in the "Questions" part of their application.

A new cohort gets the default mentor questions (the mentor qualifications of the program's description),
structured as yes/no, number and one-choice questions so that the review queue can filter on them. They are
optional until the manager marks them required: the built-in mentor form part already asks for the years and
the willingness to contract, and a cohort's existing drafts must not become incomplete behind their backs.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor import figures
from cto_mentor.uploads import check_upload

from .models import (
    CHOICE_TYPES,
    Answer,
    AnswerFile,
    Application,
    Kind,
    Question,
    QuestionType,
    Visibility,
)

DEFAULT_MENTOR_QUESTIONS = [
    {
        "key": "current-leadership-position",
        "label": "Do you currently hold a leadership position in K-12 technology?",
        "type": QuestionType.YES_NO,
    },
    {
        "key": "years-of-experience",
        "label": "How many years of experience do you have as a K-12 technology leader?",
        "help_text": "10 years or more preferred.",
        "type": QuestionType.NUMBER,
    },
    {
        "key": "hands-on-experience",
        "label": "Do you have hands-on K-12 technology experience?",
        "type": QuestionType.YES_NO,
    },
    {
        "key": "qualification",
        "label": "Which qualification do you hold?",
        "type": QuestionType.CHOICE,
        "options": "Business degree\nCTO certification\nDemonstrated work experience",
    },
    {
        "key": "willing-to-contract",
        "label": "Are you willing to contract with the association?",
        "type": QuestionType.YES_NO,
    },
]

# Asked of both kinds so that pairing suggestions can compare a candidate with each mentor (`pairing.py`).
TOPICS = "\n".join(
    [
        "Strategic planning",
        "Budget and fiscal management",
        "E-rate",
        "Data privacy",
        "Cybersecurity",
        "Network infrastructure",
        "Student information systems",
        "Instructional technology",
        "Staff development",
        "Project management",
        "Technology policy",
    ]
)
COUNTY_HELP = "Where your organization is; used to suggest a mentor nearby."
PAIRING_QUESTIONS = [
    {
        "key": "candidate-county",
        "kind": Kind.CANDIDATE,
        "label": "In which county is your organization?",
        "help_text": COUNTY_HELP,
        "type": QuestionType.TEXT,
    },
    {
        "key": "candidate-topics",
        "kind": Kind.CANDIDATE,
        "label": "Which topics would you most like a mentor's help with?",
        "type": QuestionType.CHOICES,
        "options": TOPICS,
    },
    {
        "key": "mentor-county",
        "kind": Kind.MENTOR,
        "label": "In which county is your organization?",
        "help_text": COUNTY_HELP,
        "type": QuestionType.TEXT,
    },
    {
        "key": "mentor-topics",
        "kind": Kind.MENTOR,
        "label": "On which topics can you advise a candidate?",
        "type": QuestionType.CHOICES,
        "options": TOPICS,
    },
    {
        "key": "mentor-capacity",
        "kind": Kind.MENTOR,
        "label": "How many candidates could you mentor this year?",
        "type": QuestionType.NUMBER,
    },
]

EDITABLE_FIELDS = ["kind", "label", "help_text", "type", "options", "required", "visibility"]


def create_default_questions(cohort: Cohort) -> list[Question]:
    """The default questions of a new cohort: the mentor qualifications, then what pairing compares (county,
    topics, a mentor's capacity); a question already made (by its key) is left as it is.

    Side effects: up to ten Question rows (with their history).
    """
    made = []
    with transaction.atomic():
        for default in [*DEFAULT_MENTOR_QUESTIONS, *PAIRING_QUESTIONS]:
            fields = {"kind": Kind.MENTOR, **{k: v for k, v in default.items() if k != "key"}}
            if Question.objects.filter(cohort=cohort, key=default["key"]).exists():
                continue
            made.append(
                Question.objects.create(
                    cohort=cohort, key=default["key"], order=_next_order(cohort, fields["kind"]), **fields
                )
            )
    return made


@receiver(post_save, sender=Cohort, dispatch_uid="applications.default_questions")
def _new_cohort_gets_default_questions(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        create_default_questions(instance)


def _next_order(cohort: Cohort, kind: str) -> int:
    last = Question.objects.filter(cohort=cohort, kind=kind).aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def check_question(*, type: str, options: str, **_) -> None:
    choices = [line for line in options.splitlines() if line.strip()]
    if type in CHOICE_TYPES and len(choices) < 2:
        raise ValidationError({"options": "Give at least two options, one a line."})
    if type not in CHOICE_TYPES and choices:
        raise ValidationError({"options": "Only a one-choice or several-choices question has options."})


def add_question(*, cohort: Cohort, **fields) -> Question:
    """A new question at the end of its kind's list. Side effects: the Question row and its history."""
    check_question(**fields)
    with transaction.atomic():
        figures.forget(cohort.pk)  # which applications are complete
        return Question.objects.create(cohort=cohort, order=_next_order(cohort, fields["kind"]), **fields)


def change_question(*, question: Question, **fields) -> Question:
    """Change a question's wording, type or visibility. Its type, kind and options stay as they are once it has
    answers that the change would make meaningless. Side effects: the row and its history."""
    check_question(**fields)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.answers.exists():
            if fields["type"] != question.type or fields["kind"] != question.kind:
                raise ValidationError(
                    "Applicants have answered this question: its type and who it is asked of stay as they "
                    "are. Hide it and add a new question instead."
                )
            removed = set(question.option_list) - {line.strip() for line in fields["options"].splitlines()}
            if removed and question.answers.filter(_chose_any(removed)).exists():
                raise ValidationError(
                    {"options": f"Applicants chose {', '.join(sorted(removed))}: keep these options."}
                )
        for name, value in fields.items():
            setattr(question, name, value)
        question.save(update_fields=list(fields))
        figures.forget(question.cohort_id)  # which applications are complete
    return question


def _chose_any(options) -> Q:
    q = Q(pk__in=[])
    for option in options:
        q |= Q(value=option) | Q(value__startswith=f"{option}\n") | Q(value__contains=f"\n{option}\n")
        q |= Q(value__endswith=f"\n{option}")
    return q


def move_question(*, question: Question, up: bool) -> None:
    """Swap the question with its neighbour in its kind's list. Side effects: both rows' order."""
    with transaction.atomic():
        siblings = list(
            Question.objects.select_for_update().filter(cohort=question.cohort_id, kind=question.kind)
        )
        index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for order, sibling in enumerate(siblings):
            if sibling.order != order:
                sibling.order = order
                sibling.save(update_fields=["order"])


def set_hidden(*, question: Question, hidden: bool) -> Question:
    """Stop asking a question (its answers are kept and still shown), or ask it again."""
    question.hidden = hidden
    question.save(update_fields=["hidden"])
    figures.forget(question.cohort_id)  # which applications are complete
    return question


def delete_refusal(*, question: Question) -> str:
    """Why the question cannot be deleted, or "" when it can."""
    if has_submitted_applications(question.cohort):
        return (
            "Applications have been submitted to this cohort: hide the question instead, so that its answers "
            "are kept."
        )
    return ""


def delete_question(*, question: Question) -> None:
    """Delete a question, with the answers of drafts, while the cohort has no submitted application.

    Refused afterwards: the question can then only be hidden, so that its answers are kept.
    """
    with transaction.atomic():
        refusal = delete_refusal(question=question)
        if refusal:
            raise ValidationError(refusal, code="answers_submitted")
        for answer in Answer.objects.filter(question=question).select_related("upload"):
            upload = getattr(answer, "upload", None)
            if upload:
                name, storage = upload.file.name, upload.file.storage
                transaction.on_commit(partial(storage.delete, name))
        Answer.objects.filter(question=question).delete()
        figures.forget(question.cohort_id)  # which applications are complete
        question.delete()


# Reads.


def questions_of(*, cohort: Cohort, kind: str | None = None) -> QuerySet[Question]:
    return Question.objects.of(cohort, kind)


def asked_of(application: Application) -> QuerySet[Question]:
    """The questions the applicant answers now: those of their kind that are not hidden."""
    return Question.objects.of(application.cohort_id, application.kind).shown()


@dataclass(frozen=True)
class Answered:
    """The questions of an application's kind, hidden ones included, and its answers by question id: read
    once for a page that shows both the checklist and the answers."""

    questions: list[Question]
    answers: dict[int, Answer]

    @classmethod
    def of(cls, application: Application) -> "Answered":
        questions = list(Question.objects.of(application.cohort_id, application.kind))
        by_id = {question.pk: question for question in questions}
        answers = {}
        for answer in Answer.objects.filter(application=application).select_related("upload"):
            if answer.question_id in by_id:  # its kind is kept once answered, except in the back office
                answer.question = by_id[answer.question_id]
                answers[answer.question_id] = answer
        return cls(questions, answers)


def answers_shown(*, answered: Answered, reviewer_only: bool) -> list[tuple[Question, Answer | None]]:
    """Each question with its answer: the hidden ones only when answered, the managers-only ones left out when
    `reviewer_only`."""
    return [
        (question, answered.answers.get(question.pk))
        for question in answered.questions
        if (not question.hidden or question.pk in answered.answers)
        and (not reviewer_only or question.visibility == Visibility.REVIEWERS)
    ]


def filterable_questions(*, cohort: Cohort) -> QuerySet[Question]:
    """The questions the review queue offers as filters: yes/no and one choice, still asked."""
    return Question.objects.of(cohort).filter(type__in=["yes_no", "choice"]).shown()


# The applicant's answers.


def as_text(question: Question, value) -> str:
    """A cleaned form value as the text an Answer keeps."""
    if value in (None, "", []):
        return ""
    if question.type == QuestionType.CHOICES:
        return "\n".join(value)
    if question.type == QuestionType.NUMBER:
        number = Decimal(value).normalize()
        return f"{number:f}"
    if question.type == QuestionType.DATE:
        return value.isoformat()
    return str(value).strip()


def save_answers(*, application: Application, values: dict[int, object], files: dict[int, object], now=None):
    """Keep the applicant's answers to the questions they are asked, complete or not.

    `values` maps a question id to a cleaned form value; `files` a question id to an uploaded file (from an
    UploadField). An empty value removes the answer, a file answer stays until another file replaces it.
    Side effects: Answer rows (and AnswerFile rows with their stored files; a replaced file is deleted after
    commit); the application's `updated_at`.
    """
    from .services.drafts import check_editable, touch

    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("cohort").get(pk=application.pk)
        check_editable(application, now)
        questions = {q.pk: q for q in asked_of(application)}
        for question_id, value in values.items():
            question = questions.get(question_id)
            if question is None or question.type == QuestionType.FILE:
                continue
            text = as_text(question, value)
            if text:
                Answer.objects.update_or_create(
                    application=application, question=question, defaults={"value": text}
                )
            else:
                Answer.objects.filter(application=application, question=question).delete()
        for question_id, uploaded in files.items():
            question = questions.get(question_id)
            if question is None or question.type != QuestionType.FILE or not uploaded:
                continue
            _store_file(application, question, uploaded, now)
        touch(application, now)
    return application


def _store_file(application: Application, question: Question, uploaded, now) -> None:
    if not hasattr(uploaded, "kind"):
        uploaded.kind = check_upload(uploaded)
    answer, _ = Answer.objects.get_or_create(application=application, question=question)
    stored = AnswerFile.objects.filter(answer=answer).first()
    old_file = stored.file.name if stored else None
    stored = stored or AnswerFile(answer=answer)
    stored.set_upload(uploaded)
    stored.uploaded_at = now
    stored.save()
    answer.value = stored.original_name
    answer.save(update_fields=["value"])
    if old_file:
        storage = stored.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))


def has_submitted_applications(cohort: Cohort) -> bool:
    return Application.objects.filter(cohort=cohort, submitted_at__isnull=False).exists()
