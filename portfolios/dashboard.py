"""What the home page's role panels show of portfolios and mentoring."""

from django.template.defaultfilters import pluralize
from django.urls import reverse

from cohorts.models import Role
from cto_mentor import figures
from cto_mentor.dashboard import Section, Todo, Upcoming

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


def upcoming(*, panel, now):
    """A mentor's next check-in with the program manager; the next meeting a mentor or candidate scheduled with
    the other."""
    meetings = []
    if panel.role == Role.MENTOR:
        check_in = selectors.next_check_in(cohort=panel.cohort, now=now)
        if check_in:
            meetings.append(
                Upcoming(
                    check_in.starts_at, "Mentor check-in", check_in.get_absolute_url(), check_in.location
                )
            )
    if panel.role in (Role.MENTOR, Role.CANDIDATE) and panel.pairings:
        scheduled = selectors.next_scheduled_meeting(pairings=panel.pairings, now=now)
        if scheduled:
            other = scheduled.pairing.candidate if panel.role == Role.MENTOR else scheduled.pairing.mentor
            meetings.append(
                Upcoming(
                    scheduled.starts_at,
                    f"Meeting with {other}",
                    reverse("portfolios:meetings", args=[scheduled.portfolio_id]),
                    scheduled.location,
                )
            )
    return meetings


def todo_items(*, panel, now):
    """The program manager's unread private feedback from mentors and the pairs who have not met lately."""
    if panel.role != Role.PROGRAM_MANAGER:
        return []
    cohort, weeks = panel.cohort, selectors.QUIET_WEEKS
    # Kept until private feedback is given or read, or a meeting is logged (`figures.forget`), at most five
    # minutes (a pair's last meeting growing older than the weeks shows by then).
    unread, quiet = figures.kept(
        cohort.pk,
        "unread-notes-and-quiet-pairs",
        lambda: (
            selectors.unread_private_feedback(cohort=cohort),
            selectors.quiet_pairs(cohort=cohort, weeks=weeks, now=now).count(),
        ),
    )
    return [
        Todo(
            unread,
            f"{unread} private note{pluralize(unread)} from mentors not read yet",
            f"{reverse('portfolios:overview', args=[cohort.slug])}?unread=private",
        ),
        Todo(
            quiet,
            f"{quiet} pair{pluralize(quiet)} with no meeting in {weeks} weeks",
            f"{reverse('portfolios:meeting_frequency', args=[cohort.slug])}?weeks={weeks}",
        ),
    ]


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
        # One query for the portfolios already open; a missing one (rare) is opened on its own, nothing ready.
        opened = {
            portfolio.candidate_id: portfolio
            for portfolio in selectors.with_ready_count(
                Portfolio.objects.filter(
                    cohort=cohort, candidate__in=[p.candidate_id for p in pairings]
                ).order_by()
            )
        }
        portfolios = [
            opened.get(p.candidate_id) or services.open_portfolio(cohort=cohort, candidate=p.candidate)
            for p in pairings
        ]
        rows = [
            {
                "candidate": pairing.candidate,
                "portfolio": portfolio,
                "awaiting": awaiting.get(pairing.pk, 0),
                "ready": getattr(portfolio, "ready", 0),
            }
            for pairing, portfolio in zip(pairings, portfolios, strict=True)
        ]
        return [Section("portfolios/_mentor_panel.html", {"rows": rows})]
    if panel.role == Role.INSTRUCTOR:
        threads = list(selectors.consultations_with(instructor=user, cohort=cohort)[:10])
        return [Section("portfolios/_instructor_panel.html", {"threads": threads})] if threads else []
    if panel.role == Role.PROGRAM_MANAGER:
        return [Section("portfolios/_manager_panel.html")]
    return []
