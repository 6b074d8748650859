"""The program manager is told by e-mail when a candidate falls behind on a responsibility other than
attendance (absences are told as they are recorded), once for each new set, again while it lasts."""

from datetime import timedelta

from django.utils import timezone

from cto_mentor.notifications.models import Message, ReminderSetting
from cto_mentor.notifications.reminders import send_due_reminders
from sessions.models import Grade, Submission

FAILED_WORK = "5. Complete all assignments on time with a passing grade"


def told(people):
    return [
        (m.to_email, m.subject)
        for m in Message.objects.filter(notice="candidate_behind").order_by("created_at", "pk")
    ]


def test_the_manager_is_told_once_of_a_candidate_behind_with_what_is_missing(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(grade=Grade.FAIL)
    now = timezone.now()

    send_due_reminders(now=now)
    send_due_reminders(now=now + timedelta(minutes=15))

    subject = f"At risk: {people['candidate']} is behind in the {cohort}"
    assert told(people) == [(people["program_manager"].email, subject)]
    body = Message.objects.get(notice="candidate_behind").body_text
    assert FAILED_WORK in body
    assert "“Strategic plan memo” (Session 1): fail" in body


def test_a_candidate_with_everything_met_is_not_told_of(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"])

    send_due_reminders(now=timezone.now())

    assert told(people) == []


def test_a_candidate_still_behind_is_told_of_again_after_the_chosen_time(cohort, people, give_evidence):
    cohort.commencement += timedelta(days=30)
    cohort.save(update_fields=["commencement"])
    ReminderSetting.objects.create(cohort=cohort, kind="candidate_behind", offsets_hours=[168], enabled=True)
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(grade=Grade.FAIL)
    now = timezone.now()

    for day in range(8):
        send_due_reminders(now=now + timedelta(days=day))

    assert len(told(people)) == 2


def test_the_manager_who_turned_it_off_is_not_told(cohort, people, give_evidence):
    ReminderSetting.objects.create(cohort=cohort, kind="candidate_behind", offsets_hours=[168], enabled=False)
    give_evidence(people["candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(grade=Grade.FAIL)

    send_due_reminders(now=timezone.now())

    assert told(people) == []
