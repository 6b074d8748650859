from django.db.models import Count, QuerySet

from .models import Message, Status


def inbox(*, user) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user).only(
        "subject", "link", "created_at", "read_at", "status", "notice"
    )


def unread_count(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def outbox(*, cohort, status: str = "") -> QuerySet[Message]:
    messages = Message.objects.filter(cohort=cohort).defer("body_text", "body_html", "attachments")
    if status:
        messages = messages.filter(status=status)
    return messages


def outbox_counts(*, cohort) -> dict[str, int]:
    counts = dict(
        Message.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Status.values}
