from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def signup_open() -> bool:
    """Whether anyone may create an account (settings.SIGNUP_OPEN); for the menu and login page."""
    return settings.SIGNUP_OPEN
