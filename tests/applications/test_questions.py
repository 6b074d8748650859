"""A cohort's own application questions: the manager's pages, the applicant's answers, and where the answers
show (application page, review screen, CSV export, checklist, queue filters)."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import questions, selectors, services
from applications.models import Answer, AnswerFile, Kind, Question, QuestionType, Visibility
from cohorts.models import Role

from ..factories import CohortFactory
from ..files import pdf_bytes, upload
from .factories import ApplicationFactory, ReviewFactory


def url(name, *args):
    return reverse(f"applications:{name}", args=args)


@pytest.fixture
def manager(member):
    return member(Role.PROGRAM_MANAGER)


def ask(cohort, label="Which district office do you report to?", **fields):
    data = {
        "kind": Kind.CANDIDATE,
        "label": label,
        "help_text": "",
        "type": QuestionType.TEXT,
        "options": "",
        "required": False,
        "visibility": Visibility.REVIEWERS,
        **fields,
    }
    return questions.add_question(cohort=cohort, **data)


def answer(application, question, value):
    return Answer.objects.create(application=application, question=question, value=value)


def test_new_cohort_gets_the_default_questions_once(db):
    cohort = CohortFactory()
    made = list(cohort.questions.values_list("kind", "type"))
    assert made == [
        ("candidate", "text"),
        ("candidate", "choices"),
        ("mentor", "yes_no"),
        ("mentor", "number"),
        ("mentor", "yes_no"),
        ("mentor", "choice"),
        ("mentor", "yes_no"),
        ("mentor", "text"),
        ("mentor", "choices"),
        ("mentor", "number"),
    ]
    assert questions.create_default_questions(cohort) == []
    assert cohort.questions.count() == 10


def test_choice_question_without_two_options_is_refused(cohort):
    with pytest.raises(ValidationError) as refused:
        ask(cohort, type=QuestionType.CHOICE, options="Only one")
    assert refused.value.message_dict == {"options": ["Give at least two options, one a line."]}


def test_answered_question_keeps_its_type_and_chosen_options(cohort):
    question = ask(cohort, type=QuestionType.CHOICE, options="North\nSouth")
    answer(ApplicationFactory(cohort=cohort), question, "South")
    fields = {f: getattr(question, f) for f in questions.EDITABLE_FIELDS}
    with pytest.raises(ValidationError, match="its type"):
        questions.change_question(question=question, **{**fields, "type": QuestionType.TEXT, "options": ""})
    with pytest.raises(ValidationError, match="Applicants chose South"):
        questions.change_question(question=question, **{**fields, "options": "North\nEast"})
    questions.change_question(question=question, **{**fields, "label": "Region?", "options": "South\nWest"})
    question.refresh_from_db()
    assert (question.label, question.option_list) == ("Region?", ["South", "West"])
    assert question.history.count() == 2


def test_move_question_swaps_it_with_its_neighbour(cohort):
    first, second = ask(cohort, "First?"), ask(cohort, "Second?")
    questions.move_question(question=second, up=True)
    assert list(questions.questions_of(cohort=cohort, kind=Kind.CANDIDATE))[-2:] == [second, first]


def test_question_cannot_be_deleted_once_applications_are_submitted(cohort, submitted):
    question = ask(cohort)
    application = submitted()
    answer(application, question, "Mine")
    with pytest.raises(ValidationError, match="hide the question instead"):
        questions.delete_question(question=question)
    questions.set_hidden(question=question, hidden=True)
    assert Answer.objects.get(application=application).value == "Mine"
    shown = questions.answers_shown(answered=questions.Answered.of(application), reviewer_only=False)
    assert [(q.label, a.value) for q, a in shown if a] == [(question.label, "Mine")]


def test_question_of_drafts_only_is_deleted_with_their_answers(cohort):
    question = ask(cohort)
    answer(ApplicationFactory(cohort=cohort), question, "Draft answer")
    questions.delete_question(question=question)
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Answer.objects.exists()


def test_required_question_unanswered_keeps_the_application_from_submitting(cohort, ready):
    question = ask(cohort, required=True)
    application = ready()
    with pytest.raises(ValidationError, match="Complete every part before submitting: Questions"):
        services.submit_application(application=application)
    questions.save_answers(application=application, values={question.pk: "Sacramento"}, files={})
    assert services.submit_application(application=application).status == "submitted"


def test_applicant_answers_every_type_on_the_questions_page(client, cohort):
    asked = {
        "text": ask(cohort, "Your district?"),
        "long": ask(cohort, "Your biggest project?", type=QuestionType.LONG_TEXT),
        "number": ask(cohort, "Staff you lead?", type=QuestionType.NUMBER, required=True),
        "yes_no": ask(cohort, "Budget authority?", type=QuestionType.YES_NO),
        "choice": ask(cohort, "Region?", type=QuestionType.CHOICE, options="North\nSouth"),
        "choices": ask(cohort, "Areas?", type=QuestionType.CHOICES, options="Data\nSecurity\nBudget"),
        "date": ask(cohort, "Since when?", type=QuestionType.DATE),
        "file": ask(cohort, "Your tech plan", type=QuestionType.FILE),
    }
    hidden = ask(cohort, "No longer asked?")
    questions.set_hidden(question=hidden, hidden=True)
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    page = client.get(url("answers", application.pk)).text
    assert "Staff you lead? (required)" in page
    assert "No longer asked?" not in page
    q = {key: f"question_{question.pk}" for key, question in asked.items()}
    data = {
        q["text"]: "Elk Grove USD",
        q["long"]: "Replaced every switch.",
        q["number"]: "12",
        q["yes_no"]: "yes",
        q["choice"]: "South",
        q["choices"]: ["Data", "Budget"],
        q["date"]: "2015-08-01",
        q["file"]: upload("plan.pdf", pdf_bytes("Plan")),
    }
    response = client.post(url("answers", application.pk), data)
    assert response.status_code == 302
    values = dict(Answer.objects.filter(application=application).values_list("question__label", "value"))
    assert values == {
        "Your district?": "Elk Grove USD",
        "Your biggest project?": "Replaced every switch.",
        "Staff you lead?": "12",
        "Budget authority?": "yes",
        "Region?": "South",
        "Areas?": "Data\nBudget",
        "Since when?": "2015-08-01",
        "Your tech plan": "plan.pdf",
    }
    detail = client.get(url("detail", application.pk)).text
    assert "Data, Budget" in detail
    download = client.get(url("download_answer", application.pk, asked["file"].pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AnswerFile.objects.get().answer.question == asked["file"]


def test_invalid_answer_is_shown_on_the_form_and_nothing_typed_is_lost(client, cohort):
    number = ask(cohort, "Staff you lead?", type=QuestionType.NUMBER)
    text = ask(cohort, "Your district?")
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    data = {f"question_{number.pk}": "a dozen", f"question_{text.pk}": "Elk Grove USD"}
    response = client.post(url("answers", application.pk), data)
    assert "Enter a number." in response.text
    assert 'value="Elk Grove USD"' in response.text
    assert not Answer.objects.exists()


def test_reviewer_sees_only_the_questions_visible_to_reviewers(client, cohort, member, submitted):
    shared = ask(cohort, "Shared question?")
    private = ask(cohort, "Salary expectations?", visibility=Visibility.MANAGERS)
    application = submitted()
    answer(application, shared, "Shared answer")
    answer(application, private, "Private answer")
    reviewer = member(Role.REVIEWER)
    review = ReviewFactory(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    for page in [client.get(review.get_absolute_url()).text, client.get(url("detail", application.pk)).text]:
        assert "Shared answer" in page
        assert "Private answer" not in page
        assert "Salary expectations?" not in page
    client.force_login(member(Role.PROGRAM_MANAGER))
    assert "Private answer" in client.get(url("detail", application.pk)).text


def test_csv_export_has_one_column_per_question(client, cohort, manager, submitted):
    question = ask(cohort, "Your district?")
    candidate, mentor = submitted(), submitted(kind=Kind.MENTOR)
    answer(candidate, question, "Elk Grove USD")
    contract = cohort.questions.get(key="willing-to-contract")
    answer(mentor, contract, "yes")
    client.force_login(manager)
    response = client.get(url("export", cohort.slug))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header = rows[0]
    district = header.index("Your district? (candidate)")
    willing = header.index("Are you willing to contract with the association? (mentor)")
    by_kind = {row[2]: row for row in rows[1:]}
    assert (by_kind["Candidate"][district], by_kind["Candidate"][willing]) == ("Elk Grove USD", "")
    assert (by_kind["Mentor"][district], by_kind["Mentor"][willing]) == ("", "Yes")


def test_queue_filters_mentors_on_a_yes_no_question(client, cohort, manager, submitted):
    contract = cohort.questions.get(key="willing-to-contract")
    willing, unwilling = submitted(kind=Kind.MENTOR), submitted(kind=Kind.MENTOR)
    answer(willing, contract, "yes")
    answer(unwilling, contract, "no")
    client.force_login(manager)
    response = client.get(url("queue", cohort.slug), {f"question_{contract.pk}": "yes"})
    shown = {application.pk for application in response.context["page"]}
    assert shown == {willing.pk}


def test_manager_adds_hides_and_cannot_delete_after_submission(client, cohort, manager, submitted):
    client.force_login(manager)
    data = {
        "kind": "candidate",
        "label": "District enrollment?",
        "type": "number",
        "options": "",
        "visibility": "reviewers",
        "required": "on",
    }
    response = client.post(url("questions", cohort.slug), data, follow=True)
    assert "“District enrollment?” is added." in response.text
    question = cohort.questions.get(label="District enrollment?")
    assert question.required
    asked = client.get(url("question_delete", cohort.slug, question.pk)).text
    assert "Delete the question “District enrollment?”?" in asked
    assert "hide it instead" in asked
    submitted()
    page = client.get(url("questions", cohort.slug)).text
    assert "hidden, not deleted" in page
    assert url("question_delete", cohort.slug, question.pk) not in page
    assert "hide the question instead" in client.get(url("question_delete", cohort.slug, question.pk)).text
    response = client.post(url("question_delete", cohort.slug, question.pk), follow=True)
    assert "hide the question instead" in response.text
    client.post(url("question_hide", cohort.slug, question.pk), {"hidden": "yes"})
    question.refresh_from_db()
    assert question.hidden


def test_question_form_keeps_what_was_typed_when_options_are_missing(client, cohort, manager):
    client.force_login(manager)
    data = {
        "kind": "mentor",
        "label": "Your region?",
        "type": "choice",
        "options": "North",
        "visibility": "managers",
    }
    response = client.post(url("questions", cohort.slug), data)
    assert "Give at least two options, one a line." in response.text
    assert 'value="Your region?"' in response.text


def test_question_of_another_cohort_is_not_found(client, cohort, manager):
    other = ask(CohortFactory())
    client.force_login(manager)
    assert client.get(url("question_edit", cohort.slug, other.pk)).status_code == 404


def test_question_form_offers_candidates_and_mentors_and_no_blank_choice(client, cohort, manager):
    client.force_login(manager)
    form = client.get(url("questions", cohort.slug)).context["form"]
    assert list(form.fields["kind"].choices) == [("candidate", "Candidate"), ("mentor", "Mentor")]


def test_csv_export_read_a_few_at_a_time_keeps_each_answer_on_its_own_row(cohort, submitted):
    question = ask(cohort, "Your district?")
    applications = [submitted() for _ in range(5)]
    for number, application in enumerate(applications):
        answer(application, question, f"District {number}")
    rows = list(
        selectors.export_rows(applications=selectors.intake(cohort=cohort), zone=cohort.tz, rows_per_read=2)
    )
    district = rows[0].index("Your district? (candidate)")
    by_email = {row[1]: row[district] for row in rows[1:]}
    assert by_email == {a.applicant.email: f"District {n}" for n, a in enumerate(applications)}
