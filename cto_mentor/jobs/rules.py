"""A job is seen by the person who started it and by the program managers of its cohort."""

import rules

from cohorts.rules import is_program_manager
from cto_mentor.permissions import given_object


@rules.predicate
def started_job(user, job):
    return job.requested_by_id == user.pk


@rules.predicate
def manages_job_cohort(user, job):
    return is_program_manager(user, job.cohort)


rules.add_perm("jobs.view_job", given_object & rules.is_authenticated & (started_job | manages_job_cohort))
