"""Who manages whom, read from the database. Every page, template tag, export and PDF that
decides what a leidinggevende may see starts here (and from `Team.objects.managed_by`).

A leidinggevende manages the coordinators of the teams in which they are leidinggevende;
nobody manages themselves.
"""

from django.db.models import QuerySet

from .models import Team, TeamMembership, TeamRole, User


def teams_managed_by(user: User) -> QuerySet[Team]:
    """The teams in which `user` is leidinggevende, by organisation and name."""
    return Team.objects.managed_by(user).select_related("organisation").order_by("organisation__name", "name", "pk")


def manages_a_team(user: User) -> bool:
    return user.is_authenticated and TeamMembership.objects.filter(user=user, role=TeamRole.MANAGER).exists()


def team_coordinators(team: Team) -> list[User]:
    """The coordinators of one team, by name."""
    return list(
        User.objects.filter(team_memberships__team=team, team_memberships__role=TeamRole.COORDINATOR)
        .distinct()
        .order_by("name", "email")
    )


def members_managed_by(manager: User) -> QuerySet[User]:
    """The coordinators of every team `manager` is leidinggevende of."""
    return (
        User.objects.filter(
            team_memberships__role=TeamRole.COORDINATOR,
            team_memberships__team__in=Team.objects.managed_by(manager),
        )
        .exclude(pk=manager.pk)
        .distinct()
    )


def managers_of(user: User) -> QuerySet[User]:
    """The leidinggevenden of the teams in which `user` is coordinator."""
    return (
        User.objects.filter(
            team_memberships__role=TeamRole.MANAGER,
            team_memberships__team__in=Team.objects.coordinated_by(user),
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("name", "email")
    )


def is_manager_of(manager: User, member: User) -> bool:
    """Whether `manager` is leidinggevende in a team in which `member` is coordinator."""
    if manager.pk is None or member.pk is None:
        return False
    return members_managed_by(manager).filter(pk=member.pk).exists()
