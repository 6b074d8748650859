"""What the program manager does to several applications checked in the review queue at once."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .decisions import decide


def decide_many(*, applications, decision: str, reason: str, actor, now=None) -> list:
    """The same decision and reason for each application, through `decide` and its rules: all of them or, when
    one is refused, none (the refusal names whose application it is).

    Side effects: as `decide`, for each application.
    """
    if not applications:
        raise ValidationError({"applications": "Check at least one application."})
    with transaction.atomic():
        decided = []
        for application in applications:
            try:
                decided.append(
                    decide(application=application, decision=decision, reason=reason, actor=actor, now=now)
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    raise
                raise ValidationError(f"{application.applicant}: {' '.join(error.messages)}") from None
        return decided
