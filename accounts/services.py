"""Workflows for accounts, organisations, teams and invitations.

Every workflow is keyword-only and atomic. Bad input raises `ValidationError` with a
message for the person (keyed by form field where there is one) and changes nothing;
acting on an organisation without being its admin raises `PermissionDenied`. Views turn
the first into a form error and never reach the second: they 404 first.

Who manages whom is read through `accounts.selectors`.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Invitation,
    InvitationRole,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
    TeamRole,
    User,
)

# ---------------------------------------------------------------------------------------
# Accounts


def normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def _email_taken_error() -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "Er is al een account met dit e-mailadres. Log in, of vraag een nieuw wachtwoord aan "
                "als je het niet meer weet."
            )
        },
        code="email_taken",
    )


@transaction.atomic
def user_create(*, email: str, name: str, password: str) -> User:
    """A new account; the e-mail address is unique whatever its case."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken_error()
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password=password, name=name.strip())
    except IntegrityError:  # the same address signed up a moment ago (a double click)
        raise _email_taken_error() from None


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, name: str, password: str) -> User:
    """Sign up with the invited address and accept the invitation, or do neither."""
    user = user_create(email=invitation.email, name=name, password=password)
    invitation_accept(invitation=invitation, user=user)
    return user


@dataclass(frozen=True)
class DeletionImpact:
    """What deleting an account does to the organisations the person belongs to."""

    removed: list[Organisation]  # the person is the only member: the organisation goes too
    without_admin: list[Organisation]  # others stay behind, but nobody can manage it any more


