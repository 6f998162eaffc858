"""Workflows for accounts, organisations, teams and invitations.

Every workflow is keyword-only and atomic. Bad input raises `ValidationError` with a
message for the person (keyed by form field where there is one) and changes nothing;
acting on an organisation without being its admin raises `PermissionDenied`. Views turn
the first into a form error and never reach the second: they 404 first.

Who manages whom is read through `accounts.selectors`.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profiel import mail

from . import limits
from .models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationRole,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
    TeamRole,
    User,
    new_invitation_token,
    normalise_email,
)
from .selectors import manager_pairs

# ---------------------------------------------------------------------------------------
# Accounts


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


# --- Mail -------------------------------------------------------------------------------

NAME_IN_MAIL_MAX_LENGTH = 80
_LINK_LIKE = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://)?(?:[a-z0-9-]+\.)+[a-z]{2,}\b\S*")


def name_as_data(name: str) -> str:
    """A name someone typed, fit to quote in a mail: one line, capped, no address a mail
    program would turn into a link (dots become "[.]"), and in quotes so it reads as data."""
    text = " ".join(str(name).split())
    text = _LINK_LIKE.sub(lambda match: match.group(0).replace("://", "[:]//").replace(".", "[.]"), text)
    if len(text) > NAME_IN_MAIL_MAX_LENGTH:
        text = text[: NAME_IN_MAIL_MAX_LENGTH - 1].rstrip() + "…"
    return f'"{text}"'


def _mail(template: str, context: dict, to: str) -> None:
    recipient = User.objects.filter(email=to).only("language").first()
    mail.send(template=f"accounts/email/{template}", context=context, to=to, language=recipient and recipient.language)


def _limit_error() -> ValidationError:
    return ValidationError(
        _("Er zijn net al veel e-mails naar dit adres of vanuit je account verstuurd. Probeer het later nog eens."),
        code="rate_limited",
    )


# --- Confirming an address ----------------------------------------------------------------

_CONFIRM_SALT = "accounts.email-confirm"


def email_confirmation_url(*, user: User, email: str, base_url: str) -> str:
    """A signed link that proves whoever opens it can read mail for `email`."""
    token = signing.dumps({"u": user.pk, "e": email, "was": user.email}, salt=_CONFIRM_SALT, compress=True)
    return urljoin(base_url, reverse("accounts:email_confirm", args=[token]))


def email_confirmation_send(*, user: User, base_url: str, email: str | None = None) -> bool:
    """Mail the confirmation link for the account's address (or for the new `email` it wants).

    False when a limit is reached: then nothing is sent.
    """
    email = normalise_email(email or user.email)
    if not limits.hit(("confirmation_per_account", str(user.pk)), ("confirmation_per_recipient", email)):
        return False
    context = {
        "url": email_confirmation_url(user=user, email=email, base_url=base_url),
        "valid_days": max(1, settings.EMAIL_CONFIRMATION_MAX_AGE // (60 * 60 * 24)),
        "is_change": email != user.email,
    }
    _mail("confirm", context, email)
    return True


@transaction.atomic
def email_confirm(*, token: str) -> User:
    """Mark the address in the link as confirmed; for a change of address, make it the login now.

    A second click changes nothing. A link for an address the account no longer has, or
    that another account has taken since, is refused.
    """
    invalid = ValidationError(
        _("Deze bevestigingslink werkt niet (meer). Vraag een nieuwe aan vanaf je account."), code="invalid"
    )
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=settings.EMAIL_CONFIRMATION_MAX_AGE)
        user_pk, email, was = int(data["u"]), str(data["e"]), str(data["was"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise invalid from None
    user = User.objects.select_for_update().filter(pk=user_pk).first()
    if user is None:
        raise invalid
    if user.email == email:
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        return user
    if user.email != was:  # the address changed again since this link was sent
        raise invalid
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise invalid
    user.email = email
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        raise invalid from None
    return user


@transaction.atomic
def email_change_request(*, user: User, email: str, base_url: str) -> str:
    """Send a confirmation link to the new address; it becomes the login once that is opened.

    The answer is the same whether or not another account already uses the address, so the
    form tells nobody who has an account; to a taken address nothing is sent.
    """
    email = normalise_email(email)
    if email == user.email:
        raise ValidationError({"email": _("Dit is al je e-mailadres.")}, code="unchanged")
    if User.objects.filter(email__iexact=email).exists():
        return email
    if not email_confirmation_send(user=user, base_url=base_url, email=email):
        raise _limit_error()
    return email


def mark_email_verified(*, user: User) -> None:
    """The person opened a link mailed to their address (a password reset): it is theirs."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


