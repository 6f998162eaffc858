import re

from django import template
from django.utils.safestring import mark_safe

from assessments import pdf

register = template.Library()

# What cannot stand as itself in a double-quoted CSS string inside a <style> element.
_CSS_STRING_UNSAFE = re.compile(r"[\\\"'<>&\x00-\x1f\x7f]")


@register.filter
def css_string(value) -> str:
    """`value` for a CSS string such as the page footer's `content: "…"`: quotes, backslashes,
    angle brackets and control characters become CSS escapes (`"` is `\\22 `)."""
    return mark_safe(_CSS_STRING_UNSAFE.sub(lambda match: f"\\{ord(match.group()):x} ", str(value)))


@register.filter
def printable(text: str) -> str:
    """Typed text as the PDF prints it (see assessments.pdf.printable)."""
    return pdf.printable(text)


@register.filter
def breakable(text: str) -> str:
    """A typed title or name that can wrap within the page (see assessments.pdf.breakable)."""
    return pdf.breakable(str(text))
