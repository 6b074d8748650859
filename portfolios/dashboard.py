"""What the home page's role panels show of portfolios and mentoring."""

from cohorts.models import Pairing, Role
from cto_mentor.dashboard import Section

from . import selectors, services
from .models import MentorMeeting


def _awaiting(user, pairings):
    """Meetings the other side logged that `user` has still to confirm, by pairing."""
    counts = {}
    for pairing_id in (
        MentorMeeting.objects.awaiting_confirmation()
        .filter(pairing__in=pairings)
        .exclude(logged_by=user)
        .values_list("pairing_id", flat=True)
    ):
        counts[pairing_id] = counts.get(pairing_id, 0) + 1
    return counts


def panel_sections(*, panel, user, now):
    cohort = panel.cohort
    if panel.role == Role.CANDIDATE:
        portfolio = services.open_portfolio(cohort=cohort, candidate=user)
        pairings = list(Pairing.objects.filter(cohort=cohort, candidate=user))
        awaiting = sum(_awaiting(user, pairings).values())
        return [Section("portfolios/_candidate_panel.html", {"portfolio": portfolio, "awaiting": awaiting})]
    if panel.role == Role.MENTOR:
        pairings = list(Pairing.objects.filter(cohort=cohort, mentor=user).select_related("candidate"))
        awaiting = _awaiting(user, pairings)
        rows = [
            {
                "candidate": pairing.candidate,
                "portfolio": services.open_portfolio(cohort=cohort, candidate=pairing.candidate),
                "awaiting": awaiting.get(pairing.pk, 0),
            }
            for pairing in pairings
        ]
        return [Section("portfolios/_mentor_panel.html", {"rows": rows})]
    if panel.role == Role.PROGRAM_MANAGER:
        quiet = selectors.quiet_pairs(cohort=cohort, weeks=selectors.QUIET_WEEKS, now=now).count()
        return [Section("portfolios/_manager_panel.html", {"quiet": quiet, "weeks": selectors.QUIET_WEEKS})]
    return []
