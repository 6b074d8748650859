"""Who sees a candidate's progress and certificate (the candidate, their mentor, the cohort's program
managers) and who runs the cohort's table and commencement (its program managers)."""

import rules

from cohorts.rules import is_program_manager, mentors_candidate


def _candidate_id(obj):
    """A candidate's Membership or their Completion."""
    return getattr(obj, "candidate_id", None) or obj.user_id


@rules.predicate
def is_the_candidate(user, obj):
    return user.is_authenticated and _candidate_id(obj) == user.pk


@rules.predicate
def mentors_the_candidate(user, obj):
    return mentors_candidate(user, _candidate_id(obj), obj.cohort_id)


@rules.predicate
def manages_cohort_of(user, obj):
    return is_program_manager(user, obj.cohort)


# On a candidate's Membership, or their Completion
rules.add_perm("completion.view_progress", is_the_candidate | mentors_the_candidate | manages_cohort_of)
rules.add_perm(
    "completion.download_certificate", is_the_candidate | mentors_the_candidate | manages_cohort_of
)
# On a Cohort
rules.add_perm("completion.view_cohort_progress", is_program_manager)
rules.add_perm("completion.run_commencement", is_program_manager)
