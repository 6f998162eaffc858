"""An admin starts an organisation and a team and invites a coordinator, who joins from a phone."""

import re

from playwright.sync_api import expect

from accounts.models import TeamMembership, TeamRole, User
from tests.e2e.conftest import log_in, open_menu, screenshot
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "een lange zin als wachtwoord"


def test_an_admin_invites_a_coordinator_who_signs_up_and_joins_the_team(page, phone, mailoutbox, transactional_db):
    UserFactory(email="fatima@example.org", name="Fatima Bakker")

    # The admin logs in and starts an organisation with a team.
    page.goto("/")
    page.get_by_role("link", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/account/login/"))
    page.get_by_label("E-mailadres").fill("Fatima@Example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/assessments/$"))
    page.get_by_role("link", name="Organisaties").click()
    expect(page.get_by_text("Je hoort nog niet bij een organisatie. Dat is helemaal goed.")).to_be_visible()
    page.get_by_label("Naam van de organisatie").fill("Vrijwilligerscentrale Zonnedael")
    page.get_by_role("button", name="Organisatie aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vrijwilligerscentrale Zonnedael")
    page.get_by_label("Naam van het team").fill("Buurtcoaches")
    page.get_by_role("button", name="Team aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team Buurtcoaches")

    # From the team, the admin invites a new coordinator.
    page.get_by_role("link", name="Nodig nieuwe mensen uit voor dit team").click()
    expect(page).to_have_url(re.compile(r"#uitnodigen$"))
    invite = page.locator("#uitnodigen")
    expect(invite.get_by_label("Team", exact=True)).to_have_value(re.compile(r"\d+"))
    invite.get_by_label("E-mailadres").fill("noor@example.org")
    invite.get_by_label("Rol").select_option(label="Coördinator")
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_have_text("De uitnodiging is verstuurd naar noor@example.org.")
    expect(page.locator(".invitation-row")).to_contain_text("noor@example.org")
    screenshot(page, "accounts-organisation-desktop")

    # The invited person opens the link from the e-mail on a phone and signs up there.
    [message] = mailoutbox
    assert '\nOrganisatie: "Vrijwilligerscentrale Zonnedael"\nTeam: "Buurtcoaches"\n' in message.body
    assert '\nUitgenodigd door: "Fatima Bakker"\n' in message.body
    link = re.search(r"https?://\S+/account/invitations/\S+/", message.body).group(0)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welkom bij Vrijwilligerscentrale Zonnedael")
    email = phone.get_by_label("E-mailadres")
    expect(email).to_have_value("noor@example.org")
    expect(email).to_be_disabled()
    phone.get_by_label("Naam").fill("Noor Yilmaz")
    phone.get_by_label(re.compile(r"^\s*Wachtwoord\W*$")).fill(NEW_PASSWORD)
    phone.get_by_label("Wachtwoord nog een keer").fill(NEW_PASSWORD)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    screenshot(phone, "accounts-invitation-phone")
    phone.get_by_role("button", name="Account maken en meedoen").click()
    expect(phone.get_by_role("status")).to_have_text(
        "Welkom bij Vrijwilligerscentrale Zonnedael! Je zit nu in team Buurtcoaches."
    )

    open_menu(phone)  # the menu folds away on a phone
    phone.get_by_role("link", name="Organisaties").click()
    expect(phone).to_have_url(re.compile(r"/account/organisations/$"))
    expect(phone.locator(".organisation-list")).to_contain_text("Team Buurtcoaches · Coördinator")
    screenshot(phone, "accounts-organisations-phone")
    membership = TeamMembership.objects.select_related("team", "user").get(user__email="noor@example.org")
    assert (membership.team.name, membership.role, membership.user.name) == (
        "Buurtcoaches",
        TeamRole.COORDINATOR,
        "Noor Yilmaz",
    )

    # The admin sees the new coordinator in the team.
    page.reload()
    expect(page.locator(".team-card")).to_contain_text("Noor Yilmaz")
    expect(page.get_by_text("Er staan geen uitnodigingen open.")).to_be_visible()
    screenshot(page, "accounts-organisation-joined-desktop")
    page.locator(".team-card").get_by_role("link", name="Team beheren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team Buurtcoaches")
    page.get_by_label("Rol van Noor Yilmaz").select_option(label="Leidinggevende")
    page.get_by_role("button", name="Rol opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Noor Yilmaz is nu leidinggevende in dit team.")
    screenshot(page, "accounts-team-desktop")
    assert TeamMembership.objects.get(user__email="noor@example.org").role == TeamRole.MANAGER


def test_a_coordinator_renames_themselves_and_deletes_their_account_on_a_phone(phone, transactional_db):
    UserFactory(email="sam@example.org", name="Sam")
    # Both pages have a menu button: the menu is opened only once the login has gone through,
    # and the name is clicked only once the menu has finished unfolding.
    log_in(phone, "sam@example.org")
    open_menu(phone)
    phone.get_by_role("link", name="Sam", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/account/$"))

    phone.get_by_label("Naam").fill("Sam de Vries")
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_role("status")).to_have_text("Je naam is opgeslagen.")
    expect(phone.get_by_text("Dat is prima")).to_be_visible()
    screenshot(phone, "accounts-profile-phone")

    phone.get_by_role("link", name="Account verwijderen").click()
    expect(phone).to_have_url(re.compile(r"/account/delete/$"))
    phone.get_by_label("Je wachtwoord").fill("niet goed")
    phone.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(phone.get_by_text("Dit wachtwoord klopt niet. Je account is niet verwijderd.")).to_be_visible()
    screenshot(phone, "accounts-delete-phone")
    phone.get_by_label("Je wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(phone.get_by_role("status")).to_contain_text("Je account en al je gegevens zijn verwijderd.")
    open_menu(phone)
    expect(phone.get_by_role("link", name="Inloggen")).to_be_visible()
    assert not User.objects.filter(email="sam@example.org").exists()
