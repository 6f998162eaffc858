"""Whether sign-up is open, and the people of the organisation page, written in Python."""

from django import template
from django.conf import settings
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import TeamRole

register = template.Library()


@register.simple_tag
def signup_open() -> bool:
    """Whether anyone may create an account (settings.SIGNUP_OPEN); for the menu and login page."""
    return settings.SIGNUP_OPEN


def _person_words(context) -> dict:
    """What every person on the page says, looked up once per page (escaped), and the form's CSRF field."""
    return {
        "admin": escape(_("Beheerder")),
        "you": escape(_("jij")),
        "no_team": escape(_("Nog niet in een team")),
        TeamRole.MANAGER: escape(TeamRole.MANAGER.label),
        TeamRole.COORDINATOR: escape(TeamRole.COORDINATOR.label),
        "only_admin": escape(_("Enige beheerder: maak eerst iemand anders beheerder om dit te veranderen.")),
        "unmake_admin": escape(_("Geen beheerder meer")),
        "make_admin": escape(_("Maak beheerder")),
        "remove": escape(_("Uit de organisatie halen")),
        "remove_warning": escape(_("%(person)s gaat dan ook uit alle teams. Het eigen werk blijft van %(person)s.")),
        "remove_confirm": escape(_("Ja, uit de organisatie halen")),
        "csrf": CsrfTokenNode().render(context),
    }


PERSON = """<li class="list-group-item py-3">
  <div class="d-flex flex-wrap align-items-baseline gap-2">
    <strong>{name}</strong>{admin}{you}
  </div>
  <div class="small text-body-secondary">{email}</div>
  <div class="small mt-1">{teams}</div>
  <div class="d-flex flex-wrap gap-2 mt-2">{actions}</div>
</li>
"""
ADMIN_BADGE = '\n    <span class="badge text-bg-light border">{}</span>'
YOU = '\n    <span class="text-body-secondary small">({})</span>'
NO_TEAM = '<span class="text-body-secondary">{}</span>'
ONLY_ADMIN = '\n    <span class="small text-body-secondary">{}</span>\n  '
ACTIONS = """
    <form method="post" action="{admin_url}">{csrf}
      <input type="hidden" name="user" value="{user_id}">{make_admin}
      <button type="submit" class="btn btn-sm btn-outline-secondary">{admin_label}</button>
    </form>
    <details class="member-remove">
      <summary class="btn btn-sm btn-link link-danger">{remove}</summary>
      <form method="post" action="{remove_url}" class="mt-2">{csrf}
        <input type="hidden" name="user" value="{user_id}">
        <p class="small mb-2">{warning}</p>
        <button type="submit" class="btn btn-sm btn-danger">{confirm}</button>
      </form>
    </details>
  """
MAKE_ADMIN = mark_safe('\n      <input type="hidden" name="is_admin" value="on">')


@register.simple_tag(takes_context=True)
def person_row(context, person: dict):
    """One person of the organisation page (`accounts.selectors.organisation_people`): name, address
    and teams, and the admin's two forms: make or unmake them admin, and take them out of the
    organisation (an only admin has neither). Written here rather than in the template: its tags cost
    some 80 µs a person, and the page shows 50. Names, addresses and team names are escaped by
    format_html; the words are escaped translations."""
    words = context.render_context.get("person_words")
    if words is None:
        words = context.render_context["person_words"] = _person_words(context)
    is_admin = person["is_admin"]
    if person["teams"]:
        teams = format_html_join("; ", "{} · {}", ((team, words[role]) for team, role in person["teams"]))
    else:
        teams = format_html(NO_TEAM, words["no_team"])
    if is_admin and context["admin_count"] == 1:
        actions = format_html(ONLY_ADMIN, words["only_admin"])
    else:
        actions = format_html(
            ACTIONS,
            admin_url=context["member_admin_url"],
            remove_url=context["member_remove_url"],
            csrf=words["csrf"],
            user_id=person["user_id"],
            make_admin="" if is_admin else MAKE_ADMIN,
            admin_label=words["unmake_admin"] if is_admin else words["make_admin"],
            remove=words["remove"],
            warning=mark_safe(words["remove_warning"] % {"person": escape(person["name"])}),
            confirm=words["remove_confirm"],
        )
    user = context.get("user")
    return format_html(
        PERSON,
        name=person["name"],
        admin=format_html(ADMIN_BADGE, words["admin"]) if is_admin else "",
        you=format_html(YOU, words["you"]) if user is not None and person["user_id"] == user.pk else "",
        email=person["email"],
        teams=teams,
        actions=actions,
    )
