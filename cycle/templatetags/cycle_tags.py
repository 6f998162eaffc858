from django import template
from django.utils import timezone

from cycle import selectors

register = template.Library()


@register.simple_tag
def team_round(team, manager):
    """For the team overview: the scanronde that matters now (open, else the next one planned,
    else the last one) with its state and, for a leidinggevende, who started, finished, shared."""
    today = timezone.localdate()
    scanronde = selectors.current_round(team, today)
    if scanronde is None:
        return None
    return {
        "scanronde": scanronde,
        "state": scanronde.state(today),
        "progress": selectors.round_progress(scanronde, manager=manager),
    }
