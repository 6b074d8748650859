"""The rows of the intake's long tables, written in Python.

A template tag or variable per cell cost the review queue and the decisions page most of their time (25 and 50
rows of 7 to 9 cells); these write each row with one `format_html`, escaping every value as a template would.
"""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import Application, Decision, Kind, Response, Status

KIND = dict(Kind.choices)
STATUS = dict(Status.choices)
DECISION = dict(Decision.choices)
RESPONSE = dict(Response.choices)
NONE = "—"
SENT = mark_safe(' <span class="small text-body-secondary">(sent)</span>')  # a constant: nothing to escape


def detail_urls():
    """pk → the application's page, without resolving the URL pattern once per row."""
    pattern = reverse("applications:detail", args=[0]).removesuffix("0/")
    return lambda pk: f"{pattern}{pk}/"


def score(value) -> str:
    """A weighted average or spread as the templates showed it (`floatformat:2`), or a dash."""
    return NONE if value is None else floatformat(value, 2)


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
    url = detail_urls()
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
