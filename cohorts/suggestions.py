"""Pairing suggestions: for a candidate, the cohort's mentors ranked by what the program knows of both (the
features' pairing profiles: county, topics, a mentor's capacity, class days), each with its reasons in words.
The manager still pairs anyone: a suggestion only orders the mentors and says why."""

from dataclasses import dataclass

from .hooks import PairingProfile, pairing_profiles
from .models import Cohort, MentorContract
from .selectors import MentorLoad, PairingBoard, Person

PER_CANDIDATE = 3
# A shared county counts most (the pair can meet face to face), then each shared topic, then class days
# both attend (2 when they share every day they answered for).
SAME_COUNTY, PER_TOPIC, SHARED_DAYS = 4, 2, 2
UNKNOWN = PairingProfile()


@dataclass(slots=True)
class Suggestion:
    mentor: Person
    reasons: list[str]
    contract: MentorContract

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


@dataclass(slots=True)
class CandidateSuggestions:
    candidate: Person
    suggestions: list[Suggestion]


def county_key(county: str) -> str:
    """'Kern County ', 'kern' -> 'kern': how two answers are compared."""
    words = county.casefold().split()
    return " ".join(words[:-1] if words[-1:] == ["county"] else words)


def in_sentence(topic: str) -> str:
    """'Data privacy' -> 'data privacy' inside a sentence; 'E-rate' and 'SIS' keep their capitals."""
    return topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic


def judge(seeker: PairingProfile, mentor: PairingProfile, load: int) -> tuple[tuple, list[str]]:
    """How well a mentor fits a candidate: a sort key (mentors with places first, then the best fit, then the
    fewest candidates) and the reasons, in words."""
    score, reasons = 0.0, []
    if seeker.county.strip() and county_key(seeker.county) == county_key(mentor.county):
        score += SAME_COUNTY
        reasons.append(f"same county: {mentor.county.strip()}")
    offered = {topic.casefold() for topic in mentor.topics}
    shared = [topic for topic in seeker.topics if topic.casefold() in offered]
    if shared:
        score += PER_TOPIC * len(shared)
        reasons.append(f"shared topics: {', '.join(in_sentence(topic) for topic in shared)}")
    answered = seeker.answered_days & mentor.answered_days
    if answered:
        together = len(seeker.available_days & mentor.available_days & answered)
        score += SHARED_DAYS * together / len(answered)
        reasons.append(f"both at {together} of {len(answered)} class days")
    full = mentor.capacity is not None and load >= mentor.capacity
    reasons.append(_load_words(load, mentor.capacity, full))
    return (full, -score, load), reasons


def _load_words(load: int, capacity: int | None, full: bool) -> str:
    if capacity is None:
        return "no candidate yet" if load == 0 else f"{load} candidate{'s' * (load != 1)} already"
    used = f"{load} of {capacity} place{'s' * (capacity != 1)} used"
    return f"full: {used}" if full else used


def suggestions_for(
    *, cohort: Cohort, board: PairingBoard, candidates: list[Person], contracts: dict[int, MentorContract]
) -> list[CandidateSuggestions]:
    """The best few mentors for each of `candidates` (a page of them), with reasons. `contracts` maps a
    mentor's id to their contract; one not recorded is not sent."""
    if not candidates:
        return []
    loads: list[MentorLoad] = board.mentor_loads()
    ids = [person.pk for person in candidates] + [load.mentor.pk for load in loads]
    profiles = pairing_profiles(cohort=cohort, user_ids=ids)
    result = []
    for candidate in candidates:
        seeker = profiles.get(candidate.pk, UNKNOWN)
        judged = []
        for position, load in enumerate(loads):
            key, reasons = judge(seeker, profiles.get(load.mentor.pk, UNKNOWN), load.candidate_count)
            judged.append((key, position, load.mentor, reasons))
        judged.sort(key=lambda entry: entry[:2])
        best = [
            Suggestion(
                mentor,
                reasons,
                contracts.get(mentor.pk) or MentorContract(cohort=cohort, mentor_id=mentor.pk),
            )
            for _, _, mentor, reasons in judged[:PER_CANDIDATE]
        ]
        result.append(CandidateSuggestions(candidate, best))
    return result
