import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import (
    AuditEvent,
    Invitation,
    InvitationRole,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
    TeamRole,
    User,
)
from tests.factories import (
    PASSWORD,
    AdminMembershipFactory,
    AssessmentFactory,
    InvitationFactory,
    ManagerMembershipFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UnverifiedUserFactory,
    UserFactory,
    team_with,
)

pytestmark = pytest.mark.django_db

BASE_URL = "https://profielwijzer.example/"


def admin_of(organisation: Organisation) -> User:
    return AdminMembershipFactory(organisation=organisation).user


def snapshot() -> dict:
    """How many of everything there is: to show that a refused request changed nothing."""
    return {
        model.__name__: model.objects.count()
        for model in (User, Organisation, OrganisationMembership, Team, TeamMembership, Invitation)
    }


# --- accounts ------------------------------------------------------------------------


def test_it_creates_a_user_with_a_lowercase_address():
    user = services.user_create(email=" Sam@Example.ORG ", name=" Sam de Vries ", password=PASSWORD)
    assert user.email == "sam@example.org"
    assert user.name == "Sam de Vries"
    assert user.check_password(PASSWORD)


def test_it_refuses_a_second_account_for_the_same_address_in_any_case():
    UserFactory(email="sam@example.org")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.user_create(email="SAM@example.org", name="Sam", password=PASSWORD)
    assert "Er is al een account" in error.value.message_dict["email"][0]
    assert snapshot() == before


def test_it_deletes_an_account_with_its_assessments_and_lonely_organisations(profile_version):
    user = UserFactory()
    AssessmentFactory(owner=user, version=profile_version)
    alone = services.organisation_create(name="Alleen ik", by=user)
    shared = OrganisationFactory(name="Samen")
    OrganisationMembershipFactory(organisation=shared, user=user)
    other = AdminMembershipFactory(organisation=shared).user
    impact = services.account_deletion_impact(user)
    assert impact.removed == [alone]
    assert impact.without_admin == []

    services.account_delete(user=user)

    assert not User.objects.filter(email=user.email).exists()
    assert not Organisation.objects.filter(pk=alone.pk).exists()
    assert Organisation.objects.filter(pk=shared.pk).exists()
    assert list(shared.members.all()) == [other]
    assert not profile_version.assessments.exists()


def test_it_does_not_warn_about_organisations_that_keep_an_admin():
    organisation = OrganisationFactory()
    user = AdminMembershipFactory(organisation=organisation).user
    AdminMembershipFactory(organisation=organisation)
    impact = services.account_deletion_impact(user)
    assert impact.removed == [] and impact.without_admin == []


# --- organisations and teams ---------------------------------------------------------


def test_it_makes_the_creator_admin_of_a_new_organisation():
    user = UserFactory()
    organisation = services.organisation_create(name="  Buurtinitiatief   De Linde ", by=user)
    assert organisation.name == "Buurtinitiatief De Linde"
    assert organisation.is_admin(user)


def test_it_refuses_the_same_organisation_twice_from_one_person():
    user = UserFactory()
    services.organisation_create(name="De Linde", by=user)
    before = snapshot()
    with pytest.raises(ValidationError, match="al bij een organisatie"):
        services.organisation_create(name="de linde", by=user)
    with pytest.raises(ValidationError, match="naam"):
        services.organisation_create(name="   ", by=user)
    assert snapshot() == before
    # someone else may have an organisation with the same name
    services.organisation_create(name="De Linde", by=UserFactory())


def test_it_creates_and_renames_teams_with_names_unique_in_the_organisation():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    team = services.team_create(organisation=organisation, name="Buurtcoaches", by=admin)
    other = services.team_create(organisation=organisation, name="Taalmaatjes", by=admin)
    with pytest.raises(ValidationError, match="al een team"):
        services.team_create(organisation=organisation, name="BUURTCOACHES", by=admin)
    with pytest.raises(ValidationError, match="al een team"):
        services.team_rename(team=other, name="buurtcoaches", by=admin)
    services.team_rename(team=team, name="Buurtcoaches Noord", by=admin)
    assert sorted(organisation.teams.values_list("name", flat=True)) == ["Buurtcoaches Noord", "Taalmaatjes"]
    # another organisation may use the same name
    elsewhere = OrganisationFactory()
    services.team_create(organisation=elsewhere, name="Taalmaatjes", by=admin_of(elsewhere))


