import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.jobs import EXPORT_APPLICATIONS
from applications.models import Status
from cohorts.models import Role
from cto_mentor.jobs.models import Job, State

from ..applications.factories import CompleteApplicationFactory
from .factories import JobFactory

REFUSED = ["reviewer", "instructor", "mentor", "candidate", "applicant", "manager_of_other_cohort"]


@pytest.fixture
def job(cohort, people):
    return JobFactory(
        cohort=cohort, requested_by=people["program_manager"], total=4, done=1, state=State.RUNNING
    )


@pytest.mark.parametrize("name", ["detail", "status", "download"])
@pytest.mark.parametrize("role", REFUSED)
def test_job_pages_refused_outside_the_cohorts_managers(client, job, people, name, role):
    client.force_login(people[role])

    assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("name", ["detail", "status", "download"])
def test_job_pages_send_anonymous_visitors_to_log_in(client, job, name):
    url = reverse(f"jobs:{name}", args=[job.pk])

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


def test_another_manager_of_the_cohort_sees_the_job(client, job, member):
    client.force_login(member(Role.PROGRAM_MANAGER))

    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_job_page_under_way_shows_a_bar_and_refreshes_itself(client, job, people):
    client.force_login(people["program_manager"])

    html = client.get(reverse("jobs:detail", args=[job.pk])).text

    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert '<progress id="job-bar" class="w-100 job-bar" max="4" value="1">25%</progress>' in html
    assert "1 of 4 done (25%)." in html
    assert f'data-status-url="{reverse("jobs:status", args=[job.pk])}"' in html
    assert '<script src="/static/js/progress.js" defer></script>' in html


def test_finished_job_page_stops_refreshing_and_shows_the_outcome(client, job, people):
    job.state, job.done, job.message = State.DONE, 4, "4 decision e-mail(s) queued."
    job.save()
    client.force_login(people["program_manager"])

    html = client.get(reverse("jobs:detail", args=[job.pk])).text

    assert "http-equiv" not in html
    assert "data-status-url" not in html
    assert '<progress id="job-bar" class="w-100 job-bar" max="4" value="4">100%</progress>' in html
    assert "4 decision e-mail(s) queued." in html


def test_status_answers_progress_as_json(client, job, people):
    client.force_login(people["program_manager"])

    response = client.get(reverse("jobs:status", args=[job.pk]))

    assert response.json() == {
        "state": "running",
        "state_label": "Running",
        "done": 1,
        "total": 4,
        "percent": 25,
        "finished": False,
    }


def test_download_waits_until_the_export_is_done(client, job, people):
    client.force_login(people["program_manager"])

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_download_of_a_finished_export_is_an_attachment(client, cohort, people):
    job = JobFactory(cohort=cohort, requested_by=people["program_manager"], kind=EXPORT_APPLICATIONS)
    job.file.save("x.csv", ContentFile(b"Applicant\r\n"), save=False)
    job.state, job.original_name, job.content_type = State.DONE, "applications.csv", "text/csv"
    job.save()
    client.force_login(people["program_manager"])

    response = client.get(reverse("jobs:download", args=[job.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="applications.csv"'
    assert b"".join(response.streaming_content) == b"Applicant\r\n"


@pytest.mark.parametrize(("role", "status"), [(role, 404) for role in REFUSED] + [("program_manager", 302)])
def test_background_export_only_for_the_cohorts_manager(client, cohort, people, role, status):
    client.force_login(people[role])

    response = client.post(reverse("applications:export_in_background", args=[cohort.slug]), {"query": ""})

    assert response.status_code == status
    assert Job.objects.count() == (1 if status == 302 else 0)


def test_background_export_runs_and_lands_on_its_progress_page(
    client, cohort, people, django_capture_on_commit_callbacks
):
    CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED)
    client.force_login(people["program_manager"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:export_in_background", args=[cohort.slug]), {"query": "status=submitted"}
        )

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.parameters == {"query": "status=submitted"}
    page = client.get(response["Location"]).text
    assert "1 application(s) exported." in page
    assert f"Download applications-{cohort.slug}.csv" in page


def test_sending_decisions_from_the_decisions_page_shows_the_job(
    client, cohort, people, decided, django_capture_on_commit_callbacks
):
    decided(2)
    client.force_login(people["program_manager"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:decisions", args=[cohort.slug]))

    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, job.get_absolute_url())
    assert "2 decision e-mail(s) queued." in client.get(response["Location"]).text
