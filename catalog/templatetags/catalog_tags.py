from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def paragraphs(text: str):
    """Framework text as HTML: blank lines separate paragraphs, '- ' lines form a list."""
    blocks = [block.strip() for block in (text or "").split("\n\n") if block.strip()]
    html = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if all(line.startswith("- ") for line in lines):
            html.append(
                format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines)))
            )
        else:
            html.append(format_html("<p>{}</p>", " ".join(lines)))
    return mark_safe("".join(html))


@register.filter
def heading_level(depth: int) -> int:
    """h2 for the top of the tree, one level deeper per step, never past h6."""
    return min(int(depth) + 2, 6)
