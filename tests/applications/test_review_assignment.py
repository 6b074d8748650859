"""Rubrics per kind of application, reviewer assignment at scale with its e-mail and reminder, conflicts of
interest kept out, and the actions on the queue's checked rows."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, Criterion, Decision, Kind, Review, ReviewerScope
from applications.rubrics import MENTOR_RUBRIC
from cohorts.models import Role
from cto_mentor.dates import in_zone
from cto_mentor.notifications.models import Message
from cto_mentor.notifications.reminders import send_due_reminders

from ..factories import CohortFactory, MembershipFactory
from .factories import CriterionFactory, ExtensionFactory, ReviewFactory


def reviewer(cohort, **names):
    return MembershipFactory(cohort=cohort, role=Role.REVIEWER, **names).user


def due(days=7):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def manager(people):
    return people["program_manager"]


# Rubrics ----------------------------------------------------------------------------------------------------


def test_new_cohort_starts_with_the_mentor_rubric_of_the_program_description(db):
    cohort = CohortFactory()
    rubric = Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR)
    assert [(c.name, c.weight) for c in rubric] == [(name, weight) for name, _, weight in MENTOR_RUBRIC]
    assert not Criterion.objects.filter(cohort=cohort, kind=Kind.CANDIDATE).exists()


def test_mentor_is_scored_on_the_mentor_rubric_only(cohort, submitted):
    CriterionFactory(cohort=cohort, name="Supervisor's nomination")
    mentor_rubric = list(Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR))
    review = ReviewFactory(application=submitted(kind=Kind.MENTOR))

    services.submit_review(review=review, scores={c.pk: (4, "") for c in mentor_rubric})

    review.refresh_from_db()
    assert [s.criterion.name for s in review.scores.all()] == [name for name, _, _ in MENTOR_RUBRIC]
    assert review.weighted_score == 4


def test_mentor_review_without_mentor_scores_is_refused(cohort, submitted):
    candidate_only = CriterionFactory(cohort=cohort, name="Supervisor's nomination")
    review = ReviewFactory(application=submitted(kind=Kind.MENTOR))
    with pytest.raises(ValidationError) as refused:
        services.submit_review(review=review, scores={candidate_only.pk: (5, "")})
    assert refused.value.messages[0].startswith("Score every criterion: Leadership in K-12 technology, ")
    assert not review.scores.exists()


def test_a_submitted_mentor_review_fixes_the_mentor_rubric_only(cohort, submitted):
    mentor_rubric = list(Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR))
    review = ReviewFactory(application=submitted(kind=Kind.MENTOR))
    services.submit_review(review=review, scores={c.pk: (3, "") for c in mentor_rubric})

    with pytest.raises(ValidationError) as refused:
        services.change_criterion(criterion=mentor_rubric[0], name="Leadership", description="", weight=5)
    assert refused.value.messages == [
        "Reviews of mentor applications have been submitted with this rubric; it can no longer change."
    ]
    added = services.add_criterion(cohort=cohort, kind=Kind.CANDIDATE, name="Goals", weight=2)
    assert (added.kind, added.order) == (Kind.CANDIDATE, 1)


def test_change_criterion_rewords_and_reweighs(cohort):
    criterion = Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR).first()
    services.change_criterion(criterion=criterion, name="Years leading", description="10+", weight=5)
    criterion.refresh_from_db()
    assert (criterion.name, criterion.description, criterion.weight) == ("Years leading", "10+", 5)


@pytest.mark.parametrize("weight", [0, 11])
def test_change_criterion_weight_out_of_range_is_refused(cohort, weight):
    criterion = Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR).first()
    with pytest.raises(ValidationError) as refused:
        services.change_criterion(criterion=criterion, name=criterion.name, description="", weight=weight)
    assert refused.value.message_dict == {"weight": ["A weight goes from 1 to 10."]}


def test_same_name_may_be_on_both_rubrics_but_not_twice_on_one(cohort):
    services.add_criterion(cohort=cohort, kind=Kind.CANDIDATE, name="Hands-on experience")
    with pytest.raises(ValidationError) as refused:
        services.add_criterion(cohort=cohort, kind=Kind.MENTOR, name="hands-on EXPERIENCE")
    assert refused.value.message_dict == {"name": ["This rubric already has a criterion with this name."]}


# Assignment -------------------------------------------------------------------------------------------------


def test_assign_several_to_several_emails_each_reviewer_once_with_their_list(
    cohort, manager, submitted, sent
):
    applications = [submitted(), submitted(), submitted(kind=Kind.MENTOR)]
    ann, ben = reviewer(cohort, user__last_name="Ames"), reviewer(cohort, user__last_name="Bell")
    with sent():
        assigned = services.assign_reviews(
            cohort=cohort, applications=applications, reviewers=[ann, ben], due_at=due(), actor=manager
        )
    assert len(assigned.reviews) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email, ben.email])
    for email in mail.outbox:
        for application in applications:
            assert application.applicant.display_name in email.body
        assert email.subject.startswith(f"3 applications to review for the {cohort}, due ")

    with sent():
        again = services.assign_reviews(
            cohort=cohort, applications=applications, reviewers=[ann, ben], due_at=due(), actor=manager
        )
    assert (again.assignment, again.reviews) == (None, [])
    assert len(mail.outbox) == 2
    assert Review.objects.filter(application__cohort=cohort).count() == 6


def test_assign_to_a_reviewer_who_declared_a_conflict_is_refused_and_changes_nothing(
    cohort, manager, submitted, sent
):
    application, other = submitted(), submitted()
    ann = reviewer(cohort)
    services.declare_conflict(review=ReviewFactory(application=application, reviewer=ann), reason="My cousin")
    with sent(), pytest.raises(ValidationError) as refused:
        services.assign_reviews(
            cohort=cohort, applications=[other, application], reviewers=[ann], due_at=due(), actor=manager
        )
    assert refused.value.messages == [f"{ann} declared a conflict of interest with {application.applicant}."]
    assert not Review.objects.filter(application=other).exists()
    assert mail.outbox == []


def test_assign_outside_the_reviewers_kind_is_refused(cohort, manager, submitted):
    mentor = submitted(kind=Kind.MENTOR)
    ann = reviewer(cohort)
    services.set_reviewer_scope(cohort=cohort, reviewer=ann, kind=Kind.CANDIDATE)
    with pytest.raises(ValidationError) as refused:
        services.assign_reviews(
            cohort=cohort, applications=[mentor], reviewers=[ann], due_at=due(), actor=manager
        )
    assert refused.value.messages == [f"{ann} reviews candidate applications only."]


@pytest.mark.parametrize("who", ["manager_of_other_cohort", "applicant"])
def test_assign_someone_who_is_not_a_reviewer_is_refused(cohort, people, manager, submitted, who):
    with pytest.raises(ValidationError) as refused:
        services.assign_reviews(
            cohort=cohort, applications=[submitted()], reviewers=[people[who]], due_at=due(), actor=manager
        )
    assert refused.value.messages == [f"{people[who]} is not a reviewer in {cohort}."]


def test_assign_a_draft_or_a_past_due_date_is_refused(cohort, manager, ready, submitted):
    ann = reviewer(cohort)
    with pytest.raises(ValidationError) as draft:
        services.assign_reviews(
            cohort=cohort, applications=[ready()], reviewers=[ann], due_at=due(), actor=manager
        )
    assert "only submitted ones are reviewed" in draft.value.messages[0]
    with pytest.raises(ValidationError) as past:
        services.assign_reviews(
            cohort=cohort, applications=[submitted()], reviewers=[ann], due_at=due(-1), actor=manager
        )
    assert past.value.message_dict == {"due_at": ["The due date must be in the future."]}


def test_distribute_gives_each_application_n_reviews_evenly(cohort, manager, submitted, sent):
    applications = [submitted() for _ in range(5)]
    reviewers = [reviewer(cohort) for _ in range(3)]
    with sent():
        assigned = services.distribute_reviews(
            cohort=cohort,
            applications=applications,
            reviewers=reviewers,
            per_application=2,
            due_at=due(),
            actor=manager,
        )
    per_application = Counter(r.application_id for r in assigned.reviews)
    per_reviewer = Counter(r.reviewer_id for r in assigned.reviews)
    assert set(per_application.values()) == {2}
    assert sorted(per_reviewer.values()) == [3, 3, 4]
    assert assigned.short == []
    assert len(mail.outbox) == 3


def test_distribute_skips_conflicts_and_other_kinds_and_does_not_count_a_conflict(cohort, manager, submitted):
    candidate, mentor = submitted(), submitted(kind=Kind.MENTOR)
    ann, ben, cy = reviewer(cohort), reviewer(cohort), reviewer(cohort)
    services.declare_conflict(review=ReviewFactory(application=candidate, reviewer=ann), reason="Former boss")
    services.set_reviewer_scope(cohort=cohort, reviewer=cy, kind=Kind.CANDIDATE)

    assigned = services.distribute_reviews(
        cohort=cohort,
        applications=[candidate, mentor],
        reviewers=[ann, ben, cy],
        per_application=2,
        due_at=due(),
        actor=manager,
    )

    given = {(r.application_id, r.reviewer_id) for r in assigned.reviews}
    assert given == {(candidate.pk, ben.pk), (candidate.pk, cy.pk), (mentor.pk, ann.pk), (mentor.pk, ben.pk)}
    assert assigned.short == []


def test_distribute_reports_an_application_with_too_few_possible_reviewers(cohort, manager, submitted):
    application = submitted()
    ann = reviewer(cohort)
    assigned = services.distribute_reviews(
        cohort=cohort,
        applications=[application],
        reviewers=[ann],
        per_application=3,
        due_at=due(),
        actor=manager,
    )
    assert [(a.pk, n) for a, n in assigned.short] == [(application.pk, 1)]


def test_reminder_before_the_due_date_lists_only_the_unscored_once(cohort, manager, submitted, sent):
    scored, waiting = submitted(), submitted()
    ann = reviewer(cohort)
    criterion = CriterionFactory(cohort=cohort)
    due_at = due(days=2)
    with sent():
        assigned = services.assign_reviews(
            cohort=cohort, applications=[scored, waiting], reviewers=[ann], due_at=due_at, actor=manager
        )
    first = next(r for r in assigned.reviews if r.application == scored)
    services.submit_review(review=first, scores={criterion.pk: (4, "")})

    with sent():
        assert send_due_reminders(now=due_at - timedelta(hours=23)) == 1
        assert send_due_reminders(now=due_at - timedelta(hours=22)) == 0
    reminder = Message.objects.get(notice="review_due_reminder")
    assert reminder.to_email == ann.email
    assert waiting.applicant.display_name in reminder.body_text
    assert scored.applicant.display_name not in reminder.body_text


def test_set_reviewer_scope_for_someone_outside_the_cohort_is_refused(cohort, people):
    with pytest.raises(ValidationError):
        services.set_reviewer_scope(cohort=cohort, reviewer=people["applicant"], kind=Kind.MENTOR)
    assert not ReviewerScope.objects.exists()


# Bulk decisions ---------------------------------------------------------------------------------------------


def test_decide_many_records_the_decision_for_each(cohort, manager, submitted):
    applications = [submitted(), submitted()]
    services.decide_many(
        applications=applications, decision=Decision.WAITLISTED, reason="Full", actor=manager
    )
    for application in applications:
        application.refresh_from_db()
        assert (application.decision, application.decision_reason) == (Decision.WAITLISTED, "Full")


def test_decide_many_with_one_already_sent_changes_none(cohort, manager, submitted):
    fresh = submitted()
    sent_already = submitted(decision=Decision.DECLINED, decision_sent_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.decide_many(
            applications=[fresh, sent_already], decision=Decision.ACCEPTED, reason="Yes", actor=manager
        )
    assert refused.value.messages == [
        f"{sent_already.applicant}: The decision has already been e-mailed; it can no longer change."
    ]
    fresh.refresh_from_db()
    assert fresh.decision == Decision.UNDECIDED


def test_decide_many_past_the_places_is_refused_naming_whom_and_the_tick_box(cohort, manager, submitted):
    cohort.candidate_places = 1
    cohort.save(update_fields=["candidate_places"])
    first, second = submitted(applicant__last_name="Aaron"), submitted(applicant__last_name="Zed")
    with pytest.raises(ValidationError) as refused:
        services.decide_many(
            applications=[first, second], decision=Decision.ACCEPTED, reason="Yes", actor=manager
        )
    assert refused.value.message_dict == {
        "past_places": [
            f"{second.applicant}: All 1 candidate places are taken (1 accepted, 0 of them confirmed). "
            "Tick “Accept past the places” to accept anyway."
        ]
    }
    assert not Application.objects.filter(decision=Decision.ACCEPTED).exists()

    services.decide_many(
        applications=[first, second],
        decision=Decision.ACCEPTED,
        reason="Yes",
        actor=manager,
        past_places=True,
    )
    assert Application.objects.filter(decision=Decision.ACCEPTED).count() == 2


# Pages ------------------------------------------------------------------------------------------------------


def test_queue_searches_name_email_and_organization(client, cohort, manager, submitted):
    dana = submitted(
        organization="Elk Grove Unified", applicant__first_name="Dana", applicant__last_name="Price"
    )
    other = submitted(organization="Natomas Unified")
    client.force_login(manager)
    url = reverse("applications:queue", args=[cohort.slug])
    for query in ["dana price", dana.applicant.email.upper(), "elk grove"]:
        page = client.get(url, {"q": query}).content.decode()
        assert f'value="{dana.pk}"' in page, query
        assert f'value="{other.pk}"' not in page, query


def test_queue_flags_declared_conflicts_and_extensions(client, cohort, manager, submitted):
    conflicted = submitted(applicant__last_name="Aaron")
    late = submitted(applicant__last_name="Zed")
    ExtensionFactory(cohort=cohort, applicant=late.applicant)
    late.submitted_at = cohort.applications_close + timedelta(hours=1)
    late.save(update_fields=["submitted_at"])
    services.declare_conflict(
        review=ReviewFactory(application=conflicted, reviewer=reviewer(cohort)), reason="x"
    )
    client.force_login(manager)

    page = client.get(reverse("applications:queue", args=[cohort.slug]), {"sort": "name"}).content.decode()

    rows = page.split("<tbody>")[1].split("</tr>")
    assert "Conflict declared" in rows[0] and "Under extension" not in rows[0]
    assert "Under extension" in rows[1] and "Conflict declared" not in rows[1]


def test_queue_column_titles_sort_and_reverse(client, cohort, manager, submitted):
    client.force_login(manager)
    url = reverse("applications:queue", args=[cohort.slug])
    page = client.get(url, {"sort": "name", "q": "x"}).content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-name&amp;q=x"' in page
    assert 'href="?sort=average&amp;q=x"' in page


def test_detail_page_no_longer_offers_a_reviewer_who_declared_a_conflict(client, cohort, manager, submitted):
    application = submitted()
    ann, ben = reviewer(cohort), reviewer(cohort)
    services.declare_conflict(review=ReviewFactory(application=application, reviewer=ann), reason="x")
    client.force_login(manager)
    form = client.get(application.get_absolute_url()).context["assign_form"]
    offered = set(form.fields["reviewer"].queryset)
    assert ben in offered and ann not in offered


def test_bulk_assign_page_assigns_and_emails(client, cohort, manager, submitted, sent):
    applications = [submitted(), submitted()]
    ann = reviewer(cohort)
    client.force_login(manager)
    url = reverse("applications:bulk_assign", args=[cohort.slug])
    page = client.get(url, {"applications": [a.pk for a in applications]})
    assert set(page.context["form"]["applications"].initial) == set(applications)
    local_due = timezone.localtime(due(), cohort.tz).strftime("%Y-%m-%dT%H:%M")

    with sent():
        response = client.post(
            url,
            {
                "applications": [a.pk for a in applications],
                "how": "each",
                "per_application": 2,
                "reviewers": [ann.pk],
                "due_at": local_due,
            },
            follow=True,
        )

    assert "2 reviews assigned to 1 reviewer; each is e-mailed the list." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[ann.email]]


def test_bulk_assign_page_names_the_checked_applicants_a_reviewer_declared_a_conflict_with(
    client, cohort, manager, submitted
):
    cousin, stranger = submitted(), submitted()
    ann, bob = reviewer(cohort), reviewer(cohort)
    services.declare_conflict(review=ReviewFactory(application=cousin, reviewer=ann), reason="My cousin")
    client.force_login(manager)

    def labels(*checked):
        page = client.get(reverse("applications:bulk_assign", args=[cohort.slug]), {"applications": checked})
        return {
            choice.data["value"].value: choice.choice_label for choice in page.context["form"]["reviewers"]
        }

    both = labels(cousin.pk, stranger.pk)
    assert both[ann.pk].endswith(f"; declared a conflict with {cousin.applicant}")
    assert "conflict" not in both[bob.pk]
    assert "conflict" not in labels(stranger.pk)[ann.pk]


def test_bulk_assign_refusal_shows_on_the_form_with_the_choices_kept(client, cohort, manager, submitted):
    application = submitted(kind=Kind.MENTOR)
    ann = reviewer(cohort)
    services.set_reviewer_scope(cohort=cohort, reviewer=ann, kind=Kind.CANDIDATE)
    client.force_login(manager)
    response = client.post(
        reverse("applications:bulk_assign", args=[cohort.slug]),
        {
            "applications": [application.pk],
            "how": "each",
            "per_application": 2,
            "reviewers": [ann.pk],
            "due_at": timezone.localtime(due(), cohort.tz).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert f"{ann} reviews candidate applications only." in response.content.decode()
    assert not Review.objects.exists()


def test_bulk_decide_page_records_the_decision(client, cohort, manager, submitted):
    applications = [submitted(), submitted()]
    client.force_login(manager)
    url = reverse("applications:bulk_decide", args=[cohort.slug])
    ids = [a.pk for a in applications]
    assert client.get(url, {"applications": ids}).status_code == 200
    client.post(url, {"applications": ids, "decision": Decision.ACCEPTED, "reason": "Strong"})
    assert {a.decision for a in Application.objects.filter(pk__in=ids)} == {Decision.ACCEPTED}


def test_bulk_decide_past_the_places_shows_the_tick_box_it_names_and_keeps_the_reason(
    client, cohort, manager, submitted
):
    cohort.candidate_places = 1
    cohort.save(update_fields=["candidate_places"])
    ids = [submitted().pk, submitted().pk]
    client.force_login(manager)
    url = reverse("applications:bulk_decide", args=[cohort.slug])
    accept = {"applications": ids, "decision": Decision.ACCEPTED, "reason": "Strong plans"}

    page = client.post(url, accept).content.decode()

    assert "Tick “Accept past the places” to accept anyway." in page
    assert re.search(
        r'<input type="checkbox" name="past_places"[^>]*>\s*<label[^>]*>\s*Accept past the places', page
    )
    assert "Strong plans</textarea>" in page
    assert not Application.objects.filter(decision=Decision.ACCEPTED).exists()

    client.post(url, {**accept, "past_places": "on"})
    assert Application.objects.filter(decision=Decision.ACCEPTED).count() == 2


def test_bulk_decide_with_an_id_of_another_cohort_changes_nothing_there(client, cohort, manager, submitted):
    mine, elsewhere = submitted(), submitted(in_cohort=CohortFactory())
    client.force_login(manager)
    response = client.post(
        reverse("applications:bulk_decide", args=[cohort.slug]),
        {"applications": [mine.pk, elsewhere.pk], "decision": Decision.DECLINED, "reason": "No"},
    )
    assert response.context["form"].errors["applications"]
    elsewhere.refresh_from_db()
    assert elsewhere.decision == Decision.UNDECIDED


def test_export_checked_has_the_checked_rows_only(client, cohort, manager, submitted):
    chosen, left = submitted(), submitted()
    client.force_login(manager)
    response = client.get(
        reverse("applications:export_checked", args=[cohort.slug]), {"applications": [chosen.pk]}
    )
    text = b"".join(response.streaming_content).decode()
    assert chosen.applicant.email in text and left.applicant.email not in text


def test_bulk_pages_without_checked_rows_go_back_to_the_queue(client, cohort, manager):
    client.force_login(manager)
    response = client.get(reverse("applications:bulk_assign", args=[cohort.slug]), follow=True)
    assert response.redirect_chain == [(reverse("applications:queue", args=[cohort.slug]), 302)]
    assert "Check at least one application in the queue first." in response.content.decode()


def test_rubric_page_shows_both_rubrics_and_changes_a_weight(client, cohort, manager):
    CriterionFactory(cohort=cohort, name="Goals and fit")
    client.force_login(manager)
    page = client.get(reverse("applications:rubric", args=[cohort.slug])).content.decode()
    assert "Candidates' rubric" in page and "Mentors' rubric" in page and "Goals and fit" in page
    criterion = Criterion.objects.filter(cohort=cohort, kind=Kind.MENTOR).first()
    url = reverse("applications:change_criterion", args=[cohort.slug, criterion.pk])
    client.post(url, {"name": criterion.name, "description": "", "weight": 7})
    criterion.refresh_from_db()
    assert criterion.weight == 7


def test_reviewers_page_sets_the_kind_a_reviewer_reviews(client, cohort, manager):
    ann = reviewer(cohort)
    client.force_login(manager)
    url = reverse("applications:reviewers", args=[cohort.slug])
    response = client.post(url, {"reviewer": ann.pk, "kind": Kind.MENTOR}, follow=True)
    assert f"{ann} reviews mentors only." in response.content.decode()
    assert ReviewerScope.objects.get(cohort=cohort, reviewer=ann).kind == Kind.MENTOR


def test_reviewer_sees_the_due_date_on_my_reviews(client, cohort, manager, submitted):
    ann, due_at = reviewer(cohort), due()
    services.assign_reviews(
        cohort=cohort, applications=[submitted()], reviewers=[ann], due_at=due_at, actor=manager
    )
    client.force_login(ann)
    page = client.get(reverse("applications:my_reviews", args=[cohort.slug])).content.decode()
    assert in_zone(due_at, cohort) in page
