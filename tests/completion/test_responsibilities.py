from datetime import timedelta

import pytest
from django.utils import timezone

from completion.models import CompletionSettings
from completion.responsibilities import State, record_of, records
from sessions.models import AttendanceStatus, Grade, Submission

from ..class_sessions.factories import AssignmentFactory, AttendanceFactory, SubmissionFactory


def states(record) -> dict[int, str]:
    return {r.number: r.state for r in record.responsibilities}


def test_record_every_responsibility_met_with_all_the_evidence(cohort, people, give_evidence):
    give_evidence(people["candidate"])

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert [r.number for r in record.responsibilities] == list(range(1, 11))
    assert set(states(record).values()) == {State.MET}
    assert record.complete is True
    assert record.at_risk is False


def test_record_evidence_says_what_the_record_shows(cohort, people, give_evidence, year):
    give_evidence(people["candidate"])

    evidence = {
        r.number: r.evidence for r in record_of(cohort=cohort, candidate=people["candidate"]).responsibilities
    }

    assert evidence[1] == "Full attendance at 1 of 1 meeting held (1 in the year)"
    assert evidence[3] == "1 of 1 assignment due handed in on time"
    assert evidence[5] == "1 of 1 assignment passed"
    assert evidence[7] == "1 artifact and 1 reflection; evidence for 1 of 1 session held"
    assert evidence[8] == (
        "1 progress review with the program manager held; portfolio review 1 held; portfolio review 2 held"
    )
    assert evidence[10] == "Feedback on 0 of 1 session held; on the program as a whole: given"


def test_record_ready_for_the_final_presentation_before_it(cohort, people, give_evidence):
    give_evidence(people["candidate"], skip={"final"})

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert [r.number for r in record.unmet] == [9]
    assert states(record)[9] == State.ON_TRACK
    assert (record.ready_for_final, record.complete) == (True, False)


def test_record_after_commencement_anything_unmet_is_behind(cohort, people, give_evidence):
    give_evidence(people["candidate"], skip={"feedback"})
    before = record_of(cohort=cohort, candidate=people["candidate"])
    cohort.commencement = timezone.localdate() - timedelta(days=1)
    cohort.save(update_fields=["commencement"])

    after = record_of(cohort=cohort, candidate=people["candidate"])

    assert (states(before)[10], states(after)[10]) == (State.ON_TRACK, State.BEHIND)
    assert [r.number for r in after.behind] == [10]


def test_record_absence_puts_attendance_behind_and_says_when(cohort, people, give_evidence, year):
    give_evidence(people["candidate"], skip={"attendance"})
    AttendanceFactory(meeting=year["meeting"], person=people["candidate"], status=AttendanceStatus.ABSENT)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    local = year["meeting"].starts_at.astimezone(cohort.tz)
    assert (states(record)[1], states(record)[4]) == (State.BEHIND, State.BEHIND)
    assert record.responsibilities[0].missing == [
        f"Session 1, {local:%a, %b} {local.day}, {local.year}: absent"
    ]
    assert (record.at_risk, record.risks) == (False, [])  # one absence, the cohort's limit is two


def test_record_at_risk_once_unexcused_absences_reach_the_cohort_limit(cohort, people, give_evidence, year):
    give_evidence(people["candidate"], skip={"attendance"})
    AttendanceFactory(meeting=year["meeting"], person=people["candidate"], status=AttendanceStatus.ABSENT)
    cohort.absences_at_risk = 1
    cohort.save(update_fields=["absences_at_risk"])

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert record.risks == ["1 unexcused absence (the cohort's limit is 1)"]


def test_record_excused_absence_is_not_counted_toward_the_limit(cohort, people, give_evidence, year):
    give_evidence(people["candidate"], skip={"attendance"})
    AttendanceFactory(meeting=year["meeting"], person=people["candidate"], status=AttendanceStatus.EXCUSED)
    cohort.absences_at_risk = 1
    cohort.save(update_fields=["absences_at_risk"])

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert (states(record)[1], record.at_risk) == (State.BEHIND, False)


