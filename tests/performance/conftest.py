import pytest
from django.db import transaction

from cohorts.load_data import LOGINS, Generator, Sizes
from cohorts.models import Cohort
from cto_mentor.notifications.models import Message, Status
from cto_mentor.users.models import User

SMALL = Sizes(
    cohorts=2, applications=6, candidate_applications=4, candidates=2, mentors=1, reviewers=3, instructors=1
)
LARGE = Sizes(
    cohorts=3, applications=16, candidate_applications=11, candidates=8, mentors=3, reviewers=4, instructors=2
)


def add_messages(cohort, people, per_person):
    """Outbox rows for the outbox and notices pages (the load data itself never queues e-mail)."""
    Message.objects.bulk_create(
        Message(
            key=f"perf-{cohort.pk}-{person.pk}-{n}",
            notice="pairing_made",
            cohort=cohort,
            recipient=person,
            to_email=person.email,
            subject=f"Notice {n}",
            body_text="Hello",
            body_html="<p>Hello</p>",
            status=Status.SENT if n % 2 else Status.PENDING,
        )
        for person in people
        for n in range(per_person)
    )


@pytest.fixture
def load_data(db):
    """load_data(sizes) -> the newest cohort and its well-known people, inside a savepoint rolled back on exit,
    so one test can measure the same pages over two data sizes."""

    class Loaded:
        def __init__(self, sizes):
            self.sizes = sizes

        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            Generator(self.sizes).run()
            self.cohort = Cohort.objects.filter(slug__startswith="load-").order_by("-classes_start").first()
            self.people = {role: User.objects.get(email=email) for role, email in LOGINS.items()}
            add_messages(self.cohort, self.people.values(), per_person=self.sizes.candidates)
            return self

        def __exit__(self, *exc):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    return Loaded