# --- Signing up -------------------------------------------------------------------------


@transaction.atomic
def user_create(*, email: str, name: str, password: str, verified: bool = False) -> User:
    """A new account; the e-mail address is unique whatever its case."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken_error()
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email,
                password=password,
                name=name.strip(),
                email_verified_at=timezone.now() if verified else None,
            )
    except IntegrityError:  # the same address signed up a moment ago (a double click)
        raise _email_taken_error() from None


def user_signup(*, email: str, name: str, password: str, base_url: str, client: str = "") -> None:
    """Sign up from the open form: a new account and a link to confirm its address.

    Whether the address is new or already has an account, the caller sees the same: no
    error, no return value, about the same work done. For a taken address the account is
    left alone and its owner gets a note instead ("someone tried to sign up with this").
    One client (an IP address) can start only so many sign-ups an hour, whichever kind
    they are, so the refusal says nothing about the address either.
    """
    if client and not limits.hit(("signup_per_client", client)):
        raise _limit_error()
    email = normalise_email(email)
    try:
        user = user_create(email=email, name=name, password=password)
    except ValidationError:
        make_password(password)  # as much work as creating the account did
        if limits.hit(("confirmation_per_recipient", email)):
            _mail("signup_taken", {"login_url": urljoin(base_url, reverse("accounts:login"))}, email)
        return
    email_confirmation_send(user=user, base_url=base_url)


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, name: str, password: str) -> User:
    """Sign up with the invited address and accept the invitation, or do neither.

    The token came by mail to that address, so the address counts as confirmed.
    """
    user = user_create(email=invitation.email, name=name, password=password, verified=True)
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


class LastAdminError(ValidationError):
    """The person is the only admin of an organisation in which others remain."""


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the person and everything that is theirs, including every trace of the address.

    Assessments, goals and shares go with the user (their foreign keys cascade).
    Organisations in which the person was the only member go too. The last admin of an
    organisation with other members is refused: hand it over or delete it first.
    Invitations to the address (accepted ones too) and django-axes' login records for it
    (every spelling) go; audit events stay, with the display name but without the address.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    User.objects.select_for_update().filter(pk=user.pk).first()
    impact = account_deletion_impact(user)
    if impact.without_admin:
        names = ", ".join(organisation.name for organisation in impact.without_admin)
        raise LastAdminError(
            _(
                "Je bent de enige beheerder van %(organisations)s. Maak eerst iemand anders beheerder, "
                "of verwijder de organisatie. Daarna kun je je account verwijderen."
            )
            % {"organisations": names},
            code="last_admin",
        )
    for organisation in impact.removed:
        organisation.delete()
    email = normalise_email(user.email)
    for membership in OrganisationMembership.objects.filter(user=user).select_related("organisation"):
        _audit(membership.organisation, user, AuditAction.MEMBER_LEFT, _person(user))
    Invitation.objects.filter(Q(email__iexact=email) | Q(accepted_by=user)).delete()
    AuditEvent.objects.filter(target__icontains=email).update(target=_("(verwijderd account)"))
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()
    user.delete()


# ---------------------------------------------------------------------------------------
# The audit trail


def _audit(organisation: Organisation, actor: User | None, action: str, target: str = "") -> AuditEvent:
    """Write down who did what in the organisation; called inside the action's transaction."""
    actor_name = (actor.name or _("(naam onbekend)")) if actor is not None else ""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name[:150],
        action=action,
        target=" ".join(str(target).split())[:300],
    )


def _person(user: User) -> str:
    """How a person appears in the audit trail: their name, else their address."""
    return user.name or user.email


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
            team = Team.objects.create(organisation=organisation, name=name)
    except IntegrityError:
        raise _team_name_taken(name) from None
    _audit(organisation, by, AuditAction.TEAM_CREATED, team.name)
    return team


@transaction.atomic
def team_rename(*, team: Team, name: str, by: User) -> Team:
    _require_admin(team.organisation, by)
    name = _clean_name(name, _("Geef het team een naam."))
    if Team.objects.filter(organisation_id=team.organisation_id, name__iexact=name).exclude(pk=team.pk).exists():
        raise _team_name_taken(name)
    old_name = team.name
    team.name = name
    try:
        with transaction.atomic():
            team.save(update_fields=["name"])
    except IntegrityError:
        raise _team_name_taken(name) from None
    if old_name != name:
        _audit(team.organisation, by, AuditAction.TEAM_RENAMED, f"{old_name} → {name}")
    return team


