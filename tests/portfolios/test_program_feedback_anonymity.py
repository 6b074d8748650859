"""On PostgreSQL, with the database in hand: no column, no order of rows or ids and no transaction id (xmin)
ties a program feedback answer to the receipt that records who answered, for answers given through the
service and for answers stored before the author column was dropped (the migration)."""

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cohorts.models import Role
from portfolios import services

from ..factories import ClassSessionFactory, MembershipFactory
from ..services import skip_or_fail

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# With eight answers a random order matches the order of answering once in 40,320 runs.
PEOPLE = 8
BEFORE = ("portfolios", "0001_initial")
AFTER = ("portfolios", "0002_program_feedback_anonymous_in_fact")


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: the test reads transaction ids (xmin) and where rows lie on disk")


@pytest.fixture
def session():
    return ClassSessionFactory(number=1, title="Leadership and Strategic Planning")


@pytest.fixture
def candidates(session):
    return [MembershipFactory(cohort=session.cohort, role=Role.CANDIDATE).user for _ in range(PEOPLE)]


# (xmin, id, what the row holds) of every row, in the order the rows lie in the table.
ANSWERS = "SELECT xmin::text, id::text, comment FROM portfolios_programfeedback ORDER BY ctid"
RECEIPTS = "SELECT xmin::text, id::text, candidate_id FROM portfolios_feedbackreceipt ORDER BY ctid"


def rows(query):
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


def assert_nothing_links(candidates):
    """The answers say "answer <n>" for the n-th candidate to answer; nothing but reading them may tell."""
    answers, receipts = rows(ANSWERS), rows(RECEIPTS)
    answering_order = [f"answer {n}" for n in range(len(candidates))]
    assert sorted(comment for _, _, comment in answers) == sorted(answering_order)
    # Columns: nothing but what the answer says, and nothing that points at a person.
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "portfolios_programfeedback")
        }
        constraints = connection.introspection.get_constraints(cursor, "portfolios_programfeedback")
    assert columns == {"id", "cohort_id", "session_id", "rating", "comment"}
    assert {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]} == {
        "cohorts_cohort",
        "class_sessions_classsession",
    }
    # Transaction ids: one for every answer to the question, and it wrote no receipt.
    answer_xmins = {xmin for xmin, _, _ in answers}
    assert len(answer_xmins) == 1
    assert not answer_xmins & {xmin for xmin, _, _ in receipts}
    # Order: neither where the answers lie nor their ids follow the order people answered in.
    assert [comment for _, _, comment in answers] != answering_order
    assert [comment for _, _, comment in sorted(answers, key=lambda row: row[1])] != answering_order
    assert not {pk for _, pk, _ in answers} & {pk for _, pk, _ in receipts}


def test_program_feedback_given_through_the_service_is_linked_to_no_receipt(session, candidates):
    for n, person in enumerate(candidates):
        services.give_program_feedback(
            cohort=session.cohort, candidate=person, session=session, rating=1 + n % 5, comment=f"answer {n}"
        )
    assert [candidate for _, _, candidate in rows(RECEIPTS)] == [c.pk for c in candidates]
    assert_nothing_links(candidates)


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


def test_program_feedback_migration_unties_answers_stored_with_their_author(session, candidates):
    """Before, an answer and its receipt were written one after the other in one transaction, the answer
    naming its author unless anonymous: the migration drops the authors and writes the answers anew."""
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            for n, person in enumerate(candidates):
                with transaction.atomic():
                    cursor.execute(
                        "INSERT INTO portfolios_feedbackreceipt (id, cohort_id, session_id, candidate_id) "
                        "VALUES (gen_random_uuid(), %s, %s, %s)",
                        [session.cohort_id, session.pk, person.pk],
                    )
                    cursor.execute(
                        "INSERT INTO portfolios_programfeedback (id, cohort_id, session_id, rating, comment, "
                        "author_id) VALUES (gen_random_uuid(), %s, %s, %s, %s, %s)",
                        [session.cohort_id, session.pk, 4, f"answer {n}", person.pk if n % 2 else None],
                    )
        old_ids = {pk for _, pk, _ in rows(ANSWERS)}
        migrate(AFTER)
        assert not old_ids & {pk for _, pk, _ in rows(ANSWERS)}
        assert_nothing_links(candidates)
    finally:
        migrate(None)