def account_deletion_impact(user: User) -> DeletionImpact:
    memberships = list(OrganisationMembership.objects.filter(user=user))
    organisation_ids = [membership.organisation_id for membership in memberships]
    counts = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .annotate(
            member_count=Count("memberships", distinct=True),
            admin_count=Count("memberships", filter=Q(memberships__is_admin=True), distinct=True),
        )
        .order_by("name", "pk")
    )
    removed, without_admin = [], []
    is_admin = {membership.organisation_id for membership in memberships if membership.is_admin}
    for organisation in counts:
        if organisation.member_count == 1:
            removed.append(organisation)
        elif organisation.pk in is_admin and organisation.admin_count == 1:
            without_admin.append(organisation)
    return DeletionImpact(removed=removed, without_admin=without_admin)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the person and everything that is theirs.

    Assessments, goals and shares go with the user (their foreign keys cascade).
    Organisations in which the person was the only member go too; organisations with
    other members stay, even when this was their last admin (the page says so first).
    """
    for organisation in account_deletion_impact(user).removed:
        organisation.delete()
    user.delete()


# ---------------------------------------------------------------------------------------
# Organisations and teams


def _require_admin(organisation: Organisation, user: User) -> None:
    if not OrganisationMembership.objects.filter(organisation=organisation, user_id=user.pk, is_admin=True).exists():
        raise PermissionDenied("Only an admin of this organisation may do this.")


def _clean_name(name: str, message: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": message}, code="required")
    return name


@transaction.atomic
def organisation_create(*, name: str, by: User) -> Organisation:
    """Anyone may start an organisation; the one who does becomes its admin."""
    name = _clean_name(name, _("Geef je organisatie een naam."))
    User.objects.select_for_update().filter(pk=by.pk).first()  # one at a time per person: a double click
    if Organisation.objects.filter(memberships__user=by, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Je hoort al bij een organisatie die %(name)s heet.") % {"name": name}}, code="duplicate"
        )
    organisation = Organisation.objects.create(name=name)
    OrganisationMembership.objects.create(organisation=organisation, user=by, is_admin=True)
    return organisation


def _team_name_taken(team_name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Er is al een team dat %(name)s heet. Kies een andere naam.") % {"name": team_name}},
        code="duplicate",
    )


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, by: User) -> Team:
    _require_admin(organisation, by)
    name = _clean_name(name, _("Geef het team een naam."))
    if organisation.teams.filter(name__iexact=name).exists():
        raise _team_name_taken(name)
    try:
        with transaction.atomic():
            return Team.objects.create(organisation=organisation, name=name)
    except IntegrityError:
        raise _team_name_taken(name) from None


@transaction.atomic
def team_rename(*, team: Team, name: str, by: User) -> Team:
    _require_admin(team.organisation, by)
    name = _clean_name(name, _("Geef het team een naam."))
    if Team.objects.filter(organisation_id=team.organisation_id, name__iexact=name).exclude(pk=team.pk).exists():
        raise _team_name_taken(name)
    team.name = name
    try:
        with transaction.atomic():
            team.save(update_fields=["name"])
    except IntegrityError:
        raise _team_name_taken(name) from None
    return team


def _check_team_role(role: str) -> None:
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Kies Coördinator of Leidinggevende.")}, code="invalid_choice")


@transaction.atomic
def team_member_add(*, team: Team, user: User, role: str, by: User) -> TeamMembership:
    """Put a member of the organisation in one of its teams."""
    _require_admin(team.organisation, by)
    _check_team_role(role)
    if not OrganisationMembership.objects.filter(organisation_id=team.organisation_id, user=user).exists():
        raise ValidationError(
            {"user": _("%(person)s hoort niet bij deze organisatie. Nodig deze persoon eerst uit.") % {"person": user}},
            code="not_a_member",
        )
    already = ValidationError(
        {"user": _("%(person)s zit al in dit team.") % {"person": user}},
        code="duplicate",
    )
    if TeamMembership.objects.filter(team=team, user=user).exists():
        raise already
    try:
        with transaction.atomic():
            return TeamMembership.objects.create(team=team, user=user, role=role)
    except IntegrityError:
        raise already from None


@transaction.atomic
def membership_set_role(*, team: Team, user: User, role: str, by: User) -> TeamMembership:
    """Make a team member coordinator or manager (leidinggevende)."""
    _require_admin(team.organisation, by)
    _check_team_role(role)
    membership = TeamMembership.objects.select_for_update().filter(team=team, user=user).first()
    if membership is None:
        raise ValidationError(
            {"user": _("%(person)s zit niet in dit team.") % {"person": user}},
            code="not_a_member",
        )
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def team_member_remove(*, team: Team, user: User, by: User) -> None:
    """Take someone out of a team; they stay in the organisation. Twice is harmless."""
    _require_admin(team.organisation, by)
    TeamMembership.objects.filter(team=team, user=user).delete()


def _lock_memberships(organisation: Organisation) -> dict[int, OrganisationMembership]:
    """The organisation's memberships, locked, so that two admins cannot both step down."""
    memberships = OrganisationMembership.objects.select_for_update().filter(organisation=organisation)
    return {membership.user_id: membership for membership in memberships}


def _last_admin_error() -> ValidationError:
    return ValidationError(
        {"user": _("Een organisatie heeft minstens één beheerder nodig. Maak eerst iemand anders beheerder.")},
        code="last_admin",
    )


def _not_a_member_error(user: User) -> ValidationError:
    return ValidationError(
        {"user": _("%(person)s hoort niet bij deze organisatie.") % {"person": user}},
        code="not_a_member",
    )


@transaction.atomic
def organisation_admin_set(
    *, organisation: Organisation, user: User, is_admin: bool, by: User
) -> OrganisationMembership:
    """Make a member an admin of the organisation, or no longer; there is always one left."""
    _require_admin(organisation, by)
    memberships = _lock_memberships(organisation)
    membership = memberships.get(user.pk)
    if membership is None:
        raise _not_a_member_error(user)
    admins = [m for m in memberships.values() if m.is_admin]
    if not is_admin and admins == [membership]:
        raise _last_admin_error()
    if membership.is_admin != is_admin:
        membership.is_admin = is_admin
        membership.save(update_fields=["is_admin"])
    return membership


