from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse

from cto_mentor.notifications.services import queue
from cto_mentor.users.services import email_verified, verification_link

from .models import Cohort, Invitation, Membership, Pairing, Role
from .rules import forget_roles, roles_in

_PAIRED_AS = {Role.MENTOR: "mentor", Role.CANDIDATE: "candidate"}


def add_member(*, cohort: Cohort, user, role: str) -> Membership:
    """Give `user` a role in `cohort`; giving a role they hold already changes nothing.

    Only an account whose address is confirmed gets a role: see `grant_role` for one that is not yet.
    """
    if not user.is_verified:
        raise ValidationError(f"{user.email} is not confirmed yet; it cannot be given a role.")
    membership, _ = Membership.objects.get_or_create(cohort=cohort, user=user, role=role)
    forget_roles(user)
    return membership


def grant_role(*, cohort: Cohort, user, role: str, actor=None) -> Membership | Invitation:
    """Give the role now to a confirmed account; to an unconfirmed one, invite it to confirm its address.

    Side effects: a Membership, or an Invitation and a role_invitation e-mail with a confirmation link.
    """
    if user.is_verified:
        return add_member(cohort=cohort, user=user, role=role)
    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(
            cohort=cohort, user=user, role=role, defaults={"invited_by": actor}
        )
        if created:
            queue(
                notice="role_invitation",
                to=user,
                about=invitation,
                context={"cohort": cohort, "role": invitation.get_role_display().lower()},
                link=verification_link(user),
                cohort=cohort,
            )
    return invitation


@receiver(email_verified)
def grant_waiting_roles(sender, user, **kwargs) -> None:
    """The address is confirmed: the roles it was invited to become memberships."""
    for invitation in Invitation.objects.filter(user=user):
        Membership.objects.get_or_create(cohort=invitation.cohort, user=user, role=invitation.role)
        invitation.delete()
    forget_roles(user)


def remove_member(*, membership: Membership) -> None:
    """Take a role away. A mentor or candidate who is still paired keeps the role until unpaired."""
    paired_as = _PAIRED_AS.get(membership.role)
    if (
        paired_as
        and Pairing.objects.filter(cohort=membership.cohort, **{paired_as: membership.user}).exists()
    ):
        raise ValidationError(f"{membership.user} is paired as {paired_as}; remove the pairing first.")
    membership.delete()
    forget_roles(membership.user)


def pair_mentor(*, cohort: Cohort, mentor, candidate, actor=None, notify: bool = True) -> Pairing:
    """Pair a candidate with a mentor of the same cohort, replacing the candidate's earlier mentor.

    Side effects: the pairing row; with `notify`, an e-mail to the mentor and to the candidate.
    """
    if Role.MENTOR not in roles_in(mentor, cohort):
        raise ValidationError(f"{mentor} is not a mentor in {cohort}.")
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError(f"{candidate} is not a candidate in {cohort}.")
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().filter(cohort=cohort, candidate=candidate).first()
        if pairing is not None and pairing.mentor_id == mentor.pk:
            return pairing
        if pairing is None:
            pairing = Pairing.objects.create(
                cohort=cohort, candidate=candidate, mentor=mentor, created_by=actor
            )
        else:
            pairing.mentor, pairing.created_by = mentor, actor
            pairing.save(update_fields=["mentor", "created_by"])
        if notify:
            for person in (mentor, candidate):
                queue(
                    notice="pairing_made",
                    to=person,
                    about=pairing,
                    occasion=f"mentor-{mentor.pk}",
                    context={"pairing": pairing},
                    link=reverse("home"),
                    cohort=cohort,
                )
    return pairing
