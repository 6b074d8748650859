from django.utils.functional import SimpleLazyObject

from . import selectors


def unread(request):
    """The count of unread notices for the menu, queried only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: selectors.unread_count(user=user))}
