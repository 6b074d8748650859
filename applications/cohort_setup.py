"""The applications' part in a new cohort copied from an earlier one (the rubric) and in a deadline moved later
(the applicants with a draft are told)."""

from django.db import transaction

from cohorts.hooks import CopyStep, copy_steps, deadline_announcer
from cto_mentor.notifications.services import queue

from .models import Application, Criterion


def copy_rubric(*, source, target, moments) -> None:
    """The rubric's criteria with their weights and order; reviews and scores stay with the source."""
    Criterion.objects.bulk_create(
        Criterion(cohort=target, name=c.name, description=c.description, weight=c.weight, order=c.order)
        for c in Criterion.objects.filter(cohort=source)
    )


copy_steps.register(CopyStep("applications.rubric", copy_rubric))


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