@transaction.atomic
def team_delete(*, team: Team, by: User) -> None:
    """Delete a team with its memberships and functieprofielen; the people stay in the organisation.

    Shares that only existed because someone managed someone else in this team end.
    """
    organisation = team.organisation
    _require_admin(organisation, by)
    pairs = manager_pairs(Team.objects.filter(pk=team.pk))
    name = team.name
    team.delete()
    _end_shares_without_manager(pairs)
    _audit(organisation, by, AuditAction.TEAM_DELETED, name)


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
            membership = TeamMembership.objects.create(team=team, user=user, role=role)
    except IntegrityError:
        raise already from None
    _audit(
        team.organisation,
        by,
        AuditAction.TEAM_MEMBER_ADDED,
        f"{_person(user)} → {team.name} ({membership.get_role_display()})",
    )
    return membership


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
        pairs = manager_pairs(Team.objects.filter(pk=team.pk))
        membership.role = role
        membership.save(update_fields=["role"])
        _end_shares_without_manager(pairs)
        _audit(
            team.organisation,
            by,
            AuditAction.TEAM_ROLE_CHANGED,
            f"{_person(user)}, {team.name}: {membership.get_role_display()}",
        )
    return membership


@transaction.atomic
def team_member_remove(*, team: Team, user: User, by: User) -> None:
    """Take someone out of a team; they stay in the organisation. Twice is harmless.

    Shares that only existed because of this team end with it, so that coming back into the
    team later does not reopen what was shared before."""
    _require_admin(team.organisation, by)
    pairs = manager_pairs(Team.objects.filter(pk=team.pk))
    deleted, _details = TeamMembership.objects.filter(team=team, user=user).delete()
    if deleted:
        _end_shares_without_manager(pairs)
        _audit(team.organisation, by, AuditAction.TEAM_MEMBER_REMOVED, f"{_person(user)} → {team.name}")


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
        _audit(organisation, by, AuditAction.ADMIN_GRANTED if is_admin else AuditAction.ADMIN_REVOKED, _person(user))
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
    pairs = manager_pairs(organisation.teams.all())
    TeamMembership.objects.filter(team__organisation=organisation, user=user).delete()
    membership.delete()
    _end_shares_without_manager(pairs)
    _audit(organisation, by, AuditAction.MEMBER_REMOVED, _person(user))


@transaction.atomic
def organisation_rename(*, organisation: Organisation, name: str, by: User) -> Organisation:
    _require_admin(organisation, by)
    name = _clean_name(name, _("Geef je organisatie een naam."))
    old_name = organisation.name
    if old_name != name:
        organisation.name = name
        organisation.save(update_fields=["name"])
        _audit(organisation, by, AuditAction.ORGANISATION_RENAMED, f"{old_name} → {name}")
    return organisation


@dataclass(frozen=True)
class OrganisationDeletionImpact:
    """What deleting an organisation takes with it, for the confirmation page."""

    teams: list[str]
    member_count: int
    norm_profile_count: int
    open_invitation_count: int
    share_count: int


def organisation_deletion_impact(organisation: Organisation) -> OrganisationDeletionImpact:
    from assessments.models import NormProfile

    return OrganisationDeletionImpact(
        teams=list(organisation.teams.order_by("name").values_list("name", flat=True)),
        member_count=organisation.memberships.count(),
        norm_profile_count=NormProfile.objects.filter(team__organisation=organisation).count(),
        open_invitation_count=organisation.invitations.open().count(),
        share_count=_shares_to_end(
            manager_pairs(organisation.teams.all()), other_teams=Team.objects.exclude(organisation=organisation)
        ).count(),
    )


@transaction.atomic
def organisation_delete(*, organisation: Organisation, by: User) -> None:
    """Delete the organisation with its teams, memberships, functieprofielen, invitations and
    audit trail. Members keep their own zelfscans; only what they shared with a manager
    through this organisation's teams (and a manager's view shared back) stops being shared."""
    _require_admin(organisation, by)
    _lock_memberships(organisation)
    pairs = manager_pairs(organisation.teams.all())
    organisation.delete()  # teams, memberships, invitations, norm profiles, events: all cascade
    _end_shares_without_manager(pairs)


def _shares_to_end(pairs: set[tuple[int, int]], *, other_teams: QuerySet[Team] | None = None):
    """The shares between these pairs (both ways) that no team relation supports any more.

    `other_teams` asks ahead of a deletion: which teams will be left to support a pair.
    """
    from assessments.models import Share

    people = {user_id for pair in pairs for user_id in pair}
    pairs = pairs - manager_pairs(other_teams if other_teams is not None else Team.objects.all(), among=people)
    if not pairs:
        return Share.objects.none()
    condition = Q()
    for manager, coordinator in pairs:
        condition |= Q(assessment__owner_id=coordinator, viewer_id=manager)
        condition |= Q(assessment__owner_id=manager, viewer_id=coordinator)
    return Share.objects.filter(condition)