def test_only_an_organisation_admin_may_change_it():
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    member = OrganisationMembershipFactory(organisation=organisation).user
    outsider = UserFactory()
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            services.team_create(organisation=organisation, name="Nieuw", by=user)
        with pytest.raises(PermissionDenied):
            services.team_member_add(team=team, user=member, role=TeamRole.COORDINATOR, by=user)
        with pytest.raises(PermissionDenied):
            services.organisation_admin_set(organisation=organisation, user=member, is_admin=True, by=user)
        with pytest.raises(PermissionDenied):
            services.invitation_create(
                organisation=organisation, email="x@example.org", role="coordinator", by=user, base_url=BASE_URL
            )
    assert not organisation.is_admin(member)


def test_it_adds_only_members_of_the_organisation_to_a_team():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    team = TeamFactory(organisation=organisation)
    member = OrganisationMembershipFactory(organisation=organisation).user
    outsider = UserFactory()

    membership = services.team_member_add(team=team, user=member, role=TeamRole.MANAGER, by=admin)
    assert membership.role == TeamRole.MANAGER

    before = snapshot()
    with pytest.raises(ValidationError, match="hoort niet bij deze organisatie"):
        services.team_member_add(team=team, user=outsider, role=TeamRole.COORDINATOR, by=admin)
    with pytest.raises(ValidationError, match="zit al in dit team"):
        services.team_member_add(team=team, user=member, role=TeamRole.COORDINATOR, by=admin)
    with pytest.raises(ValidationError, match="Coördinator of Leidinggevende"):
        services.team_member_add(team=team, user=admin, role="boss", by=admin)
    assert snapshot() == before


def test_it_sets_a_role_and_removes_a_team_member():
    team = TeamFactory()
    admin = admin_of(team.organisation)
    member = TeamMembershipFactory(team=team).user
    services.membership_set_role(team=team, user=member, role=TeamRole.MANAGER, by=admin)
    assert TeamMembership.objects.get(team=team, user=member).role == TeamRole.MANAGER
    with pytest.raises(ValidationError, match="zit niet in dit team"):
        services.membership_set_role(team=team, user=admin, role=TeamRole.MANAGER, by=admin)

    services.team_member_remove(team=team, user=member, by=admin)
    services.team_member_remove(team=team, user=member, by=admin)  # a second click is harmless
    assert not team.memberships.exists()
    assert OrganisationMembership.objects.filter(organisation=team.organisation, user=member).exists()


def test_it_keeps_at_least_one_admin():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    member = OrganisationMembershipFactory(organisation=organisation).user
    with pytest.raises(ValidationError, match="minstens één beheerder"):
        services.organisation_admin_set(organisation=organisation, user=admin, is_admin=False, by=admin)
    with pytest.raises(ValidationError, match="minstens één beheerder"):
        services.organisation_member_remove(organisation=organisation, user=admin, by=admin)

    services.organisation_admin_set(organisation=organisation, user=member, is_admin=True, by=admin)
    services.organisation_admin_set(organisation=organisation, user=admin, is_admin=False, by=admin)
    assert organisation.is_admin(member) and not organisation.is_admin(admin)
    with pytest.raises(ValidationError, match="hoort niet bij deze organisatie"):
        services.organisation_admin_set(organisation=organisation, user=UserFactory(), is_admin=True, by=member)


