"""The demo's past year: the 2018 cohort's candidates, of whom the program manager marked two as having
completed the program at commencement (2018-11-12); its archive lists them as graduates. A second run
creates nothing."""

from cohorts.demo import Demo, member, person, steps
from cohorts.models import Role
from cto_mentor.discovery import Step

from .models import Completion

# (first, last, title, organization) of the 2018 cohort's candidates, and whether they completed
CANDIDATES_2018 = {
    "elena.ruiz@example.org": (
        ("Elena", "Ruiz", "Director of Technology", "Roseville City School District"),
        True,
    ),
    "james.okafor@example.org": (
        ("James", "Okafor", "Network Services Manager", "Sacramento City Unified School District"),
        True,
    ),
    "paul.hart@example.org": (
        ("Paul", "Hart", "Technology Coordinator", "Lodi Unified School District"),
        False,
    ),
}


def graduates_2018(demo: Demo) -> None:
    """The 2018 cohort's candidates and its graduates. The completions are recorded as the state of a year
    long past, not replayed through `mark_completed`: no certificate is e-mailed for them."""
    cohort = demo.cohorts["2018"]
    manager = demo.people["manager@example.org"]
    for email, (names, completed) in CANDIDATES_2018.items():
        candidate = person(demo, email, *names)
        member(demo, cohort, candidate, Role.CANDIDATE)
        if completed:
            demo.get_or_create(
                Completion,
                cohort=cohort,
                candidate=candidate,
                defaults={"completed_on": cohort.commencement, "marked_by": manager},
            )


steps.register(Step("completion.graduates", graduates_2018, after=("cohorts",)))
