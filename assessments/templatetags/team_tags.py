"""The "Mijn teams" menu link, and how the team pages write levels."""

from django import template
from django.utils.formats import get_format

from accounts.models import TeamMembership, TeamRole

register = template.Library()


@register.simple_tag(takes_context=True)
def manages_a_team(context) -> bool:
    """Whether the user is leidinggevende of a team: one query per request, none when logged out."""
    request = context.get("request")
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(request, "_manages_a_team", None)
    if cached is None:
        cached = TeamMembership.objects.filter(user=user, role=TeamRole.MANAGER).exists()
        if request is not None:
            request._manages_a_team = cached
    return cached


@register.filter
def level(value) -> str:
    """A level as people read it: `3` for one rating, `2,5` for an average (in the page's language)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))
    return str(value)


@register.filter
def signed_level(value) -> str:
    """A gap with its sign: `+1`, `−0,5`, `0`."""
    if value is None:
        return ""
    text = level(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text
