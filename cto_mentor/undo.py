"""Success messages that offer to undo what was just done."""

from django.contrib import messages
from django.template.loader import render_to_string


def success_with_undo(request, text: str, *, undo_url: str, label: str) -> None:
    """Say what was done, with a button that POSTs to `undo_url` to undo it (`label` names the button for
    screen readers). The message is shown once, on the next page; where undoing stays possible longer, the page
    of the object offers it too."""
    context = {"text": text, "undo_url": undo_url, "label": label}
    messages.success(request, render_to_string("_undo_message.html", context, request=request))
