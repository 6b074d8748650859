"""Every change of state of an application, its nomination, its reviews and its decision.

Each function checks the current state first, writes inside one transaction and queues its e-mails in the
same transaction (the outbox sends them after commit). A refusal is a ValidationError whose message is meant
for the person who tried. Views, admin actions and tasks import them from here.
"""

from .assignments import Assigned, assign_reviews, distribute_reviews, set_reviewer_scope
from .decisions import (
    answer_offer,
    change_answer_by,
    decide,
    decision_email,
    default_answer_by,
    lapse_offers,
    offer_place,
    send_decisions,
)
from .drafts import (
    CLOSED_MESSAGE,
    grant_extension,
    read_only_reason,
    reopen_application,
    reopen_refusal,
    save_availability,
    save_form,
    start_application,
    submit_application,
    undo_refusal,
    undo_withdrawal,
    upload_resume,
    withdraw_application,
    withdraw_refusal,
)
from .nominations import (
    NOMINATION_LINK_LIFETIME,
    check_nomination_link,
    remind_nominator,
    request_nomination,
    resend_nomination_request,
    submit_nomination,
)
from .queue_actions import decide_many
from .reviews import (
    add_criterion,
    change_criterion,
    declare_conflict,
    declare_conflict_refusal,
    remove_criterion,
    remove_criterion_refusal,
    submit_review,
    weighted_mean,
)

__all__ = [
    "CLOSED_MESSAGE",
    "NOMINATION_LINK_LIFETIME",
    "Assigned",
    "add_criterion",
    "answer_offer",
    "assign_reviewer",
    "assign_reviews",
    "change_answer_by",
    "change_criterion",
    "check_nomination_link",
    "decide",
    "decide_many",
    "decision_email",
    "declare_conflict",
    "declare_conflict_refusal",
    "default_answer_by",
    "distribute_reviews",
    "grant_extension",
    "lapse_offers",
    "offer_place",
    "read_only_reason",
    "remind_nominator",
    "remove_criterion",
    "remove_criterion_refusal",
    "reopen_application",
    "reopen_refusal",
    "request_nomination",
    "resend_nomination_request",
    "save_availability",
    "save_form",
    "send_decisions",
    "set_reviewer_scope",
    "start_application",
    "submit_application",
    "submit_nomination",
    "submit_review",
    "undo_refusal",
    "undo_withdrawal",
    "upload_resume",
    "weighted_mean",
    "withdraw_application",
    "withdraw_refusal",
]
