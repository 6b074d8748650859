"""The class year's part in a new cohort copied from an earlier one: its sessions, topics and meetings."""

from cohorts.hooks import CopyStep, Moment, copy_steps, shifted

from .models import ClassSession, Meeting, Topic


def _meeting_key(meeting: Meeting) -> str:
    return f"meeting_{meeting.pk}"


def propose_meetings(*, source, weeks: int) -> list[Moment]:
    """Every meeting of the source, the same weekday and local time `weeks` later; a session's later day
    must start after its earlier one ends."""
    moments = []
    for session in (
        ClassSession.objects.filter(cohort=source).in_schedule_order().prefetch_related("meetings")
    ):
        previous = ""
        for meeting in session.meetings.all():
            starts = shifted(meeting.starts_at, weeks, source.tz)
            label = f"{session.label}, {starts:%A} meeting"
            moments.append(
                Moment(
                    key=_meeting_key(meeting),
                    label=label,
                    starts=starts,
                    ends=shifted(meeting.ends_at, weeks, source.tz),
                    group=f"{session.label}: {session.title}",
                    after=previous,
                )
            )
            previous = _meeting_key(meeting)
    return moments


def copy_sessions(*, source, target, moments) -> None:
    """Each session with its title, description and topics, and each meeting at the time chosen for it, at the
    same place. Instructors, attendance, assignments and presentations belong to people: not copied."""
    for session in (
        ClassSession.objects.filter(cohort=source).in_schedule_order().prefetch_related("topics", "meetings")
    ):
        copy = ClassSession.objects.create(
            cohort=target,
            kind=session.kind,
            number=session.number,
            title=session.title,
            description=session.description,
            mentors_expected=session.mentors_expected,
        )
        Topic.objects.bulk_create(
            Topic(session=copy, name=topic.name, order=topic.order) for topic in session.topics.all()
        )
        Meeting.objects.bulk_create(
            Meeting(
                session=copy,
                starts_at=moments[_meeting_key(meeting)][0],
                ends_at=moments[_meeting_key(meeting)][1],
                location=meeting.location,
                address=meeting.address,
            )
            for meeting in session.meetings.all()
        )


copy_steps.register(CopyStep("sessions", copy_sessions, propose=propose_meetings))
