import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from applications.models import Application, Nomination, Review
from cohorts.load_data import LOGINS
from cohorts.models import Cohort, Membership, Pairing, Role
from cto_mentor.notifications.models import Message
from cto_mentor.users.models import User
from portfolios.models import Artifact, MentorMeeting, Reflection
from sessions.models import Attendance, Meeting, Submission


@pytest.mark.django_db
def test_generate_load_data_at_a_tiny_scale_writes_each_kind_of_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_load_data", scale=0.001, verbosity=0)

    # 2 cohorts of 13 applications (10 candidate, 3 mentor), 6 candidates paired with 2 mentors, 17 meetings.
    assert Cohort.objects.filter(slug__startswith="load-").count() == 2
    assert Application.objects.count() == 26
    assert Review.objects.count() == 78
    assert Nomination.objects.count() == 20
    assert Membership.objects.filter(role=Role.CANDIDATE).count() == 12
    assert Pairing.objects.count() == 12
    assert Meeting.objects.count() == 34
    assert Attendance.objects.count() == 17 * 12
    assert Submission.objects.count() == 8 * 12
    assert Artifact.objects.count() == 6 * 12
    assert Reflection.objects.count() == 4 * 12
    assert MentorMeeting.objects.count() == 6 * 12
    assert Artifact.objects.exclude(file="").count() == 72  # metadata only: no file is written


@pytest.mark.django_db
def test_generate_load_data_sends_and_queues_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_load_data", scale=0.001, verbosity=0)

    assert mail.outbox == []
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_generate_load_data_makes_the_benchmark_logins_in_the_newest_cohort():
    call_command("generate_load_data", scale=0.001, verbosity=0)

    newest = Cohort.objects.order_by("-classes_start").first()
    roles = {
        role: set(Membership.objects.filter(cohort=newest, user__email=email).values_list("role", flat=True))
        for role, email in LOGINS.items()
    }
    assert roles == {role: {role} for role in LOGINS}
    pairing = Pairing.objects.get(cohort=newest, candidate__email=LOGINS["candidate"])
    assert pairing.mentor.email == LOGINS["mentor"]
    assert User.objects.get(email=LOGINS["program_manager"]).memberships.count() == 2


@pytest.mark.django_db
def test_generate_load_data_refuses_a_database_that_already_has_it():
    call_command("generate_load_data", scale=0.001, verbosity=0)

    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate_load_data", scale=0.001, verbosity=0)


@pytest.mark.django_db
def test_generate_load_data_refuses_a_scale_above_one():
    with pytest.raises(CommandError, match="at most 1"):
        call_command("generate_load_data", scale=2, verbosity=0)