@transaction.atomic
def organisation_member_remove(*, organisation: Organisation, user: User, by: User) -> None:
    """Take someone out of the organisation and all its teams. Their own work stays theirs."""
    _require_admin(organisation, by)
    memberships = _lock_memberships(organisation)
    membership = memberships.get(user.pk)
    if membership is None:
        return  # already gone: a second click changes nothing
    admins = [m for m in memberships.values() if m.is_admin]
    if admins == [membership]:
        raise _last_admin_error()
    TeamMembership.objects.filter(team__organisation=organisation, user=user).delete()
    membership.delete()


# ---------------------------------------------------------------------------------------
# Invitations


def _invitation_exists_error(email: str) -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "Je hebt %(email)s al uitgenodigd. Je ziet de uitnodiging hieronder bij de openstaande uitnodigingen."
            )
            % {"email": email}
        },
        code="duplicate",
    )


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    team: Team | None = None,
    by: User,
    base_url: str,
) -> Invitation:
    """Invite someone by e-mail to the organisation (and a team) and send them the link.

    `base_url` is where the site lives (`request.build_absolute_uri("/")`), for the link in
    the e-mail. If the mail cannot be sent, the error propagates and no invitation is left.
    """
    _require_admin(organisation, by)
    email = normalise_email(email)
    if role not in InvitationRole.values:
        raise ValidationError({"role": _("Kies een rol.")}, code="invalid_choice")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": _("Dit team hoort niet bij deze organisatie.")}, code="invalid_choice")
    if role == InvitationRole.ADMIN and team is not None:
        raise ValidationError(
            {"team": _("Een beheerder nodig je uit voor de hele organisatie. Laat het team leeg.")},
            code="admin_with_team",
        )
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s hoort al bij %(organisation)s. Je kunt deze persoon meteen aan een team toevoegen."
                )
                % {"email": email, "organisation": organisation}
            },
            code="already_member",
        )
    # An expired invitation makes way for a new one to the same address.
    now = timezone.now()
    organisation.invitations.open().filter(email=email, expires_at__lte=now).delete()
    if organisation.invitations.open().filter(email=email).exists():
        raise _invitation_exists_error(email)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                team=team,
                email=email,
                role=role,
                invited_by=by,
                created_at=now,
                expires_at=now + timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
            )
    except IntegrityError:
        raise _invitation_exists_error(email) from None
    invitation_send(invitation=invitation, base_url=base_url)
    return invitation


def invitation_send(*, invitation: Invitation, base_url: str) -> None:
    """The invitation e-mail: who invites you to what, the link, and until when it works."""
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else invitation.organisation.name,
        "url": urljoin(base_url, invitation.get_absolute_url()),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """Withdraw an invitation that has not been accepted; its link stops working."""
    _require_admin(invitation.organisation, by)
    if invitation.is_accepted:
        raise ValidationError(_("Deze uitnodiging is al aangenomen."), code="accepted")
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> None:
    """Join the organisation (and team) the invitation is for.

    Accepting again, by the same person, changes nothing (and does not undo that an admin
    has since taken them out of a team).
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("organisation", "team").get(pk=invitation.pk)
    )
    if invitation.is_accepted:
        if invitation.accepted_by_id == user.pk:
            return
        raise ValidationError(_("Deze uitnodiging is al gebruikt."), code="used")
    if invitation.is_expired:
        raise ValidationError(_("Deze uitnodiging is verlopen."), code="expired")
    if normalise_email(user.email) != invitation.email:
        raise ValidationError(
            _("Deze uitnodiging is voor %(email)s. Log in met dat e-mailadres.") % {"email": invitation.email},
            code="other_address",
        )
    membership, _created = OrganisationMembership.objects.get_or_create(organisation=invitation.organisation, user=user)
    if invitation.role == InvitationRole.ADMIN and not membership.is_admin:
        membership.is_admin = True
        membership.save(update_fields=["is_admin"])
    if invitation.team is not None:
        TeamMembership.objects.update_or_create(team=invitation.team, user=user, defaults={"role": invitation.role})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
