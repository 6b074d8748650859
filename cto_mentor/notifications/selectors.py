from django.db import connection
from django.db.models import Count, QuerySet

from .models import Message, Status


def inbox(*, user) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user).only(
        "subject", "link", "created_at", "read_at", "status", "notice"
    )


def unread_count(*, user) -> int:
    """The menu's count on every page, so the query is written out: the ORM takes several times longer to
    build a COUNT than the database takes to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM notifications_message WHERE recipient_id = %s AND read_at IS NULL",
            [user.pk],
        )
        return cursor.fetchone()[0]


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
