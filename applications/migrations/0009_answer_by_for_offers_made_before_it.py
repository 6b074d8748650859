"""Offers e-mailed before offers had an answer-by time (accepted, e-mailed, no answer yet, no `answer_by`).

The rule then made the applicant a candidate or mentor of the cohort when the acceptance was e-mailed. Such
an applicant has held the place and the role since (they may be paired and at work), so the offer is recorded
as confirmed on the day it was e-mailed, as the role already says. An offer whose applicant holds no such role
(the program manager removed it) keeps waiting for its answer, now until 5:00 p.m. on the cohort's clock the
cohort's days to answer from today, as a new offer would; the answer-by reminder tells them before it lapses.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone

ANSWER_BY_TIME = time(17)  # as applications.services.decisions.ANSWER_BY_TIME was when this ran


def settle_offers_without_answer_by(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Membership = apps.get_model("cohorts", "Membership")
    pending = Application.objects.filter(
        decision="accepted", decision_sent_at__isnull=False, response="", answer_by__isnull=True
    )
    holds_role = Membership.objects.filter(
        cohort_id=OuterRef("cohort_id"), user_id=OuterRef("applicant_id"), role=OuterRef("kind")
    )
    for application in pending.filter(Exists(holds_role)):
        application.response, application.responded_at = "confirmed", application.decision_sent_at
        application.save(update_fields=["response", "responded_at"])
    now = timezone.now()
    for application in pending.exclude(Exists(holds_role)).select_related("cohort"):
        cohort = application.cohort
        zone = zoneinfo.ZoneInfo(cohort.time_zone)
        day = timezone.localdate(now, zone) + timedelta(days=cohort.offer_answer_days)
        application.answer_by = datetime.combine(day, ANSWER_BY_TIME, tzinfo=zone)
        application.save(update_fields=["answer_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_merge_offers_and_review_assignment"),
        ("cohorts", "0008_merge_offer_days_and_absences"),
    ]

    operations = [migrations.RunPython(settle_offers_without_answer_by, migrations.RunPython.noop)]
