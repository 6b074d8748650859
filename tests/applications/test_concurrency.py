"""Two submits of the same application at the same moment: the row lock lets exactly one through."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from applications import services
from applications.models import Application, Status
from cto_mentor.notifications.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_submit_at_the_same_moment_twice_makes_one_submission(ready):
    application = ready()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.submit_application(application=Application.objects.get(pk=application.pk))
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_submitted", "submitted"]
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert Message.objects.filter(notice="application_submitted").count() == 1
