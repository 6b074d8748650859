"""The cohorts made before rubrics per kind get the default mentors' rubric (applications.rubrics): until now
their mentors were scored on the candidates' criteria, which stay the candidates' rubric."""

from django.db import migrations

# As applications.rubrics.MENTOR_RUBRIC was when this ran: a migration keeps its own copy.
MENTOR_RUBRIC = [
    (
        "Leadership in K-12 technology",
        "Currently holds a leadership position in K-12 technology; 10 years of experience or more preferred.",
        3,
    ),
    (
        "Hands-on experience",
        "Hands-on experience with K-12 technology: networks, data systems, security, support.",
        2,
    ),
    (
        "Degree, certification or experience",
        "A degree in a business-related field, a CTO certification, or demonstrated work experience.",
        2,
    ),
    (
        "Commitment to the mentor's duties",
        "Willing to contract with the association and give the time the duties take: meet the candidate "
        "regularly, give feedback, attend the mentor meetings, the mid-year evaluation and two portfolio reviews.",
        2,
    ),
]


def add_mentor_rubrics(apps, schema_editor):
    Cohort = apps.get_model("cohorts", "Cohort")
    Criterion = apps.get_model("applications", "Criterion")
    with_mentor_rubric = Criterion.objects.filter(kind="mentor").values("cohort_id")
    Criterion.objects.bulk_create(
        Criterion(cohort_id=cohort_id, kind="mentor", name=name, description=text, weight=weight, order=n)
        for cohort_id in Cohort.objects.exclude(pk__in=with_mentor_rubric).values_list("pk", flat=True)
        for n, (name, text, weight) in enumerate(MENTOR_RUBRIC, start=1)
    )


def remove_mentor_rubrics(apps, schema_editor):
    apps.get_model("applications", "Criterion").objects.filter(kind="mentor", scores__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_review_assignment_and_rubric_per_kind"),
        ("cohorts", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_mentor_rubrics, remove_mentor_rubrics)]
