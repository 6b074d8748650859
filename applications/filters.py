"""The program manager's review queue: filters and sorting over `selectors.intake`.

`forms.QueueFilterForm` parses them and `filter_queue` applies them: a plain form and a function rather than a
django-filter FilterSet, which deep-copied its nine filters and built a new form class on every request (a
large share of the queue page's time; docs/performance.md).
"""

from functools import cached_property

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from .forms import QueueFilterForm
from .models import Answer, Application
from .selectors import complete_q, waiting_for


def filter_queue(applications: QuerySet[Application], filters: dict) -> QuerySet[Application]:
    """`applications` (from `selectors.intake`) narrowed by the filters given in `filters` (a QueueFilterForm's
    cleaned_data: empty values filter nothing; each word searched for in the name, e-mail or organization)
    and sorted by `filters["sort"]` when given, applications without a score last both ways."""
    for word in (filters.get("q") or "").split():
        applications = applications.filter(
            Q(applicant__first_name__icontains=word)
            | Q(applicant__last_name__icontains=word)
            | Q(applicant__email__icontains=word)
            | Q(organization__icontains=word)
        )
    if kind := filters.get("kind"):
        applications = applications.filter(kind=kind)
    if status := filters.get("status"):
        applications = applications.filter(status=status)
    completeness = filters.get("completeness")
    if completeness == "complete":
        applications = applications.filter(complete_q())
    elif completeness == "incomplete":
        applications = applications.exclude(complete_q())
    if reviewer := filters.get("reviewer"):
        applications = applications.filter(reviews__reviewer_id=reviewer)
    if (min_score := filters.get("min_score")) is not None:
        applications = applications.filter(average__gte=min_score)
    if (max_score := filters.get("max_score")) is not None:
        applications = applications.filter(average__lte=max_score)
    conflicts = filters.get("conflicts")
    if conflicts == "yes":
        applications = applications.filter(conflicts__gt=0)
    elif conflicts == "no":
        applications = applications.filter(conflicts=0)
    if decision := filters.get("decision"):
        applications = applications.filter(decision="" if decision == "none" else decision)
    if waits_for := filters.get("waits_for"):
        applications = applications.filter(waiting_for(waits_for))
    for name, value in filters.items():
        # An answer to a yes/no or one-choice question: `question_<id>` as the form names it.
        if name.startswith("question_") and value:
            answered = Answer.objects.filter(
                application=OuterRef("pk"), question_id=int(name.removeprefix("question_")), value=value
            )
            applications = applications.filter(Exists(answered))
    if sort := filters.get("sort"):
        field = F(QueueFilterForm.SORTS[sort.lstrip("-")])
        order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
        applications = applications.order_by(order, "pk")
    return applications


class QueueFilter:
    """The filter form over `data` (None when nothing is asked) and `qs`, the applications of `queryset` that
    its valid fields let through: what the queue page, its CSV export and the background export share."""

    def __init__(self, data, *, queryset: QuerySet[Application], reviewers, questions=()):
        self.form = QueueFilterForm(data, reviewers=reviewers, questions=questions)
        self.queryset = queryset

    @cached_property
    def qs(self) -> QuerySet[Application]:
        if not self.form.is_bound:
            return self.queryset
        self.form.is_valid()  # cleaned_data then holds the valid fields only
        return filter_queue(self.queryset, self.form.cleaned_data)
