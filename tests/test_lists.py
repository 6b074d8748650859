"""Every list that can grow is searched, sorted by its columns' titles and paged 25 at a time with its count."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Kind, ReviewAssignment, ReviewStatus, Status
from cohorts.models import Role

from .applications.factories import ApplicationFactory, ExtensionFactory, ReviewFactory
from .factories import MembershipFactory, PairingFactory, UserFactory
from .notifications.factories import MessageFactory
from .portfolios.factories import CheckInFactory, MentorMeetingFactory, PortfolioFactory


@pytest.fixture
def manager(cohort, member, client):
    user = member(Role.PROGRAM_MANAGER)
    client.force_login(user)
    return user


def person(last_name, organization="Sample Unified School District"):
    return UserFactory(
        first_name="Pat",
        last_name=last_name,
        email=f"{last_name.lower()}@example.org",
        organization=organization,
    )


def candidate(cohort, last_name, **kwargs):
    return MembershipFactory(cohort=cohort, user=person(last_name, **kwargs), role=Role.CANDIDATE).user


def page(client, name, cohort, **query):
    response = client.get(reverse(name, args=[cohort.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def in_order(text, *names):
    positions = [text.index(name) for name in names]
    return positions == sorted(positions)


# The people page


def test_people_search_finds_by_organization(client, cohort, manager):
    candidate(cohort, "Abbott", organization="Elk Grove USD")
    candidate(cohort, "Baker", organization="Folsom Cordova USD")

    text = page(client, "cohorts:people", cohort, q="elk grove")

    assert "Pat Abbott" in text
    assert "Pat Baker" not in text
    assert "1 person found" in text


def test_people_sort_by_name_both_ways(client, cohort, manager):
    candidate(cohort, "Abbott")
    candidate(cohort, "Zeller")

    assert in_order(page(client, "cohorts:people", cohort, sort="name"), "Pat Abbott", "Pat Zeller")
    assert in_order(page(client, "cohorts:people", cohort, sort="-name"), "Pat Zeller", "Pat Abbott")


def test_people_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(25):
        candidate(cohort, f"Person{n:02}")

    text = page(client, "cohorts:people", cohort)

    assert "26 members of the cohort" in text
    assert "Page 1 of 2" in text


# The pairings page


def pair(cohort, candidate_name, mentor_name):
    return PairingFactory(
        cohort=cohort,
        candidate=candidate(cohort, candidate_name),
        mentor=MembershipFactory(cohort=cohort, user=person(mentor_name), role=Role.MENTOR).user,
    )


def pairs_of(text):
    """The pairs table of the pairings page, without the pairing form's lists of everyone."""
    return text.split('id="pairs-heading"')[1].split("Pair a candidate with any mentor")[0]


