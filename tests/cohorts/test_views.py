import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from cohorts.models import Membership, Pairing, Role
from cto_mentor.listing import PER_PAGE

from ..factories import MeetingFactory, MembershipFactory, PairingFactory, UserFactory

REFUSED = [
    "applicant",
    "reviewer",
    "instructor",
    "mentor",
    "candidate",
    "other_candidate",
    "manager_of_other_cohort",
]


def test_timeline_is_public_and_names_the_time_zone(client, cohort):
    meeting = MeetingFactory(session__cohort=cohort)
    response = client.get(cohort.get_absolute_url())
    assert response.status_code == 200
    assert "Times are given in Pacific Time" in response.text
    assert meeting.session.title in response.text


def test_timeline_of_missing_cohort_is_404(client, db):
    assert client.get(reverse("cohorts:detail", args=["nope"])).status_code == 404


def test_people_page_anonymous_goes_to_login(client, cohort):
    response = client.get(reverse("cohorts:people", args=[cohort.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", REFUSED)
def test_people_page_refused_to_everyone_but_the_cohorts_manager(client, cohort, people, role):
    client.force_login(people[role])
    url = reverse("cohorts:people", args=[cohort.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": people["applicant"].email, "role": Role.REVIEWER}).status_code == 404
    assert not Membership.objects.filter(user=people["applicant"]).exists()


def test_people_page_manager_adds_a_reviewer(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:people", args=[cohort.slug])
    response = client.post(
        url, {"email": people["applicant"].email.upper(), "role": Role.REVIEWER}, follow=True
    )
    assert response.status_code == 200
    assert Membership.objects.filter(cohort=cohort, user=people["applicant"], role=Role.REVIEWER).exists()
    assert "is now reviewer" in response.text


def test_people_page_unknown_address_is_explained_and_kept(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("cohorts:people", args=[cohort.slug]), {"email": "nobody@example.org", "role": "reviewer"}
    )
    assert response.status_code == 200
    assert "Ask the person to sign up first" in response.text
    assert 'value="nobody@example.org"' in response.text


def test_people_page_second_page_shows_the_rest(client, cohort, people):
    extra = [
        MembershipFactory(cohort=cohort, role=Role.CANDIDATE, user__last_name=f"Zz{n:02}").user
        for n in range(PER_PAGE)
    ]
    everyone = [m.user for m in Membership.objects.filter(cohort=cohort)]
    client.force_login(people["program_manager"])
    url = reverse("cohorts:people", args=[cohort.slug])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert "Page 1 of 2" in first.text
    assert "Page 2 of 2" in second.text
    assert f"Candidates: {PER_PAGE + 2}" in second.text
    # Ordered by role, then name: the program manager leads page 1, the last-named candidates fill page 2.
    assert people["program_manager"].email in first.text
    assert [user.email in second.text for user in extra[-7:]] == [True] * 7
    assert [(user.email in first.text) + (user.email in second.text) for user in everyone] == [1] * len(
        everyone
    )


def test_people_page_row_names_the_person_and_removes_the_role(client, cohort, people):
    reviewer = MembershipFactory(
        cohort=cohort, role=Role.REVIEWER, user__first_name="<i>Ann</i>", user__last_name="O'Neil"
    )
    client.force_login(people["program_manager"])
    page = client.get(reverse("cohorts:people", args=[cohort.slug])).text
    remove = reverse("cohorts:remove_member", args=[cohort.slug, reviewer.pk])
    row = re.search(rf"<tr>\s*<td>[^<]*</td><td[^>]*>{reviewer.user.email}</td>.*?</tr>", page, re.S)
    assert "<td>Reviewer</td>" in row.group(0)
    assert "&lt;i&gt;Ann&lt;/i&gt; O&#x27;Neil" in row.group(0)
    assert (
        f'<a class="btn btn-sm btn-outline-danger" href="{remove}">Remove<span class="visually-hidden"> '
        "&lt;i&gt;Ann&lt;/i&gt; O&#x27;Neil as reviewer</span>…</a>" in row.group(0)
    )
    assert (
        f'<li class="list-group-item">{escape(people["candidate"])}, mentored by {escape(people["mentor"])}</li>'
        in page
    )


def test_people_page_remove_link_asks_and_then_takes_the_role_away(client, cohort, people):
    reviewer = MembershipFactory(cohort=cohort, role=Role.REVIEWER)
    client.force_login(people["program_manager"])
    page = client.get(reverse("cohorts:people", args=[cohort.slug])).text
    address = re.search(rf'href="([^"]*/{reviewer.pk}/remove/)"', page).group(1)
    question = client.get(address).text
    assert re.search(r'<form method="post" class="d-flex flex-wrap gap-2">', question)
    response = client.post(address, follow=True)
    assert response.status_code == 200
    assert not Membership.objects.filter(pk=reviewer.pk).exists()


def test_people_page_out_of_range_shows_the_last_page(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:people", args=[cohort.slug])
    for page in ("99", "nope"):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert people["reviewer"].email in response.text


def test_people_page_pairs_are_paged_apart_and_links_keep_the_other_page(client, cohort, people, monkeypatch):
    monkeypatch.setattr("cto_mentor.listing.PER_PAGE", 2)
    PairingFactory.create_batch(2, cohort=cohort)
    client.force_login(people["program_manager"])
    response = client.get(reverse("cohorts:people", args=[cohort.slug]), {"page": 2, "pairs_page": 2})
    assert response.status_code == 200
    assert "Pairings (3)" in response.text
    assert 'href="?pairs_page=2&amp;page=3"' in response.text
    assert 'href="?page=2&amp;pairs_page=1"' in response.text


def paired_candidate(cohort, last_name):
    candidate = MembershipFactory(cohort=cohort, role=Role.CANDIDATE, user__last_name=last_name).user
    return PairingFactory(cohort=cohort, candidate=candidate).candidate


def test_pairings_page_second_page_shows_the_rest_of_the_pairs(client, cohort, people):
    extra = [paired_candidate(cohort, f"Zz{n:02}") for n in range(PER_PAGE)]
    client.force_login(people["program_manager"])
    url = reverse("cohorts:pairings", args=[cohort.slug])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert "Page 1 of 2" in first.text
    assert f"Pairs ({PER_PAGE + 1})" in second.text
    # By the candidate's name (the fixture's candidate, then Zz00...); the form's choices list everyone, so
    # the pages are read from the context.
    assert [p.candidate.pk for p in first.context["pairs"]] == [
        u.pk for u in [people["candidate"], *extra[:-1]]
    ]
    assert [p.candidate.pk for p in second.context["pairs"]] == [extra[-1].pk]
    assert f"<td>{extra[-1]}" in second.text


def test_pairings_page_unpaired_and_mentors_are_paged_apart(client, cohort, people, monkeypatch):
    monkeypatch.setattr("cto_mentor.listing.PER_PAGE", 1)
    MembershipFactory(cohort=cohort, role=Role.CANDIDATE, user__first_name="Zoe", user__last_name="Zz")
    client.force_login(people["program_manager"])
    url = reverse("cohorts:pairings", args=[cohort.slug])
    response = client.get(url, {"unpaired_page": 2, "mentors_page": 2})
    assert "Candidates without a mentor (2)" in response.text
    assert [str(c) for c in response.context["unpaired"]] == ["Zoe Zz"]
    # Fewest candidates first: the unpaired mentor on page 1, the paired one on page 2.
    assert [(str(m.mentor), m.candidate_count) for m in response.context["mentor_load"]] == [
        (str(people["mentor"]), 1)
    ]
    assert 'href="?mentors_page=2&amp;unpaired_page=1"' in response.text
    assert 'href="?unpaired_page=2&amp;mentors_page=1"' in response.text


def options(page, name):
    """(value, label, selected) of each option of the page's select list `name`."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


def test_pairings_form_offers_every_candidate_and_mentor_by_name(client, cohort, people):
    nameless = MembershipFactory(
        cohort=cohort, role=Role.MENTOR, user__first_name="", user__last_name=""
    ).user
    MembershipFactory(cohort=cohort, role=Role.CANDIDATE, user__first_name="<b>Al</b>", user__last_name="Zz")
    client.force_login(people["program_manager"])
    page = client.get(reverse("cohorts:pairings", args=[cohort.slug])).text
    candidates = [people["candidate"], people["other_candidate"]]
    # Paired candidates too (pairing again replaces the mentor); names escaped; no name: the e-mail address.
    assert sorted(options(page, "candidate")[1:]) == sorted(
        [(str(u.pk), "", escape(u)) for u in candidates]
        + [(str(Membership.objects.get(user__last_name="Zz").user_id), "", "&lt;b&gt;Al&lt;/b&gt; Zz")]
    )
    assert options(page, "candidate")[0] == ("", " selected", "---------")
    mentors = [people["mentor"], people["other_mentor"], nameless]
    assert sorted(options(page, "mentor")[1:]) == sorted((str(u.pk), "", escape(u)) for u in mentors)
    assert (str(nameless.pk), "", escape(nameless.email)) in options(page, "mentor")
    assert re.search(r'<label\s+for="id_candidate"', page) is not None
    assert re.search(r'<select name="candidate"[^>]* required[ >]', page) is not None


def test_pairings_form_refused_keeps_the_choice_and_marks_the_field(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("cohorts:pairings", args=[cohort.slug]),
        {"candidate": people["other_candidate"].pk, "mentor": people["instructor"].pk},
    )
    assert "Select a valid choice." in response.text
    chosen = [(value, label) for value, selected, label in options(response.text, "candidate") if selected]
    assert chosen == [(str(people["other_candidate"].pk), escape(people["other_candidate"]))]
    assert [value for value, selected, _ in options(response.text, "mentor") if selected] == []
    assert 'form-select is-invalid"' in response.text


def test_pairings_page_mentors_fewest_candidates_first_then_by_name(client, cohort, people):
    busy = people["mentor"]
    paired_candidate(cohort, "Zz1")  # a new mentor with one candidate
    PairingFactory(cohort=cohort, mentor=busy, candidate=people["other_candidate"])
    client.force_login(people["program_manager"])
    response = client.get(reverse("cohorts:pairings", args=[cohort.slug]))
    loads = [(load.mentor.pk, load.candidate_count) for load in response.context["mentor_load"]]
    assert loads[0] == (people["other_mentor"].pk, 0)
    assert loads[-1] == (busy.pk, 2)
    row = f"<td>{escape(busy)}</td>\n        <td>{escape(busy.organization)}</td>\n        <td>2</td>"
    assert row in response.text


def test_pairings_page_names_each_pair_with_organizations(client, cohort, people):
    candidate = paired_candidate(cohort, "Zz")
    candidate.organization = "A & B District"
    candidate.save()
    mentor = Pairing.objects.get(candidate=candidate).mentor
    mentor.organization = ""
    mentor.save()
    client.force_login(people["program_manager"])
    page = client.get(reverse("cohorts:pairings", args=[cohort.slug])).text
    assert (
        f'<tr><td>{escape(candidate)}<br><span class="small text-body-secondary">A &amp; B District</span></td>'
        f"<td>{escape(mentor)}</td></tr>"
    ) in page
    other = people["other_candidate"]
    assert f'{escape(other)}, <span class="fw-normal">{escape(other.organization)}</span></h3>' in page


def test_pairings_page_queries_do_not_grow_with_the_cohort(
    client, cohort, people, django_assert_max_num_queries
):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:pairings", args=[cohort.slug])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for n in range(3):
        paired_candidate(cohort, f"Zz{n}")
        MembershipFactory(cohort=cohort, role=Role.CANDIDATE)
        MembershipFactory(cohort=cohort, role=Role.MENTOR)
    with django_assert_max_num_queries(12):
        client.get(url)


@pytest.mark.parametrize("role", REFUSED)
def test_remove_member_refused_to_others(client, cohort, people, role):
    membership = Membership.objects.get(cohort=cohort, user=people["reviewer"])
    client.force_login(people[role])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_remove_member_by_manager(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["reviewer"])
    client.force_login(people["program_manager"])
    client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_remove_member_asks_first_and_changes_nothing_on_the_question(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["reviewer"])
    client.force_login(people["program_manager"])
    page = client.get(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk])).text
    assert f"Remove {escape(people['reviewer'])} as reviewer in {escape(cohort)}?" in page
    assert "You can undo this" in page
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_remove_member_offers_undo_that_gives_the_role_back(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["reviewer"])
    client.force_login(people["program_manager"])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]), follow=True)
    undo = reverse("cohorts:restore_member", args=[cohort.slug, people["reviewer"].pk, "reviewer"])
    assert f"{escape(people['reviewer'])} is no longer reviewer in {escape(cohort)}." in response.text
    assert f'action="{undo}"' in response.text
    response = client.post(undo, follow=True)
    assert f"{escape(people['reviewer'])} is reviewer in {escape(cohort)} again." in response.text
    assert Membership.objects.filter(cohort=cohort, user=people["reviewer"], role="reviewer").exists()


def test_remove_paired_mentor_says_why_before_asking(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["mentor"])
    client.force_login(people["program_manager"])
    page = client.get(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk])).text
    assert "remove the pairing first" in page
    assert "btn-danger" not in page


def test_remove_member_of_another_cohort_is_404(client, cohort, people):
    stranger = Membership.objects.get(user=people["manager_of_other_cohort"])
    client.force_login(people["program_manager"])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, stranger.pk]))
    assert response.status_code == 404


def test_remove_paired_mentor_shows_why(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["mentor"])
    client.force_login(people["program_manager"])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]), follow=True)
    assert "remove the pairing first" in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_home_shows_each_role_what_comes_next(client, cohort, people):
    MeetingFactory(session__cohort=cohort, session__title="Fiscal Management")
    client.force_login(people["candidate"])
    page = client.get(reverse("home")).text
    assert "Fiscal Management" in page
    assert str(people["mentor"]) in page
    client.force_login(people["mentor"])
    assert str(people["candidate"]) in client.get(reverse("home")).text
    client.force_login(people["program_manager"])
    assert "People and pairings" in client.get(reverse("home")).text


def test_home_anonymous_lists_open_cohorts(client, cohort):
    page = client.get(reverse("home")).text
    assert f"Applications are open: {cohort}" in page


def test_home_applicant_sees_deadline_in_own_time_zone_too(client, cohort):
    applicant = UserFactory(time_zone="America/New_York")
    client.force_login(applicant)
    page = client.get(reverse("home")).text
    assert "5:00 p.m. Pacific Time (P" in page  # PST or PDT, by the date
    assert "8:00 p.m. Eastern Time (E" in page and "your time" in page
