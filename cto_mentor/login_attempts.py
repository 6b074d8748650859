"""How django-axes names the account a login attempt was for (settings.AXES_USERNAME_CALLABLE)."""

from django.conf import settings


def attempted_username(request, credentials=None) -> str:
    """The typed address, trimmed, lower-cased and cut to the column's 255 characters.

    Lower-casing makes "Pat@Example.org" and "pat@example.org" one counter; the cut keeps a 20,000-character
    "address" from failing the attempt log's insert (a server error on PostgreSQL) instead of being counted.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials is not None else request.POST
    return str(source.get(field) or "").strip().lower()[:255]