def test_pairs_search_finds_by_the_mentors_email(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")
    pair(cohort, "Baker", "Mentortwo")

    pairs_table = pairs_of(page(client, "cohorts:pairings", cohort, q="mentortwo@example.org"))

    assert "1 pair found" in pairs_table
    assert "Pat Baker" in pairs_table
    assert "Pat Abbott" not in pairs_table


def test_pairs_sort_by_mentor(client, cohort, manager):
    pair(cohort, "Abbott", "Zulu")
    pair(cohort, "Baker", "Alpha")

    pairs_table = pairs_of(page(client, "cohorts:pairings", cohort, sort="mentor"))

    assert in_order(pairs_table, "Pat Baker", "Pat Abbott")


def test_pairs_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        pair(cohort, f"Candidate{n:02}", f"Mentor{n:02}")

    text = page(client, "cohorts:pairings", cohort)

    assert "26 pairs" in text
    assert "Page 1 of 2" in text


def mentor(cohort, last_name, **kwargs):
    return MembershipFactory(cohort=cohort, user=person(last_name, **kwargs), role=Role.MENTOR).user


def unpaired_of(text):
    """The candidates without a mentor, without the pairing form's lists of everyone."""
    return text.split('id="unpaired-heading"')[1].split('id="pairs-heading"')[0]


def mentors_of(text):
    """The mentors with their loads, below the pairing form."""
    return text.split('id="mentors-heading"')[1]


def test_unpaired_candidates_search_finds_by_organization(client, cohort, manager):
    candidate(cohort, "Abbott", organization="Elk Grove USD")
    candidate(cohort, "Baker", organization="Folsom Cordova USD")

    unpaired = unpaired_of(page(client, "cohorts:pairings", cohort, unpaired_q="elk grove"))

    assert "Candidates without a mentor (1 found)" in unpaired
    assert "Pat Abbott" in unpaired
    assert "Pat Baker" not in unpaired


def test_unpaired_candidates_search_finds_by_name_or_email(client, cohort, manager):
    candidate(cohort, "Abbott")
    candidate(cohort, "Baker")

    by_name = unpaired_of(page(client, "cohorts:pairings", cohort, unpaired_q="PAT baker"))
    by_email = unpaired_of(page(client, "cohorts:pairings", cohort, unpaired_q="abbott@example"))

    assert "Pat Baker" in by_name and "Pat Abbott" not in by_name
    assert "Pat Abbott" in by_email and "Pat Baker" not in by_email


def test_unpaired_candidates_search_without_a_match_says_so(client, cohort, manager):
    candidate(cohort, "Abbott")

    text = page(client, "cohorts:pairings", cohort, unpaired_q="nobody")

    assert "No candidate without a mentor matches the search." in text


def test_unpaired_candidates_paged_by_25_keeping_the_search(client, cohort, manager):
    for n in range(26):
        candidate(cohort, f"Candidate{n:02}")

    text = page(client, "cohorts:pairings", cohort, unpaired_q="candidate")

    assert "Candidates without a mentor (26 found)" in text
    assert "unpaired_q=candidate&amp;unpaired_page=2" in text


def test_mentors_search_finds_by_name_and_keeps_the_other_lists_search(client, cohort, manager):
    mentor(cohort, "Mentorone")
    mentor(cohort, "Mentortwo")
    candidate(cohort, "Abbott")

    text = page(client, "cohorts:pairings", cohort, mentors_q="mentortwo", unpaired_q="abbott")
    mentors = mentors_of(text)

    assert "Mentors and their candidates (1 found)" in mentors
    assert "Pat Mentortwo" in mentors
    assert "Pat Mentorone" not in mentors
    assert '<input type="hidden" name="unpaired_q" value="abbott">' in mentors
    assert 'href="?unpaired_q=abbott">Clear the search</a>' in mentors


def test_mentors_search_without_a_match_says_so(client, cohort, manager):
    mentor(cohort, "Mentorone")

    text = page(client, "cohorts:pairings", cohort, mentors_q="nobody")

    assert "No mentor matches the search." in text


def test_mentors_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        mentor(cohort, f"Mentor{n:02}")

    text = page(client, "cohorts:pairings", cohort)

    assert "Mentors and their candidates (26)" in text
    assert "26 mentors, fewest candidates first." in text
    assert "mentors_page=2" in text


def test_unpaired_candidates_sort_by_organization_both_ways_empty_last(client, cohort, manager):
    candidate(cohort, "Abbott", organization="Folsom Cordova USD")
    candidate(cohort, "Baker", organization="Elk Grove USD")
    candidate(cohort, "Carter", organization="")

    by_name = unpaired_of(page(client, "cohorts:pairings", cohort))
    ascending = unpaired_of(page(client, "cohorts:pairings", cohort, unpaired_sort="organization"))
    descending = unpaired_of(page(client, "cohorts:pairings", cohort, unpaired_sort="-organization"))

    assert in_order(by_name, "Pat Abbott", "Pat Baker", "Pat Carter")
    assert in_order(ascending, "Pat Baker", "Pat Abbott", "Pat Carter")
    assert in_order(descending, "Pat Abbott", "Pat Baker", "Pat Carter")
    assert 'organization ▲<span class="visually-hidden"> (sorted ascending)</span>' in ascending


def test_unpaired_candidates_sort_by_name_descending_by_last_name(client, cohort, manager):
    candidate(cohort, "Abbott")
    MembershipFactory(  # a first name early in the alphabet, which must not decide
        cohort=cohort,
        user=UserFactory(first_name="Aaron", last_name="Zeller", email="zeller@example.org"),
        role=Role.CANDIDATE,
    )

    text = unpaired_of(page(client, "cohorts:pairings", cohort, unpaired_sort="-name"))

    assert in_order(text, "Aaron Zeller", "Pat Abbott")


def test_unpaired_sort_links_keep_the_other_lists_params(client, cohort, manager):
    candidate(cohort, "Abbott")

    text = page(client, "cohorts:pairings", cohort, q="x", mentors_q="y", unpaired_q="abbott")

    assert 'href="?q=x&amp;mentors_q=y&amp;unpaired_q=abbott&amp;unpaired_sort=organization"' in text


def test_mentors_sort_by_load_most_first_then_back(client, cohort, manager):
    busy = mentor(cohort, "Busy")
    mentor(cohort, "Idle")
    for name in ("One", "Two"):
        PairingFactory(cohort=cohort, candidate=candidate(cohort, name), mentor=busy)

    fewest_first = mentors_of(page(client, "cohorts:pairings", cohort))
    most_first = mentors_of(page(client, "cohorts:pairings", cohort, mentors_sort="-load"))
    ascending = mentors_of(page(client, "cohorts:pairings", cohort, mentors_sort="load"))

    assert in_order(fewest_first, "Pat Idle", "Pat Busy")
    assert in_order(most_first, "Pat Busy", "Pat Idle")
    assert in_order(ascending, "Pat Idle", "Pat Busy")
    assert "2 mentors. Click" in most_first


def test_mentors_sort_by_name_and_organization_keeping_the_other_lists_params(client, cohort, manager):
    busy = mentor(cohort, "Zulu", organization="Alpine County USD")
    mentor(cohort, "Alpha", organization="Yolo County USD")
    PairingFactory(cohort=cohort, candidate=candidate(cohort, "One"), mentor=busy)

    by_name = mentors_of(page(client, "cohorts:pairings", cohort, mentors_sort="name", unpaired_q="one"))
    by_organization = mentors_of(page(client, "cohorts:pairings", cohort, mentors_sort="organization"))

    assert in_order(by_name, "Pat Alpha", "Pat Zulu")
    assert in_order(by_organization, "Pat Zulu", "Pat Alpha")
    assert 'href="?mentors_sort=-name&amp;unpaired_q=one"' in by_name
    assert 'aria-sort="ascending"' in by_name


# The people page's pairs


def people_pairs_of(text):
    """The people page's pairs, below its people."""
    return text.split('id="pairs-heading"')[1]


def test_people_pairs_search_finds_by_either_persons_name_email_or_organization(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")
    PairingFactory(
        cohort=cohort,
        candidate=candidate(cohort, "Baker", organization="Elk Grove USD"),
        mentor=MembershipFactory(cohort=cohort, user=person("Mentortwo"), role=Role.MENTOR).user,
    )

    by_mentor = people_pairs_of(page(client, "cohorts:people", cohort, pairs_q="MENTORONE"))
    by_email = people_pairs_of(page(client, "cohorts:people", cohort, pairs_q="baker@example.org"))
    by_organization = people_pairs_of(page(client, "cohorts:people", cohort, pairs_q="elk grove"))

    assert "Pairings (1 found)" in by_mentor
    assert "Pat Abbott, mentored by Pat Mentorone" in by_mentor
    assert "Pat Baker" not in by_mentor
    assert "Pat Baker, mentored by Pat Mentortwo" in by_email and "Pat Abbott" not in by_email
    assert "Pat Baker, mentored by Pat Mentortwo" in by_organization and "Pat Abbott" not in by_organization


def test_people_pairs_search_keeps_the_people_search_and_leaves_the_people_alone(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")
    pair(cohort, "Baker", "Mentortwo")

    text = page(client, "cohorts:people", cohort, q="pat", pairs_q="abbott")
    pairs = people_pairs_of(text)

    assert "Pat Baker" in text.split('id="pairs-heading"')[0]  # the people list is not narrowed
    assert '<input type="hidden" name="q" value="pat">' in pairs
    assert 'href="?q=pat">Clear the search</a>' in pairs
    assert '<input type="hidden" name="pairs_q" value="abbott">' in text.split('id="pairs-heading"')[0]


def test_people_pairs_search_without_a_match_says_so(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")

    text = page(client, "cohorts:people", cohort, pairs_q="nobody")

    assert "No pair matches the search." in text


def test_people_pairs_paged_by_25_keeping_the_search(client, cohort, manager):
    for n in range(26):
        pair(cohort, f"Candidate{n:02}", f"Mentor{n:02}")

    text = page(client, "cohorts:people", cohort, pairs_q="candidate")

    assert "Pairings (26 found)" in text
    assert "pairs_q=candidate&amp;pairs_page=2" in text


def test_people_pairs_sort_by_mentor_both_ways_keeping_the_search(client, cohort, manager):
    pair(cohort, "Abbott", "Zulu")
    pair(cohort, "Baker", "Alpha")

    by_candidate = people_pairs_of(page(client, "cohorts:people", cohort))
    by_mentor = people_pairs_of(page(client, "cohorts:people", cohort, pairs_sort="mentor", pairs_q="pat"))
    by_mentor_descending = people_pairs_of(page(client, "cohorts:people", cohort, pairs_sort="-mentor"))

    assert in_order(by_candidate, "Pat Abbott, mentored by Pat Zulu", "Pat Baker, mentored by Pat Alpha")
    assert in_order(by_mentor, "Pat Baker, mentored by Pat Alpha", "Pat Abbott, mentored by Pat Zulu")
    assert in_order(
        by_mentor_descending, "Pat Abbott, mentored by Pat Zulu", "Pat Baker, mentored by Pat Alpha"
    )
    assert 'mentor ▲<span class="visually-hidden"> (sorted ascending)</span>' in by_mentor
    assert 'href="?pairs_sort=-mentor&amp;pairs_q=pat"' in by_mentor


# The decisions page


def submitted(cohort, last_name, **kwargs):
    return ApplicationFactory(cohort=cohort, applicant=person(last_name), status=Status.SUBMITTED, **kwargs)


def test_decisions_search_finds_by_name(client, cohort, manager):
    submitted(cohort, "Abbott")
    submitted(cohort, "Baker")

    text = page(client, "applications:decisions", cohort, q="baker")

    assert "1 application found" in text
    assert "Pat Baker" in text
    assert "Pat Abbott" not in text


def test_decisions_sort_by_kind_then_back(client, cohort, manager):
    submitted(cohort, "Abbott", kind=Kind.MENTOR)
    submitted(cohort, "Baker", kind=Kind.CANDIDATE)

    assert in_order(page(client, "applications:decisions", cohort, sort="kind"), "Pat Baker", "Pat Abbott")
    assert in_order(page(client, "applications:decisions", cohort, sort="-kind"), "Pat Abbott", "Pat Baker")


def test_decisions_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        submitted(cohort, f"Applicant{n:02}")

    text = page(client, "applications:decisions", cohort)

    assert "Submitted applications (26)" in text
    assert "Page 1 of 2" in text


# The portfolios overview


def test_portfolios_search_finds_by_email(client, cohort, manager):
    PortfolioFactory(cohort=cohort, candidate=candidate(cohort, "Abbott"))
    PortfolioFactory(cohort=cohort, candidate=candidate(cohort, "Baker"))

    text = page(client, "portfolios:overview", cohort, q="abbott@example")

    assert "1 candidate found" in text
    assert "Pat Abbott" in text
    assert "Pat Baker" not in text


def test_portfolios_sort_by_candidate_descending(client, cohort, manager):
    PortfolioFactory(cohort=cohort, candidate=candidate(cohort, "Abbott"))
    PortfolioFactory(cohort=cohort, candidate=candidate(cohort, "Zeller"))

    assert in_order(
        page(client, "portfolios:overview", cohort, sort="-candidate"), "Pat Zeller", "Pat Abbott"
    )


def test_portfolios_sort_by_mentor(client, cohort, manager):
    for candidate_name, mentor_name in [("Abbott", "Zulu"), ("Baker", "Alpha")]:
        pairing = pair(cohort, candidate_name, mentor_name)
        PortfolioFactory(cohort=cohort, candidate=pairing.candidate)

    assert in_order(page(client, "portfolios:overview", cohort, sort="mentor"), "Pat Baker", "Pat Abbott")


def test_portfolios_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        PortfolioFactory(cohort=cohort, candidate=candidate(cohort, f"Candidate{n:02}"))

    text = page(client, "portfolios:overview", cohort)

    assert "26 candidates" in text
    assert "Page 1 of 2" in text


# Meeting frequency


def frequency_table(text):
    """The table of every pair's meetings, without the quiet pairs listed above it."""
    return text.split('id="frequency-caption"')[1]


def test_meeting_frequency_search_finds_by_the_candidates_name(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")
    pair(cohort, "Baker", "Mentortwo")

    table = frequency_table(page(client, "portfolios:meeting_frequency", cohort, q="abbott"))

    assert "1 pair found" in table
    assert "Pat Abbott" in table
    assert "Pat Baker" not in table


def test_meeting_frequency_search_finds_by_the_mentors_name(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")
    pair(cohort, "Baker", "Mentortwo")

    table = frequency_table(page(client, "portfolios:meeting_frequency", cohort, q="Pat Mentortwo"))

    assert "Pat Baker" in table
    assert "Pat Abbott" not in table


def test_meeting_frequency_search_keeps_every_quiet_pair_listed(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")
    pair(cohort, "Baker", "Mentortwo")

    text = page(client, "portfolios:meeting_frequency", cohort, q="abbott", weeks=3)

    assert "Pairs with no meeting in 3 weeks (2)" in text
    assert 'name="weeks" value="3"' in text
    assert 'href="?weeks=3">Clear the search</a>' in text


def test_meeting_frequency_search_without_a_match_says_so(client, cohort, manager):
    pair(cohort, "Abbott", "Mentorone")

    text = page(client, "portfolios:meeting_frequency", cohort, q="nobody")

    assert "0 pairs found" in text
    assert "No pair matches the search." in text


def test_meeting_frequency_sort_by_meetings_both_ways(client, cohort, manager):
    MentorMeetingFactory.create_batch(2, pairing=pair(cohort, "Abbott", "Mentorone"))
    MentorMeetingFactory(pairing=pair(cohort, "Baker", "Mentortwo"))

    ascending = frequency_table(page(client, "portfolios:meeting_frequency", cohort, sort="meetings"))
    descending = frequency_table(page(client, "portfolios:meeting_frequency", cohort, sort="-meetings"))

    assert in_order(ascending, "Pat Baker", "Pat Abbott")
    assert in_order(descending, "Pat Abbott", "Pat Baker")
    assert 'aria-sort="descending"' in descending


def test_meeting_frequency_sort_by_last_meeting_keeps_the_weeks(client, cohort, manager):
    MentorMeetingFactory(pairing=pair(cohort, "Abbott", "Mentorone"), held_on=date.today())
    MentorMeetingFactory(
        pairing=pair(cohort, "Baker", "Mentortwo"), held_on=date.today() - timedelta(weeks=5)
    )

    text = page(client, "portfolios:meeting_frequency", cohort, sort="last_meeting", weeks=2)

    assert in_order(frequency_table(text), "Pat Baker", "Pat Abbott")
    assert 'href="?sort=-last_meeting&amp;weeks=2"' in text
    assert "Pairs with no meeting in 2 weeks (1)" in text


def test_meeting_frequency_sort_by_mentor(client, cohort, manager):
    pair(cohort, "Abbott", "Zulu")
    pair(cohort, "Baker", "Alpha")

    table = frequency_table(page(client, "portfolios:meeting_frequency", cohort, sort="mentor"))

    assert in_order(table, "Pat Baker", "Pat Abbott")


def test_meeting_frequency_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        pair(cohort, f"Candidate{n:02}", f"Mentor{n:02}")

    text = page(client, "portfolios:meeting_frequency", cohort, weeks=6)
    table = frequency_table(text)

    assert "26 pairs" in table
    assert table.count('<th scope="row">') == 25
    assert "Page 1 of 2" in text
    assert "weeks=6&amp;page=2" in text


# The reviewers page


def reviewer_named(cohort, last_name):
    return MembershipFactory(cohort=cohort, user=person(last_name), role=Role.REVIEWER).user


def test_reviewers_search_finds_by_name(client, cohort, manager):
    reviewer_named(cohort, "Abbott")
    reviewer_named(cohort, "Baker")

    text = page(client, "applications:reviewers", cohort, q="baker")

    assert "1 reviewer found" in text
    assert "Pat Baker" in text
    assert "Pat Abbott" not in text


def test_reviewers_search_finds_by_email(client, cohort, manager):
    reviewer_named(cohort, "Abbott")
    reviewer_named(cohort, "Baker")

    text = page(client, "applications:reviewers", cohort, q="abbott@example.org")

    assert "Pat Abbott" in text
    assert "Pat Baker" not in text


def test_reviewers_search_without_a_match_says_so(client, cohort, manager):
    text = page(client, "applications:reviewers", cohort, q="nobody")

    assert "0 reviewers found" in text
    assert "No reviewer matches the search." in text


def test_reviewers_sort_by_name_and_by_reviews_to_do_both_ways(client, cohort, manager):
    abbott, zeller = reviewer_named(cohort, "Abbott"), reviewer_named(cohort, "Zeller")
    ReviewFactory.create_batch(2, reviewer=abbott, application__cohort=cohort)
    ReviewFactory(reviewer=zeller, application__cohort=cohort)

    assert in_order(page(client, "applications:reviewers", cohort, sort="-name"), "Pat Zeller", "Pat Abbott")
    assert in_order(page(client, "applications:reviewers", cohort, sort="to_do"), "Pat Zeller", "Pat Abbott")
    to_do_first = page(client, "applications:reviewers", cohort, sort="-to_do")
    assert in_order(to_do_first, "Pat Abbott", "Pat Zeller")
    assert 'aria-sort="descending"' in to_do_first


def test_reviewers_sort_by_reviews_done(client, cohort, manager):
    reviewer_named(cohort, "Abbott")
    zeller = reviewer_named(cohort, "Zeller")
    ReviewFactory(reviewer=zeller, application__cohort=cohort, status=ReviewStatus.SUBMITTED)

    assert in_order(page(client, "applications:reviewers", cohort, sort="-done"), "Pat Zeller", "Pat Abbott")


def test_reviewers_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        reviewer_named(cohort, f"Reviewer{n:02}")

    text = page(client, "applications:reviewers", cohort)

    assert "27 reviewers" in text  # the program manager reviews too
    assert "Page 1 of 2" in text


# A reviewer's own list


@pytest.fixture
def reviewer(cohort, member, client):
    user = member(Role.REVIEWER)
    client.force_login(user)
    return user


def review_of(reviewer, last_name, organization="Sample Unified School District", **kwargs):
    application = submitted(
        reviewer.memberships.get().cohort,
        last_name,
        organization=organization,
        submitted_at=timezone.now(),
    )
    return ReviewFactory(application=application, reviewer=reviewer, **kwargs)


def test_my_reviews_search_finds_by_applicant_name(client, cohort, reviewer):
    review_of(reviewer, "Abbott")
    review_of(reviewer, "Baker")

    text = page(client, "applications:my_reviews", cohort, q="Pat Baker")

    assert "1 review found" in text
    assert "Pat Baker" in text
    assert "Pat Abbott" not in text


def test_my_reviews_search_finds_by_organization(client, cohort, reviewer):
    review_of(reviewer, "Abbott", organization="Elk Grove USD")
    review_of(reviewer, "Baker", organization="Folsom Cordova USD")

    text = page(client, "applications:my_reviews", cohort, q="folsom")

    assert "Pat Baker" in text
    assert "Pat Abbott" not in text


def test_my_reviews_search_without_a_match_says_so(client, cohort, reviewer):
    review_of(reviewer, "Abbott")

    text = page(client, "applications:my_reviews", cohort, q="nobody")

    assert "0 reviews found" in text
    assert "No review matches the search." in text


def test_my_reviews_sort_by_done_or_to_do_both_ways(client, cohort, reviewer):
    review_of(reviewer, "Abbott", status=ReviewStatus.SUBMITTED)
    review_of(reviewer, "Baker")

    assert in_order(page(client, "applications:my_reviews", cohort, sort="status"), "Pat Baker", "Pat Abbott")
    assert in_order(
        page(client, "applications:my_reviews", cohort, sort="-status"), "Pat Abbott", "Pat Baker"
    )


def test_my_reviews_sort_by_due_both_ways(client, cohort, reviewer):
    for last_name, days in [("Abbott", 9), ("Baker", 2)]:
        due = ReviewAssignment.objects.create(cohort=cohort, due_at=timezone.now() + timedelta(days=days))
        review_of(reviewer, last_name, assignment=due)

    assert in_order(page(client, "applications:my_reviews", cohort, sort="due"), "Pat Baker", "Pat Abbott")
    assert in_order(page(client, "applications:my_reviews", cohort, sort="-due"), "Pat Abbott", "Pat Baker")


def test_my_reviews_paged_by_25_with_the_count(client, cohort, reviewer):
    for n in range(26):
        review_of(reviewer, f"Applicant{n:02}")

    text = page(client, "applications:my_reviews", cohort)

    assert "26 reviews" in text
    assert "Page 1 of 2" in text


# The extensions page


def extended(cohort, last_name, days=3, reason="Flu"):
    return ExtensionFactory(
        cohort=cohort,
        applicant=person(last_name),
        until=cohort.applications_close + timedelta(days=days),
        reason=reason,
    )


def test_extensions_search_finds_by_applicant_name(client, cohort, manager):
    extended(cohort, "Abbott")
    extended(cohort, "Baker")

    text = page(client, "applications:extensions", cohort, q="abbott")

    assert "Extensions granted: 1 found" in text
    assert "Pat Abbott" in text
    assert "Pat Baker" not in text


def test_extensions_search_finds_by_email_or_reason(client, cohort, manager):
    extended(cohort, "Abbott", reason="Flu")
    extended(cohort, "Baker", reason="Power cut at the district office")

    by_email = page(client, "applications:extensions", cohort, q="abbott@example.org")
    by_reason = page(client, "applications:extensions", cohort, q="power cut")

    assert "Pat Abbott" in by_email and "Pat Baker" not in by_email
    assert "Pat Baker" in by_reason and "Pat Abbott" not in by_reason


def test_extensions_search_without_a_match_says_so(client, cohort, manager):
    extended(cohort, "Abbott")

    text = page(client, "applications:extensions", cohort, q="nobody")

    assert "No extension matches the search." in text


def test_extensions_sort_by_until_both_ways(client, cohort, manager):
    extended(cohort, "Abbott", days=9)
    extended(cohort, "Baker", days=2)

    assert in_order(page(client, "applications:extensions", cohort, sort="until"), "Pat Baker", "Pat Abbott")
    assert in_order(page(client, "applications:extensions", cohort, sort="-until"), "Pat Abbott", "Pat Baker")


def test_extensions_sort_by_applicant(client, cohort, manager):
    extended(cohort, "Zeller")
    extended(cohort, "Abbott")

    text = page(client, "applications:extensions", cohort, sort="applicant")

    assert in_order(text, "Pat Abbott", "Pat Zeller")
    assert 'aria-sort="ascending"' in text


def test_extensions_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        extended(cohort, f"Applicant{n:02}")

    text = page(client, "applications:extensions", cohort)

    assert "Extensions granted: 26" in text
    assert "Page 1 of 2" in text


# Mentor check-ins


def check_in(cohort, days, location="Room 1", agenda=""):
    return CheckInFactory(
        cohort=cohort, starts_at=timezone.now() + timedelta(days=days), location=location, agenda=agenda
    )


def test_check_ins_search_finds_by_place_or_agenda(client, cohort, manager):
    check_in(cohort, 1, location="Board room")
    check_in(cohort, 2, location="Zoom", agenda="Contracts and the mid-year evaluation")

    by_place = page(client, "portfolios:check_ins", cohort, q="board")
    by_agenda = page(client, "portfolios:check_ins", cohort, q="mid-year")

    assert "1 check-in found" in by_place
    assert "Board room" in by_place and "Zoom" not in by_place
    assert "Zoom" in by_agenda and "Board room" not in by_agenda


def test_check_ins_search_without_a_match_says_so(client, cohort, manager):
    check_in(cohort, 1)

    text = page(client, "portfolios:check_ins", cohort, q="nowhere")

    assert "0 check-ins found" in text
    assert "No check-in matches the search." in text


def test_check_ins_sort_by_when_both_ways(client, cohort, manager):
    check_in(cohort, 9, location="Later room")
    check_in(cohort, 2, location="Sooner room")

    assert in_order(page(client, "portfolios:check_ins", cohort), "Sooner room", "Later room")
    assert in_order(page(client, "portfolios:check_ins", cohort, sort="-when"), "Later room", "Sooner room")


def test_check_ins_sort_by_mentors_attended(client, cohort, manager, member):
    check_in(cohort, 2, location="Quiet room")
    check_in(cohort, 9, location="Full room").attendees.add(member(Role.MENTOR), member(Role.MENTOR))

    text = page(client, "portfolios:check_ins", cohort, sort="-attended")

    assert in_order(text, "Full room", "Quiet room")
    assert "2 mentors" in text


def test_check_ins_paged_by_25_with_the_count(client, cohort, manager):
    for n in range(26):
        check_in(cohort, n + 1)

    text = page(client, "portfolios:check_ins", cohort)

    assert "26 check-ins" in text
    assert "Page 1 of 2" in text


# The outbox


def test_outbox_search_finds_by_subject(client, cohort, manager):
    MessageFactory(cohort=cohort, subject="Your place in the cohort")
    MessageFactory(cohort=cohort, subject="Coming up: Session 3")

    text = page(client, "notifications:outbox", cohort, q="your place")

    assert "1 e-mail of this cohort" in text
    assert "Your place in the cohort" in text
    assert "Coming up: Session 3" not in text


def test_outbox_sort_by_recipient(client, cohort, manager):
    MessageFactory(cohort=cohort, to_email="zed@example.org")
    MessageFactory(cohort=cohort, to_email="amy@example.org")

    assert in_order(
        page(client, "notifications:outbox", cohort, sort="to"), "amy@example.org", "zed@example.org"
    )
    assert in_order(
        page(client, "notifications:outbox", cohort, sort="-to"), "zed@example.org", "amy@example.org"
    )


def test_outbox_paged_by_25_with_the_count(client, cohort, manager):
    MessageFactory.create_batch(26, cohort=cohort)

    text = page(client, "notifications:outbox", cohort)

    assert "26 e-mails of this cohort" in text
    assert "Page 1 of 2" in text


# A person's notices


def inbox(client, **query):
    response = client.get(reverse("notifications:inbox"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_notices_search_finds_by_subject(client, cohort, manager):
    MessageFactory(recipient=manager, subject="Your place in the cohort")
    MessageFactory(recipient=manager, subject="Coming up: Session 3")
    MessageFactory(subject="Your place, someone else's notice")

    text = inbox(client, q="your place")

    assert "1 notice found" in text
    assert "Your place in the cohort" in text
    assert "Coming up: Session 3" not in text
    assert "someone else" not in text


def test_notices_search_without_a_match_says_so(client, cohort, manager):
    MessageFactory(recipient=manager, subject="Coming up: Session 3")

    text = inbox(client, q="commencement")

    assert "0 notices found" in text
    assert "No notice matches the search." in text


def test_notices_paged_by_25_with_the_count(client, cohort, manager):
    MessageFactory.create_batch(26, recipient=manager)

    text = inbox(client)

    assert "26 notices" in text
    assert text.count("Coming up: Session 3") == 25
    assert "Page 1 of 2" in text


def test_notices_newest_first_then_sorted_by_subject_or_received_both_ways(client, cohort, manager):
    now = timezone.now()
    MessageFactory(recipient=manager, subject="Bravo notice", created_at=now - timedelta(days=2))
    MessageFactory(recipient=manager, subject="Alpha notice", created_at=now - timedelta(days=1))
    MessageFactory(recipient=manager, subject="Charlie notice", created_at=now - timedelta(days=3))

    newest_first = inbox(client)
    assert "3 notices, the newest first." in newest_first
    assert in_order(newest_first, "Alpha notice", "Bravo notice", "Charlie notice")
    assert in_order(inbox(client, sort="subject"), "Alpha notice", "Bravo notice", "Charlie notice")
    assert in_order(inbox(client, sort="-subject"), "Charlie notice", "Bravo notice", "Alpha notice")
    assert in_order(inbox(client, sort="received"), "Charlie notice", "Bravo notice", "Alpha notice")
    assert "3 notices. Click" in inbox(client, sort="received")


def test_notices_sort_links_keep_the_search(client, cohort, manager):
    MessageFactory(recipient=manager, subject="Your place in the cohort")

    text = inbox(client, q="place", sort="subject")

    assert 'href="?q=place&amp;sort=-subject"' in text
    assert 'href="?q=place&amp;sort=received"' in text
    assert 'aria-sort="ascending"' in text


def test_a_sort_link_keeps_the_search_and_turns_the_order_round(client, cohort, manager):
    text = page(client, "cohorts:people", cohort, q="pat", sort="name")

    assert 'href="?q=pat&amp;sort=-name"' in text
    assert 'aria-sort="ascending"' in text
