from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Invitation, InvitationRole, OrganisationMembership, TeamMembership, TeamRole, User
from tests.factories import PASSWORD, InvitationFactory, TeamFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_the_e_mail_address_in_any_case():
    user = User.objects.create_user("Coordinator@Example.org", password=PASSWORD)
    assert user.email == "coordinator@example.org"
    assert authenticate(username="COORDINATOR@example.org", password=PASSWORD) == user
    assert authenticate(username="coordinator@example.org", password="wrong") is None


def test_it_allows_one_account_per_e_mail_address_whatever_the_case():
    UserFactory(email="sam@example.org")
    with pytest.raises(IntegrityError):
        User(email="SAM@example.org", password="x").save()


def test_it_shows_the_name_or_else_the_address():
    assert str(UserFactory(name="Sam de Vries")) == "Sam de Vries"
    assert str(UserFactory(name="", email="anoniem@example.org")) == "anoniem@example.org"


def test_a_superuser_is_staff():
    admin = User.objects.create_superuser("beheer@example.org", password=PASSWORD)
    assert admin.is_staff and admin.is_superuser
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user("", password=PASSWORD)


def test_a_team_name_is_unique_in_its_organisation_whatever_the_case():
    team = TeamFactory(name="Buurtcoaches")
    TeamFactory(name="Buurtcoaches")  # another organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(organisation=team.organisation, name="BUURTCOACHES")


def test_a_person_is_a_member_of_an_organisation_and_a_team_once():
    membership = TeamMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(team=membership.team, user=membership.user, role=TeamRole.MANAGER)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationMembership.objects.create(organisation=membership.team.organisation, user=membership.user)


def test_the_database_refuses_unknown_roles():
    membership = TeamMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.filter(pk=membership.pk).update(role="boss")
    invitation = InvitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(role="owner")


def test_an_admin_invitation_has_no_team():
    team = TeamFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(organisation=team.organisation, team=team, role=InvitationRole.ADMIN)


def test_one_open_invitation_per_address_and_organisation():
    invitation = InvitationFactory(email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(organisation=invitation.organisation, email="a@example.org")
    invitation.accepted_at = timezone.now()
    invitation.save()
    InvitationFactory(organisation=invitation.organisation, email="a@example.org")
    InvitationFactory(email="a@example.org")  # another organisation


def test_an_invitation_has_an_unguessable_token_and_expires(settings):
    settings.INVITATION_MAX_AGE_DAYS = 7
    first, second = InvitationFactory(), InvitationFactory()
    assert first.token != second.token and len(first.token) >= 40
    assert timedelta(days=6, hours=23) < first.expires_at - timezone.now() <= timedelta(days=7)
    assert not first.is_expired and not first.is_accepted
    first.expires_at = timezone.now() - timedelta(seconds=1)
    assert first.is_expired
    first.accepted_at = timezone.now()
    assert first.is_accepted and not first.is_expired
    assert first.get_absolute_url() == f"/account/invitations/{first.token}/"


def test_open_and_pending_invitations():
    pending = InvitationFactory()
    expired = InvitationFactory(created_at=timezone.now() - timedelta(days=30), expires_at=timezone.now())
    InvitationFactory(accepted_at=timezone.now())
    assert set(Invitation.objects.open()) == {pending, expired}
    assert list(Invitation.objects.pending()) == [pending]