def test_it_removes_a_member_from_the_organisation_and_its_teams_only():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    membership = TeamMembershipFactory(team__organisation=organisation)
    elsewhere = TeamMembershipFactory(user=membership.user)
    services.organisation_member_remove(organisation=organisation, user=membership.user, by=admin)
    services.organisation_member_remove(organisation=organisation, user=membership.user, by=admin)
    assert list(organisation.members.all()) == [admin]
    assert list(TeamMembership.objects.filter(user=membership.user)) == [elsewhere]


# --- invitations ---------------------------------------------------------------------


def test_it_invites_by_e_mail_with_a_warm_letter_and_the_link():
    organisation = OrganisationFactory(name="Vrijwilligerscentrale Zonnedael")
    team = TeamFactory(organisation=organisation, name="Buurtcoaches")
    admin = AdminMembershipFactory(organisation=organisation, user__name="Fatima Bakker").user

    invitation = services.invitation_create(
        organisation=organisation,
        email=" Nieuw@Example.org",
        role=TeamRole.MANAGER,
        team=team,
        by=admin,
        base_url=BASE_URL,
    )

    assert invitation.email == "nieuw@example.org"
    assert invitation.invited_by == admin
    assert len(invitation.token) >= 40
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    [message] = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert message.subject == "Je bent uitgenodigd in Profielwijzer"
    assert '\nOrganisatie: "Vrijwilligerscentrale Zonnedael"\n' in message.body
    assert '\nTeam: "Buurtcoaches"\n' in message.body
    assert "\nRol: Leidinggevende\n" in message.body
    assert '\nUitgenodigd door: "Fatima Bakker"\n' in message.body
    assert f"https://profielwijzer.example/account/invitations/{invitation.token}/" in message.body
    assert "De link werkt tot" in message.body


def test_it_uses_the_configured_invitation_lifetime(settings):
    settings.INVITATION_MAX_AGE_DAYS = 3
    organisation = OrganisationFactory()
    invitation = services.invitation_create(
        organisation=organisation,
        email="a@example.org",
        role="coordinator",
        by=admin_of(organisation),
        base_url=BASE_URL,
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=3)


def test_it_refuses_invitations_that_make_no_sense():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    member = OrganisationMembershipFactory(organisation=organisation, user__email="lid@example.org").user
    foreign_team = TeamFactory()
    services.invitation_create(
        organisation=organisation, email="open@example.org", role="coordinator", by=admin, base_url=BASE_URL
    )
    mail.outbox.clear()
    before = snapshot()

    def invite(email="nieuw@example.org", role="coordinator", team=None):
        services.invitation_create(
            organisation=organisation, email=email, role=role, team=team, by=admin, base_url=BASE_URL
        )

    with pytest.raises(ValidationError, match="hoort al bij"):
        invite(email=member.email.upper())
    with pytest.raises(ValidationError, match="al uitgenodigd"):
        invite(email="OPEN@example.org")
    with pytest.raises(ValidationError, match="hoort niet bij deze organisatie"):
        invite(team=foreign_team)
    with pytest.raises(ValidationError, match="Laat het team leeg"):
        invite(role=InvitationRole.ADMIN, team=TeamFactory(organisation=organisation))
    with pytest.raises(ValidationError, match="Kies een rol"):
        invite(role="owner")
    assert mail.outbox == []
    assert snapshot() == {**before, "Team": before["Team"] + 1}


def test_an_expired_invitation_makes_way_for_a_new_one():
    organisation = OrganisationFactory()
    old = InvitationFactory(
        organisation=organisation,
        email="laat@example.org",
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=16),
    )
    new = services.invitation_create(
        organisation=organisation,
        email="laat@example.org",
        role="coordinator",
        by=admin_of(organisation),
        base_url=BASE_URL,
    )
    assert list(organisation.invitations.all()) == [new]
    assert not Invitation.objects.filter(pk=old.pk).exists()


