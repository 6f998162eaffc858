"""`{% limit "NOTE_MAX_LENGTH" %}`: a limit from assessments/limits.py, so templates never write the number."""

from django import template

from assessments import limits

register = template.Library()


@register.simple_tag
def limit(name: str) -> int:
    return getattr(limits, name)  # an unknown name fails loudly while rendering
