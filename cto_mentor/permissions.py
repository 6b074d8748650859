from django.http import Http404
from django.shortcuts import get_object_or_404


def get_permitted_or_404(user, perm: str, queryset, **lookups):
    """The object, if `user` holds `perm` on it; otherwise 404, as for a missing one: ids leak nothing."""
    obj = get_object_or_404(queryset, **lookups)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj
