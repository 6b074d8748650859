"""The load data's applications: every applicant's submitted application with its decision, the candidates'
nominations and three reviews of each (see `cohorts.load_data`)."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from cohorts.load_data import EMAIL_DOMAIN, REVIEWS_PER_APPLICATION, CohortLoad, steps
from cto_mentor.discovery import Step

from .models import (
    Application,
    Criterion,
    Decision,
    Kind,
    Nomination,
    Response,
    Review,
    ReviewStatus,
    Status,
)


def applications(generator, load: CohortLoad) -> None:
    """Every applicant's submitted application, a nomination for each candidate, three reviews each."""
    cohort, applicants, reviewers = load.cohort, load.applicants, load.reviewers
    sizes, rnd = generator.sizes, generator.random
    close = cohort.applications_close
    criteria = generator.bulk(
        Criterion,
        [
            Criterion(cohort=cohort, name=name, weight=weight, order=order)
            for order, (name, weight) in enumerate([("Leadership", 2), ("Experience", 1), ("Goals", 1)])
        ],
    )
    del criteria  # scores are summed into weighted_score below; the rubric exists for the pages
    rows = []
    for i, person in enumerate(applicants):
        kind = Kind.CANDIDATE if i < sizes.candidate_applications else Kind.MENTOR
        accepted = i < sizes.candidates or sizes.candidate_applications <= i < (
            sizes.candidate_applications + sizes.mentors
        )
        submitted = True  # every application is reviewed: three reviews each
        decision = Decision.ACCEPTED if accepted else rnd.choice([Decision.DECLINED, Decision.WAITLISTED])
        created = close - timedelta(days=rnd.randint(5, 30))
        rows.append(
            Application(
                cohort=cohort,
                applicant=person,
                kind=kind,
                status=Status.SUBMITTED if submitted else Status.DRAFT,
                created_at=created,
                updated_at=created,
                submitted_at=created + timedelta(days=2) if submitted else None,
                current_position="Technology coordinator",
                organization=f"District {rnd.randint(1, 900)}",
                years_in_k12_technology=rnd.randint(1, 25),
                leadership_experience="Led a district-wide device rollout.",
                goals_statement="Prepare for the CTO role.",
                willing_to_contract=kind == Kind.MENTOR,
                kickoff_available=True,
                form_completed_at=created + timedelta(days=1),
                decision=decision if submitted else Decision.UNDECIDED,
                decided_at=close + timedelta(days=20) if submitted else None,
                decided_by=generator.manager if submitted else None,
                decision_sent_at=close + timedelta(days=30) if submitted else None,
                response=Response.CONFIRMED if accepted else Response.PENDING,
                responded_at=close + timedelta(days=32) if accepted else None,
            )
        )
    applications = generator.bulk(Application, rows)
    generator.bulk(
        Nomination,
        [
            Nomination(
                application=application,
                nominator_name=f"Supervisor {i}",
                nominator_title="Superintendent",
                nominator_organization=application.organization,
                nominator_email=f"supervisor-{application.pk}@{EMAIL_DOMAIN}",
                token_hash=hashlib.sha256(f"load-{application.pk}".encode()).hexdigest(),
                expires_at=close,
                requested_at=application.created_at,
                requests_sent=1,
                relationship="Direct supervisor.",
                recommendation="Recommended without reservation.",
                submitted_at=application.submitted_at,
            )
            for i, application in enumerate(applications)
            if application.kind == Kind.CANDIDATE
        ],
    )
    reviews = []
    for application in applications:
        if application.status != Status.SUBMITTED:
            continue
        for reviewer in rnd.sample(reviewers, REVIEWS_PER_APPLICATION):
            done = rnd.random() < 0.95
            reviews.append(
                Review(
                    application=application,
                    reviewer=reviewer,
                    status=ReviewStatus.SUBMITTED if done else ReviewStatus.ASSIGNED,
                    assigned_by=generator.manager,
                    assigned_at=close,
                    comments="Strong record." if done else "",
                    weighted_score=Decimal(rnd.randint(100, 500)) / 100 if done else None,
                    submitted_at=close + timedelta(days=10) if done else None,
                )
            )
    generator.bulk(Review, reviews)


steps.register(Step("applications", applications))
