import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    Invitation,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
    TeamRole,
    User,
)
from tests.factories import (
    PASSWORD,
    AdminMembershipFactory,
    AssessmentFactory,
    InvitationFactory,
    ManagerMembershipFactory,
    OrganisationMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UnverifiedUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STRONG = "een lange zin als wachtwoord"


def snapshot() -> dict:
    """How many of everything there is: to show that refused input changed nothing."""
    return {
        model.__name__: model.objects.count()
        for model in (User, Organisation, OrganisationMembership, Team, TeamMembership, Invitation)
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def admin(client):
    """Logged in as the admin of an organisation with one team."""
    membership = AdminMembershipFactory(organisation__name="Vrijwilligerscentrale Zonnedael", user__name="Fatima")
    TeamFactory(organisation=membership.organisation, name="Buurtcoaches")
    client.force_login(membership.user)
    return membership.user


@pytest.fixture
def organisation(admin):
    return admin.organisations.get()


@pytest.fixture
def team(organisation):
    return organisation.teams.get()


# --- sign-up -------------------------------------------------------------------------


def signup_data(**overrides):
    return {"email": "nieuw@example.org", "name": "Noor", "password1": STRONG, "password2": STRONG, **overrides}


def test_it_signs_up_and_asks_to_confirm_the_address(client):
    response = client.post(reverse("accounts:signup"), signup_data(email="Nieuw@Example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get()
    assert (user.email, user.name, user.email_verified) == ("nieuw@example.org", "Noor", False)
    [message] = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert "Bevestig" in message.subject
    assert "Kijk in je mail" in client.get(response["Location"]).content.decode()


def test_it_limits_sign_ups_per_client_address_and_saves_nothing_over_the_limit(client, settings):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "signup_per_client": (2, 60 * 60)}
    url = reverse("accounts:signup")
    for number in range(2):
        response = client.post(url, signup_data(email=f"mens{number}@example.org"), REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302
    response = client.post(url, signup_data(email="nog-een@example.org"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "Er zijn net al veel e-mails" in response.content.decode()
    assert not User.objects.filter(email="nog-een@example.org").exists()
    assert len(mail.outbox) == 2
    # a taken address is refused the same way: the limit says nothing about the address
    response = client.post(url, signup_data(email="mens0@example.org"), REMOTE_ADDR="203.0.113.9")
    assert "Er zijn net al veel e-mails" in response.content.decode()
    # another client is not affected
    response = client.post(url, signup_data(email="nog-een@example.org"), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302


def test_it_reads_the_client_address_from_the_proxys_header_when_configured(client, settings):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "signup_per_client": (1, 60 * 60)}
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    url = reverse("accounts:signup")
    assert client.post(url, signup_data(email="a@example.org"), HTTP_X_REAL_IP="203.0.113.1").status_code == 302
    assert client.post(url, signup_data(email="b@example.org"), HTTP_X_REAL_IP="203.0.113.2").status_code == 302
    assert client.post(url, signup_data(email="c@example.org"), HTTP_X_REAL_IP="203.0.113.2").status_code == 200


def test_it_shows_the_sign_up_form(client):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert "Je hebt geen organisatie nodig" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (signup_data(password1="12345678", password2="12345678"), "Dit wachtwoord is te algemeen"),
        (signup_data(password1="kort", password2="kort"), "Dit wachtwoord is te kort"),
        (signup_data(password2="iets anders"), "De twee wachtwoorden zijn niet hetzelfde"),
        (signup_data(name=""), "Dit veld is verplicht"),
        (signup_data(email="geen-adres"), "Voer een geldig e-mailadres in"),
    ],
)
def test_it_refuses_bad_sign_up_input_and_saves_nothing(client, data, message):
    UserFactory(email="bestaat@example.org")
    before = snapshot()
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before
    assert "_auth_user_id" not in client.session


def test_it_closes_sign_up_kindly_when_only_invitations_may_join(client, settings):
    settings.SIGNUP_OPEN = False
    response = client.get(reverse("accounts:signup"))
    assert "Een account maken kan nu alleen met een uitnodiging" in response.content.decode()
    client.post(reverse("accounts:signup"), signup_data())
    assert not User.objects.exists()
    assert reverse("accounts:signup") not in client.get(reverse("accounts:login")).content.decode()


def test_it_sends_someone_logged_in_past_the_sign_up(client, settings):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:signup"))["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


# --- the menu ------------------------------------------------------------------------


def test_the_menu_offers_login_and_sign_up_to_visitors(client, settings):
    html = client.get("/").content.decode()
    assert reverse("accounts:login") in html and reverse("accounts:signup") in html
    settings.SIGNUP_OPEN = False
    html = client.get("/").content.decode()
    assert reverse("accounts:login") in html and reverse("accounts:signup") not in html


def test_the_menu_shows_the_name_organisations_and_a_logout_button(client):
    client.force_login(UserFactory(name="Sam de Vries"))
    html = client.get("/").content.decode()
    assert f'href="{reverse("accounts:profile")}" title="Je account">Sam</a>' in html
    assert reverse("accounts:organisation_list") in html
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in html
    assert reverse("accounts:signup") not in html


# --- login, logout, passwords --------------------------------------------------------


def test_it_logs_in_with_the_e_mail_address_in_any_case(client, settings):
    user = UserFactory(email="sam@example.org")
    response = client.post(reverse("accounts:login"), {"username": "SAM@Example.org", "password": PASSWORD})
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert int(client.session["_auth_user_id"]) == user.pk


def test_it_says_kindly_when_the_login_is_wrong(client):
    UserFactory(email="sam@example.org")
    response = client.post(reverse("accounts:login"), {"username": "sam@example.org", "password": "fout"})
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_logs_out_with_a_post_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


def test_it_resets_a_forgotten_password_by_e_mail(client):
    user = UserFactory(email="sam@example.org", name="Sam de Vries")
    response = client.post(reverse("accounts:password_reset"), {"email": "Sam@Example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject == "Een nieuw wachtwoord voor Profielwijzer"
    assert message.body.startswith("Hallo,")  # no typed name in a mail to an address (issue 11)
    assert "24 uur lang" in message.body
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", message.body).group(1)

    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(STRONG)
    assert "Je nieuwe wachtwoord is opgeslagen" in client.get(response["Location"]).content.decode()


def test_it_refuses_two_different_new_passwords_after_a_reset(client):
    user = UserFactory(email="sam@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "sam@example.org"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG + "!"})
    assert "De twee wachtwoorden zijn niet hetzelfde" in response.content.decode()
    response = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "Dit wachtwoord is te kort. Gebruik minstens 8 tekens." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_sends_no_reset_mail_to_an_unknown_address_and_does_not_say_so(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"}, follow=True)
    assert mail.outbox == []
    assert "Kijk in je mail" in response.content.decode()


def test_it_explains_a_used_reset_link(client):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "verkeerd-token"]))
    assert "Deze link werkt niet meer" in response.content.decode()


def test_it_changes_the_password(client):
    user = UserFactory()
    client.force_login(user)
    data = {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG}
    response = client.post(reverse("accounts:password_change"), data, follow=True)
    assert "Je wachtwoord is gewijzigd." in messages_of(response)
    user.refresh_from_db()
    assert user.check_password(STRONG)
    assert "_auth_user_id" in client.session  # still logged in


def test_it_refuses_a_password_change_with_the_wrong_current_password(client):
    user = UserFactory()
    client.force_login(user)
    data = {"old_password": "fout", "new_password1": STRONG, "new_password2": STRONG}
    response = client.post(reverse("accounts:password_change"), data)
    assert "Je huidige wachtwoord klopt niet" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- the profile ---------------------------------------------------------------------


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_profile_lists_organisations_teams_and_roles(client):
    membership = ManagerMembershipFactory(team__name="Buurtcoaches", team__organisation__name="De Linde")
    client.force_login(membership.user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "De Linde" in html
    assert "Team Buurtcoaches · Leidinggevende" in html
    assert reverse("accounts:delete") in html


def test_the_profile_of_someone_without_an_organisation_says_that_is_fine(client):
    client.force_login(UserFactory())
    assert "Dat is prima" in client.get(reverse("accounts:profile")).content.decode()


def test_the_profile_links_to_the_data_export(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Download al mijn gegevens" in html
    assert reverse("assessments:data_export") in html


def test_it_saves_a_new_name(client):
    user = UserFactory(name="Sam")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "  Sam   de Vries "}, follow=True)
    assert "Je naam is opgeslagen." in messages_of(response)
    user.refresh_from_db()
    assert user.name == "Sam de Vries"


def test_it_refuses_an_empty_name(client):
    user = UserFactory(name="Sam")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "  "})
    assert "Dit veld is verplicht" in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Sam"


# --- deleting an account -------------------------------------------------------------


def test_the_delete_page_explains_what_goes(client):
    user = UserFactory()
    AdminMembershipFactory(user=user, organisation__name="Alleen ik")
    client.force_login(user)
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "al je zelfscans, je ontwikkeldoelen en wat je met een leidinggevende hebt gedeeld" in html
    assert "Alleen ik" in html


def test_it_deletes_the_account_with_the_password_and_logs_out(client, profile_version):
    user = UserFactory()
    AssessmentFactory(owner=user, version=profile_version)
    TeamMembershipFactory(user=user)
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Je account en al je gegevens zijn verwijderd." in messages_of(response)[0]
    assert not User.objects.filter(pk=user.pk).exists()
    assert not profile_version.assessments.exists()
    assert not TeamMembership.objects.exists()
    assert "_auth_user_id" not in client.session


def test_it_deletes_nothing_with_a_wrong_password(client, profile_version):
    user = UserFactory()
    AssessmentFactory(owner=user, version=profile_version)
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "fout"})
    assert "Dit wachtwoord klopt niet. Je account is niet verwijderd." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert profile_version.assessments.count() == 1
    assert "_auth_user_id" in client.session


# --- my organisations ----------------------------------------------------------------


def test_my_organisations_says_kindly_that_none_is_fine(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:organisation_list")).content.decode()
    assert "Je hoort nog niet bij een organisatie. Dat is helemaal goed." in html


def test_my_organisations_shows_teams_roles_and_a_link_for_admins(client):
    membership = TeamMembershipFactory(team__name="Noord", team__organisation__name="De Linde")
    admin_of = AdminMembershipFactory(user=membership.user, organisation__name="Zonnedael").organisation
    InvitationFactory(email=membership.user.email.upper(), organisation__name="Uitnodigende club")
    client.force_login(membership.user)
    html = client.get(reverse("accounts:organisation_list")).content.decode()
    assert "Team Noord · Coördinator" in html
    assert reverse("accounts:organisation_detail", args=[admin_of.pk]) in html
    assert reverse("accounts:organisation_detail", args=[membership.team.organisation_id]) not in html
    assert "Uitnodigende club" in html


def test_anyone_may_create_an_organisation_and_becomes_its_admin(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:organisation_create"), {"name": "Buurtinitiatief De Linde"})
    organisation = Organisation.objects.get()
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.is_admin(user)


@pytest.mark.parametrize(("name", "message"), [("", "Dit veld is verplicht"), ("De linde", "Je hoort al bij")])
def test_it_refuses_a_nameless_or_double_organisation(client, name, message):
    user = UserFactory()
    AdminMembershipFactory(user=user, organisation__name="De Linde")
    client.force_login(user)
    before = snapshot()
    response = client.post(reverse("accounts:organisation_create"), {"name": name})
    assert message in response.content.decode()
    assert snapshot() == before


# --- the organisation page, for admins -----------------------------------------------


def organisation_urls(organisation_pk: int, team_pk: int) -> list[tuple[str, str]]:
    """Every organisation URL, with the method it answers to."""
    org, team = [organisation_pk], [organisation_pk, team_pk]
    return [
        ("get", reverse("accounts:organisation_detail", args=org)),
        ("post", reverse("accounts:team_create", args=org)),
        ("post", reverse("accounts:invitation_create", args=org)),
        ("post", reverse("accounts:invitation_revoke", args=org)),
        ("post", reverse("accounts:member_admin", args=org)),
        ("post", reverse("accounts:member_remove", args=org)),
        ("get", reverse("accounts:team_detail", args=team)),
        ("post", reverse("accounts:team_rename", args=team)),
        ("post", reverse("accounts:team_member_add", args=team)),
        ("post", reverse("accounts:team_member_role", args=team)),
        ("post", reverse("accounts:team_member_remove", args=team)),
    ]


@pytest.mark.parametrize("who", ["member", "manager", "outsider", "admin elsewhere"])
def test_someone_else_gets_404_on_every_organisation_url(client, who):
    team = TeamFactory()
    organisation = team.organisation
    AdminMembershipFactory(organisation=organisation)
    invitation = InvitationFactory(organisation=organisation)
    member = TeamMembershipFactory(team=team).user
    user = {
        "member": lambda: OrganisationMembershipFactory(organisation=organisation).user,
        "manager": lambda: ManagerMembershipFactory(team=team).user,
        "outsider": UserFactory,
        "admin elsewhere": lambda: AdminMembershipFactory().user,
    }[who]()
    client.force_login(user)
    data = {"name": "Overgenomen", "email": "x@example.org", "role": "manager", "user": member.pk}
    before = snapshot()
    for method, url in organisation_urls(organisation.pk, team.pk):
        response = getattr(client, method)(url, {**data, "invitation": invitation.pk, "is_admin": "on"})
        assert response.status_code == 404, url
    assert snapshot() == before
    assert not OrganisationMembership.objects.filter(user=user, is_admin=True, organisation=organisation).exists()
    assert mail.outbox == []


def test_a_team_of_another_organisation_is_404_under_ones_own(client, organisation):
    elsewhere = TeamFactory()
    for method, url in organisation_urls(organisation.pk, elsewhere.pk)[6:]:
        assert getattr(client, method)(url, {"name": "x"}).status_code == 404, url


def test_organisation_pages_need_a_login(client):
    team = TeamFactory()
    for method, url in organisation_urls(team.organisation_id, team.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def build_organisation(organisation: Organisation, *, people: int, teams: int) -> None:
    for _ in range(teams):
        team = TeamFactory(organisation=organisation)
        ManagerMembershipFactory(team=team)
        for _person in range(people):
            TeamMembershipFactory(team=team)
        InvitationFactory(organisation=organisation, team=team)


@pytest.mark.parametrize(("people", "teams"), [(1, 1), (6, 5)])
def test_the_organisation_page_takes_the_same_queries_however_big(
    client, admin, organisation, people, teams, django_assert_num_queries
):
    build_organisation(organisation, people=people, teams=teams)
    # + the "Mijn teams" menu check; the people and the teams come a page at a time (each a count),
    # and the admins are counted
    with django_assert_num_queries(13):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["memberships"]) == 1 + teams * (people + 1)


def test_the_organisation_page_shows_teams_a_page_at_a_time(
    client, admin, organisation, monkeypatch, django_assert_num_queries
):
    from accounts import selectors

    monkeypatch.setattr(selectors, "TEAMS_PAGE_SIZE", 2)
    for name in ("Cello", "Alt", "Bas", "Dwarsfluit"):  # and the Buurtcoaches
        team = TeamFactory(organisation=organisation, name=name)
        ManagerMembershipFactory(team=team, user__name=f"Leider {name}")
    url = organisation.get_absolute_url()
    with django_assert_num_queries(13):
        first = client.get(url)
    html = first.content.decode()
    cards = html[: html.index('id="people"')]
    assert [team.name for team in first.context["teams"]] == ["Alt", "Bas"]
    assert "5 teams" in html and "Pagina 1 van 3" in cards and "Leider Alt" in cards and "Leider Cello" not in cards
    assert first.context["teams_next"] == "?teams=2#teams" and first.context["teams_previous"] == ""

    with django_assert_num_queries(13):
        last = client.get(url + "?teams=3&page=1")
    assert [team.name for team in last.context["teams"]] == ["Dwarsfluit"]
    assert last.context["teams_previous"] == "?teams=2&page=1#teams"  # where the people list was stays
    assert "Leider Dwarsfluit" in last.content.decode()
    for odd in ("0", "-1", "abc", "99999999999999999999"):
        response = client.get(url + f"?teams={odd}")
        assert response.status_code == 200, odd
        assert response.context["teams"].number in (1, 3)


def test_the_organisation_page_shows_people_a_page_at_a_time(client, admin, organisation, team):
    from accounts.selectors import PEOPLE_PAGE_SIZE, TEAM_NAMES_SHOWN

    for n in range(PEOPLE_PAGE_SIZE + 4):  # with the admin: 55 people
        TeamMembershipFactory(team=team, user__name=f"Persoon {n:02d}")
    first = client.get(organisation.get_absolute_url())
    html = first.content.decode()
    assert len(first.context["memberships"]) == PEOPLE_PAGE_SIZE
    assert "55 mensen" in html and "Pagina 1 van 2" in html
    # the team's card names the first coordinators and counts the rest
    assert "Persoon 00" in html and f"en nog {PEOPLE_PAGE_SIZE + 4 - TEAM_NAMES_SHOWN}" in html

    second = client.get(organisation.get_absolute_url() + "?page=2")
    assert len(second.context["memberships"]) == 5
    assert "Pagina 2 van 2" in second.content.decode()
    shown = {m["user_id"] for m in first.context["memberships"]} | {m["user_id"] for m in second.context["memberships"]}
    assert len(shown) == 55  # everyone once

    for odd in ("0", "-1", "abc", "99999999999999999999", "2.5"):
        response = client.get(organisation.get_absolute_url() + f"?page={odd}")
        assert response.status_code == 200, odd
        assert response.context["people"].number in (1, 2)


def test_the_organisation_page_shows_teams_people_and_invitations(client, admin, organisation, team):
    ManagerMembershipFactory(team=team, user__name="Anna Manager")
    TeamMembershipFactory(team=team, user__name="Bo Coördinator")
    InvitationFactory(organisation=organisation, email="open@example.org", team=team)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Anna Manager" in html and "Bo Coördinator" in html
    assert "Buurtcoaches · Leidinggevende" in html
    assert "open@example.org" in html
    assert "Iemand uitnodigen" in html


def test_each_team_card_names_the_first_of_each_role_and_counts_the_rest(client, organisation, team, monkeypatch):
    """The cards are written by a template tag (accounts_tags.team_card): what people typed is escaped."""
    from accounts import selectors

    monkeypatch.setattr(selectors, "TEAM_NAMES_SHOWN", 2)
    Team.objects.filter(pk=team.pk).update(name='Alt & "Bas"')
    for name in ("Cas", "Anna", "Bo <i>"):
        TeamMembershipFactory(team=team, user__name=name)
    html = client.get(organisation.get_absolute_url()).content.decode()
    card = html[html.index('<article class="card mb-3 team-card">') : html.index("</article>")]
    assert card.count(f'href="{team.get_absolute_url()}"') == 2
    assert ">Alt &amp; &quot;Bas&quot;</a></h3>" in card
    assert '<dd class="col-sm-8"><span class="text-body-secondary">nog niemand</span></dd>' in card  # no manager
    assert '<dd class="col-sm-8">Anna, Bo &lt;i&gt; en nog 1</dd>' in card

    english = client.get(organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Anna, Bo &lt;i&gt; and 1 more" in english and "Manage team" in english


def test_each_person_shows_their_teams_and_what_the_admin_may_do_with_them(client, admin, organisation, team):
    """The rows are written by a template tag (accounts_tags.person_row): what people typed is escaped."""
    bo = TeamMembershipFactory(team=team, user__name="<b>Bo</b>").user
    ManagerMembershipFactory(team=TeamFactory(organisation=organisation, name='Alt & "Bas"'), user=bo)
    nameless = OrganisationMembershipFactory(organisation=organisation, user__name="", user__email="zonder@example.org")
    html = client.get(organisation.get_absolute_url()).content.decode()
    people = html[html.index('id="people"') : html.index("</ul>", html.index('id="people"'))]
    rows = people.split('<li class="list-group-item')[1:]
    unnamed, bos, own = rows  # by name; no name comes first
    assert "<strong>zonder@example.org</strong>" in unnamed and "Nog niet in een team" in unnamed
    assert f'name="user" value="{nameless.user_id}"' in unnamed and 'name="is_admin" value="on"' in unnamed
    assert "Maak beheerder" in unnamed and "Beheerder<" not in unnamed
    assert "<b>Bo</b>" not in bos and "<strong>&lt;b&gt;Bo&lt;/b&gt;</strong>" in bos
    assert "Alt &amp; &quot;Bas&quot; · Leidinggevende; Buurtcoaches · Coördinator" in bos
    assert "&lt;b&gt;Bo&lt;/b&gt; gaat dan ook uit alle teams. Het eigen werk blijft van &lt;b&gt;Bo&lt;/b&gt;." in bos
    for url in (
        reverse("accounts:member_admin", args=[organisation.pk]),
        reverse("accounts:member_remove", args=[organisation.pk]),
    ):
        assert bos.count(f'action="{url}"') == 1
    assert bos.count('name="csrfmiddlewaretoken"') == 2
    # the only admin is told why they have no buttons
    assert "Beheerder</span>" in own and "(jij)" in own and "Enige beheerder" in own and "<form" not in own

    english = client.get(organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not in a team yet" in english and "Make admin" in english and "(you)" in english
    assert "&lt;b&gt;Bo&lt;/b&gt; will then also leave all teams." in english


@pytest.mark.parametrize(("people", "teams"), [(1, 1), (8, 1)])
def test_the_team_page_takes_the_same_queries_however_big(
    client, admin, organisation, team, people, teams, django_assert_num_queries
):
    for _ in range(people):
        TeamMembershipFactory(team=team)
        OrganisationMembershipFactory(organisation=organisation)
    with django_assert_num_queries(7):  # + the "Mijn teams" menu check
        response = client.get(team.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["memberships"]) == people


# --- teams ---------------------------------------------------------------------------


def test_an_admin_creates_a_team(client, organisation):
    response = client.post(reverse("accounts:team_create", args=[organisation.pk]), {"name": "Taalmaatjes"})
    team = organisation.teams.get(name="Taalmaatjes")
    assert response["Location"] == team.get_absolute_url()


@pytest.mark.parametrize(("name", "message"), [("", "Dit veld is verplicht"), ("buurtcoaches", "al een team")])
def test_it_refuses_a_nameless_or_double_team(client, organisation, name, message):
    before = snapshot()
    response = client.post(reverse("accounts:team_create", args=[organisation.pk]), {"name": name})
    assert message in response.content.decode()
    assert snapshot() == before


def test_an_admin_renames_a_team(client, organisation, team):
    url = reverse("accounts:team_rename", args=[organisation.pk, team.pk])
    client.post(url, {"name": "Buurtcoaches Noord"})
    team.refresh_from_db()
    assert team.name == "Buurtcoaches Noord"


def test_it_refuses_a_rename_to_a_taken_name(client, organisation, team):
    TeamFactory(organisation=organisation, name="Taalmaatjes")
    url = reverse("accounts:team_rename", args=[organisation.pk, team.pk])
    response = client.post(url, {"name": "TAALMAATJES"})
    assert "al een team" in response.content.decode()
    team.refresh_from_db()
    assert team.name == "Buurtcoaches"


def test_an_admin_adds_a_member_to_a_team_with_a_role(client, organisation, team):
    person = OrganisationMembershipFactory(organisation=organisation).user
    url = reverse("accounts:team_member_add", args=[organisation.pk, team.pk])
    response = client.post(url, {"user": person.pk, "role": "manager"}, follow=True)
    assert TeamMembership.objects.get(team=team, user=person).role == TeamRole.MANAGER
    assert "zit nu in het team, als leidinggevende" in messages_of(response)[0]


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("outsider", "coordinator", "hoort niet (meer) bij deze organisatie"),
        ("in team", "coordinator", "zit al in dit team"),
        ("member", "baas", "Selecteer een geldige keuze"),
        ("nobody", "coordinator", "Kies iemand"),
    ],
)
def test_it_refuses_to_add_someone_who_cannot_be_added(client, organisation, team, who, role, message):
    in_team = TeamMembershipFactory(team=team).user
    people = {
        "outsider": UserFactory().pk,
        "in team": in_team.pk,
        "member": OrganisationMembershipFactory(organisation=organisation).user.pk,
        "nobody": "",
    }
    before = snapshot()
    url = reverse("accounts:team_member_add", args=[organisation.pk, team.pk])
    response = client.post(url, {"user": people[who], "role": role})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_an_admin_sets_a_role(client, organisation, team):
    person = TeamMembershipFactory(team=team).user
    url = reverse("accounts:team_member_role", args=[organisation.pk, team.pk])
    response = client.post(url, {"user": person.pk, "role": "manager"}, follow=True)
    assert TeamMembership.objects.get(team=team, user=person).role == TeamRole.MANAGER
    assert "is nu leidinggevende in dit team" in messages_of(response)[0]


def test_it_refuses_a_role_for_someone_outside_the_team(client, organisation, team):
    member = OrganisationMembershipFactory(organisation=organisation).user
    outsider = UserFactory()
    url = reverse("accounts:team_member_role", args=[organisation.pk, team.pk])
    before = snapshot()
    response = client.post(url, {"user": member.pk, "role": "manager"}, follow=True)
    assert "zit niet in dit team" in messages_of(response)[0]
    response = client.post(url, {"user": outsider.pk, "role": "manager"}, follow=True)
    assert "hoort niet (meer) bij deze organisatie" in messages_of(response)[0]
    assert snapshot() == before


def test_an_admin_takes_someone_out_of_a_team(client, organisation, team):
    person = TeamMembershipFactory(team=team).user
    url = reverse("accounts:team_member_remove", args=[organisation.pk, team.pk])
    client.post(url, {"user": person.pk})
    response = client.post(url, {"user": person.pk}, follow=True)  # a double click
    assert not team.memberships.exists()
    assert organisation.members.filter(pk=person.pk).exists()
    assert "zit niet meer in dit team" in messages_of(response)[-1]


def test_it_refuses_to_take_out_a_forged_person(client, organisation, team):
    TeamMembershipFactory(team=team)
    elsewhere = TeamMembershipFactory().user
    url = reverse("accounts:team_member_remove", args=[organisation.pk, team.pk])
    before = snapshot()
    response = client.post(url, {"user": elsewhere.pk}, follow=True)
    assert "hoort niet (meer) bij deze organisatie" in messages_of(response)[0]
    assert snapshot() == before


# --- people in the organisation ------------------------------------------------------


def test_an_admin_makes_someone_admin_and_steps_down(client, admin, organisation):
    person = OrganisationMembershipFactory(organisation=organisation).user
    url = reverse("accounts:member_admin", args=[organisation.pk])
    client.post(url, {"user": person.pk, "is_admin": "on"})
    assert organisation.is_admin(person)
    response = client.post(url, {"user": admin.pk})
    assert response["Location"] == reverse("accounts:organisation_list")
    assert not organisation.is_admin(admin)


def test_the_last_admin_cannot_step_down_or_leave(client, admin, organisation):
    response = client.post(reverse("accounts:member_admin", args=[organisation.pk]), {"user": admin.pk}, follow=True)
    assert "minstens één beheerder" in messages_of(response)[0]
    response = client.post(reverse("accounts:member_remove", args=[organisation.pk]), {"user": admin.pk}, follow=True)
    assert "minstens één beheerder" in messages_of(response)[0]
    assert organisation.is_admin(admin)


def test_it_refuses_admin_rights_for_someone_outside(client, organisation):
    outsider = UserFactory()
    before = snapshot()
    url = reverse("accounts:member_admin", args=[organisation.pk])
    response = client.post(url, {"user": outsider.pk, "is_admin": "on"}, follow=True)
    assert "hoort niet (meer) bij deze organisatie" in messages_of(response)[0]
    response = client.post(reverse("accounts:member_remove", args=[organisation.pk]), {"user": outsider.pk})
    assert snapshot() == before


def test_an_admin_takes_someone_out_of_the_organisation(client, organisation, team):
    person = TeamMembershipFactory(team=team).user
    client.post(reverse("accounts:member_remove", args=[organisation.pk]), {"user": person.pk})
    assert not organisation.members.filter(pk=person.pk).exists()
    assert not team.memberships.exists()
    assert User.objects.filter(pk=person.pk).exists()


# --- inviting ------------------------------------------------------------------------


def test_an_admin_invites_someone_to_a_team(client, organisation, team):
    url = reverse("accounts:invitation_create", args=[organisation.pk])
    response = client.post(url, {"email": "Nieuw@Example.org", "role": "coordinator", "team": team.pk}, follow=True)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.team, invitation.role) == ("nieuw@example.org", team, "coordinator")
    assert "De uitnodiging is verstuurd naar nieuw@example.org." in messages_of(response)
    [message] = mail.outbox
    assert f"http://testserver/account/invitations/{invitation.token}/" in message.body
    assert "nieuw@example.org" in response.content.decode()  # among the open invitations


def test_the_invitation_form_can_start_with_a_team(client, organisation, team):
    response = client.get(organisation.get_absolute_url(), {"team": team.pk})
    assert response.context["invitation_form"]["team"].value() == str(team.pk)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "LID@example.org"}, "hoort al bij Vrijwilligerscentrale Zonnedael"),
        ({"email": "open@example.org"}, "Je hebt open@example.org al uitgenodigd"),
        ({"team": "forged"}, "Dit team hoort niet bij deze organisatie"),
        ({"role": "admin", "team": "own"}, "Laat het team leeg"),
        ({"role": "eigenaar"}, "Selecteer een geldige keuze"),
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in"),
    ],
)
def test_it_refuses_bad_invitations_and_sends_nothing(client, organisation, team, data, message):
    OrganisationMembershipFactory(organisation=organisation, user__email="lid@example.org")
    InvitationFactory(organisation=organisation, email="open@example.org")
    teams = {"forged": TeamFactory().pk, "own": team.pk}
    data = {"email": "nieuw@example.org", "role": "coordinator", **data}
    if "team" in data:
        data["team"] = teams[data["team"]]
    before = snapshot()
    response = client.post(reverse("accounts:invitation_create", args=[organisation.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before
    assert mail.outbox == []


def test_a_double_click_on_invite_sends_one_invitation(client, organisation):
    url = reverse("accounts:invitation_create", args=[organisation.pk])
    client.post(url, {"email": "nieuw@example.org", "role": "coordinator"})
    response = client.post(url, {"email": "nieuw@example.org", "role": "coordinator"})
    assert "al uitgenodigd" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_it_says_so_when_the_mail_cannot_be_sent(client, organisation, monkeypatch):

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("profiel.mail.deliver", broken)
    url = reverse("accounts:invitation_create", args=[organisation.pk])
    response = client.post(url, {"email": "nieuw@example.org", "role": "coordinator"})
    assert "De e-mail kon nu niet worden verstuurd. Er is niets opgeslagen." in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_admin_revokes_an_invitation(client, organisation):
    invitation = InvitationFactory(organisation=organisation)
    client.post(reverse("accounts:invitation_revoke", args=[organisation.pk]), {"invitation": invitation.pk})
    assert not Invitation.objects.exists()
    assert client.get(invitation.get_absolute_url()).status_code == 404


def test_it_refuses_to_revoke_another_organisations_invitation(client, organisation):
    elsewhere = InvitationFactory()
    url = reverse("accounts:invitation_revoke", args=[organisation.pk])
    response = client.post(url, {"invitation": elsewhere.pk}, follow=True)
    assert "Deze uitnodiging bestaat niet meer. Er is niets veranderd." in messages_of(response)
    assert Invitation.objects.filter(pk=elsewhere.pk).exists()


# --- accepting an invitation ---------------------------------------------------------


@pytest.fixture
def invitation(team):
    return InvitationFactory(
        organisation=team.organisation, team=team, email="nieuw@example.org", invited_by__name="Fatima Bakker"
    )


def test_a_newcomer_signs_up_from_the_invitation_and_joins_the_team(client, invitation, settings):
    client.logout()
    settings.SIGNUP_OPEN = False  # invitations work when sign-up is closed
    page = client.get(invitation.get_absolute_url())
    html = page.content.decode()
    assert "Fatima Bakker nodigt je uit voor Vrijwilligerscentrale Zonnedael, in het team Buurtcoaches." in html
    assert 'value="nieuw@example.org"' in html and "disabled" in html

    data = {"email": "iemand-anders@example.org", "name": "Noor", "password1": STRONG, "password2": STRONG}
    response = client.post(invitation.get_absolute_url(), data, follow=True)

    user = User.objects.get(name="Noor")
    assert user.email == "nieuw@example.org"  # the fixed address, whatever was posted
    assert response.redirect_chain[0] == (reverse(settings.LOGIN_REDIRECT_URL), 302)
    assert "Welkom bij Vrijwilligerscentrale Zonnedael! Je zit nu in team Buurtcoaches." in messages_of(response)
    assert TeamMembership.objects.get(user=user).team == invitation.team
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_it_refuses_a_weak_password_on_the_invitation_and_saves_nothing(client, invitation):
    client.logout()
    before = snapshot()
    data = {"name": "Noor", "password1": "12345678", "password2": "12345678"}
    response = client.post(invitation.get_absolute_url(), data)
    assert "Dit wachtwoord is te algemeen" in response.content.decode()
    assert snapshot() == before
    invitation.refresh_from_db()
    assert not invitation.is_accepted


def test_someone_with_an_account_is_asked_to_log_in_first(client, invitation):
    client.logout()
    UserFactory(email="Nieuw@example.org")
    html = client.get(invitation.get_absolute_url()).content.decode()
    assert "Er is al een account voor nieuw@example.org" in html
    assert f"{reverse('accounts:login')}?next={invitation.get_absolute_url()}" in html
    before = snapshot()
    client.post(invitation.get_absolute_url(), {"name": "x", "password1": STRONG, "password2": STRONG})
    assert snapshot() == before


def test_a_logged_in_person_accepts_with_one_click_and_twice_is_harmless(client, invitation):
    user = UserFactory(email="nieuw@example.org")
    client.force_login(user)
    assert "Uitnodiging aannemen" in client.get(invitation.get_absolute_url()).content.decode()
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert response.redirect_chain == [(reverse("accounts:organisation_list"), 302)]
    assert "Team Buurtcoaches · Coördinator" in response.content.decode()

    response = client.post(invitation.get_absolute_url(), follow=True)
    assert "Je had deze uitnodiging al aangenomen." in messages_of(response)
    assert TeamMembership.objects.filter(user=user).count() == 1


def test_an_invitation_for_another_address_changes_nothing(client, admin, invitation):
    before = snapshot()
    html = client.post(invitation.get_absolute_url()).content.decode()
    assert "Deze uitnodiging is voor nieuw@example.org, maar je bent ingelogd als" in html
    assert snapshot() == before


def test_an_expired_invitation_gets_a_clear_page_and_changes_nothing(client, invitation):
    client.logout()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15), expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in response.content.decode()
    assert "Vraag Fatima Bakker gerust om een nieuwe uitnodiging" in response.content.decode()
    data = {"name": "Noor", "password1": STRONG, "password2": STRONG}
    assert client.post(invitation.get_absolute_url(), data).status_code == 410
    client.force_login(UserFactory(email="nieuw@example.org"))
    assert client.post(invitation.get_absolute_url()).status_code == 410
    assert not TeamMembership.objects.exists()


def test_a_used_invitation_gets_a_clear_page(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), accepted_by=UserFactory())
    client.logout()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()


def test_an_unknown_invitation_is_404(client):
    assert client.get(reverse("accounts:invitation_accept", args=["bestaat-niet"])).status_code == 404


# --- issue 11: verified addresses ------------------------------------------------------


def confirm_url(message) -> str:
    return re.search(r"https?://[^/\s]+(/account/email/confirm/[^/\s]+/)", message.body).group(1)


def test_it_answers_a_sign_up_with_a_taken_address_exactly_like_a_new_one(client):
    UserFactory(email="bestaat@example.org")
    new = client.post(reverse("accounts:signup"), signup_data(email="nieuw@example.org"))
    client.cookies.clear()
    taken = client.post(reverse("accounts:signup"), signup_data(email="BESTAAT@example.org"))
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    assert new.content == taken.content
    assert set(new.cookies) == set(taken.cookies) == set()
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [["nieuw@example.org"], ["bestaat@example.org"]]
    assert User.objects.count() == 2


def test_it_confirms_the_address_with_a_button_behind_the_link(client):
    client.post(reverse("accounts:signup"), signup_data())
    url = confirm_url(mail.outbox[0])
    assert "Bevestig mijn e-mailadres" in client.get(url).content.decode()
    assert not User.objects.get().email_verified  # opening the link (a mail scanner) confirms nothing
    response = client.post(url)
    assert response["Location"] == reverse("accounts:login")
    assert User.objects.get().email_verified


def test_it_says_a_bad_confirmation_link_does_not_work(client):
    response = client.post(reverse("accounts:email_confirm", args=["nep"]))
    assert response.status_code == 400
    assert "werkt niet (meer)" in response.content.decode()


def test_an_unconfirmed_account_sees_no_invitations_and_cannot_accept_one(client):
    """Finding 1: a stranger signs up with an invited admin address and takes the organisation."""
    invitation = InvitationFactory(email="echt@example.org", role="admin")
    client.post(reverse("accounts:signup"), signup_data(email="echt@example.org"))
    client.login(username="echt@example.org", password=STRONG)

    page = client.get(reverse("accounts:organisation_list")).content.decode()
    assert invitation.token not in page
    assert "Bevestig je e-mailadres" in page
    response = client.get(invitation.get_absolute_url())
    assert "Bevestig eerst dat echt@example.org van jou is" in response.content.decode()
    client.post(invitation.get_absolute_url())
    invitation.refresh_from_db()
    assert not invitation.is_accepted
    assert not OrganisationMembership.objects.exists()


def test_a_confirmed_account_accepts_its_invitation(client):
    invitation = InvitationFactory(email="echt@example.org")
    client.force_login(UserFactory(email="echt@example.org"))
    assert invitation.get_absolute_url() in client.get(reverse("accounts:organisation_list")).content.decode()
    client.post(invitation.get_absolute_url())
    invitation.refresh_from_db()
    assert invitation.is_accepted


def test_it_resends_the_confirmation_link_but_not_endlessly(client):
    user = UnverifiedUserFactory()
    client.force_login(user)
    url = reverse("accounts:email_confirm_resend")
    for _ in range(3):
        assert "nieuwe link gestuurd" in " ".join(messages_of(client.post(url, follow=True)))
    assert "net al een paar links gestuurd" in " ".join(messages_of(client.post(url, follow=True)))
    assert len(mail.outbox) == 3


def test_it_changes_the_address_after_confirmation_from_the_profile(client):
    user = UserFactory(email="oud@example.org")
    client.force_login(user)
    response = client.post(reverse("accounts:email_change"), {"email": "nieuw@example.org"}, follow=True)
    assert "We hebben een link gestuurd naar nieuw@example.org" in " ".join(messages_of(response))
    user.refresh_from_db()
    assert user.email == "oud@example.org"
    client.post(confirm_url(mail.outbox[0]))
    user.refresh_from_db()
    assert user.email == "nieuw@example.org"


@pytest.mark.parametrize("email", ["geen-adres", "", "oud@example.org"])
def test_it_refuses_a_bad_new_address_and_saves_nothing(client, email):
    user = UserFactory(email="oud@example.org")
    client.force_login(user)
    response = client.post(reverse("accounts:email_change"), {"email": email})
    assert response.status_code == 200
    assert response.context["email_form"].errors
    user.refresh_from_db()
    assert user.email == "oud@example.org" and mail.outbox == []


def test_a_password_reset_confirms_the_address(client):
    user = UnverifiedUserFactory(email="vergeten@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "vergeten@example.org"})
    link = re.search(r"(/account/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    user.refresh_from_db()
    assert user.email_verified and user.check_password(STRONG)


def test_it_sends_at_most_three_reset_mails_an_hour_and_answers_the_same(client):
    UserFactory(email="doelwit@example.org")
    url = reverse("accounts:password_reset")
    answers = {client.post(url, {"email": "Doelwit@example.org"})["Location"] for _ in range(5)}
    assert answers == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 3


def test_it_limits_invitations_with_a_clear_message_and_saves_nothing(client, organisation, settings):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "invitation_per_account": (2, 3600)}
    url = reverse("accounts:invitation_create", args=[organisation.pk])
    for n in range(2):
        client.post(url, {"email": f"iemand{n}@example.org", "role": "coordinator"})
    before = snapshot()
    response = client.post(url, {"email": "nog-een@example.org", "role": "coordinator"})
    assert "Probeer het later nog eens" in response.content.decode()
    assert snapshot() == before and len(mail.outbox) == 2


# --- issue 11: the last admin -----------------------------------------------------------


def test_the_last_admin_cannot_delete_their_account_and_is_shown_the_way(client, admin, organisation):
    OrganisationMembershipFactory(organisation=organisation)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert reverse("accounts:organisation_delete", args=[organisation.pk]) in page
    assert 'name="password"' not in page
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=admin.pk).exists()


# --- issue 11: organisation life --------------------------------------------------------


def test_an_admin_renames_the_organisation(client, organisation):
    client.post(reverse("accounts:organisation_rename", args=[organisation.pk]), {"name": "  Wijkhuis  Noord "})
    organisation.refresh_from_db()
    assert organisation.name == "Wijkhuis Noord"


@pytest.mark.parametrize("name", ["", "   ", "x" * 151])
def test_it_refuses_a_bad_organisation_name_and_saves_nothing(client, organisation, name):
    response = client.post(reverse("accounts:organisation_rename", args=[organisation.pk]), {"name": name})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.name == "Vrijwilligerscentrale Zonnedael"
    assert not organisation.audit_events.exists()


def test_it_names_what_goes_before_deleting_an_organisation(client, organisation, team):
    url = reverse("accounts:organisation_delete", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "Buurtcoaches" in page and "functieprofiel" in page and "eigen zelfscans" in page
    client.post(url, {})  # not ticked: nothing happens
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("accounts:organisation_list")
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_admin_deletes_a_team(client, organisation, team):
    client.post(reverse("accounts:team_delete", args=[organisation.pk, team.pk]))
    assert not Team.objects.filter(pk=team.pk).exists()


def test_an_admin_resends_an_invitation(client, organisation):
    invitation = InvitationFactory(organisation=organisation)
    old = invitation.get_absolute_url()
    client.post(reverse("accounts:invitation_resend", args=[organisation.pk]), {"invitation": invitation.pk})
    assert client.get(old).status_code == 404
    invitation.refresh_from_db()
    assert [message.to for message in mail.outbox] == [[invitation.email]]


def test_it_refuses_to_resend_another_organisations_invitation(client, organisation):
    elsewhere = InvitationFactory()
    client.post(reverse("accounts:invitation_resend", args=[organisation.pk]), {"invitation": elsewhere.pk})
    assert Invitation.objects.get(pk=elsewhere.pk).token == elsewhere.token and mail.outbox == []


def test_admins_read_the_audit_trail_newest_first(client, admin, organisation, django_assert_num_queries):
    from accounts import services

    for n in range(60):
        services.team_create(organisation=organisation, name=f"Team {n}", by=admin)
    url = reverse("accounts:organisation_audit", args=[organisation.pk])
    with django_assert_num_queries(6):  # session, user, organisation, count, page, the menu's check
        page = client.get(url).content.decode()
    assert page.index("Team 59") < page.index("Team 58")
    assert "Team 9<" not in page and "Pagina 1 van 2" in page
    with django_assert_num_queries(6):
        assert "Team 9<" in client.get(url, {"page": 2}).content.decode()


def test_the_audit_trail_is_404_for_members_and_strangers(client, organisation):
    url = reverse("accounts:organisation_audit", args=[organisation.pk])
    client.force_login(OrganisationMembershipFactory(organisation=organisation).user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_real_owner_takes_back_an_address_someone_signed_up_with_first(client):
    """The squatter signed up before the invitation; the owner resets the password by mail and joins."""
    client.post(reverse("accounts:signup"), signup_data(email="echt@example.org", name="Indringer"))
    invitation = InvitationFactory(email="echt@example.org", role="admin")
    mail.outbox.clear()
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert reverse("accounts:password_reset") in page

    client.post(reverse("accounts:password_reset"), {"email": "echt@example.org"})
    link = re.search(r"(/account/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(
        client.get(link)["Location"], {"new_password1": "mijn eigen lange zin", "new_password2": "mijn eigen lange zin"}
    )
    assert not client.login(username="echt@example.org", password=STRONG)  # the squatter's password is gone
    assert client.login(username="echt@example.org", password="mijn eigen lange zin")
    client.post(invitation.get_absolute_url())
    invitation.refresh_from_db()
    assert invitation.is_accepted
