"""The "Mijn teams" menu link, and how the team pages write levels and matrix cells."""

from django import template
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts import selectors
from teams.matrix import State

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
        cached = selectors.manages_a_team(user)
        if request is not None:
            request._manages_a_team = cached
    return cached


def _level(value, separator: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", separator)
    return str(value)


def _signed(value, separator: str) -> str:
    if value is None:
        return ""
    text = _level(abs(value), separator)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


@register.filter
def level(value) -> str:
    """A level as people read it: `3` for one rating, `2,5` for an average (in the page's language)."""
    return _level(value, get_format("DECIMAL_SEPARATOR"))


def _cell_words() -> dict:
    """What every cell of one table says, looked up once per table (already escaped)."""
    return {
        "separator": get_format("DECIMAL_SEPARATOR"),
        State.RATED: escape(_("nu %(now)s, gewenst %(wish)s, verschil %(gap)s")),
        "low": escape(_("nu nog op het eerste niveau")),
        State.OPEN: ("…", escape(_("aangevinkt, nog zonder niveau"))),
        State.ABSENT: ("·", escape(_("niet in de versie van deze zelfscan"))),
        State.EMPTY: ("–", escape(_("niet aangevinkt"))),
    }


RATED_CELL = (
    '<td class="heat heat-{band}{low}"><span class="visually-hidden">{words}</span>'
    '<span class="heat-gap" aria-hidden="true"><span class="heat-symbol">{symbol}</span> {gap}</span>'
    '<span class="heat-levels" aria-hidden="true">{mark}{now} → {wish}</span></td>'
)
LOW_MARK = '<span class="heat-low-mark">▼</span>'  # a low present level, whatever the wish
OTHER_CELL = (
    '<td class="heat heat-{state}"><span aria-hidden="true">{symbol}</span>'
    '<span class="visually-hidden">{words}</span></td>'
)


def _heat_cell(cell, words: dict) -> str:
    """One cell of the team matrix: the gap with its band symbol, then now → desired; a screen reader
    hears it in words. Everything put in is a number, a symbol of ours or an escaped translation."""
    if cell.is_rated:
        separator = words["separator"]
        now, wish, gap = _level(cell.current, separator), _level(cell.desired, separator), _signed(cell.gap, separator)
        band = cell.band
        spoken = words[State.RATED] % {"now": now, "wish": wish, "gap": gap}
        low = cell.is_low
        if low:
            spoken = f"{spoken}; {words['low']}"
        return RATED_CELL.format(
            band=band.key,
            low=" is-low" if low else "",
            words=spoken,
            symbol=band.symbol,
            gap=gap,
            mark=LOW_MARK if low else "",
            now=now,
            wish=wish,
        )
    symbol, spoken = words[cell.state]
    return OTHER_CELL.format(state=cell.state, symbol=symbol, words=spoken)


@register.simple_tag(takes_context=True)
def heat_cells(context, row):
    """A row's cells of the team matrix: the team's, then each member's of the page. Built here rather
    than in a partial or a loop of tags: a page has hundreds of cells, and a tag per cell cost more
    than the cells themselves."""
    words = context.render_context.get("heat_cell_words")
    if words is None:
        words = context.render_context["heat_cell_words"] = _cell_words()
    return mark_safe(_heat_cell(row.team, words) + "".join(_heat_cell(cell, words) for cell in row.cells))
