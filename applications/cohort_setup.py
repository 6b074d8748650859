"""The applications' part in a cohort copied from an earlier one (the rubric, the application questions), in
a deadline moved later (the applicants with a draft are told) and in pairing (what the applications say of
each candidate and mentor)."""

from django.db import transaction

from cohorts.hooks import CopyStep, copy_steps, deadline_announcer, pairing_profiler
from cto_mentor.notifications.services import queue

from . import pairing
from .models import Application, Criterion, Question


def copy_rubric(*, source, target, moments) -> None:
    """Both rubrics (candidates' and mentors') with their weights and order. A rubric the source has replaces
    the new cohort's default one of its kind; reviews and scores stay with the source."""
    criteria = list(Criterion.objects.filter(cohort=source))
    Criterion.objects.filter(cohort=target, kind__in={c.kind for c in criteria}).delete()
    Criterion.objects.bulk_create(
        Criterion(
            cohort=target,
            kind=c.kind,
            name=c.name,
            description=c.description,
            weight=c.weight,
            order=c.order,
        )
        for c in criteria
    )


QUESTION_FIELDS = ("kind", "label", "help_text", "type", "options", "required", "visibility", "order")


def copy_questions(*, source, target, moments) -> None:
    """The questions still asked, as the source asks them; a default question the new cohort already has (by
    its key) takes the source's wording instead of being asked twice. Answers stay with the source."""
    for question in Question.objects.filter(cohort=source, hidden=False):
        fields = {name: getattr(question, name) for name in QUESTION_FIELDS}
        if question.key:
            Question.objects.update_or_create(cohort=target, key=question.key, defaults=fields)
        else:
            Question.objects.create(cohort=target, **fields)


copy_steps.register(
    CopyStep("applications.rubric", copy_rubric),
    CopyStep("applications.questions", copy_questions),
)


@deadline_announcer
def tell_drafts(*, cohort, old, new) -> int:
    """Each applicant with a draft in the cohort gets a `deadline_moved` e-mail, once per new deadline."""
    told = 0
    drafts = Application.objects.drafts().filter(cohort=cohort).select_related("applicant")
    with transaction.atomic():
        for application in drafts:
            message = queue(
                notice="deadline_moved",
                to=application.applicant,
                about=application,
                occasion=new.isoformat(),
                context={"cohort": cohort, "old_deadline": old, "new_deadline": new},
                link=application.get_absolute_url(),
                cohort=cohort,
            )
            told += message is not None
    return told


pairing_profiler(pairing.profiles)
