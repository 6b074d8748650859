import factory

from cto_mentor.notifications.models import Message, Preference, ReminderSetting

from ..factories import CohortFactory, UserFactory


class MessageFactory(factory.django.DjangoModelFactory):
    """A pending e-mail in the outbox, as `queue` would have written it."""

    class Meta:
        model = Message

    key = factory.Sequence(lambda n: f"meeting_reminder|class_sessions.meeting:{n}|48h|person{n}@example.org")
    notice = "meeting_reminder"
    cohort = factory.SubFactory(CohortFactory)
    recipient = factory.SubFactory(UserFactory)
    to_email = factory.SelfAttribute("recipient.email")
    subject = "Coming up: Session 3 — Fiscal Management"
    body_text = "A reminder: Session 3 starts Friday at 5:30 p.m. PST."
    body_html = "<p>A reminder: Session 3 starts Friday at 5:30 p.m. PST.</p>"


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    notice = "meeting_reminder"
    enabled = False


class ReminderSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSetting

    cohort = factory.SubFactory(CohortFactory)
    kind = "meeting"
    offsets_hours = factory.LazyFunction(lambda: [48])
