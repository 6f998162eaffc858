"""The level radios of a keuzemodel card, built in Python.

A section page shows up to 25 cards with 8 radios each; as template loops they were the
largest part of the page's rendering time. The markup is the same as the template had.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def level_options(field: str, code: str, selected, levels):
    """Radio buttons for `field` ('current' or 'desired') of item `code`, one per scale level."""
    return format_html_join(
        "",
        '<input class="btn-check" type="radio" name="{0}" value="{1}" id="{0}-{2}-{1}"{3}>'
        '<label class="btn btn-sm btn-level" for="{0}-{2}-{1}" title="{4}">'
        '{1} <span class="level-label">{5}</span></label>',
        (
            (
                field,
                level.value,
                code,
                mark_safe(" checked") if selected == level.value else "",
                level.explanation,
                level.name,
            )
            for level in levels
        ),
    )
