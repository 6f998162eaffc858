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


@register.inclusion_tag("functie/_shared_package.html", takes_context=True)
def shared_takenpakket(context, assessment):
    """A member's shared takenpakket and how it sits against the team's functieprofielen, for the
    leidinggevende it was shared with; nothing for anyone else (see `selectors.shared_package`)."""
    from functie.selectors import shared_package

    request = context["request"]
    return {"shared": shared_package(request.user, assessment), "request": request}