def test_a_failed_e_mail_leaves_no_invitation(monkeypatch):
    organisation = OrganisationFactory()

    def broken_send_mail(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("profiel.mail.deliver", broken_send_mail)
    with pytest.raises(ConnectionRefusedError):
        services.invitation_create(
            organisation=organisation,
            email="a@example.org",
            role="coordinator",
            by=admin_of(organisation),
            base_url=BASE_URL,
        )
    assert not Invitation.objects.exists()


def test_accepting_joins_the_organisation_and_the_team_with_the_role():
    team = TeamFactory()
    invitation = InvitationFactory(organisation=team.organisation, team=team, role="manager", email="a@example.org")
    user = UserFactory(email="a@example.org")

    services.invitation_accept(invitation=invitation, user=user)
    services.invitation_accept(invitation=invitation, user=user)  # twice is harmless

    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == user
    assert OrganisationMembership.objects.get(organisation=team.organisation, user=user).is_admin is False
    assert TeamMembership.objects.get(team=team, user=user).role == TeamRole.MANAGER


def test_accepting_an_admin_invitation_makes_an_admin():
    invitation = InvitationFactory(role=InvitationRole.ADMIN, email="a@example.org")
    user = UserFactory(email="A@example.org")
    services.invitation_accept(invitation=invitation, user=user)
    assert invitation.organisation.is_admin(user)


def test_accepting_again_does_not_undo_a_removal():
    team = TeamFactory()
    invitation = InvitationFactory(organisation=team.organisation, team=team, email="a@example.org")
    user = UserFactory(email="a@example.org")
    services.invitation_accept(invitation=invitation, user=user)
    services.organisation_member_remove(organisation=team.organisation, user=user, by=admin_of(team.organisation))
    services.invitation_accept(invitation=invitation, user=user)
    assert not team.organisation.members.filter(pk=user.pk).exists()


def test_it_refuses_expired_used_and_other_address_invitations():
    expired = InvitationFactory(
        email="a@example.org", created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now()
    )
    used = InvitationFactory(email="a@example.org", accepted_at=timezone.now(), accepted_by=UserFactory())
    other = InvitationFactory(email="b@example.org")
    user = UserFactory(email="a@example.org")
    before = snapshot()
    with pytest.raises(ValidationError, match="verlopen"):
        services.invitation_accept(invitation=expired, user=user)
    with pytest.raises(ValidationError, match="al gebruikt"):
        services.invitation_accept(invitation=used, user=user)
    with pytest.raises(ValidationError, match="voor b@example.org"):
        services.invitation_accept(invitation=other, user=user)
    assert snapshot() == before
    assert not user.organisation_memberships.exists()


def test_signing_up_from_an_expired_invitation_creates_no_account():
    invitation = InvitationFactory(
        email="a@example.org", created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="verlopen"):
        services.user_create_from_invitation(invitation=invitation, name="A", password=PASSWORD)
    assert not User.objects.filter(email="a@example.org").exists()


def test_it_revokes_only_open_invitations():
    invitation = InvitationFactory()
    admin = admin_of(invitation.organisation)
    used = InvitationFactory(organisation=invitation.organisation, accepted_at=timezone.now())
    services.invitation_revoke(invitation=invitation, by=admin)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    with pytest.raises(ValidationError, match="al aangenomen"):
        services.invitation_revoke(invitation=used, by=admin)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(invitation=used, by=UserFactory())


# --- issue 11: verified addresses ------------------------------------------------------


def confirmation_token(message) -> str:
    return re.search(r"/account/email/confirm/([^/\s]+)/", message.body).group(1)


def test_it_signs_up_with_an_unconfirmed_address_and_mails_the_link():
    services.user_signup(email=" Nieuw@Example.org", name="Noor", password="een lange zin", base_url=BASE_URL)
    user = User.objects.get()
    assert (user.email, user.email_verified) == ("nieuw@example.org", False)
    [message] = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert services.email_confirm(token=confirmation_token(message)) == user
    user.refresh_from_db()
    assert user.email_verified


def test_it_answers_a_taken_address_like_a_new_one_and_mails_its_owner():
    owner = UserFactory(email="bestaat@example.org", name="Eigenaar")
    services.user_signup(email="BESTAAT@example.org", name="Indringer", password="een lange zin", base_url=BASE_URL)
    assert list(User.objects.all()) == [owner]
    owner.refresh_from_db()
    assert owner.name == "Eigenaar" and owner.check_password(PASSWORD)
    [message] = mail.outbox
    assert message.to == ["bestaat@example.org"]
    assert "Iemand wilde een account maken" in message.subject
    assert "/account/login/" in message.body and "/account/email/confirm/" not in message.body


def test_it_refuses_a_forged_or_expired_confirmation_link(settings):
    user = UnverifiedUserFactory()
    with pytest.raises(ValidationError):
        services.email_confirm(token="nep")
    token = services.email_confirmation_url(user=user, email=user.email, base_url=BASE_URL).split("/")[-2]
    settings.EMAIL_CONFIRMATION_MAX_AGE = -1
    with pytest.raises(ValidationError):
        services.email_confirm(token=token)
    user.refresh_from_db()
    assert not user.email_verified


def test_it_lets_only_a_confirmed_address_accept_its_invitation():
    """The takeover: someone signs up with the address an admin invited, before the real person does."""
    invitation = InvitationFactory(email="echte.persoon@example.org", role=InvitationRole.ADMIN)
    services.user_signup(
        email="echte.persoon@example.org", name="Aanvaller", password="een lange zin", base_url=BASE_URL
    )
    squatter = User.objects.get(email="echte.persoon@example.org")
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(invitation=invitation, user=squatter)
    assert error.value.code == "unverified"
    invitation.refresh_from_db()
    assert not invitation.is_accepted
    assert not OrganisationMembership.objects.filter(user=squatter).exists()


def test_signing_up_through_the_invitation_link_confirms_the_address():
    invitation = InvitationFactory()
    user = services.user_create_from_invitation(invitation=invitation, name="Noor", password="een lange zin")
    assert user.email_verified
    assert OrganisationMembership.objects.filter(user=user, organisation=invitation.organisation).exists()


def test_it_changes_the_address_only_once_the_new_one_is_confirmed():
    user = UserFactory(email="oud@example.org")
    services.email_change_request(user=user, email="Nieuw@Example.org", base_url=BASE_URL)
    user.refresh_from_db()
    assert user.email == "oud@example.org"
    [message] = mail.outbox
    assert message.to == ["nieuw@example.org"]
    services.email_confirm(token=confirmation_token(message))
    user.refresh_from_db()
    assert (user.email, user.email_verified) == ("nieuw@example.org", True)


def test_it_sends_nothing_to_an_address_that_another_account_has():
    UserFactory(email="bezet@example.org")
    user = UserFactory(email="oud@example.org")
    assert services.email_change_request(user=user, email="BEZET@example.org", base_url=BASE_URL) == "bezet@example.org"
    assert mail.outbox == []
    user.refresh_from_db()
    assert user.email == "oud@example.org"


def test_it_refuses_an_old_change_link_after_the_address_changed_again():
    user = UserFactory(email="oud@example.org")
    first = services.email_confirmation_url(user=user, email="eerste@example.org", base_url=BASE_URL)
    second = services.email_confirmation_url(user=user, email="tweede@example.org", base_url=BASE_URL)
    services.email_confirm(token=second.split("/")[-2])
    with pytest.raises(ValidationError):
        services.email_confirm(token=first.split("/")[-2])
    user.refresh_from_db()
    assert user.email == "tweede@example.org"


def test_it_needs_a_confirmed_address_to_send_invitations():
    organisation = OrganisationFactory()
    admin = AdminMembershipFactory(organisation=organisation, user=UnverifiedUserFactory()).user
    with pytest.raises(ValidationError):
        services.invitation_create(
            organisation=organisation, email="x@example.org", role=TeamRole.COORDINATOR, by=admin, base_url=BASE_URL
        )
    assert not Invitation.objects.exists() and mail.outbox == []


def test_it_marks_existing_and_super_users_as_confirmed():
    assert User.objects.create_superuser("baas@example.org", "een lange zin").email_verified
    assert not User.objects.create_user("nieuw@example.org", "een lange zin").email_verified


# --- issue 11: mail limits and names as data -------------------------------------------


def invite(organisation, admin, email):
    return services.invitation_create(
        organisation=organisation, email=email, role=TeamRole.COORDINATOR, by=admin, base_url=BASE_URL
    )


def test_it_limits_invitations_per_account(settings):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "invitation_per_account": (3, 3600)}
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    for n in range(3):
        invite(organisation, admin, f"persoon{n}@elders.example")
    with pytest.raises(ValidationError) as error:
        invite(organisation, admin, "nog-een@elders.example")
    assert error.value.code == "rate_limited"
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 3


