from .models import Role


def navigation(request):
    """The roles the user holds in any cohort, so the menu shows what each role needs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    roles = set()
    for role in user.memberships.values_list("role", flat=True).distinct():
        roles.add(Role(role))
    return {"nav_roles": frozenset(roles)}