def test_record_any_other_responsibility_behind_puts_the_candidate_at_risk(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(grade=Grade.FAIL)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert record.risks == ["5. Complete all assignments on time with a passing grade: behind"]


def make_up_work(year, candidate, grade):
    excused = AttendanceFactory(meeting=year["meeting"], person=candidate, status=AttendanceStatus.EXCUSED)
    work = AssignmentFactory(
        session=year["session"],
        title="Make-up: the missed day",
        assigned_to=candidate,
        makes_up=excused,
        due_at=year["meeting"].starts_at + timedelta(days=7),
    )
    if grade:
        SubmissionFactory(
            assignment=work, candidate=candidate, submitted_at=work.due_at - timedelta(days=1), grade=grade
        )
    return work


@pytest.mark.parametrize(
    "grade, state", [(Grade.PASS, State.MET), (Grade.NEEDS_REVISION, State.BEHIND), (None, State.BEHIND)]
)
def test_record_excused_absence_counts_as_attended_once_its_make_up_passed(
    cohort, people, give_evidence, year, grade, state
):
    give_evidence(people["candidate"], skip={"attendance"})
    make_up_work(year, people["candidate"], grade)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert (states(record)[1], states(record)[4]) == (state, state)
    if grade == Grade.PASS:
        assert record.responsibilities[0].evidence == (
            "Full attendance at 1 of 1 meeting held (1 in the year); 1 excused absence made up"
        )
        assert record.responsibilities[0].missing == []


def test_record_late_first_version_is_not_on_time_even_when_passed(cohort, people, give_evidence, year):
    give_evidence(people["candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(is_late=True)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert (states(record)[3], states(record)[5]) == (State.BEHIND, State.MET)
    assert record.responsibilities[2].missing == ["“Strategic plan memo” (Session 1) not handed in on time"]


def test_record_failed_work_is_behind_until_passed(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    Submission.objects.filter(candidate=people["candidate"]).update(grade=Grade.NEEDS_REVISION)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert states(record)[5] == State.BEHIND
    assert record.responsibilities[4].missing == ["“Strategic plan memo” (Session 1): needs revision"]


def test_record_mentor_months_against_the_cohort_expectation(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    CompletionSettings.objects.create(cohort=cohort, mentor_meetings_per_month=2)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    mentor = record.responsibilities[1]
    assert mentor.state == State.BEHIND
    assert mentor.evidence.endswith("(2 expected each month)")
    assert len(mentor.missing) == len(record.meetings_by_month)
    assert all(count == 1 for _, count in record.meetings_by_month)
    first_month = record.meetings_by_month[0][0]
    assert mentor.missing[0] == f"{first_month:%B %Y}: 1 of 2"


def test_record_unconfirmed_mentor_meetings_do_not_count(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    people["candidate"].mentors.get().mentor_meetings.update(confirmed_at=None)

    record = record_of(cohort=cohort, candidate=people["candidate"])

    assert record.responsibilities[1].state == State.BEHIND


def test_record_without_a_mentor_says_so(cohort, people, member, give_evidence):
    from cohorts.models import Role

    alone = member(Role.CANDIDATE)
    give_evidence(alone, skip={"mentor"})

    assert (
        record_of(cohort=cohort, candidate=alone).responsibilities[1].missing[0] == "No mentor is paired yet"
    )


def test_records_for_many_candidates_in_a_fixed_number_of_queries(
    cohort, people, give_evidence, django_assert_max_num_queries
):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"], skip={"attendance", "mentor"})
    cohort.refresh_from_db()

    with django_assert_max_num_queries(10):
        found = records(cohort=cohort, candidates=[people["candidate"], people["other_candidate"]])

    assert [r.complete for r in found] == [True, False]