def _end_shares_without_manager(pairs: set[tuple[int, int]]) -> None:
    _shares_to_end(pairs).delete()


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


def _unverified_error() -> ValidationError:
    return ValidationError(
        _("Bevestig eerst je e-mailadres. Klik op de link in de e-mail die we je stuurden."),
        code="unverified",
    )


def _invitation_limits(*, by: User, email: str) -> tuple[tuple[str, str], ...]:
    return (("invitation_per_account", str(by.pk)), ("invitation_per_recipient", email))


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
    Over a mail limit (per inviter, per address) nothing is saved or sent.
    """
    _require_admin(organisation, by)
    if not by.email_verified:
        raise _unverified_error()
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
    if not limits.allowed(*_invitation_limits(by=by, email=email)):
        raise _limit_error()
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
    _audit(organisation, by, AuditAction.INVITATION_SENT, f"{email} ({invitation.get_role_display()})")
    if not limits.hit(*_invitation_limits(by=by, email=email)):  # counted atomically: parallel requests too
        raise _limit_error()  # rolls back the invitation and its event
    invitation_send(invitation=invitation, base_url=base_url)
    return invitation


def invitation_send(*, invitation: Invitation, base_url: str) -> None:
    """The invitation e-mail: who invites you to what, the link, and until when it works.

    Names typed by people (organisation, team, inviter) are quoted as data, never as the
    app's own words, and stay out of the subject line.
    """
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "organisation": name_as_data(invitation.organisation.name),
        "team": name_as_data(invitation.team.name) if invitation.team else "",
        "inviter": name_as_data(inviter.name) if inviter and inviter.name else "",
        "url": urljoin(base_url, invitation.get_absolute_url()),
    }
    _mail("invitation", context, invitation.email)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User, base_url: str) -> Invitation:
    """Send an open invitation again with a fresh link and expiry; the old link stops working."""
    _require_admin(invitation.organisation, by)
    if not by.email_verified:
        raise _unverified_error()
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("organisation", "team").get(pk=invitation.pk)
    )
    if invitation.is_accepted:
        raise ValidationError(_("Deze uitnodiging is al aangenomen."), code="accepted")
    checks = _invitation_limits(by=by, email=invitation.email)
    if not limits.allowed(*checks):
        raise _limit_error()
    now = timezone.now()
    invitation.token = new_invitation_token()
    invitation.created_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    invitation.invited_by = by
    invitation.save(update_fields=["token", "created_at", "expires_at", "invited_by"])
    _audit(invitation.organisation, by, AuditAction.INVITATION_RESENT, invitation.email)
    if not limits.hit(*checks):
        raise _limit_error()
    invitation_send(invitation=invitation, base_url=base_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """Withdraw an invitation that has not been accepted; its link stops working."""
    _require_admin(invitation.organisation, by)
    if invitation.is_accepted:
        raise ValidationError(_("Deze uitnodiging is al aangenomen."), code="accepted")
    _audit(invitation.organisation, by, AuditAction.INVITATION_REVOKED, invitation.email)
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> None:
    """Join the organisation (and team) the invitation is for.

    Only the account whose confirmed address is the invited one can. Accepting again, by
    the same person, changes nothing (and does not undo that an admin has since taken them
    out of a team).
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
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise ValidationError(
            _("Deze uitnodiging is voor %(email)s. Log in met dat e-mailadres.") % {"email": invitation.email},
            code="other_address",
        )
    if not user.email_verified:
        raise _unverified_error()
    membership, created = OrganisationMembership.objects.get_or_create(organisation=invitation.organisation, user=user)
    if created:
        _audit(invitation.organisation, user, AuditAction.MEMBER_JOINED, _person(user))
    if invitation.role == InvitationRole.ADMIN and not membership.is_admin:
        membership.is_admin = True
        membership.save(update_fields=["is_admin"])
        _audit(invitation.organisation, user, AuditAction.ADMIN_GRANTED, _person(user))
    if invitation.team is not None:
        TeamMembership.objects.update_or_create(team=invitation.team, user=user, defaults={"role": invitation.role})
        _audit(
            invitation.organisation, user, AuditAction.TEAM_MEMBER_ADDED, f"{_person(user)} → {invitation.team.name}"
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
