"""Who may do what in the class year. Each predicate takes the user and one object of a cohort."""

import rules

from cohorts.models import Cohort, Membership, Role
from cohorts.rules import mentors_candidate, roles_in
from cto_mentor.permissions import given_object


def _session_of(obj):
    """The session of a session, meeting, presentation, assignment, submission or one of their files."""
    for path in ("submission", "assignment"):
        if hasattr(obj, path):
            obj = getattr(obj, path)
    return obj if hasattr(obj, "instructors") else getattr(obj, "session", None)


def _cohort_of(obj):
    """The cohort of a membership or of anything that belongs to a session."""
    if isinstance(obj, Cohort):
        return obj
    if isinstance(obj, Membership):
        return obj.cohort
    return _session_of(obj).cohort


def _teaches(user, obj) -> bool:
    if Role.INSTRUCTOR not in roles_in(user, _cohort_of(obj)):
        return False
    return _session_of(obj).instructors.filter(pk=user.pk).exists()


@rules.predicate
def manages_cohort_of(user, obj):
    return Role.PROGRAM_MANAGER in roles_in(user, _cohort_of(obj))


@rules.predicate
def member_of_cohort_of(user, obj):
    return bool(roles_in(user, _cohort_of(obj)))


@rules.predicate
def candidate_in_cohort_of(user, obj):
    return Role.CANDIDATE in roles_in(user, _cohort_of(obj))


@rules.predicate
def teaches_session_of(user, obj):
    """The user is an instructor of the cohort assigned to this session (or the session of this object)."""
    return _teaches(user, obj)


@rules.predicate
def owns_work(user, obj):
    """The candidate whose submission, presentation or progress this is."""
    return user.is_authenticated and getattr(obj, "candidate_id", getattr(obj, "user_id", None)) == user.pk


@rules.predicate
def mentors_owner(user, obj):
    candidate = obj.candidate if hasattr(obj, "candidate") else obj.user
    return mentors_candidate(user, candidate, _cohort_of(obj))


def _assignment_of(obj):
    """The assignment, or the assignment of an attachment."""
    return getattr(obj, "assignment", obj)


@rules.predicate
def set_for_everyone(user, obj):
    return _assignment_of(obj).assigned_to_id is None


@rules.predicate
def assigned_to_user(user, obj):
    """Make-up work set for this candidate."""
    return user.is_authenticated and _assignment_of(obj).assigned_to_id == user.pk


@rules.predicate
def mentors_assignee(user, obj):
    assignment = _assignment_of(obj)
    return assignment.assigned_to_id is not None and mentors_candidate(
        user, assignment.assigned_to_id, _cohort_of(assignment)
    )


@rules.predicate
def may_see_submission_of_file(user, obj):
    return user.has_perm("class_sessions.view_submission", obj.submission)


rules.add_perm("class_sessions.download_session_calendar", rules.always_allow)  # the schedule is public
rules.add_perm("class_sessions.view_schedule", member_of_cohort_of)
rules.add_perm("class_sessions.view_session", member_of_cohort_of)
rules.add_perm("class_sessions.manage_schedule", manages_cohort_of)
rules.add_perm("class_sessions.take_attendance", manages_cohort_of | teaches_session_of)
rules.add_perm("class_sessions.view_cohort_records", manages_cohort_of)
rules.add_perm("class_sessions.post_assignment", manages_cohort_of | teaches_session_of)
# A make-up assignment tells of one candidate's absence: only they, their mentor and the staff see it.
rules.add_perm(
    "class_sessions.view_assignment",
    given_object
    & member_of_cohort_of
    & (set_for_everyone | assigned_to_user | manages_cohort_of | teaches_session_of | mentors_assignee),
)
rules.add_perm("class_sessions.view_all_submissions", manages_cohort_of | teaches_session_of)
rules.add_perm(
    "class_sessions.submit_assignment", candidate_in_cohort_of & (set_for_everyone | assigned_to_user)
)
rules.add_perm("class_sessions.set_make_up", manages_cohort_of | teaches_session_of)
rules.add_perm(
    "class_sessions.view_submission",
    given_object & (owns_work | manages_cohort_of | teaches_session_of | mentors_owner),
)
rules.add_perm("class_sessions.grade_submission", manages_cohort_of | teaches_session_of)
rules.add_perm("class_sessions.download_submission_file", may_see_submission_of_file)
rules.add_perm("class_sessions.schedule_presentation", manages_cohort_of | teaches_session_of)
rules.add_perm("class_sessions.assess_presentation", manages_cohort_of | teaches_session_of)
# A presentation's result and comments: the presenter, their mentor, the session's instructors and the program
# manager. Everyone else in the cohort sees who presents when (selectors.presentations_of keeps to this rule).
rules.add_perm(
    "class_sessions.view_presentation_result",
    given_object & (owns_work | mentors_owner | teaches_session_of | manages_cohort_of),
)
rules.add_perm("class_sessions.view_progress", owns_work | manages_cohort_of | mentors_owner)
