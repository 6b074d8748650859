"""Who the `people` fixture (tests/conftest.py) holds: one person of each role in the cohort, and outsiders."""

EVERY_ROLE = [
    "program_manager",
    "reviewer",
    "instructor",
    "mentor",
    "candidate",
    "other_candidate",
    "other_mentor",
    "manager_of_other_cohort",
    "applicant",
]