def test_it_limits_invitations_per_recipient_across_organisations():
    address = "populair@example.org"
    for _ in range(3):
        organisation = OrganisationFactory()
        invite(organisation, admin_of(organisation), address)
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        invite(organisation, admin_of(organisation), address.upper())
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 3


def test_it_limits_confirmation_mails_per_address():
    user = UnverifiedUserFactory()
    sent = [services.email_confirmation_send(user=user, base_url=BASE_URL) for _ in range(5)]
    assert sent == [True, True, True, False, False]
    assert len(mail.outbox) == 3


def test_it_limits_the_mails_to_the_owner_of_a_taken_address():
    UserFactory(email="bestaat@example.org")
    for _ in range(5):
        services.user_signup(email="bestaat@example.org", name="X", password="een lange zin", base_url=BASE_URL)
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zonnedael", '"Zonnedael"'),
        ("Klik hier\nhttps://evil.example/x", '"Klik hier https[:]//evil[.]example/x"'),
        ("Bezoek www.evil.com nu", '"Bezoek www[.]evil[.]com nu"'),
        ("A" * 200, '"' + "A" * 79 + '…"'),
    ],
)
def test_it_quotes_typed_names_as_data(name, expected):
    assert services.name_as_data(name) == expected


def test_it_keeps_typed_names_out_of_the_invitation_subject():
    organisation = OrganisationFactory(name="Gratis geld\nOntvang nu https://evil.example")
    admin = AdminMembershipFactory(organisation=organisation, user__name="Bank https://evil.example").user
    invite(organisation, admin, "doelwit@example.org")
    [message] = mail.outbox
    assert "Gratis" not in message.subject and "evil" not in message.subject
    assert '\nOrganisatie: "Gratis geld Ontvang nu https[:]//evil[.]example"\n' in message.body
    assert "https://evil.example" not in message.body


