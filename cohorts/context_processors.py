from .models import Role
from .rules import roles_anywhere


def navigation(request):
    """The roles the user holds in any cohort, so the menu shows what each role needs."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_roles": frozenset()}
    return {"nav_roles": frozenset(Role(role) for role in roles_anywhere(user))}
