"""The program manager's review queue: filters and sorting over `selectors.intake`."""

import django_filters
from django import forms
from django.db.models import F

from .models import Decision, Kind, Status
from .selectors import complete_q


class NullsLastOrdering(django_filters.OrderingFilter):
    """Sorting where applications without a score come last both ways, on PostgreSQL as on SQLite."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            name = self.get_ordering_value(param)
            field = F(name.lstrip("-"))
            ordering.append(
                field.desc(nulls_last=True) if name.startswith("-") else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "pk")


class QueueFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    completeness = django_filters.ChoiceFilter(
        label="Parts",
        choices=[("complete", "All parts in"), ("incomplete", "Parts missing")],
        method="filter_completeness",
        empty_label="Any",
    )
    reviewer = django_filters.ModelChoiceFilter(
        field_name="reviews__reviewer", queryset=None, label="Reviewer", empty_label="Any reviewer"
    )
    min_score = django_filters.NumberFilter(
        field_name="average", lookup_expr="gte", label="Average at least", min_value=1, max_value=5
    )
    max_score = django_filters.NumberFilter(
        field_name="average", lookup_expr="lte", label="Average at most", min_value=1, max_value=5
    )
    conflicts = django_filters.ChoiceFilter(
        label="Availability",
        choices=[("yes", "Cannot attend some dates"), ("no", "Can attend every date")],
        method="filter_conflicts",
        empty_label="Any",
    )
    decision = django_filters.ChoiceFilter(
        choices=[("none", "Not decided"), *[c for c in Decision.choices if c[0]]],
        method="filter_decision",
        empty_label="Any decision",
    )
    sort = NullsLastOrdering(
        label="Sort by",
        fields=[
            ("submitted_at", "submitted"),
            ("applicant__last_name", "name"),
            ("average", "average"),
            ("spread", "spread"),
        ],
        field_labels={
            "submitted": "Submitted, oldest first",
            "-submitted": "Submitted, newest first",
            "name": "Name",
            "-name": "Name, Z to A",
            "average": "Average, lowest first",
            "-average": "Average, highest first",
            "spread": "Spread, smallest first",
            "-spread": "Spread, largest first",
        },
        empty_label="Most recent",
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reviewer"].queryset = reviewers
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def filter_completeness(self, queryset, name, value):
        if value == "complete":
            return queryset.filter(complete_q())
        if value == "incomplete":
            return queryset.exclude(complete_q())
        return queryset

    def filter_conflicts(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(conflicts__gt=0)
        if value == "no":
            return queryset.filter(conflicts=0)
        return queryset

    def filter_decision(self, queryset, name, value):
        return queryset.filter(decision="" if value == "none" else value)