# --- issue 11: deletion and the last admin ---------------------------------------------


def test_it_refuses_to_delete_the_last_admin_of_an_organisation_with_others():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    OrganisationMembershipFactory(organisation=organisation)
    with pytest.raises(ValidationError) as error:
        services.account_delete(user=admin)
    assert error.value.code == "last_admin"
    assert User.objects.filter(pk=admin.pk).exists()


def test_it_deletes_every_trace_of_the_address_but_keeps_the_audit_trail():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    invitation = invite(organisation, admin, "weg@example.org")
    user = services.user_create_from_invitation(invitation=invitation, name="Weg Persoon", password="een lange zin")
    other = InvitationFactory(email="WEG@example.org")
    for spelling in ("weg@example.org", "WEG@Example.org"):
        AccessAttempt.objects.create(username=spelling, failures_since_start=1, ip_address="127.0.0.1")
        AccessLog.objects.create(username=spelling, ip_address="127.0.0.1")
        AccessFailureLog.objects.create(username=spelling, ip_address="127.0.0.1")
    AccessLog.objects.create(username="blijft@example.org", ip_address="127.0.0.1")

    services.account_delete(user=user)

    assert not Invitation.objects.filter(pk__in=[invitation.pk, other.pk]).exists()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["blijft@example.org"]
    events = list(AuditEvent.objects.filter(organisation=organisation))
    assert events and all("weg@example.org" not in f"{e.actor_name} {e.target}".lower() for e in events)
    assert "Weg Persoon" in {event.actor_name for event in events}


