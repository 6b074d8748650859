"""The meeting log's cards, written in Python: a card is a heading, its confirmation, what was reviewed, the
notes, the follow-up items and, for the pair, forms to confirm it and to add and close follow-ups. The template
they replace spent about 200 microseconds a card (a page shows up to 20); here each address is reversed once a
page and the CSRF field written once."""

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaks_filter
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cto_mentor.links import address_by_id

register = template.Library()

NOTHING = SafeString("")


@register.simple_tag(takes_context=True)
def meeting_cards(context, meetings, in_the_pair):
    """An article per meeting; `in_the_pair` (the viewer is its mentor or candidate) adds the forms."""
    user = context["user"]
    forms = None
    if in_the_pair:
        forms = {
            "confirm": address_by_id("portfolios:confirm_meeting"),
            "add": address_by_id("portfolios:add_meeting_follow_up"),
            "close": address_by_id("portfolios:close_follow_up"),
            "csrf": format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(context.request)
            ),
        }
    return format_html_join("\n", "{}", ((_card(meeting, user, forms),) for meeting in meetings))


def _card(meeting, user, forms):
    if meeting.is_confirmed:
        status = format_html(
            '<span class="badge text-bg-success">Confirmed</span> by {}', meeting.confirmed_by
        )
    else:
        status = SafeString('<span class="badge text-bg-warning">Awaiting confirmation</span>')
    reviewed = NOTHING
    if meeting.reviewed:
        reviewed = format_html(
            '<p class="mb-1"><strong>Reviewed:</strong> {}</p>',
            format_html_join(", ", "{}", ((name,) for name in meeting.reviewed)),
        )
    notes = format_html("<div>{}</div>", linebreaks_filter(meeting.notes)) if meeting.notes else NOTHING
    return format_html(
        '<article class="card mb-3" aria-labelledby="meeting-{pk}">\n'
        '  <div class="card-body">\n'
        '    <h3 class="h5 card-title" id="meeting-{pk}">{held_on} · {mode} · {minutes} minutes</h3>\n'
        '    <p class="mb-1">{status} <span class="text-body-secondary">· logged by {logged_by}</span></p>\n'
        "    {reviewed}{notes}{follow_ups}{actions}\n"
        "  </div>\n"
        "</article>",
        pk=meeting.pk,
        held_on=date_format(meeting.held_on, "l, F j, Y"),
        mode=meeting.get_mode_display(),
        minutes=meeting.duration_minutes,
        status=status,
        logged_by=meeting.logged_by,
        reviewed=reviewed,
        notes=notes,
        follow_ups=_follow_ups(list(meeting.follow_ups.all()), forms),
        actions=_actions(meeting, user, forms) if forms else NOTHING,
    )


def _follow_ups(items, forms):
    if not items:
        return NOTHING
    return format_html(
        '<h4 class="h6">Follow-ups</h4>\n<ul class="list-unstyled">\n{}\n</ul>',
        format_html_join("\n", "{}", ((_follow_up(item, forms),) for item in items)),
    )


def _follow_up(item, forms):
    due = date_format(item.due_on, "M j, Y")
    if item.is_closed:
        text = format_html(
            '<span class="text-decoration-line-through">{} — due {}</span> '
            '<span class="badge text-bg-secondary">Done</span>',
            item.description,
            due,
        )
    else:
        text = format_html("<span>{} — due {}</span>", item.description, due)
    close = NOTHING
    if forms:
        reopen, verb, label = (
            (SafeString('<input type="hidden" name="reopen" value="1">'), "Reopen", "Reopen")
            if item.is_closed
            else (NOTHING, "Mark done:", "Mark done")
        )
        close = format_html(
            '\n  <form method="post" action="{}">{}{}\n'
            '    <button class="btn btn-sm btn-outline-secondary" type="submit" aria-label="{} “{}”">{}</button>\n'
            "  </form>",
            forms["close"](item.pk),
            forms["csrf"],
            reopen,
            verb,
            item.description,
            label,
        )
    return format_html('<li class="d-flex flex-wrap gap-2 align-items-center mb-1">{}{}</li>', text, close)


def _actions(meeting, user, forms):
    """Confirming (by the side that did not log it) and adding a follow-up item."""
    confirm = NOTHING
    if not meeting.is_confirmed and meeting.logged_by_id != user.pk:
        confirm = format_html(
            '<form method="post" action="{}">{}\n'
            '  <button class="btn btn-success btn-sm" type="submit" aria-label="Confirm this meeting of {}">'
            "Confirm this meeting</button>\n"
            "</form>\n",
            forms["confirm"](meeting.pk),
            forms["csrf"],
            date_format(meeting.held_on, "F j, Y"),
        )
    return format_html(
        '<div class="d-flex flex-wrap gap-2 mt-2">\n'
        "{confirm}"
        "<details>\n"
        '  <summary class="btn btn-sm btn-outline-primary">Add a follow-up</summary>\n'
        '  <form method="post" action="{add}" class="mt-2" novalidate>{csrf}\n'
        '    <div class="mb-2"><label class="form-label" for="fu-{pk}">Follow-up</label>\n'
        '      <input class="form-control" id="fu-{pk}" name="description" maxlength="300" required></div>\n'
        '    <div class="mb-2"><label class="form-label" for="fu-due-{pk}">Due on</label>\n'
        '      <input class="form-control" type="date" id="fu-due-{pk}" name="due_on" required></div>\n'
        '    <button class="btn btn-sm btn-primary" type="submit">Add</button>\n'
        "  </form>\n"
        "</details>\n"
        "</div>",
        confirm=confirm,
        add=forms["add"](meeting.pk),
        csrf=forms["csrf"],
        pk=meeting.pk,
    )
