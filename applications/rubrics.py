"""The rubric a new cohort starts with for its mentor applicants: the mentor qualifications of the program's
description. The program manager changes, weighs and adds to it on the rubric page; the candidates' rubric is
the manager's own from the start.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from cohorts.models import Cohort

from .models import Criterion, Kind

# Also written out in migration 0004, which gives the cohorts made before it the same rubric.
MENTOR_RUBRIC = [
    (
        "Leadership in K-12 technology",
        "Currently holds a leadership position in K-12 technology; 10 years of experience or more preferred.",
        3,
    ),
    (
        "Hands-on experience",
        "Hands-on experience with K-12 technology: networks, data systems, security, support.",
        2,
    ),
    (
        "Degree, certification or experience",
        "A degree in a business-related field, a CTO certification, or demonstrated work experience.",
        2,
    ),
    (
        "Commitment to the mentor's duties",
        "Willing to contract with the association and give the time the duties take: meet the candidate "
        "regularly, give feedback, attend the mentor meetings, the mid-year evaluation and two portfolio reviews.",
        2,
    ),
]


def create_mentor_rubric(cohort: Cohort) -> list[Criterion]:
    """The default mentor criteria of a cohort whose mentor rubric is empty; an existing one is left alone.

    Side effects: up to four Criterion rows of the mentor kind.
    """
    with transaction.atomic():
        if Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR).exists():
            return []
        return Criterion.objects.bulk_create(
            Criterion(cohort=cohort, kind=Kind.MENTOR, name=name, description=text, weight=weight, order=n)
            for n, (name, text, weight) in enumerate(MENTOR_RUBRIC, start=1)
        )


@receiver(post_save, sender=Cohort, dispatch_uid="applications.mentor_rubric")
def _new_cohort_gets_mentor_rubric(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        create_mentor_rubric(instance)