# --- issue 11: organisation life and the audit trail -----------------------------------


def test_it_deletes_an_organisation_but_members_keep_their_zelfscans(profile_version):
    from assessments import services as assessment_services
    from assessments.models import NormProfile, Share

    coordinator, manager = UserFactory(), UserFactory()
    team = TeamFactory()
    TeamMembershipFactory(team=team, user=coordinator)
    ManagerMembershipFactory(team=team, user=manager)
    organisation = team.organisation
    admin = admin_of(organisation)
    NormProfile.objects.create(team=team, version=profile_version, name="Rol", created_by=manager)
    InvitationFactory(organisation=organisation)
    own = assessment_services.assessment_start(owner=coordinator, framework=profile_version.framework)
    assessment_services.share_set(assessment=own, viewer=manager, shared=True)
    # The same two people in a team elsewhere: that share does not depend on this organisation.
    elsewhere_coordinator = UserFactory()
    elsewhere = TeamFactory()
    TeamMembershipFactory(team=team, user=elsewhere_coordinator)
    TeamMembershipFactory(team=elsewhere, user=elsewhere_coordinator)
    ManagerMembershipFactory(team=elsewhere, user=manager)
    kept = assessment_services.assessment_start(owner=elsewhere_coordinator, framework=profile_version.framework)
    assessment_services.share_set(assessment=kept, viewer=manager, shared=True)

    impact = services.organisation_deletion_impact(organisation)
    assert (impact.teams, impact.member_count, impact.norm_profile_count) == ([team.name], 4, 1)
    assert (impact.open_invitation_count, impact.share_count) == (1, 1)

    services.organisation_delete(organisation=organisation, by=admin)

    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not NormProfile.objects.exists()
    assert not Invitation.objects.filter(organisation_id=organisation.pk).exists()
    assert coordinator.assessments.get() == own
    assert list(Share.objects.values_list("assessment_id", flat=True)) == [kept.pk]


def test_only_an_admin_deletes_or_renames_an_organisation():
    organisation = OrganisationFactory(name="Oud")
    member = OrganisationMembershipFactory(organisation=organisation).user
    with pytest.raises(PermissionDenied):
        services.organisation_delete(organisation=organisation, by=member)
    with pytest.raises(PermissionDenied):
        services.organisation_rename(organisation=organisation, name="Nieuw", by=member)
    organisation.refresh_from_db()
    assert organisation.name == "Oud"


def test_it_deletes_a_team_and_ends_only_the_shares_it_made(profile_version):
    from assessments import services as assessment_services
    from assessments.models import Share

    coordinator, manager = UserFactory(), UserFactory()
    team = team_with(coordinators=[coordinator], managers=[manager])
    own = assessment_services.assessment_start(owner=coordinator, framework=profile_version.framework)
    assessment_services.share_set(assessment=own, viewer=manager, shared=True)
    services.team_delete(team=team, by=admin_of(team.organisation))
    assert not Team.objects.filter(pk=team.pk).exists()
    assert OrganisationMembership.objects.filter(user=coordinator, organisation=team.organisation).exists()
    assert not Share.objects.exists()
    assert coordinator.assessments.get() == own


