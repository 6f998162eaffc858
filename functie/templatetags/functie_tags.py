from django import template

from functie.package import hours_text

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours a week as people write them: 4, 4,5 (Dutch) or 4.5 (English); empty for none."""
    return hours_text(value)


@register.filter
def comparison_status(row) -> str:
    from functie.documents import status_text

    return status_text(row)
