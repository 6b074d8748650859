"""A cohort's own e-mail texts: a subject and a plain-text body with `{placeholders}`, checked on save.

The text is filled in with `str.format_map` over plain strings, never rendered as a Django template, so a
manager's text cannot run template tags or reach an object's attributes. The HTML part is the same text,
escaped, with paragraphs and links made by `linebreaks` and `urlize` inside the e-mails' layout.
"""

import string
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Variable, VariableDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from cohorts.models import Membership
from cto_mentor.dates import day_text, moment_text

from . import registry
from .models import NoticeText

__all__ = ["NoticeText", "check_text", "preview", "reset_text", "samples", "save_text", "starter", "text_for"]


def placeholders_in(text: str) -> list[str]:
    """The placeholder names the text uses; a ValidationError for braces that do not make a plain `{name}`."""
    names = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            "A brace is not closed or not opened: write placeholders as {name}, and a brace itself as {{ or }}."
        ) from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValidationError(f"“{{{name}}}” is not a placeholder: write placeholders as {{name}}.")
        names.append(name)
    return names


def check_text(notice: registry.Notice, text: str) -> None:
    unknown = sorted(set(placeholders_in(text)) - set(notice.placeholder_names))
    if unknown:
        offered = ", ".join(f"{{{name}}}" for name in notice.placeholder_names)
        raise ValidationError(
            f"Unknown placeholder(s): {', '.join(f'{{{name}}}' for name in unknown)}. This e-mail offers {offered}."
        )


def placeholder_values(notice: registry.Notice, context: dict) -> dict[str, str]:
    """Each placeholder's value in this context, as a plain string ("" when the context lacks it)."""
    recipient = context.get("recipient")
    cohort = context.get("cohort")
    values = {
        "recipient_name": (recipient.first_name or recipient.email) if recipient else "",
        "recipient_email": context.get("to_email") or (recipient.email if recipient else ""),
        "cohort": str(cohort) if cohort else "",
        "link": context.get("link", ""),
        "site_url": context.get("site_url", ""),
    }
    for name, path in notice.placeholders:
        try:
            value = Variable(path).resolve(context)
        except VariableDoesNotExist:
            value = ""
        if isinstance(value, datetime):
            value = moment_text(value, cohort)
        elif isinstance(value, date):
            value = day_text(value)
        values[name] = "" if value is None else str(value)
    return values


def render_text(text: NoticeText, notice: registry.Notice, context: dict) -> dict:
    """The message's subject and parts from the cohort's text."""
    values = placeholder_values(notice, context)
    subject = text.subject.format_map(values)
    body = text.body.format_map(values)
    html = render_to_string("notifications/email_text.html", {**context, "body": body})
    return {"subject": " ".join(subject.split())[:255], "body_text": body, "body_html": html}


def text_for(*, cohort, notice: str) -> NoticeText | None:
    return NoticeText.objects.filter(cohort=cohort, notice=notice).first()


def save_text(*, cohort, notice: str, subject: str, body: str, by) -> NoticeText:
    """Keep the cohort's own text of a notice, its placeholders checked first.

    Side effects: the NoticeText row (and its history); messages queued from now on use it.
    """
    kind = registry.get(notice)
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            check_text(kind, text)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        text, _ = NoticeText.objects.update_or_create(
            cohort=cohort,
            notice=notice,
            defaults={"subject": subject, "body": body, "updated_at": timezone.now(), "updated_by": by},
        )
    return text


def reset_text(*, cohort, notice: str) -> bool:
    """Go back to the default text of the notice. Side effects: the row is deleted (its history keeps it)."""
    text = text_for(cohort=cohort, notice=notice)
    if text is None:
        return False
    text.delete()
    return True


def samples(*, cohort, notice: registry.Notice) -> list[tuple[object, dict]]:
    """The preview's choices: (recipient, context) for real recipients of the cohort, at most 50."""
    if notice.samples is not None:
        return list(notice.samples(cohort))[:50]
    members = (
        Membership.objects.filter(cohort=cohort).select_related("user").order_by("user__last_name", "pk")
    )
    return [(m.user, {"cohort": cohort}) for m in members[:50]]


def preview(*, notice: registry.Notice, recipient, context: dict, text: NoticeText | None) -> dict:
    """The message as `recipient` would get it: with `text` (saved or not, its placeholders checked by the
    caller), else with the default templates."""
    from .services import render

    user = None if isinstance(recipient, str) else recipient
    full = {
        **context,
        "recipient": user,
        "to_email": recipient if user is None else user.email,
        "link": message_link(context),
    }
    if text is None:
        return render(notice.name, full)
    return render_text(text, notice, {**full, "site_url": settings.SITE_URL})


def starter(*, notice: registry.Notice, recipient, context: dict) -> tuple[str, str]:
    """A subject and body to start editing from: the default message for a real recipient with each
    placeholder's value written back as its `{name}` (values of four characters or more, longest first)."""
    message = preview(notice=notice, recipient=recipient, context=context, text=None)
    user = None if isinstance(recipient, str) else recipient
    full = {
        **context,
        "recipient": user,
        "to_email": recipient if user is None else user.email,
        "link": message_link(context),
        "site_url": settings.SITE_URL,
    }
    values = sorted(placeholder_values(notice, full).items(), key=lambda item: -len(item[1]))

    def generalised(text: str) -> str:
        text = text.replace("{", "{{").replace("}", "}}")
        for name, value in values:
            if len(value) >= 4:
                text = text.replace(value, f"{{{name}}}")
        return text.strip()

    return generalised(message["subject"]), generalised(message["body_text"])


def message_link(context: dict) -> str:
    from .services import absolute_url

    return absolute_url(context.get("link") or "/")
