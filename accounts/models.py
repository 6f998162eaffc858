import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(email: str) -> str:
    """The one form of an e-mail address: for logins, lockouts, invitations and uniqueness.

    Trimmed and lower case as a whole (providers treat the local part case-insensitively in
    practice, and people type it either way).
    """
    return BaseUserManager.normalize_email(str(email).strip()).lower()


def mask_email(email: str) -> str:
    """An address shown to whoever holds a link, not a login: enough to recognise it as yours
    (`s•••@example.org`), not enough to learn it."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified_at", timezone.now())  # whoever runs createsuperuser owns it
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Profielwijzer; the e-mail address is the login."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    name = models.CharField(_("naam"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("beheerder"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    # When the person proved the address is theirs (a link mailed to it); empty until then.
    # Everything that depends on the address (invitations, organisations) waits for it.
    email_verified_at = models.DateTimeField(_("e-mailadres bevestigd op"), null=True, blank=True)
    # The language the person last chose in the interface; their e-mails are written in it.
    language = models.CharField(_("taal"), max_length=10, choices=settings.LANGUAGES, default="nl")

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [
            # Logging in looks the address up with `email__iexact` (UPPER(email) = UPPER(…) on
            # PostgreSQL): without this, a scan of every account (36 ms with 100,000 of them).
            models.Index(Upper("email"), name="accounts_user_email_upper"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Organisation(models.Model):
    """A volunteer organisation, initiative or centre in which people work together."""

    name = models.CharField(_("naam"), max_length=150)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    members = models.ManyToManyField(User, through="OrganisationMembership", related_name="organisations")

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", args=[self.pk])

    def is_admin(self, user: User) -> bool:
        return self.memberships.filter(user=user, is_admin=True).exists()


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organisation_memberships")
    is_admin = models.BooleanField(_("beheerder van de organisatie"), default=False)
    created_at = models.DateTimeField(_("lid sinds"), default=timezone.now)

    class Meta:
        verbose_name = _("lidmaatschap van een organisatie")
        verbose_name_plural = _("lidmaatschappen van organisaties")
        ordering = ["organisation", "user__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="accounts_organisation_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class TeamQuerySet(models.QuerySet):
    """Who manages whom is written here once: a leidinggevende manages the coordinators of their teams."""

    def managed_by(self, user):
        """Teams in which `user` is leidinggevende."""
        return self.filter(memberships__user=user, memberships__role=TeamRole.MANAGER)

    def coordinated_by(self, user):
        """Teams in which `user` is coordinator."""
        return self.filter(memberships__user=user, memberships__role=TeamRole.COORDINATOR)


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("naam"), max_length=100)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation", "name", "id"]
        constraints = [
            # "Buurtcoaches" and "buurtcoaches" are the same team to the people in it.
            models.UniqueConstraint(F("organisation"), Lower("name"), name="accounts_team_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:team_detail", args=[self.organisation_id, self.pk])


class TeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator")
    MANAGER = "manager", _("Leidinggevende")


class InvitationRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator")
    MANAGER = "manager", _("Leidinggevende")
    ADMIN = "admin", _("Beheerder van de organisatie")


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(_("rol"), max_length=20, choices=TeamRole.choices, default=TeamRole.COORDINATOR)
    created_at = models.DateTimeField(_("lid sinds"), default=timezone.now)

    class Meta:
        verbose_name = _("lidmaatschap van een team")
        verbose_name_plural = _("lidmaatschappen van teams")
        ordering = ["team", "role", "user__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="accounts_team_member_once"),
            models.CheckConstraint(condition=Q(role__in=TeamRole.values), name="accounts_team_member_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team.name} ({self.get_role_display()})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not accepted yet (expired or not): what an admin still sees and can revoke."""
        return self.filter(accepted_at__isnull=True)

    def pending(self):
        """Not accepted and not expired: these links still work."""
        return self.open().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True, verbose_name=_("team")
    )
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=20, choices=InvitationRole.choices, default=InvitationRole.COORDINATOR)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uitgenodigd door")
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("aangenomen door")
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=InvitationRole.values), name="accounts_invitation_role_valid"),
            # An organisation admin is invited to the organisation, not to one team.
            models.CheckConstraint(
                condition=~Q(role=InvitationRole.ADMIN) | Q(team__isnull=True),
                name="accounts_invitation_admin_without_team",
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="accounts_invitation_expires"),
            # One open invitation per address and organisation: a second click on "Uitnodigen" sends nothing.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="accounts_invitation_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:invitation_accept", args=[self.token])

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return not self.is_accepted and self.expires_at <= timezone.now()


class AuditAction(models.TextChoices):
    ORGANISATION_RENAMED = "organisation_renamed", _("Organisatie hernoemd")
    TEAM_CREATED = "team_created", _("Team aangemaakt")
    TEAM_RENAMED = "team_renamed", _("Team hernoemd")
    TEAM_DELETED = "team_deleted", _("Team verwijderd")
    TEAM_MEMBER_ADDED = "team_member_added", _("Aan team toegevoegd")
    TEAM_MEMBER_REMOVED = "team_member_removed", _("Uit team gehaald")
    TEAM_ROLE_CHANGED = "team_role_changed", _("Rol in team gewijzigd")
    ADMIN_GRANTED = "admin_granted", _("Beheerder gemaakt")
    ADMIN_REVOKED = "admin_revoked", _("Geen beheerder meer")
    MEMBER_JOINED = "member_joined", _("Lid geworden")
    MEMBER_REMOVED = "member_removed", _("Uit de organisatie gehaald")
    MEMBER_LEFT = "member_left", _("Account verwijderd")
    INVITATION_SENT = "invitation_sent", _("Uitnodiging verstuurd")
    INVITATION_RESENT = "invitation_resent", _("Uitnodiging opnieuw verstuurd")
    INVITATION_REVOKED = "invitation_revoked", _("Uitnodiging ingetrokken")


class AuditEvent(models.Model):
    """Who did what in an organisation, and when: for its admins to read back.

    The actor's display name is kept as it was, so the event still reads after the account
    is gone; an e-mail address is never stored as the actor.
    """

    Action = AuditAction

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(_("door"), max_length=150, blank=True)
    action = models.CharField(_("actie"), max_length=40, choices=AuditAction.choices)
    target = models.CharField(_("waarover"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at", "-id"], name="accounts_audit_org_newest")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()} {self.target}"