def test_taking_someone_out_of_a_team_ends_the_shares_only_that_team_made(profile_version):
    from assessments import services as assessment_services
    from assessments.models import Share

    coordinator, manager, other_manager = UserFactory(), UserFactory(), UserFactory()
    team = team_with(coordinators=[coordinator], managers=[manager, other_manager])
    second = TeamFactory(organisation=team.organisation, name="Tweede")
    TeamMembershipFactory(team=second, user=coordinator)
    ManagerMembershipFactory(team=second, user=other_manager)
    own = assessment_services.assessment_start(owner=coordinator, framework=profile_version.framework)
    assessment_services.share_set(assessment=own, viewer=manager, shared=True)
    assessment_services.share_set(assessment=own, viewer=other_manager, shared=True)
    admin = admin_of(team.organisation)

    services.team_member_remove(team=team, user=coordinator, by=admin)
    assert list(Share.objects.values_list("viewer_id", flat=True)) == [other_manager.pk]  # still in `second`

    services.team_member_add(team=team, user=coordinator, role=TeamRole.COORDINATOR, by=admin)
    assert list(Share.objects.values_list("viewer_id", flat=True)) == [other_manager.pk]  # nothing reopens
    assert second.memberships.filter(user=coordinator).exists()


def test_a_coordinator_made_leidinggevende_stops_sharing_with_the_teams_managers(profile_version):
    from assessments import services as assessment_services
    from assessments.models import Share

    coordinator, manager = UserFactory(), UserFactory()
    team = team_with(coordinators=[coordinator], managers=[manager])
    own = assessment_services.assessment_start(owner=coordinator, framework=profile_version.framework)
    assessment_services.share_set(assessment=own, viewer=manager, shared=True)
    services.membership_set_role(team=team, user=coordinator, role=TeamRole.MANAGER, by=admin_of(team.organisation))
    assert not Share.objects.exists()


def test_it_resends_an_invitation_with_a_fresh_link():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    invitation = invite(organisation, admin, "later@example.org")
    old_token = invitation.token
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now() - timedelta(days=6)
    )
    invitation.refresh_from_db()
    services.invitation_resend(invitation=invitation, by=admin, base_url=BASE_URL)
    invitation.refresh_from_db()
    assert invitation.token != old_token and not invitation.is_expired
    assert len(mail.outbox) == 2 and invitation.token in mail.outbox[1].body


def test_it_writes_every_organisation_action_to_the_audit_trail():
    organisation = OrganisationFactory(name="Buurthuis")
    admin = AdminMembershipFactory(organisation=organisation, user__name="Fatima").user
    member = OrganisationMembershipFactory(organisation=organisation, user__name="Sanne").user
    team = services.team_create(organisation=organisation, name="Koks", by=admin)
    services.team_rename(team=team, name="Keuken", by=admin)
    services.team_member_add(team=team, user=member, role=TeamRole.COORDINATOR, by=admin)
    services.membership_set_role(team=team, user=member, role=TeamRole.MANAGER, by=admin)
    services.team_member_remove(team=team, user=member, by=admin)
    services.organisation_admin_set(organisation=organisation, user=member, is_admin=True, by=admin)
    services.organisation_admin_set(organisation=organisation, user=member, is_admin=False, by=admin)
    invitation = invite(organisation, admin, "nieuw@example.org")
    services.invitation_resend(invitation=invitation, by=admin, base_url=BASE_URL)
    services.invitation_revoke(invitation=invitation, by=admin)
    services.team_delete(team=team, by=admin)
    services.organisation_member_remove(organisation=organisation, user=member, by=admin)
    services.organisation_rename(organisation=organisation, name="Wijkhuis", by=admin)

    events = list(AuditEvent.objects.filter(organisation=organisation).order_by("created_at", "id"))
    assert [event.action for event in events] == [
        "team_created",
        "team_renamed",
        "team_member_added",
        "team_role_changed",
        "team_member_removed",
        "admin_granted",
        "admin_revoked",
        "invitation_sent",
        "invitation_resent",
        "invitation_revoked",
        "team_deleted",
        "member_removed",
        "organisation_renamed",
    ]
    assert {event.actor_name for event in events} == {"Fatima"}
    assert events[1].target == "Koks → Keuken"
    assert events[-1].target == "Buurthuis → Wijkhuis"


def test_an_audit_event_is_rolled_back_with_its_action():
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    with pytest.raises(ValidationError):
        services.organisation_admin_set(organisation=organisation, user=admin, is_admin=False, by=admin)
    assert not AuditEvent.objects.exists()
