import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from applications import services
from applications.models import (
    Application,
    Decision,
    Kind,
    Nomination,
    Review,
    ReviewStatus,
    Status,
)
from cohorts.models import Pairing, Role
from cohorts.services import record_contract

from ..factories import MeetingFactory, UserFactory
from ..files import exe_bytes, pdf_bytes, upload
from ..people import EVERY_ROLE
from .factories import (
    ApplicationFactory,
    CompleteApplicationFactory,
    CriterionFactory,
    NominationFactory,
    ReviewFactory,
)

NOT_MANAGER = [role for role in EVERY_ROLE if role != "program_manager"]
CANNOT_SEE_APPLICATION = [role for role in EVERY_ROLE if role not in ("program_manager", "reviewer")]


def url(name, *args):
    return reverse(f"applications:{name}", args=args)


# Anonymous ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "form", "resume", "download_resume", "availability", "place"])
def test_applicant_pages_anonymous_go_to_login(client, cohort, name):
    application = ApplicationFactory(cohort=cohort)
    response = client.get(url(name, application.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["queue", "rubric", "decisions", "extensions", "export", "my_reviews"])
def test_manager_pages_anonymous_go_to_login(client, cohort, name):
    response = client.get(url(name, cohort.slug))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Who sees an application and its resume --------------------------------------------------------------------


@pytest.mark.parametrize("role", CANNOT_SEE_APPLICATION)
def test_application_and_resume_refused_outside_scope(client, people, submitted, role):
    application = submitted()
    client.force_login(people[role])
    assert client.get(url("detail", application.pk)).status_code == 404
    assert client.get(url("download_resume", application.pk)).status_code == 404


@pytest.mark.parametrize("role", ["program_manager", "reviewer"])
def test_application_and_resume_open_to_the_cohorts_manager_and_assigned_reviewer(
    client, people, submitted, role
):
    application = submitted()
    ReviewFactory(application=application, reviewer=people["reviewer"])
    client.force_login(people[role])
    assert client.get(url("detail", application.pk)).status_code == 200
    response = client.get(url("download_resume", application.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="resume.pdf"'


def test_applicant_downloads_own_resume(client, ready):
    application = ready()
    client.force_login(application.applicant)
    assert client.get(url("download_resume", application.pk)).status_code == 200


def test_reviewer_cannot_open_a_draft(client, people, ready):
    client.force_login(people["reviewer"])
    assert client.get(url("detail", ready().pk)).status_code == 404


def test_candidate_opening_another_applicants_application_and_resume_is_refused(client, cohort, ready):
    mine, theirs = ready(), ready()
    client.force_login(mine.applicant)
    assert client.get(url("detail", theirs.pk)).status_code == 404
    assert client.get(url("download_resume", theirs.pk)).status_code == 404
    assert client.get(url("form", theirs.pk)).status_code == 404
    assert client.post(url("submit", theirs.pk)).status_code == 404
    assert client.post(url("withdraw", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT


def test_missing_application_is_404_like_a_foreign_one(client, people):
    client.force_login(people["program_manager"])
    assert client.get(url("detail", 999999)).status_code == 404


# The applicant's pages ---------------------------------------------------------------------------------------


def test_start_creates_the_draft_and_shows_the_checklist(client, cohort):
    person = UserFactory()
    client.force_login(person)
    response = client.post(url("start", cohort.slug), {"kind": "candidate"}, follow=True)
    application = Application.objects.get(applicant=person)
    assert response.redirect_chain[-1][0] == url("detail", application.pk)
    assert "Checklist" in response.text
    assert "Still to fill in: current position" in response.text


def test_form_part_bad_input_is_explained_and_kept(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    response = client.post(
        url("form", application.pk),
        {"current_position": "Network Manager", "years_in_k12_technology": "many", "goals_statement": "Grow"},
    )
    assert response.status_code == 200
    assert "Enter a whole number." in response.text
    assert 'value="Network Manager"' in response.text
    assert "Grow</textarea>" in response.text
    application.refresh_from_db()
    assert application.current_position == ""


def test_form_part_saves_a_draft_over_several_visits(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    client.post(url("form", application.pk), {"current_position": "Network Manager"})
    response = client.get(url("form", application.pk))
    assert 'value="Network Manager"' in response.text


def test_form_part_empty_post_keeps_the_draft(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    response = client.post(url("form", application.pk), {})
    assert response.status_code == 302


def test_resume_upload_pdf(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    response = client.post(url("resume", application.pk), {"resume": upload("My Resume.pdf", pdf_bytes())})
    assert response.status_code == 302
    assert application.resume.original_name == "My Resume.pdf"
    assert application.resume.file.name.startswith("resumes/")


def test_resume_wrong_type_renamed_to_pdf_is_refused(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    response = client.post(url("resume", application.pk), {"resume": upload("resume.pdf", exe_bytes())})
    assert response.status_code == 200
    assert (
        "This file is not one of the accepted types (PDF, Word (.docx), Word (.doc)), whatever its name says."
        in (response.text)
    )
    assert not hasattr(Application.objects.get(pk=application.pk), "resume")


def test_resume_over_the_size_limit_is_refused(client, cohort, settings):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    big = pdf_bytes() + b"%" * (10 * 1024 * 1024)
    response = client.post(url("resume", application.pk), {"resume": upload("resume.pdf", big)})
    assert response.status_code == 200
    assert "the limit is 10.0\xa0MB." in response.text
    assert not hasattr(Application.objects.get(pk=application.pk), "resume")


def test_nomination_page_requests_and_shows_status(client, cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    data = {
        "name": "Pat Boss",
        "title": "Superintendent",
        "organization": "Sample USD",
        "email": "boss@example.org",
    }
    with sent():
        response = client.post(url("nomination", application.pk), data, follow=True)
    assert "Requested, waiting for the nominator" in response.text
    assert [m.to for m in mail.outbox] == [["boss@example.org"]]
    with sent():
        client.post(url("resend_nomination", application.pk))
    assert len(mail.outbox) == 2


def test_nomination_page_own_address_is_refused_and_kept(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    own = application.applicant.email.replace("@", "+nominator@").upper()
    data = {"name": "Me", "title": "Director", "organization": "Sample USD", "email": own}
    response = client.post(url("nomination", application.pk), data)
    assert response.context["form"].errors == {
        "email": ["Your nominator must be someone else, usually your supervisor."]
    }
    assert 'value="Sample USD"' in response.text
    assert not Nomination.objects.exists()


def test_nomination_resends_past_the_days_limit_are_refused_on_the_page(client, cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    data = {
        "name": "Pat Boss",
        "title": "Superintendent",
        "organization": "Sample USD",
        "email": "b@example.org",
    }
    with sent():
        client.post(url("nomination", application.pk), data)
        for _ in range(2):
            client.post(url("resend_nomination", application.pk))
    assert len(mail.outbox) == 3
    with sent():
        response = client.post(url("resend_nomination", application.pk), follow=True)
    assert "as many nomination requests as we allow in a day" in response.text
    assert len(mail.outbox) == 3


def test_nomination_page_refuses_a_nominator_name_with_a_link_and_keeps_the_rest(client, cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    data = {
        "name": "Read evil.example",
        "title": "Director",
        "organization": "Sample USD",
        "email": "b@example.org",
    }
    with sent():
        response = client.post(url("nomination", application.pk), data)
    assert response.context["form"].errors == {"name": ["A name cannot contain a web address."]}
    assert 'value="Sample USD"' in response.text
    assert not Nomination.objects.exists()
    assert mail.outbox == []


def test_availability_cannot_attend_needs_a_reason(client, cohort):
    meeting = MeetingFactory(session__cohort=cohort)
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    field = f"meeting_{meeting.pk}"
    response = client.post(url("availability", application.pk), {field: "no"})
    assert "Say briefly why you cannot attend this day." in response.text
    assert f'name="{field}" value="no"  id="id_{field}_1" checked>' in response.text
    client.post(url("availability", application.pk), {field: "no", f"note_{meeting.pk}": "Board meeting"})
    assert application.availabilities.get().note == "Board meeting"


def test_submit_after_deadline_shows_the_closed_message(client, ready):
    application = ready()
    cohort = application.cohort
    cohort.applications_close = timezone.now() - timedelta(minutes=1)
    cohort.applications_open = timezone.now() - timedelta(days=30)
    cohort.save()
    client.force_login(application.applicant)
    response = client.post(url("submit", application.pk), follow=True)
    assert "Electronic submission is required; other submissions will not be accepted." in response.text
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_submitted_application_is_read_only_on_the_page(client, submitted):
    application = submitted()
    client.force_login(application.applicant)
    form_page = client.get(url("form", application.pk))
    assert form_page.status_code == 200
    assert "This application is submitted, so it is read-only. To change it, reopen it" in form_page.text
    assert 'name="current_position"' not in form_page.text
    page = client.get(url("detail", application.pk)).text
    assert "Submit application" not in page
    assert "Withdraw application" in page
    assert "Reopen to change" in page


# The nominator -----------------------------------------------------------------------------------------------


def test_nominate_link_without_account_submits_once(client, cohort, sent):
    nomination = NominationFactory(application__cohort=cohort, token="link-1")
    response = client.get(url("nominate", "link-1"))
    assert response.status_code == 200
    assert f"Nominate {nomination.application.applicant}" in response.text
    data = {"relationship": "I supervise him", "recommendation": "A leader.", "supports_release_time": "on"}
    with sent():
        response = client.post(url("nominate", "link-1"), data)
    assert "Thank you: the nomination is received" in response.text
    assert [m.to for m in mail.outbox] == [[nomination.application.applicant.email]]
    reused = client.get(url("nominate", "link-1"))
    assert reused.status_code == 410
    assert "This nomination has already been submitted." in reused.text
    assert client.post(url("nominate", "link-1"), data).status_code == 410


def test_nominate_expired_link_is_refused(client, cohort):
    NominationFactory(
        application__cohort=cohort, token="old", expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(url("nominate", "old"))
    assert response.status_code == 410
    assert "This link has expired." in response.text


def test_nominate_unknown_link_is_refused(client, db):
    assert client.get(url("nominate", "made-up")).status_code == 410


def test_nominate_bad_input_is_explained_and_kept(client, cohort):
    NominationFactory(application__cohort=cohort, token="link-2")
    response = client.post(url("nominate", "link-2"), {"relationship": "Colleague of 5 years"})
    assert "This field is required." in response.text
    assert "Colleague of 5 years</textarea>" in response.text
    assert not Nomination.objects.filter(submitted_at__isnull=False).exists()


# Reviews -----------------------------------------------------------------------------------------------------


@pytest.fixture
def scored(cohort, people, submitted, member):
    """An application with a rubric, scored by one reviewer; `people['reviewer']` has not scored yet."""
    vision = CriterionFactory(cohort=cohort, name="Vision", weight=2)
    application = submitted()
    first = member(Role.REVIEWER)
    done = ReviewFactory(application=application, reviewer=first)
    services.submit_review(review=done, scores={vision.pk: (4, "Clear plan")}, comments="Secret opinion")
    mine = ReviewFactory(application=application, reviewer=people["reviewer"])
    return {"vision": vision, "application": application, "done": done, "mine": mine}


def test_reviewer_sees_others_scores_only_after_scoring(client, people, scored):
    client.force_login(people["reviewer"])
    page = client.get(url("review", scored["mine"].pk)).text
    assert "The other reviewers' scores show once you have submitted your own." in page
    assert "Secret opinion" not in page
    assert "Secret opinion" not in client.get(url("detail", scored["application"].pk)).text
    response = client.post(
        url("review", scored["mine"].pk),
        {"action": "score", f"score_{scored['vision'].pk}": "2", "comments": "Mine"},
        follow=True,
    )
    assert "Secret opinion" in response.text
    assert Review.objects.get(pk=scored["mine"].pk).status == ReviewStatus.SUBMITTED


def test_application_page_lists_reviews_as_assigned_with_scores_in_rubric_order(
    client, cohort, people, scored
):
    scored["vision"].order = 2
    scored["vision"].save(update_fields=["order"])
    impact = CriterionFactory(cohort=cohort, name="Impact", order=1)
    services.submit_review(
        review=scored["mine"], scores={scored["vision"].pk: (2, ""), impact.pk: (5, "")}, comments="Mine"
    )
    client.force_login(people["reviewer"])

    page = client.get(url("detail", scored["application"].pk)).text

    first, mine = str(scored["done"].reviewer), str(people["reviewer"])
    assert page.index(f"<td>{first}</td>") < page.index(f"<td>{mine}</td>")
    assert "<td>Impact: 5; Vision: 2</td>" in page
    assert f'href="{scored["mine"].get_absolute_url()}">Your review</a>' in page


def test_application_page_links_a_reviewer_to_the_review_still_to_write(client, people, scored):
    client.force_login(people["reviewer"])

    page = client.get(url("detail", scored["application"].pk)).text

    assert f'href="{scored["mine"].get_absolute_url()}">Score this application</a>' in page
    assert "Secret opinion" not in page


def test_review_form_without_scores_is_explained(client, people, scored):
    client.force_login(people["reviewer"])
    response = client.post(url("review", scored["mine"].pk), {"action": "score", "comments": "Kept text"})
    assert "This field is required." in response.text
    assert "Kept text</textarea>" in response.text


def test_reviewer_declares_conflict(client, people, scored):
    client.force_login(people["reviewer"])
    response = client.post(url("declare_conflict", scored["mine"].pk), {"conflict_reason": "Former employee"})
    review = Review.objects.get(pk=scored["mine"].pk)
    assert (review.status, review.conflict_reason) == (ReviewStatus.CONFLICT, "Former employee")
    assert response["Location"] == review.get_absolute_url()


def test_review_page_links_to_the_conflict_confirm_page_instead_of_declaring(client, people, scored):
    client.force_login(people["reviewer"])
    page = client.get(url("review", scored["mine"].pk)).text
    confirm_url = url("declare_conflict", scored["mine"].pk)
    assertInHTML(
        f'<a class="btn btn-outline-danger" href="{confirm_url}">Declare a conflict of interest…</a>', page
    )
    assert 'value="conflict"' not in page


def test_conflict_confirm_page_says_what_declaring_means_and_changes_nothing(client, people, scored):
    client.force_login(people["reviewer"])
    review = scored["mine"]
    page = client.get(url("declare_conflict", review.pk)).text
    assert "You give up this review" in page
    assert "You are no longer offered as a reviewer for this application" in page
    assertInHTML('<button type="submit" class="btn btn-danger">Declare the conflict</button>', page)
    assertInHTML(
        f'<a class="btn btn-outline-secondary" href="{review.get_absolute_url()}">Back to the review</a>',
        page,
    )
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.ASSIGNED


def test_conflict_without_a_reason_shows_the_error_summary(client, people, scored):
    client.force_login(people["reviewer"])
    page = client.post(url("declare_conflict", scored["mine"].pk), {"conflict_reason": " "}).text
    assert "data-error-summary" in page
    assert '<a href="#id_conflict_reason">What is the conflict of interest?:' in page
    assert Review.objects.get(pk=scored["mine"].pk).status == ReviewStatus.ASSIGNED


def test_conflict_on_a_closed_review_is_refused(client, people, scored):
    review = scored["mine"]
    services.declare_conflict(review=review, reason="Former employee")
    client.force_login(people["reviewer"])
    assert "This review is already closed." in client.get(url("declare_conflict", review.pk)).text
    client.post(url("declare_conflict", review.pk), {"conflict_reason": "Other"})
    assert Review.objects.get(pk=review.pk).conflict_reason == "Former employee"


@pytest.mark.parametrize("role", [role for role in EVERY_ROLE if role != "reviewer"])
def test_conflict_page_refused_to_all_but_its_reviewer(client, people, scored, role):
    client.force_login(people[role])
    assert client.get(url("declare_conflict", scored["mine"].pk)).status_code == 404
    assert (
        client.post(url("declare_conflict", scored["mine"].pk), {"conflict_reason": "x"}).status_code == 404
    )


@pytest.mark.parametrize("role", [role for role in EVERY_ROLE if role != "reviewer"])
def test_review_page_refused_to_all_but_its_reviewer(client, people, scored, role):
    client.force_login(people[role])
    assert client.get(url("review", scored["mine"].pk)).status_code == 404


def test_reviewer_outside_the_cohort_is_refused(client, cohort, people, submitted):
    outsider = people["manager_of_other_cohort"]
    review = ReviewFactory(application=submitted(), reviewer=outsider)  # a stale assignment
    client.force_login(outsider)
    assert client.get(url("review", review.pk)).status_code == 404
    assert client.get(url("my_reviews", cohort.slug)).status_code == 404


def test_my_reviews_lists_assignments(client, people, scored):
    client.force_login(people["reviewer"])
    page = client.get(url("my_reviews", scored["application"].cohort.slug)).text
    review = scored["application"].reviews.get(reviewer=people["reviewer"])
    assertInHTML(
        f'<tr><td><a href="{review.get_absolute_url()}">{escape(scored["application"].applicant)}</a></td>'
        f"<td>Candidate</td><td>{review.get_status_display()}</td><td>—</td></tr>",
        page,
    )


def test_my_reviews_without_assignment_says_so(client, cohort, people):
    client.force_login(people["reviewer"])
    page = client.get(url("my_reviews", cohort.slug)).text
    assertInHTML('<tr><td colspan="4">Nothing assigned to you yet.</td></tr>', page)


# The program manager -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_MANAGER)
@pytest.mark.parametrize("name", ["queue", "rubric", "decisions", "extensions", "export"])
def test_manager_pages_refused_to_others(client, cohort, people, role, name):
    client.force_login(people[role])
    assert client.get(url(name, cohort.slug)).status_code == 404
    assert client.post(url(name, cohort.slug), {"name": "X", "weight": 1}).status_code in (404, 405)


@pytest.mark.parametrize("role", NOT_MANAGER)
def test_manager_actions_on_an_application_refused_to_others(client, people, submitted, role):
    application = submitted()
    client.force_login(people[role])
    assert client.post(url("assign", application.pk), {"reviewer": people["reviewer"].pk}).status_code == 404
    assert (
        client.post(url("decide", application.pk), {"decision": "accepted", "reason": "x"}).status_code == 404
    )
    application.refresh_from_db()
    assert (application.decision, application.reviews.count()) == ("", 0)


def test_queue_query_count_does_not_grow_with_rows(
    client, cohort, people, submitted, django_assert_max_num_queries
):
    client.force_login(people["program_manager"])
    first = submitted()
    ReviewFactory(application=first, reviewer=people["reviewer"])
    queue_url = url("queue", cohort.slug)
    client.get(queue_url)
    with django_assert_max_num_queries(10):
        client.get(queue_url)
    for _ in range(4):
        ReviewFactory(application=submitted(), reviewer=people["reviewer"])
    with django_assert_max_num_queries(10):
        response = client.get(queue_url)
    assert response.context["page"].paginator.count == 5


def test_queue_filters_by_kind_score_and_conflicts(client, cohort, people, submitted):
    criterion = CriterionFactory(cohort=cohort)
    high, low, mentor = submitted(), submitted(), submitted(kind=Kind.MENTOR)
    for application, value in ((high, 5), (low, 2)):
        review = ReviewFactory(application=application, reviewer=people["reviewer"])
        services.submit_review(review=review, scores={criterion.pk: (value, "")})
    meeting = MeetingFactory(session__cohort=cohort)
    low.availabilities.create(meeting=meeting, available=False, note="Board")
    client.force_login(people["program_manager"])

    def shown(**query):
        return {a.pk for a in client.get(url("queue", cohort.slug), query).context["page"]}

    assert shown(kind="mentor") == {mentor.pk}
    assert shown(min_score="4") == {high.pk}
    assert shown(max_score="3") == {low.pk}
    assert shown(conflicts="yes") == {low.pk}
    assert shown(reviewer=people["reviewer"].pk) == {high.pk, low.pk}
    assert [a.pk for a in client.get(url("queue", cohort.slug), {"sort": "-average"}).context["page"]][
        :2
    ] == [
        high.pk,
        low.pk,
    ]


def test_queue_row_shows_applicant_parts_reviews_scores_and_decision(client, cohort, people, submitted):
    criterion = CriterionFactory(cohort=cohort)
    application = submitted(organization="Springfield <USD>")
    review = ReviewFactory(application=application, reviewer=people["reviewer"])
    services.submit_review(review=review, scores={criterion.pk: (4, "")})
    ReviewFactory(application=application, reviewer=people["program_manager"])
    application.availabilities.create(meeting=MeetingFactory(session__cohort=cohort), available=False)
    Application.objects.filter(pk=application.pk).update(
        decision=Decision.ACCEPTED, decision_sent_at=timezone.now()
    )
    client.force_login(people["program_manager"])

    page = client.get(url("queue", cohort.slug)).text

    assertInHTML(
        f'<tr><td><input class="form-check-input" type="checkbox" name="applications" value="{application.pk}" '
        f'form="checked" id="check-{application.pk}" aria-label="Check {escape(application.applicant)}"></td>'
        f'<td><a href="{application.get_absolute_url()}">{escape(application.applicant)}</a><br>'
        f'<span class="small text-body-secondary">{application.applicant.email} · Springfield &lt;USD&gt;</span></td>'
        "<td>Candidate</td><td>Submitted</td>"
        '<td class="small">form ✓ · resume ✓ · nomination ✓</td>'
        "<td>1/2</td><td>4.00</td><td>0.00</td>"
        '<td><span class="badge text-bg-warning">1</span></td>'
        '<td>Accepted <span class="small text-body-secondary">(sent)</span></td></tr>',
        page,
    )
    assert "1 application;" in page


def test_queue_shows_scores_to_two_decimals_halves_up_and_a_dash_without_any(
    client, cohort, people, submitted
):
    criteria = [CriterionFactory(cohort=cohort, weight=1), CriterionFactory(cohort=cohort, weight=3)]
    scored, unscored = submitted(), submitted(kind=Kind.MENTOR)
    # Weighted 4.00 and 4.25: the average 4.125 shows as 4.13, the spread as 0.25.
    for reviewer, first in ((people["reviewer"], 4), (people["program_manager"], 5)):
        review = ReviewFactory(application=scored, reviewer=reviewer)
        services.submit_review(review=review, scores={criteria[0].pk: (first, ""), criteria[1].pk: (4, "")})
    client.force_login(people["program_manager"])

    page = client.get(url("queue", cohort.slug)).text

    row = (
        '<tr><td><input class="form-check-input" type="checkbox" name="applications" value="{}" form="checked" '
        'id="check-{}" aria-label="Check {}"></td>'
        '<td><a href="{}">{}</a><br><span class="small text-body-secondary">{} · {}</span></td>'
        '<td>{}</td><td>Submitted</td><td class="small">{}</td><td>{}</td><td>{}</td><td>{}</td><td>0</td>'
        "<td>Not decided</td></tr>"
    )
    for application, kind, parts, scores in [
        (scored, "Candidate", "form ✓ · resume ✓ · nomination ✓", ("2/2", "4.13", "0.25")),
        (unscored, "Mentor", "form ✓ · resume ✓", ("0/0", "—", "—")),
    ]:
        link, name, organization = (
            application.get_absolute_url(),
            application.applicant,
            application.organization,
        )
        pk, email = application.pk, application.applicant.email
        assertInHTML(
            row.format(
                pk, pk, escape(name), link, escape(name), email, escape(organization), kind, parts, *scores
            ),
            page,
        )


def test_queue_without_match_says_so_and_keeps_the_filter_chosen(client, cohort, people, submitted):
    submitted()
    client.force_login(people["program_manager"])

    page = client.get(url("queue", cohort.slug), {"kind": "mentor", "sort": "-average"}).text

    assertInHTML('<tr><td colspan="10">No application matches.</td></tr>', page)
    assert '<option value="mentor" selected>Mentor</option>' in page
    assert '<option value="-average" selected>Average, highest first</option>' in page
    assert '<option value="average">Average, lowest first</option>' in page


def test_queue_filter_out_of_range_is_marked_on_its_field(client, cohort, people):
    client.force_login(people["program_manager"])

    page = client.get(url("queue", cohort.slug), {"min_score": "9"}).text

    assert (
        '<input type="number" name="min_score" value="9" class="form-control form-control-sm" min="1" max="5" '
        'step="any" aria-invalid="true" aria-describedby="id_min_score_error" id="id_min_score">'
    ) in page
    assert 'id="id_min_score_error">Ensure this value is less than or equal to 5.</div>' in page


def test_queue_filters_by_completeness(client, cohort, people, submitted):
    complete = submitted()
    draft = CompleteApplicationFactory(cohort=cohort)
    client.force_login(people["program_manager"])
    page = client.get(url("queue", cohort.slug), {"completeness": "complete"}).context["page"]
    assert [a.pk for a in page] == [complete.pk]
    page = client.get(url("queue", cohort.slug), {"completeness": "incomplete"}).context["page"]
    assert [a.pk for a in page] == [draft.pk]


def test_export_streams_csv_with_scores_and_decisions(client, cohort, people, submitted):
    criterion = CriterionFactory(cohort=cohort, weight=2)
    application = submitted()
    review = ReviewFactory(application=application, reviewer=people["reviewer"])
    services.submit_review(review=review, scores={criterion.pk: (4, "")})
    services.decide(application=application, decision=Decision.ACCEPTED, reason="Strong", actor=None)
    client.force_login(people["program_manager"])
    response = client.get(url("export", cohort.slug))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Applicant", "E-mail", "Kind"]
    assert rows[1][1] == application.applicant.email
    assert rows[1][7:12] == ["4.00", "0.00", "0", "Accepted", "Strong"]
    assert rows[1][13] == ""  # no answer to ask for until the decision is e-mailed


def test_export_says_an_emailed_offer_awaits_its_answer(client, cohort, people, submitted):
    application = submitted()
    services.decide(application=application, decision=Decision.ACCEPTED, reason="Strong", actor=None)
    sent_at = datetime(2018, 5, 1, 17, 0, tzinfo=UTC)
    Application.objects.filter(pk=application.pk).update(decision_sent_at=sent_at)
    client.force_login(people["program_manager"])
    response = client.get(url("export", cohort.slug))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][12:14] == [f"{sent_at.astimezone(cohort.tz):%Y-%m-%d %H:%M %Z}", "No answer yet"]


DUE = (timezone.localdate() + timedelta(days=14)).isoformat() + "T17:00"  # on the cohort's clock


def test_manager_assigns_a_reviewer_and_decides(client, cohort, people, submitted):
    application = submitted()
    client.force_login(people["program_manager"])
    client.post(url("assign", application.pk), {"reviewer": people["reviewer"].pk, "due_at": DUE})
    assert application.reviews.get().reviewer == people["reviewer"]
    client.post(url("decide", application.pk), {"decision": "waitlisted", "reason": "Close call"})
    application.refresh_from_db()
    assert (application.decision, application.decision_reason) == ("waitlisted", "Close call")


def test_assign_without_a_reviewer_shows_the_form_with_its_error(client, people, submitted):
    application = submitted()
    client.force_login(people["program_manager"])
    response = client.post(url("assign", application.pk), {"reviewer": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert 'aria-invalid="true"' in response.text
    assert not application.reviews.exists()


def test_assign_refused_by_the_rules_is_explained_on_the_form(client, people, submitted):
    application = submitted()
    Application.objects.filter(pk=application.pk).update(status=Status.DRAFT)
    client.force_login(people["program_manager"])
    response = client.post(url("assign", application.pk), {"reviewer": people["reviewer"].pk, "due_at": DUE})
    assert response.status_code == 200
    assert "is not submitted; only submitted ones are reviewed." in response.text
    assert not application.reviews.exists()


def test_decide_without_reason_is_explained_and_kept(client, people, submitted):
    application = submitted()
    client.force_login(people["program_manager"])
    response = client.post(url("decide", application.pk), {"decision": "accepted"})
    assert "This field is required." in response.text
    assert 'name="decision" value="accepted"  id="id_decision_0" required checked>' in response.text


def test_decisions_preview_and_bulk_send_twice(client, cohort, people, submitted, sent):
    accepted, declined = submitted(), submitted()
    services.decide(application=accepted, decision=Decision.ACCEPTED, reason="", actor=None)
    services.decide(application=declined, decision=Decision.DECLINED, reason="Full", actor=None)
    client.force_login(people["program_manager"])
    page = client.get(url("decisions", cohort.slug)).text
    assert "Answer needed: you are accepted as candidate" in page
    assert "Send 2 decision e-mails" in page
    with sent():
        client.post(url("decisions", cohort.slug))
    with sent():
        job_page = client.post(url("decisions", cohort.slug))
    response = client.get(job_page["Location"])
    assert "Every decision was already sent." in response.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [accepted.applicant.email, declined.applicant.email]
    )


def test_decisions_previews_a_page_of_e_mails_and_sends_them_all(client, cohort, people):
    ApplicationFactory.create_batch(
        26, cohort=cohort, status=Status.SUBMITTED, decision=Decision.DECLINED, decision_reason="Full"
    )
    client.force_login(people["program_manager"])

    first = client.get(url("decisions", cohort.slug)).text
    second = client.get(url("decisions", cohort.slug), {"previews": 2}).text

    assert "E-mails to send (26)" in first and "E-mails to send (26)" in second
    assert (first.count("<details"), second.count("<details")) == (25, 1)
    assert '<nav aria-label="Pages of previews"' in first
    assert 'href="?previews=2">Next</a>' in first
    assert "Send 26 decision e-mails" in first and "Send 26 decision e-mails" in second


def test_place_page_confirm(client, cohort, submitted):
    application = submitted()
    services.decide(application=application, decision=Decision.ACCEPTED, reason="", actor=None)
    services.send_decisions(cohort=cohort)
    client.force_login(application.applicant)
    response = client.post(url("place", application.pk), {"answer": "confirm"}, follow=True)
    assert "Thank you: your place is confirmed." in response.text
    application.refresh_from_db()
    assert application.response == "confirmed"


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_place_page_refused_to_everyone_but_the_applicant(client, cohort, people, submitted, role):
    application = submitted()
    services.decide(application=application, decision=Decision.ACCEPTED, reason="", actor=None)
    services.send_decisions(cohort=cohort)
    client.force_login(people[role])
    assert client.post(url("place", application.pk), {"answer": "decline"}).status_code == 404


def test_extensions_page_grants_and_keeps_bad_input(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        url("extensions", cohort.slug), {"email": "nobody@example.org", "until": "", "reason": "Flu"}
    )
    assert "No account uses this address." in response.text
    assert "Flu</textarea>" in response.text
    until = (cohort.applications_close + timedelta(days=2)).astimezone(cohort.tz)
    client.post(
        url("extensions", cohort.slug),
        {"email": people["applicant"].email, "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "Flu"},
    )
    extension = cohort.extensions.get()
    assert (extension.applicant, extension.granted_by, extension.until) == (
        people["applicant"],
        people["program_manager"],
        until,
    )


def test_rubric_page_adds_a_criterion(client, cohort, people):
    client.force_login(people["program_manager"])
    client.post(
        url("rubric", cohort.slug), {"kind": "candidate", "name": "Vision", "description": "", "weight": 3}
    )
    assert [(c.name, c.weight) for c in cohort.criteria.filter(kind="candidate")] == [("Vision", 3)]
    response = client.post(url("rubric", cohort.slug), {"kind": "candidate", "name": "Vision", "weight": 11})
    assert "Ensure this value is less than or equal to 10." in response.text


# Pairing (cohorts) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_MANAGER)
def test_pairing_page_refused_to_others(client, cohort, people, role):
    client.force_login(people[role])
    response = client.post(
        reverse("cohorts:pairings", args=[cohort.slug]),
        {"candidate": people["other_candidate"].pk, "mentor": people["other_mentor"].pk},
    )
    assert response.status_code == 404
    assert not Pairing.objects.filter(candidate=people["other_candidate"]).exists()


def test_pairing_page_pairs_and_emails_both(client, cohort, people, sent):
    record_contract(
        cohort=cohort, mentor=people["other_mentor"], status="signed", status_on=date(2026, 5, 20)
    )
    client.force_login(people["program_manager"])
    with sent():
        response = client.post(
            reverse("cohorts:pairings", args=[cohort.slug]),
            {"candidate": people["other_candidate"].pk, "mentor": people["other_mentor"].pk},
            follow=True,
        )
    assert f"{people['other_candidate']} is paired with {people['other_mentor']}" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["other_candidate"].email, people["other_mentor"].email]
    )


def test_pairing_page_refuses_a_non_mentor(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("cohorts:pairings", args=[cohort.slug]),
        {"candidate": people["other_candidate"].pk, "mentor": people["instructor"].pk},
    )
    assert "Select a valid choice." in response.text


# Home page ---------------------------------------------------------------------------------------------------


def test_home_lists_the_applicants_applications_once_without_the_open_cohort_card(client, cohort, ready):
    application = ready()
    client.force_login(application.applicant)
    page = client.get(reverse("home")).text
    assert f'<a href="{application.get_absolute_url()}">Candidate application · {cohort}</a>' in page
    assert f"Applications are open: {cohort}" not in page


def test_home_panels_link_manager_and_reviewer_pages(client, cohort, people):
    client.force_login(people["program_manager"])
    assert url("queue", cohort.slug) in client.get(reverse("home")).text
    client.force_login(people["reviewer"])
    assert url("my_reviews", cohort.slug) in client.get(reverse("home")).text


def test_withdraw_from_the_page(client, submitted):
    application = submitted()
    client.force_login(application.applicant)
    asked = client.get(url("withdraw", application.pk)).text
    assert "You can undo this until the deadline" in asked
    response = client.post(url("withdraw", application.pk), follow=True)
    assert "Your application is withdrawn. You can undo this until the deadline." in response.text
    undo = url("undo_withdrawal", application.pk)
    assert response.text.count(f'action="{undo}"') == 2  # in the message and on the page
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    response = client.post(undo, follow=True)
    assert "The withdrawal is undone" in response.text
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_manager_offers_a_declined_place_to_the_waitlist(client, cohort, people, submitted, sent):
    declines, waiting = submitted(), submitted()
    services.decide(application=declines, decision=Decision.ACCEPTED, reason="", actor=None)
    services.decide(application=waiting, decision=Decision.WAITLISTED, reason="", actor=None)
    services.send_decisions(cohort=cohort)
    declines.refresh_from_db()
    services.answer_offer(application=declines, accept=False)
    client.force_login(people["program_manager"])
    page = client.get(url("decisions", cohort.slug)).text
    assert f"Offer the place to {waiting.applicant}</button>" in page
    with sent():
        response = client.post(url("offer", waiting.pk), follow=True)
    assert f"The place is offered to {waiting.applicant}; we e-mailed them." in response.text
    assert [m.to for m in mail.outbox] == [[waiting.applicant.email]]


def test_decisions_rows_show_average_reason_notice_time_answer_offer_and_contract(
    client, cohort, people, submitted
):
    criterion = CriterionFactory(cohort=cohort)
    accepted, waiting, mentor = submitted(), submitted(), submitted(kind=Kind.MENTOR)
    review = ReviewFactory(application=accepted, reviewer=people["reviewer"])
    services.submit_review(review=review, scores={criterion.pk: (4, "")})
    services.decide(application=accepted, decision=Decision.ACCEPTED, reason="Strong <plan>", actor=None)
    services.decide(application=waiting, decision=Decision.WAITLISTED, reason="", actor=None)
    services.decide(application=mentor, decision=Decision.ACCEPTED, reason="", actor=None)
    services.send_decisions(cohort=cohort)
    services.answer_offer(application=mentor, accept=True)  # a member of the cohort now: a contract is kept
    emailed = datetime(2026, 5, 11, tzinfo=UTC)
    Application.objects.update(decision_sent_at=emailed, answer_by=datetime(2099, 5, 26, tzinfo=UTC))
    record_contract(cohort=cohort, mentor=mentor.applicant, status="signed", status_on=date(2026, 5, 20))
    manager = people["program_manager"]
    manager.time_zone = "America/New_York"
    manager.save(update_fields=["time_zone"])
    client.force_login(manager)

    page = client.get(url("decisions", cohort.slug)).text

    notified = (
        '<td><time datetime="2026-05-11T00:00:00+00:00">Sun, May 10, 2026, 5:00 p.m. Pacific Time (PDT)</time> '
        '<span class="text-body-secondary">· your time: Sun, May 10, 2026, 8:00 p.m. Eastern Time (EDT)</span></td>'
    )
    assertInHTML(notified, page, count=3)
    assertInHTML(
        f'<tr><td><a href="{accepted.get_absolute_url()}">{escape(accepted.applicant)}</a></td><td>Candidate</td>'
        '<td>4.00</td><td>Accepted<br><span class="small text-body-secondary">Strong &lt;plan&gt;</span></td>'
        f"{notified}<td>No answer yet; answer by "
        '<time datetime="2099-05-26T00:00:00+00:00">Mon, May 25, 2099, 5:00 p.m. Pacific Time (PDT)</time> '
        '<span class="text-body-secondary">· your time: Mon, May 25, 2099, 8:00 p.m. Eastern Time (EDT)</span> '
        f'<a href="{url("answer_by", accepted.pk)}" aria-label="Change the answer-by time of '
        f'{escape(accepted.applicant)}">Change</a></td><td>—</td></tr>',
        page,
    )
    # No place is free to offer the waitlisted applicant (no limit, and nobody declined).
    assert f'action="{url("offer", waiting.pk)}"' not in page
    assertInHTML(
        f'<a href="{reverse("cohorts:pairings", args=[cohort.slug])}">Signed on Wed, May 20, 2026<span class='
        f'"visually-hidden">: the contract of {escape(mentor.applicant)}, recorded on the pairings page</span></a>',
        page,
    )


def test_manager_removes_a_criterion_before_reviews(client, cohort, people):
    criterion = CriterionFactory(cohort=cohort, name="Vision")
    client.force_login(people["program_manager"])
    asked = client.get(url("remove_criterion", cohort.slug, criterion.pk)).text
    assert "Remove “Vision” from the rubric?" in asked
    assert "This cannot be undone" in asked
    assert cohort.criteria.filter(pk=criterion.pk).exists()
    response = client.post(url("remove_criterion", cohort.slug, criterion.pk), follow=True)
    assert "“Vision” is removed from the rubric." in response.text
    assert not cohort.criteria.filter(pk=criterion.pk).exists()


@pytest.mark.parametrize("role", NOT_MANAGER)
def test_remove_criterion_refused_to_others(client, cohort, people, role):
    criterion = CriterionFactory(cohort=cohort)
    client.force_login(people[role])
    assert client.post(url("remove_criterion", cohort.slug, criterion.pk)).status_code == 404
    assert cohort.criteria.filter(pk=criterion.pk).exists()


def test_pairing_page_lists_candidates_without_a_mentor(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.get(reverse("cohorts:pairings", args=[cohort.slug]))
    assert [str(c) for c in response.context["unpaired"]] == [str(people["other_candidate"])]
    mentor = people["mentor"]
    assert f"<td>{mentor}</td>\n        <td>{mentor.organization}</td>\n        <td>1</td>" in response.text


def test_mentor_form_asks_the_qualifications_and_completes(client, cohort):
    application = ApplicationFactory(cohort=cohort, kind=Kind.MENTOR)
    client.force_login(application.applicant)
    page = client.get(url("form", application.pk)).text
    assert "Years in K-12 technology leadership (10+ preferred)" in page
    assert "Willing to contract with the association" in page
    client.post(
        url("form", application.pk),
        {
            "current_position": "CTO",
            "organization": "Fresno USD",
            "years_in_k12_technology": 14,
            "education": "MBA",
            "hands_on_experience": "Built the district data center.",
            "qualification": "CETPA CTO certification",
            "willing_to_contract": "on",
            "kickoff_available": "on",
        },
    )
    parts = {part.name: part.done for part in client.get(url("detail", application.pk)).context["checklist"]}
    # The default mentor questions are optional: the "Questions" part is done without answers.
    assert parts == {"Application form": True, "Resume": False, "Questions": True, "Availability": True}


def test_start_page_of_a_closed_cohort_says_nothing_is_accepted(client, cohort):
    cohort.applications_open = timezone.now() - timedelta(days=60)
    cohort.applications_close = timezone.now() - timedelta(days=1)
    cohort.save()
    client.force_login(UserFactory())
    response = client.get(url("start", cohort.slug))
    assert "This cohort is not accepting applications." in response.text
    assert "Start or continue" not in response.text
    response = client.post(url("start", cohort.slug), {"kind": "candidate"})
    assert "Electronic submission is required; other submissions will not be accepted." in response.text
    assert not Application.objects.exists()
