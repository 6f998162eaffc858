from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`mapping[key]`, or None: for dicts keyed by ids the template cannot spell."""
    return mapping.get(key) if mapping else None


@register.filter
def posted_level(posted, code):
    """The level a refused form sent for item `code`, to show it again."""
    return posted.get(f"level-{code}", "") if posted else ""


@register.filter
def posted_comment(posted, code):
    return posted.get(f"comment-{code}", "") if posted else ""


@register.simple_tag
def feedback_limit(name: str) -> int:
    """A limit from feedback/models.py, so templates never write the number."""
    from feedback import models

    return getattr(models, name)  # an unknown name fails loudly while rendering
