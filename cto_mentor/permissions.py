import rules
from django.http import Http404
from django.shortcuts import get_object_or_404


def get_permitted_or_404(user, perm: str, queryset, **lookups):
    """The object, if `user` holds `perm` on it; otherwise 404, as for a missing one: ids leak nothing."""
    obj = get_object_or_404(queryset, **lookups)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


@rules.predicate
def given_object(user, obj):
    """Guards a rule whose name is also one of Django's model permissions (`app.view_model`): the admin asks
    it without an object, and then the rule has nothing to say (the group permissions decide)."""
    return obj is not None
