from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cohorts.rules import roles_in
from cohorts.services import add_member, pair_mentor, remove_member

from ..factories import CohortFactory, MembershipFactory, PairingFactory, UserFactory


def test_cohort_accepting_applications_only_inside_window(db):
    cohort = CohortFactory()
    assert list(Cohort.objects.accepting_applications()) == [cohort]
    assert list(Cohort.objects.accepting_applications(cohort.applications_close)) == []
    before_close = cohort.applications_close - timedelta(seconds=1)
    assert cohort.is_accepting_applications(before_close) is True
    assert cohort.is_accepting_applications(cohort.applications_open - timedelta(seconds=1)) is False


def test_cohort_deadline_before_opening_is_refused(db):
    cohort = CohortFactory.build(
        program=CohortFactory().program, applications_close=timezone.now() - timedelta(days=30)
    )
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert "applications_close" in error.value.message_dict


def test_membership_same_role_twice_is_refused(db):
    membership = MembershipFactory(role=Role.MENTOR)
    with pytest.raises(IntegrityError):
        Membership.objects.create(cohort=membership.cohort, user=membership.user, role=Role.MENTOR)


def test_person_holds_different_roles_in_different_cohorts(db):
    person = UserFactory()
    last_year, this_year = CohortFactory(), CohortFactory()
    add_member(cohort=last_year, user=person, role=Role.CANDIDATE)
    add_member(cohort=this_year, user=person, role=Role.MENTOR)
    assert roles_in(person, last_year) == {Role.CANDIDATE}
    assert roles_in(person, this_year) == {Role.MENTOR}


def test_add_member_twice_keeps_one_membership(cohort):
    person = UserFactory()
    add_member(cohort=cohort, user=person, role=Role.REVIEWER)
    add_member(cohort=cohort, user=person, role=Role.REVIEWER)
    assert Membership.objects.filter(cohort=cohort, user=person).count() == 1


def test_pair_mentor_requires_roles_in_the_cohort(cohort, member):
    mentor, candidate = member(Role.MENTOR), member(Role.CANDIDATE)
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        pair_mentor(cohort=cohort, mentor=outsider, candidate=candidate)
    with pytest.raises(ValidationError):
        pair_mentor(cohort=cohort, mentor=mentor, candidate=outsider)
    pairing = pair_mentor(cohort=cohort, mentor=mentor, candidate=candidate, unsigned_contract_ok=True)
    assert (pairing.mentor, pairing.candidate) == (mentor, candidate)


def test_pair_mentor_again_replaces_the_mentor(cohort, member):
    pairing = PairingFactory(cohort=cohort)
    new_mentor = member(Role.MENTOR)
    pair_mentor(cohort=cohort, mentor=new_mentor, candidate=pairing.candidate, unsigned_contract_ok=True)
    assert list(cohort.pairings.values_list("mentor", flat=True)) == [new_mentor.pk]


def test_remove_member_refuses_while_paired(cohort):
    pairing = PairingFactory(cohort=cohort)
    membership = Membership.objects.get(cohort=cohort, user=pairing.mentor)
    with pytest.raises(ValidationError):
        remove_member(membership=membership)
    pairing.delete()
    remove_member(membership=membership)
    assert roles_in(pairing.mentor, cohort) == frozenset()
