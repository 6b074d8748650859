"""The completion app's reminder: program managers told of a candidate who falls behind on a responsibility.

Absences that reach the cohort's limit are told as they are recorded (`sessions.services`); this covers the
rest of the at-risk rule (`responsibilities.risks`): work, presentations, portfolio, meetings with the mentor.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cto_mentor.notifications.reminders import Kind, Target, register, remind

from . import selectors
from .responsibilities import ATTENDANCE


def tell_of_candidates_behind(cohort: Cohort, offsets: list[int], now: datetime) -> int:
    """During the class year, each program manager once for each candidate behind on a new set of
    responsibilities, and again each time the shortest offset passes while it stays the same."""
    today = timezone.localdate(now, cohort.tz)
    if not cohort.classes_start <= today <= cohort.commencement:
        return 0
    period = (today - cohort.classes_start) // timedelta(hours=min(offsets))
    managers = None
    queued = 0
    for record in selectors.at_risk(cohort=cohort, now=now):
        behind = [r for r in record.behind if r.number not in ATTENDANCE]
        if not behind:
            continue
        managers = managers or [
            m.user
            for m in Membership.objects.filter(cohort=cohort, role=Role.PROGRAM_MANAGER).select_related(
                "user"
            )
        ]
        target = Target(
            about=f"completion.behind:{cohort.pk}:{record.candidate.pk}",
            moment=now,
            recipients=managers,
            context=lambda record=record, behind=behind: {
                "candidate": record.candidate,
                "cohort": cohort,
                "behind": behind,
            },
            link=reverse("completion:progress", kwargs={"slug": cohort.slug, "user_id": record.candidate.pk}),
        )
        numbers = ",".join(str(r.number) for r in behind)
        queued += remind("candidate_behind", target, f"behind-{numbers}@{period}", cohort)
    return queued


register(
    Kind(
        "candidate_behind",
        "A candidate behind on a responsibility (told again while it lasts)",
        "candidate_behind",
        (168,),
        send_due=tell_of_candidates_behind,
    ),
)
