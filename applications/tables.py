"""The rows of the intake's long tables, written in Python.

A template tag or variable per cell cost the review queue and the decisions page most of their time (25 and 50
rows of 7 to 9 cells); these write each row with one `format_html`, escaping every value as a template would.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cohorts.templatetags.cohort_time import when

from .models import Application, ContractStatus, Decision, Kind, Response, ReviewStatus, Status

KIND = dict(Kind.choices)
STATUS = dict(Status.choices)
DECISION = dict(Decision.choices)
RESPONSE = dict(Response.choices)
REVIEW_STATUS = dict(ReviewStatus.choices)
NONE = "—"
CENTS = Decimal("0.01")
SENT = mark_safe(' <span class="small text-body-secondary">(sent)</span>')  # a constant: nothing to escape


def urls_of(name: str):
    """pk → `reverse(name, args=[pk])` for a URL whose only argument is a pk, without resolving the pattern once
    per row (15 µs each)."""
    before, after = reverse(name, args=[0]).rsplit("/0/", 1)
    return lambda pk: f"{before}/{pk}/{after}"


def score(value) -> str:
    """A weighted average or spread to two decimals, halves rounded up as the templates' `floatformat:2` did
    (60 times quicker than calling the filter), or a dash."""
    return NONE if value is None else str(Decimal(str(value)).quantize(CENTS, ROUND_HALF_UP))


def parts(application: Application) -> str:
    done = [
        "form ✓" if application.form_completed_at else "form …",
        "resume ✓" if application.has_resume else "resume …",
    ]
    if application.kind == Kind.CANDIDATE:
        done.append("nomination ✓" if application.nomination_received else "nomination …")
    return " · ".join(done)


QUEUE_ROW = (
    '<tr><td><a href="{}">{}</a><br><span class="small text-body-secondary">{}</span></td>'
    '<td>{}</td><td>{}</td><td class="small">{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td>'
    "<td>{}{}</td></tr>"
)


def queue_rows(applications) -> SafeString:
    """The review queue's rows, for applications from `selectors.review_queue`."""
    url = urls_of("applications:detail")
    return format_html_join(
        "\n",
        QUEUE_ROW,
        (
            (
                url(a.pk),
                a.applicant,
                a.organization,
                KIND[a.kind],
                STATUS[a.status],
                parts(a),
                a.reviews_done,
                a.reviews_assigned,
                score(a.average),
                score(a.spread),
                format_html('<span class="badge text-bg-warning">{}</span>', a.conflicts)
                if a.conflicts
                else 0,
                DECISION[a.decision],
                SENT if a.decision_sent_at else "",
            )
            for a in applications
        ),
    )


DECISION_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}{}</td>'
    "<td>{}</td><td>{}</td><td>{}</td></tr>"
)
OFFER_FORM = (
    '<form method="post" action="{}">{}<button class="btn btn-sm btn-outline-primary" type="submit" '
    'aria-label="Offer a place to {}">Offer a place</button></form>'
)
CONTRACT_FORM = (
    '<form method="post" action="{}" class="d-flex gap-1">{}'
    '<label class="visually-hidden" for="contract-{}">Contract of {}</label>'
    '<select class="form-select form-select-sm" name="contract_status" id="contract-{}">{}</select>'
    '<button class="btn btn-sm btn-outline-secondary" type="submit">Save</button></form>'
)


def decision_rows(applications, *, request, cohort) -> SafeString:
    """The decisions page's rows, for applications from `selectors.selection`: the decision and its reason,
    when it was e-mailed (in the cohort's zone and the viewer's), the answer or the button offering a place
    to the waitlisted, and the contract's status for accepted mentors."""
    detail, offer, contract = (urls_of(f"applications:{name}") for name in ("detail", "offer", "contract"))
    token = csrf_input(request)
    # Decisions are e-mailed in batches: most rows share a moment, each written once.
    emailed = cache(lambda moment: when({"user": request.user}, moment, cohort))

    def answer(a):
        if a.decision_sent_at and a.decision == Decision.ACCEPTED:
            return RESPONSE[a.response]
        if a.decision_sent_at and a.decision == Decision.WAITLISTED:
            return format_html(OFFER_FORM, offer(a.pk), token, a.applicant)
        return NONE

    def contract_form(a):
        if a.kind != Kind.MENTOR or a.decision != Decision.ACCEPTED:
            return NONE
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if value == a.contract_status else "", label)
                for value, label in ContractStatus.choices
            ),
        )
        return format_html(CONTRACT_FORM, contract(a.pk), token, a.pk, a.applicant, a.pk, options)

    return format_html_join(
        "\n",
        DECISION_ROW,
        (
            (
                detail(a.pk),
                a.applicant,
                KIND[a.kind],
                score(a.average),
                DECISION[a.decision],
                format_html('<br><span class="small text-body-secondary">{}</span>', a.decision_reason)
                if a.decision_reason
                else "",
                emailed(a.decision_sent_at) if a.decision_sent_at else NONE,
                answer(a),
                contract_form(a),
            )
            for a in applications
        ),
    )


def review_rows(reviews) -> SafeString:
    """The reviewer's list, for reviews from `selectors.reviews_for`."""
    url = urls_of("applications:review")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
        (
            (url(r.pk), r.application.applicant, KIND[r.application.kind], REVIEW_STATUS[r.status])
            for r in reviews
        ),
    )
