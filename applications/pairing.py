"""What the applications tell pairing suggestions (`cohorts.suggestions`): each person's answers to the pairing
questions of `questions.PAIRING_QUESTIONS` (county, topics, a mentor's capacity) and the class days they said
they can attend, from their application to the cohort that was not withdrawn."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from cohorts.hooks import PairingProfile

from .models import Answer, Availability, Status

COUNTY_KEYS = ("candidate-county", "mentor-county")
TOPIC_KEYS = ("candidate-topics", "mentor-topics")
CAPACITY_KEY = "mentor-capacity"


def profiles(*, cohort, user_ids) -> dict[int, PairingProfile]:
    """Two queries whatever the number of people: their answers to the pairing questions, their class days."""
    mine = {"application__cohort": cohort, "application__applicant_id__in": list(user_ids)}
    withdrawn = {"application__status": Status.WITHDRAWN}
    answers = (
        Answer.objects.filter(**mine, question__key__in=[*COUNTY_KEYS, *TOPIC_KEYS, CAPACITY_KEY])
        .exclude(**withdrawn)
        .values_list("application__applicant_id", "question__key", "value")
    )
    found = defaultdict(dict)
    for user_id, key, value in answers:
        if key in COUNTY_KEYS:
            found[user_id]["county"] = value
        elif key in TOPIC_KEYS:
            found[user_id]["topics"] = tuple(line for line in value.splitlines() if line)
        else:
            found[user_id]["capacity"] = _capacity(value)
    available, answered = defaultdict(set), defaultdict(set)
    days = (
        Availability.objects.filter(**mine)
        .exclude(**withdrawn)
        .values_list("application__applicant_id", "meeting_id", "available")
    )
    for user_id, meeting_id, can_attend in days:
        answered[user_id].add(meeting_id)
        if can_attend:
            available[user_id].add(meeting_id)
    return {
        user_id: PairingProfile(
            **found[user_id],
            available_days=frozenset(available[user_id]),
            answered_days=frozenset(answered[user_id]),
        )
        for user_id in found.keys() | answered.keys()
    }


def _capacity(value: str) -> int | None:
    try:
        return max(int(Decimal(value)), 0)
    except (InvalidOperation, ValueError):
        return None
