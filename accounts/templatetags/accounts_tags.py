"""Whether sign-up is open; the team cards and the people of the organisation page.

The organisation page shows up to 20 team cards and 50 people, each person with two small forms.
As template loops they cost some 100 µs a card and 85 µs a person (a dozen tags each; the
translations, URL reversals and CSRF fields alone took half of it); written here, with the page's
words looked up once, some 45 and 35 µs. What people typed (names, addresses, team names) goes
through format_html or escape; the words are escaped translations.
"""

from django import template
from django.conf import settings
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import TeamRole

register = template.Library()


@register.simple_tag
def signup_open() -> bool:
    """Whether anyone may create an account (settings.SIGNUP_OPEN); for the menu and login page."""
    return settings.SIGNUP_OPEN


def _words(context) -> dict:
    """What every card and person on the organisation page says (escaped), and the forms' CSRF field:
    looked up once per page."""
    words = context.render_context.get("organisation_page_words")
    if words is None:
        words = context.render_context["organisation_page_words"] = {
            "managers": escape(_("Leidinggevende")),
            "coordinators": escape(_("Coördinatoren")),
            "nobody": format_html('<span class="text-body-secondary">{}</span>', _("nog niemand")),
            "manage": escape(_("Team beheren")),
            "admin": format_html('\n    <span class="badge text-bg-light border">{}</span>', _("Beheerder")),
            "you": format_html('\n    <span class="text-body-secondary small">({})</span>', _("jij")),
            "no_team": format_html('<span class="text-body-secondary">{}</span>', _("Nog niet in een team")),
            TeamRole.MANAGER: escape(TeamRole.MANAGER.label),
            TeamRole.COORDINATOR: escape(TeamRole.COORDINATOR.label),
            "only_admin": format_html(
                '\n    <span class="small text-body-secondary">{}</span>\n  ',
                _("Enige beheerder: maak eerst iemand anders beheerder om dit te veranderen."),
            ),
            "unmake_admin": escape(_("Geen beheerder meer")),
            "make_admin": escape(_("Maak beheerder")),
            "remove": escape(_("Uit de organisatie halen")),
            "remove_warning": escape(
                _("%(person)s gaat dan ook uit alle teams. Het eigen werk blijft van %(person)s.")
            ),
            "remove_confirm": escape(_("Ja, uit de organisatie halen")),
            "csrf": CsrfTokenNode().render(context),
        }
    return words


TEAM_CARD = """<article class="card mb-3 team-card">
  <div class="card-body">
    <h3 class="h5 card-title"><a href="{url}">{name}</a></h3>
    <dl class="row mb-2 small">
      <dt class="col-sm-4">{managers_label}</dt>
      <dd class="col-sm-8">{managers}</dd>
      <dt class="col-sm-4">{coordinators_label}</dt>
      <dd class="col-sm-8">{coordinators}</dd>
    </dl>
    <a class="btn btn-sm btn-outline-secondary" href="{url}">{manage}</a>
  </div>
</article>
"""


def _names(names: list[str], more: int, words: dict):
    """The first names of a role in a team, and how many more there are."""
    shown = mark_safe(", ".join(map(escape, names))) if names else words["nobody"]
    if not more:
        return shown
    return format_html("{} {}", shown, ngettext("en nog %(counter)s", "en nog %(counter)s", more) % {"counter": more})


@register.simple_tag(takes_context=True)
def team_card(context, team):
    """One team of the organisation page (`accounts.selectors.organisation_people`): its leidinggevenden
    and coordinators, the first few by name, and a link to manage it."""
    words = _words(context)
    return format_html(
        TEAM_CARD,
        url=team.get_absolute_url(),
        name=team.name,
        managers_label=words["managers"],
        managers=_names(team.managers, team.more_managers, words),
        coordinators_label=words["coordinators"],
        coordinators=_names(team.coordinators, team.more_coordinators, words),
        manage=words["manage"],
    )


PERSON = """<li class="list-group-item py-3">
  <div class="d-flex flex-wrap align-items-baseline gap-2">
    <strong>{name}</strong>{admin}{you}
  </div>
  <div class="small text-body-secondary">{email}</div>
  <div class="small mt-1">{teams}</div>
  <div class="d-flex flex-wrap gap-2 mt-2">{actions}</div>
</li>
"""
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
    organisation (an only admin has neither, and is told why)."""
    words = _words(context)
    is_admin = person["is_admin"]
    if person["teams"]:
        teams = format_html_join("; ", "{} · {}", ((team, words[role]) for team, role in person["teams"]))
    else:
        teams = words["no_team"]
    if is_admin and context["admin_count"] == 1:
        actions = words["only_admin"]
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
        admin=words["admin"] if is_admin else "",
        you=words["you"] if user is not None and person["user_id"] == user.pk else "",
        email=person["email"],
        teams=teams,
        actions=actions,
    )
