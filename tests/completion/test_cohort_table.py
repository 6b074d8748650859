import csv
import io

import pytest
from django.urls import reverse

from cohorts.models import Role


def rows_of(client, cohort, **params) -> list[str]:
    page = client.get(reverse("completion:cohort_table", args=[cohort.slug]), params)
    return [record.candidate.name for record in page.context["page"]]


def test_cohort_table_sorted_by_risk_puts_those_behind_first(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"], skip={"attendance", "mentor", "assignment"})
    client.force_login(people["program_manager"])

    names = sorted(
        [people["candidate"], people["other_candidate"]], key=lambda u: (u.last_name, u.first_name)
    )
    assert rows_of(client, cohort) == [str(u) for u in names]
    assert rows_of(client, cohort, sort="risk") == [str(people["other_candidate"]), str(people["candidate"])]


def test_cohort_table_search_finds_a_candidate_by_name_email_or_organization(
    client, cohort, people, give_evidence
):
    candidate = people["candidate"]
    candidate.organization = "Elk Grove USD"
    candidate.save(update_fields=["organization"])
    client.force_login(people["program_manager"])

    assert rows_of(client, cohort, q=candidate.last_name.upper()) == [str(candidate)]
    assert rows_of(client, cohort, q=candidate.email) == [str(candidate)]
    assert rows_of(client, cohort, q="elk grove", sort="risk") == [str(candidate)]
    page = client.get(reverse("completion:cohort_table", args=[cohort.slug]), {"q": "elk grove"}).text
    assert "1 candidate found" in page
    assert 'href="?q=elk+grove&amp;sort=risk"' in page  # the other sort keeps the search
    assert (
        "No candidate matches the search."
        in client.get(reverse("completion:cohort_table", args=[cohort.slug]), {"q": "nobody at all"}).text
    )


def test_cohort_table_is_paged_by_25_with_the_count(client, cohort, member):
    for _ in range(26):
        member(Role.CANDIDATE)
    client.force_login(member(Role.PROGRAM_MANAGER))

    page = client.get(reverse("completion:cohort_table", args=[cohort.slug]), {"page": 2}).context["page"]

    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 26, 1)


def test_cohort_table_page_shows_each_candidate_state_and_at_risk(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"], skip={"assignment"})
    client.force_login(people["program_manager"])

    page = client.get(reverse("completion:cohort_table", args=[cohort.slug]), {"sort": "risk"}).text

    first_row = page[page.index("<tbody>") : page.index("</tr>", page.index("<tbody>"))]
    assert str(people["other_candidate"]) in first_row
    assert "At risk" in first_row
    assert first_row.count("Behind") == 2  # 3 and 5
    assert 'aria-current="true">At risk first' in page


def test_cohort_csv_has_a_row_per_candidate_with_state_and_evidence(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"], skip={"assignment"})
    client.force_login(people["program_manager"])

    response = client.get(reverse("completion:cohort_csv", args=[cohort.slug]), {"sort": "risk"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:6] == [
        "Candidate",
        "E-mail",
        "At risk",
        "Why at risk",
        "Completed on",
        "1. Attend all classes",
    ]
    assert len(rows[0]) == 5 + 2 * 10
    assert [row[1] for row in rows[1:]] == [people["other_candidate"].email, people["candidate"].email]
    assert rows[1][2:4] == [
        "yes",
        "3. Complete the prerequisite assignments before each session: behind; "
        "5. Complete all assignments on time with a passing grade: behind",
    ]
    assert rows[1][rows[0].index("3. Complete the prerequisite assignments before each session")] == "Behind"
    assert rows[2][rows[0].index("5. Evidence")] == "1 of 1 assignment passed"


@pytest.mark.parametrize("role", ["candidate", "mentor", "instructor", "manager_of_other_cohort"])
def test_cohort_table_and_csv_refused_to_all_but_the_manager(client, cohort, people, role):
    client.force_login(people[role])

    assert client.get(reverse("completion:cohort_table", args=[cohort.slug])).status_code == 404
    assert client.get(reverse("completion:cohort_csv", args=[cohort.slug])).status_code == 404


@pytest.mark.parametrize("role", ["candidate", "mentor", "program_manager"])
def test_progress_page_shows_the_ten_responsibilities(client, cohort, people, give_evidence, role):
    give_evidence(people["candidate"], skip={"final"})
    client.force_login(people[role])

    page = client.get(reverse("completion:progress", args=[cohort.slug, people["candidate"].pk])).text

    assert f"Progress of {people['candidate']}" in page
    for text in (
        "1. Attend all classes",
        "2. Communicate consistently with the mentor",
        "10. Give constructive",
    ):
        assert text in page
    assert "9 responsibilities met, 1 still to meet." in page


@pytest.mark.parametrize(
    "role",
    ["other_mentor", "other_candidate", "instructor", "reviewer", "applicant", "manager_of_other_cohort"],
)
def test_progress_page_refused_to_others(client, cohort, people, role):
    client.force_login(people[role])

    response = client.get(reverse("completion:progress", args=[cohort.slug, people["candidate"].pk]))

    assert response.status_code == 404


def test_progress_page_of_a_non_candidate_is_404(client, cohort, people):
    client.force_login(people["program_manager"])

    assert (
        client.get(reverse("completion:progress", args=[cohort.slug, people["mentor"].pk])).status_code == 404
    )
