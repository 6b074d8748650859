"""What the home page's role panels show of portfolios and mentoring."""

from cohorts.models import Role
from cto_mentor.dashboard import Section

from . import selectors, services
from .models import MentorMeeting, Portfolio


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
        data = {
            "portfolio": portfolio,
            "awaiting": sum(_awaiting(user, panel.pairings).values()),
            "evaluation": selectors.next_evaluation(portfolio=portfolio, now=now),
            "follow_ups": list(selectors.open_follow_ups_of(user=user, cohort=cohort)),
        }
        return [Section("portfolios/_candidate_panel.html", data)]
    if panel.role == Role.MENTOR:
        pairings = panel.pairings
        awaiting = _awaiting(user, pairings)
        # One query for the portfolios already open; a missing one (rare) is opened on its own.
        opened = {
            portfolio.candidate_id: portfolio
            for portfolio in Portfolio.objects.filter(
                cohort=cohort, candidate__in=[p.candidate_id for p in pairings]
            )
        }
        portfolios = [
            opened.get(p.candidate_id) or services.open_portfolio(cohort=cohort, candidate=p.candidate)
            for p in pairings
        ]
        ready = selectors.ready_for_review_counts(portfolio_ids=[p.pk for p in portfolios])
        rows = [
            {
                "candidate": pairing.candidate,
                "portfolio": portfolio,
                "awaiting": awaiting.get(pairing.pk, 0),
                "ready": ready[portfolio.pk],
            }
            for pairing, portfolio in zip(pairings, portfolios, strict=True)
        ]
        return [Section("portfolios/_mentor_panel.html", {"rows": rows})]
    if panel.role == Role.INSTRUCTOR:
        threads = list(selectors.consultations_with(instructor=user, cohort=cohort)[:10])
        return [Section("portfolios/_instructor_panel.html", {"threads": threads})] if threads else []
    if panel.role == Role.PROGRAM_MANAGER:
        quiet = selectors.quiet_pairs(cohort=cohort, weeks=selectors.QUIET_WEEKS, now=now).count()
        return [Section("portfolios/_manager_panel.html", {"quiet": quiet, "weeks": selectors.QUIET_WEEKS})]
    return []
