"""Who may see and change which part of a candidate's record.

A portfolio, its meetings and the feedback on it belong to three people: the candidate, the mentor paired with
them and the cohort's program managers. Mentor-to-manager feedback is for the mentor who wrote it and the
program managers only.
"""

import rules

from cohorts.rules import is_candidate, is_mentor, is_program_manager, mentors_candidate
from cto_mentor.permissions import given_object

from .models import FeedbackAudience


def portfolio_of(obj):
    """The portfolio an object belongs to: itself, or through its portfolio or its meeting's pairing."""
    return obj if hasattr(obj, "candidate_id") and hasattr(obj, "cohort_id") else obj.portfolio


@rules.predicate
def owns_portfolio(user, obj):
    return user.is_authenticated and portfolio_of(obj).candidate_id == user.pk


@rules.predicate
def mentors_portfolio_owner(user, obj):
    """The answer is kept on the portfolio read for this request: a page asks it for more than one permission
    (seeing the meetings, then logging one), each a query otherwise."""
    portfolio = portfolio_of(obj)
    answers = portfolio.__dict__.setdefault("_mentored_by", {})
    if user.pk not in answers:
        answers[user.pk] = mentors_candidate(user, portfolio.candidate_id, portfolio.cohort_id)
    return answers[user.pk]


@rules.predicate
def manages_portfolio_cohort(user, obj):
    return is_program_manager(user, portfolio_of(obj).cohort)


can_see_portfolio = owns_portfolio | mentors_portfolio_owner | manages_portfolio_cohort


@rules.predicate
def can_see_feedback(user, feedback):
    if feedback.audience == FeedbackAudience.MENTOR_TO_MANAGER:
        return feedback.author_id == user.pk or manages_portfolio_cohort(user, feedback)
    if feedback.audience == FeedbackAudience.MANAGER_TO_CANDIDATE:
        return owns_portfolio(user, feedback) or manages_portfolio_cohort(user, feedback)
    return can_see_portfolio(user, feedback)


@rules.predicate
def is_ready_for_review(user, entry):
    """An artifact or reflection the candidate has marked ready for review; until then it is a draft that
    only the candidate sees."""
    return entry.ready_for_review


@rules.predicate
def is_side_of_meeting(user, meeting):
    return user.is_authenticated and user.pk in (meeting.pairing.mentor_id, meeting.pairing.candidate_id)


@rules.predicate
def is_other_side_of_meeting(user, meeting):
    return is_side_of_meeting(user, meeting) and meeting.logged_by_id != user.pk


@rules.predicate
def manages_meeting_cohort(user, meeting):
    return is_program_manager(user, meeting.pairing.cohort)


@rules.predicate
def can_close_follow_up(user, follow_up):
    if follow_up.meeting_id:
        return is_side_of_meeting(user, follow_up.meeting) or manages_meeting_cohort(user, follow_up.meeting)
    return follow_up.owner_id == user.pk or manages_portfolio_cohort(user, follow_up.evaluation)


@rules.predicate
def is_evaluations_mentor(user, evaluation):
    return evaluation.mentor_id == user.pk and mentors_portfolio_owner(user, evaluation)


@rules.predicate
def is_consulted_instructor(user, consultation):
    return consultation.instructor_id == user.pk


@rules.predicate
def manages_object_cohort(user, obj):
    return is_program_manager(user, obj.cohort)


@rules.predicate
def is_mentor_in_object_cohort(user, obj):
    return is_mentor(user, obj.cohort)


# On a Portfolio, or an Artifact / Reflection of one
rules.add_perm("portfolios.view_portfolio", given_object & can_see_portfolio)
rules.add_perm("portfolios.edit_portfolio", owns_portfolio)
rules.add_perm("portfolios.view_entry", owns_portfolio | (is_ready_for_review & can_see_portfolio))
rules.add_perm("portfolios.edit_entry", owns_portfolio)
# On a Portfolio (logging, viewing), a MentorMeeting (confirming) or a FollowUp (closing)
rules.add_perm("portfolios.log_meeting", owns_portfolio | mentors_portfolio_owner)
rules.add_perm("portfolios.view_meetings", can_see_portfolio)
rules.add_perm("portfolios.confirm_meeting", is_other_side_of_meeting)
rules.add_perm("portfolios.add_meeting_follow_up", is_side_of_meeting)
rules.add_perm("portfolios.close_follow_up", can_close_follow_up)
# On a MentorMeeting scheduled ahead: confirming it as held, or calling it off
rules.add_perm("portfolios.change_scheduled_meeting", is_side_of_meeting)
# On a Portfolio, or the Feedback, MidYearEvaluation or ProgressReview of one
rules.add_perm("portfolios.give_feedback", mentors_portfolio_owner | manages_portfolio_cohort)
rules.add_perm("portfolios.view_feedback", given_object & can_see_feedback)
rules.add_perm("portfolios.manage_candidate", manages_portfolio_cohort)
rules.add_perm("portfolios.view_evaluation", can_see_portfolio)
rules.add_perm("portfolios.comment_on_portfolio", mentors_portfolio_owner | manages_portfolio_cohort)
rules.add_perm("portfolios.view_progress_review", owns_portfolio | manages_portfolio_cohort)
rules.add_perm("portfolios.record_evaluation", mentors_portfolio_owner)
rules.add_perm("portfolios.add_evaluation_follow_up", is_evaluations_mentor | manages_portfolio_cohort)
# The mentor's other duties, on a Portfolio: consulting instructors, work-study supervision
rules.add_perm("portfolios.view_consultations", mentors_portfolio_owner | manages_portfolio_cohort)
rules.add_perm("portfolios.consult_instructor", mentors_portfolio_owner)
rules.add_perm("portfolios.view_work_study", can_see_portfolio)
rules.add_perm("portfolios.record_work_study", mentors_portfolio_owner)
# On a Consultation: its instructor and the candidate's mentor write in it; program managers read it
rules.add_perm(
    "portfolios.read_consultation",
    is_consulted_instructor | mentors_portfolio_owner | manages_portfolio_cohort,
)
rules.add_perm("portfolios.write_in_consultation", is_consulted_instructor | mentors_portfolio_owner)
# On a Cohort
rules.add_perm("portfolios.manage_mentoring", is_program_manager)
rules.add_perm("portfolios.view_check_ins", is_program_manager | is_mentor)
rules.add_perm("portfolios.give_program_feedback", is_candidate)
# On a CheckIn or a PortfolioReview of a cohort
rules.add_perm("portfolios.view_check_in", manages_object_cohort | is_mentor_in_object_cohort)
rules.add_perm("portfolios.view_portfolio_review", manages_object_cohort)
