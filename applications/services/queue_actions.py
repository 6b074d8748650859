"""What the program manager does to several applications checked in the review queue at once."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .decisions import decide


def decide_many(
    *, applications, decision: str, reason: str, actor, past_places: bool = False, now=None
) -> list:
    """The same decision and reason for each application, through `decide` and its rules: all of them or, when
    one is refused, none (the refusal names whose application it is). `past_places`: the program manager
    confirmed accepting past a kind's places.

    Side effects: as `decide`, for each application.
    """
    if not applications:
        raise ValidationError({"applications": "Check at least one application."})
    with transaction.atomic():
        decided = []
        for application in applications:
            try:
                decided.append(
                    decide(
                        application=application,
                        decision=decision,
                        reason=reason,
                        actor=actor,
                        past_places=past_places,
                        now=now,
                    )
                )
            except ValidationError as error:
                raise _naming(application, error) from None
        return decided


def _naming(application, error: ValidationError) -> ValidationError:
    """The refusal with the applicant's name before each message, kept on the field it names."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                field: [f"{application.applicant}: {message}" for message in messages]
                for field, messages in error.message_dict.items()
            }
        )
    return ValidationError(f"{application.applicant}: {' '.join(error.messages)}")
