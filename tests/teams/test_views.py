"""The manager's team pages: who may see them, what they show, and what they never show."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import TeamMembership, TeamRole
from assessments import services
from assessments.models import Answer, Assessment, Goal
from catalog.cache import version_content
from tests.factories import (
    AdminMembershipFactory,
    ManagerMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-NIET-GEDEELD"

# Every page and export of one team, with the section the drill-down opens.
TEAM_URLS = [
    ("teams:overview", {}),
    ("teams:matrix", {}),
    ("teams:matrix_section", {"code": "10.2"}),
    ("teams:coverage", {}),
    ("teams:needs", {}),
    ("teams:matrix_xlsx", {}),
    ("teams:matrix_csv", {}),
]


def team_url(name, team, **kwargs):
    return reverse(name, kwargs={"team_pk": team.pk, **kwargs})


# ---------------------------------------------------------------------------------------
# Building teams (also used by test_exports)


def scan(owner, version, ratings=None, *, share_with=None, note="", role_title="", goals=()):
    """A self-assessment with `ratings` ({code: (current, desired)}; None rates everything), in a few queries."""
    assessment = Assessment.objects.create(owner=owner, version=version, role_title=role_title)
    items = {item.code: item for item in version.items.filter(rateable=True).order_by("position")}
    if ratings is None:
        ratings = {code: (1 + n % 3, 2 + n % 3) for n, code in enumerate(items)}
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item=items[code], applies=True, current=current, desired=desired, note=note)
        for code, (current, desired) in ratings.items()
    )
    for title, codes in goals:
        goal = Goal.objects.create(owner=assessment.owner, title=title)
        goal.rounds.add(assessment)
        goal.items.set([items[code] for code in codes])
    if share_with is not None:
        services.share_set(assessment=assessment, viewer=share_with, shared=True)
    return assessment


def member(team, name):
    return TeamMembershipFactory(team=team, user=UserFactory(name=name)).user


def build_squad(profile_version):
    """Team Buurtcoaches: Sanne shared, Youssef kept his zelfscan to himself, Marieke has none."""
    team = TeamFactory(name="Buurtcoaches")
    manager = ManagerMembershipFactory(team=team, user=UserFactory(name="Ilse Bakker")).user
    sanne, youssef, marieke = member(team, "Sanne de Vries"), member(team, "Youssef El Amrani"), member(team, "Marieke")
    shared = scan(
        sanne,
        profile_version,
        {"8.1": (2, 4), "9.1.1": (3, 3), "9.2.1": (1, 3), "10.2.1": (2, 3), "10.2.k1": (3, 4)},
        share_with=manager,
        role_title="Coördinator buurthuis",
        goals=[("Beleid vernieuwen", ["9.2.1"])],
    )
    scan(
        youssef,
        profile_version,
        {"9.3.1": (1, 4), "10.5.1": (1, 4)},
        note=SECRET,
        role_title=SECRET,
        goals=[(SECRET, ["10.5.1"])],
    )
    return team, manager, sanne, youssef, marieke, shared


@pytest.fixture
def squad(profile_version):
    return build_squad(profile_version)


# ---------------------------------------------------------------------------------------
# Who may see what


@pytest.mark.parametrize(("name", "kwargs"), TEAM_URLS)
def test_someone_else_gets_404(client, squad, name, kwargs):
    team, manager, sanne, *_rest = squad
    other_team = TeamFactory(organisation=team.organisation)
    other_manager = ManagerMembershipFactory(team=other_team).user
    url = team_url(name, team, **kwargs)
    for person in [sanne, other_manager, UserFactory()]:
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.force_login(manager)
    assert client.get(team_url(name, other_team, **kwargs)).status_code == 404
    assert client.get(url.replace(f"/{team.pk}/", "/999999/")).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), [("teams:list", None), *TEAM_URLS])
def test_anonymous_visitors_are_sent_to_log_in(client, squad, name, kwargs):
    url = reverse(name) if kwargs is None else team_url(name, squad[0], **kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "kwargs"), TEAM_URLS)
def test_the_manager_of_the_team_sees_every_page(client, squad, name, kwargs):
    client.force_login(squad[1])
    assert client.get(team_url(name, squad[0], **kwargs)).status_code == 200


def test_a_section_the_shared_assessments_do_not_have_is_404(client, squad):
    client.force_login(squad[1])
    assert client.get(team_url("teams:matrix_section", squad[0], code="99")).status_code == 404


# ---------------------------------------------------------------------------------------
# Mijn teams and the menu


def test_a_manager_of_one_team_goes_straight_to_it(client, squad):
    client.force_login(squad[1])
    response = client.get(reverse("teams:list"))
    assert response.status_code == 302
    assert response["Location"] == team_url("teams:overview", squad[0])


def test_a_manager_of_several_teams_chooses_one(client, squad):
    manager = squad[1]
    second = TeamFactory(name="Maatjesproject")
    ManagerMembershipFactory(team=second, user=manager)
    member(second, "Pim")
    client.force_login(manager)
    response = client.get(reverse("teams:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Buurtcoaches" in html and "Maatjesproject" in html
    assert "3 coördinatoren" in html and "1 coördinator<" in html
    assert team_url("teams:overview", second) in html


def test_someone_without_a_team_gets_a_kind_explanation(client, squad):
    client.force_login(squad[2])  # Sanne coordinates, she manages nothing
    response = client.get(reverse("teams:list"))
    assert response.status_code == 200
    assert "Je hebt (nog) geen team" in response.content.decode()


def test_the_menu_shows_mijn_teams_only_to_managers(client, squad):
    link = f'href="{reverse("teams:list")}"'
    client.force_login(squad[1])
    assert link in client.get(reverse("assessments:list")).content.decode()
    client.force_login(squad[2])
    assert link not in client.get(reverse("assessments:list")).content.decode()


# ---------------------------------------------------------------------------------------
# What the pages show


def test_the_overview_shows_the_state_of_each_shared_assessment(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    services.assessment_finalise(assessment=shared)
    client.force_login(manager)
    html = client.get(team_url("teams:overview", team)).content.decode()
    rows = dict(re.findall(r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>(.*?)</tr>', html, re.S))
    assert "Definitief" in rows["Sanne de Vries"]
    assert "Competentieprofiel Coördinator Vrijwilligerswerk 2025" in rows["Sanne de Vries"]
    assert "Nog niets gedeeld" in rows["Youssef El Amrani"]
    assert "Nog niets gedeeld" in rows["Marieke"]
    assert "2 mensen hebben nog niets gedeeld" in html


def test_the_matrix_shows_section_averages_of_those_who_shared(client, squad):
    team, manager = squad[0], squad[1]
    client.force_login(manager)
    html = client.get(team_url("teams:matrix", team)).content.decode()
    assert "Je ziet wat 1 van de 3 coördinatoren in je team met je deelden." in html
    assert "2 mensen hebben nog niets gedeeld." in html
    assert '<th scope="col" class="matrix-member">Sanne de Vries</th>' in html
    assert "Youssef" not in html and "Marieke" not in html
    # 10.2: competentie 2→3 and kennisgebied 3→4 average to 2,5 → 3,5
    section = html[html.index("10.2</span>") :]
    assert "2,5 → 3,5" in section[: section.index("</tr>")]
    assert team_url("teams:matrix_section", team, code="10.2") in html


def test_the_drill_down_shows_single_items_grouped_by_kind(client, squad):
    client.force_login(squad[1])
    html = client.get(team_url("teams:matrix_section", squad[0], code="10.2")).content.decode()
    assert "Competenties" in html and "Kennisgebieden" in html
    assert html.count('<tr>\n            <th scope="row"') == 8 + 9
    assert "heat-small" in html  # 10.2.1: 2 → 3
    assert "nu 2, gewenst 3, verschil +1" in html  # what a screen reader hears


def test_coverage_makes_taakgebieden_nobody_covers_stand_out(client, squad):
    client.force_login(squad[1])
    html = client.get(team_url("teams:coverage", squad[0])).content.decode()
    assert "11 taakgebieden heeft nog niemand aangevinkt" in html  # 13, of which Sanne ticked 9.1.1 and 9.2.1
    assert 'id="coverage-9.1.1" class=""' in html
    assert 'id="coverage-9.1.2" class="uncovered"' in html


def test_needs_rank_the_largest_wish_to_grow_with_goals(client, squad):
    client.force_login(squad[1])
    html = client.get(team_url("teams:needs", squad[0])).content.decode()
    codes = re.findall(r'<th scope="row"><span class="code">([^<]+)</span>', html)
    assert codes == ["9.2.1", "8.1", "10.2.1", "10.2.k1"]  # a tie in gaps goes to the goal
    assert "1 keer" in html  # Sanne's goal on 9.2.1


def test_nothing_shared_yet_says_so_kindly(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    services.share_set(assessment=shared, viewer=manager, shared=False)
    client.force_login(manager)
    for name in ["teams:matrix", "teams:coverage", "teams:needs"]:
        html = client.get(team_url(name, team)).content.decode()
        assert "Nog niets om samen naar te kijken" in html
        assert "3 mensen hebben nog niets gedeeld" in html


def test_a_member_on_an_older_version_is_matched_by_item_code(client, squad, profile_version):
    """Sanne's shared scan is on an older version of the profile; the rows are those of the newest."""
    from catalog.loading import load_framework
    from tests.conftest import framework_data

    team, manager, sanne, youssef, marieke, shared = squad
    data = framework_data()
    newer = load_framework({**data, "version": {**data["version"], "label": "2026"}}).version
    scan(youssef, newer, {"10.2.1": (4, 4)}, share_with=manager)
    client.force_login(manager)
    html = client.get(team_url("teams:matrix_section", team, code="10.2")).content.decode()
    row = html[html.index("10.2.1</span>") :]
    row = row[: row.index("</tr>")]
    assert "nu 2, gewenst 3" in row and "nu 4, gewenst 4" in row
    assert "nu 3,0, gewenst 3,5" in row  # the team average over both versions
    overview = client.get(team_url("teams:overview", team)).content.decode()
    assert "2025" in overview and "2026" in overview


# ---------------------------------------------------------------------------------------
# Privacy: nothing unshared appears on any page, in any export, in any count


def normalised(response) -> object:
    """What a response shows, without what differs on every request (CSRF tokens)."""
    if response["Content-Type"].startswith("text/html"):
        return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())
    if response["Content-Type"].startswith("text/csv"):
        return response.content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(response.content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def everything(client, team) -> dict:
    return {name: normalised(client.get(team_url(name, team, **kwargs))) for name, kwargs in TEAM_URLS}


def assert_no_secret(shown: dict):
    for name, content in shown.items():
        assert SECRET not in str(content), name


def test_an_unshared_assessment_looks_exactly_like_no_assessment(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    client.force_login(manager)
    with_unshared = everything(client, team)
    for name in [
        "teams:overview",
        "teams:matrix",
        "teams:matrix_xlsx",
        "teams:matrix_csv",
    ]:
        assert "Sanne de Vries" in str(with_unshared[name])
    assert_no_secret(with_unshared)
    Assessment.objects.filter(owner=youssef).delete()
    assert everything(client, team) == with_unshared


def test_a_newer_unshared_round_does_not_replace_the_shared_one(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    client.force_login(manager)
    before = everything(client, team)
    scan(sanne, shared.version, {"8.1": (4, 4), "9.3.1": (1, 4)}, note=SECRET, role_title=SECRET)
    after = everything(client, team)
    assert_no_secret(after)
    assert after == before


def test_a_revoked_share_disappears_from_every_page_and_count(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    pim = member(team, "Pim")
    revoked = scan(pim, shared.version, {"9.3.1": (1, 4)}, note=SECRET, share_with=manager)
    client.force_login(manager)
    assert "Pim" in everything(client, team)["teams:matrix"]
    services.share_set(assessment=revoked, viewer=manager, shared=False)
    after_revoking = everything(client, team)
    assert_no_secret(after_revoking)
    revoked.delete()
    assert everything(client, team) == after_revoking


def test_a_member_who_left_the_team_is_gone_with_their_shared_assessment(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    pim = member(team, "Pim Vos")
    scan(pim, shared.version, {"9.3.1": (1, 4)}, note=SECRET, share_with=manager)
    client.force_login(manager)
    TeamMembership.objects.filter(team=team, user=pim).delete()
    after_leaving = everything(client, team)
    assert "Pim Vos" not in str(after_leaving)
    assert_no_secret(after_leaving)
    pim.delete()
    assert everything(client, team) == after_leaving


def test_a_manager_does_not_see_assessments_shared_with_another_manager(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    second_manager = ManagerMembershipFactory(team=team, user=UserFactory(name="Tweede leidinggevende")).user
    client.force_login(manager)
    before = everything(client, team)
    unshared = Assessment.objects.get(owner=youssef)
    services.share_set(assessment=unshared, viewer=second_manager, shared=True)
    assert everything(client, team) == before
    client.force_login(second_manager)
    assert "Youssef El Amrani" in everything(client, team)["teams:matrix"]


def test_a_manager_who_is_also_coordinator_elsewhere_sees_only_their_own_teams_members(client, squad):
    team, manager = squad[0], squad[1]
    elsewhere = TeamFactory(organisation=team.organisation)
    TeamMembership.objects.create(team=elsewhere, user=manager, role=TeamRole.COORDINATOR)
    client.force_login(manager)
    html = client.get(team_url("teams:overview", team)).content.decode()
    assert html.count('<tr class="team-member">') == 3


# ---------------------------------------------------------------------------------------
# Query counts do not grow with the team


def grow(team, manager, version, count):
    for n in range(count):
        scan(member(team, f"Lid {n:03d}"), version, share_with=manager, goals=[("Groeien", ["10.1.1"])])


@pytest.mark.parametrize(
    ("name", "kwargs", "queries", "changed"),
    [
        # session, user, team with its number of members, the shared assessments (ids), their versions,
        # the page's assessments, menu (the items and the scale are read once per process: catalog.cache):
        # the team's cells and the page's sums per section are kept in the cache; the first view after a
        # change adds up what is not kept yet (see team_matrix_page)
        ("teams:matrix", {}, 7, 1),
        # the same, + the page's answers in the section (a team of one page: its cells are made of them;
        # beyond a page, + the section's sums per item after a change)
        ("teams:matrix_section", {"code": "10.1"}, 8, 0),
        # session, user, team with its number of members, the shared assessments (ids), their versions,
        # the first names per taakgebied with how many ticked it, menu
        ("teams:coverage", {}, 7, 0),
        # the same, with the gaps per item and the goals per item instead of the names
        ("teams:needs", {}, 8, 0),
        ("teams:matrix_xlsx", {}, 7, 0),  # + goal items, no menu
        ("teams:matrix_csv", {}, 6, 0),
        # session, user, team, how many members, the page's members, how many shared, the page's shared
        # assessments, the team's scanrondes (none here), menu
        ("teams:overview", {}, 9, 0),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_team(
    client, profile_version, django_assert_num_queries, name, kwargs, queries, changed
):
    version_content(profile_version)  # read once per process, as on a running server
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    grow(team, manager, profile_version, 3)
    client.force_login(manager)
    url = team_url(name, team, **kwargs)
    with django_assert_num_queries(queries + changed):  # the first view: nothing kept yet
        assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(team, manager, profile_version, 9)
    with django_assert_num_queries(queries + changed):  # nine more: the key of the team's cells is new
        assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if name == "teams:matrix_csv":
        assert len(next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))) == 2 + 3 * 13


@pytest.mark.parametrize(
    ("name", "kwargs", "queries"), [("teams:matrix", {}, 7), ("teams:matrix_section", {"code": "10.1"}, 8)]
)
def test_the_number_of_queries_does_not_grow_with_the_team_beyond_a_page(
    client, profile_version, django_assert_num_queries, monkeypatch, name, kwargs, queries
):
    from teams import views

    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 2)
    version_content(profile_version)
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    grow(team, manager, profile_version, 3)
    client.force_login(manager)
    url = team_url(name, team, **kwargs)
    with django_assert_num_queries(queries + 1):  # nothing kept yet: the sums of everyone
        assert len(client.get(url + "?page=2").context["columns"]) == 1
    grow(team, manager, profile_version, 9)
    for page, added in (("1", 1), ("3", 0), ("6", 0)):  # the first view after nine more sums what is new
        with django_assert_num_queries(queries + added):
            response = client.get(url + f"?page={page}")
        assert len(response.context["columns"]) == 2
        assert all(len(row.cells) == 2 for _kind, rows in response.context["groups"] for row in rows)


def varied_team(version, seed: int):
    """A team of odd ratings (levels missing, items not ticked, members without a share) and a tie: the
    grondhouding's team cell is 2,25 now, 2,2 as Python rounds (half to even). Returns (team, manager)."""
    import random

    rng = random.Random(seed)
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    codes = [code for code in version.items.filter(rateable=True).values_list("code", flat=True) if code[0] != "8"]
    for n in range(13):
        ratings = {}
        for code in rng.sample(codes, rng.randint(0, len(codes))):
            current = rng.choice((None, 1, 2, 3, 4, 4))
            ratings[code] = (current, rng.choice((None, 1, 2, 3, 4)) if current else rng.choice((None, 3)))
        scan(member(team, f"Lid {rng.randint(0, 5)}"), version, ratings, share_with=manager if n % 4 else None)
    # the grondhouding: 1,5 and 3 now, on average 2,25
    scan(member(team, "Half"), version, {"8.1": (1, 3), "8.2": (2, 3)}, share_with=manager)
    scan(member(team, "Drie"), version, {"8.1": (3, 4)}, share_with=manager)
    Answer.objects.filter(applies=True, current=4, desired=None).update(applies=False)  # some not ticked
    return team, manager


def assert_the_pages_show_the_whole_team(client, team, manager, pages=(1, 2, 3)):
    """Every cell of every page of the matrix and of four drill-downs, the team's included, is what the
    matrix of the whole team says (with its rounding)."""
    from teams import selectors

    whole = selectors.team_matrix(manager=manager, team=team).matrix
    for name, kwargs, expected in [
        ("teams:matrix", {}, whole.section_rows()),
        *[("teams:matrix_section", {"code": code}, whole.item_rows(code)) for code in ("8", "9.1", "10.2", "10.5")],
    ]:
        shown = []
        for page in pages:
            response = client.get(team_url(name, team, **kwargs) + f"?page={page}")
            rows = [row for _kind, group in response.context["groups"] for row in group]
            assert [(row.code, row.team) for row in rows] == [(row.code, row.team) for row in expected]
            shown.append([row.cells for row in rows])
        assert [sum((cells[index] for cells in shown), []) for index in range(len(expected))] == [
            row.cells for row in expected
        ]
    return whole


def test_a_page_of_the_matrix_shows_the_same_figures_as_the_whole_team(client, profile_version, monkeypatch):
    """The pages load only their own members and let the database add up the team's levels: every
    cell, the team's included, is what the matrix of the whole team says (with its rounding)."""
    from django.core.cache import cache

    from teams import views

    team, manager = varied_team(profile_version, seed=18)
    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 4)
    client.force_login(manager)
    whole = assert_the_pages_show_the_whole_team(client, team, manager)
    assert len(whole.members) == 11
    assert (whole.section_rows()[0].code, whole.section_rows()[0].team.current) == ("8", 2.2)
    cache.clear()
    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 11)  # everyone on one page: its answers make the team's
    assert_the_pages_show_the_whole_team(client, team, manager, pages=(1,))


def test_after_one_member_saved_only_their_sums_are_added_up_again(client, profile_version, monkeypatch):
    """Each shared assessment's sums per section are kept under its last change: the first view after a
    save adds up that one assessment, the others come from the cache, and every cell is still what the
    matrix of the whole team says."""
    from teams import selectors, views

    team, manager = varied_team(profile_version, seed=7)
    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 4)
    summed = []
    add_up = selectors._section_sums
    monkeypatch.setattr(selectors, "_section_sums", lambda ids, items: summed.append(set(ids)) or add_up(ids, items))
    client.force_login(manager)
    url = team_url("teams:matrix", team)

    whole = assert_the_pages_show_the_whole_team(client, team, manager)
    assert summed == [{member.assessment.pk for member in whole.members}]  # once, everyone
    summed.clear()
    client.get(url + "?page=2")
    assert summed == []  # the page's sums are kept too

    saver = whole.members[5].assessment  # on page 2
    for code, changes in [("9.1.1", {"current": "4", "desired": "4"}), ("10.2.1", {"applies": "0"})]:
        services.answer_save(assessment=saver, item=profile_version.items.get(code=code), changes=changes)
    now = assert_the_pages_show_the_whole_team(client, team, manager)
    assert summed == [{saver.pk}]
    assert [row.team for row in now.section_rows()] != [row.team for row in whole.section_rows()]
    assert (now.section_rows()[0].code, now.section_rows()[0].team.current) == ("8", 2.2)


def test_assessments_on_another_framework_get_their_own_matrix(client, squad):
    from catalog.loading import load_framework
    from tests.conftest import framework_data

    team, manager, sanne, youssef, marieke, shared = squad
    data = framework_data()
    other = load_framework(
        {**data, "framework": {**data["framework"], "code": "bouwstenen", "name": "Bouwstenen"}}
    ).version
    scan(marieke, other, {"10.2.1": (1, 2)}, share_with=manager)
    scan(member(team, "Pim"), shared.version, {"10.2.1": (3, 3)}, share_with=manager)
    client.force_login(manager)
    html = client.get(team_url("teams:matrix", team)).content.decode()
    assert "Je ziet wat 2 van de 4 coördinatoren in je team met je deelden." in html  # the most used framework
    assert '<a href="?framework=bouwstenen">Bouwstenen (1)</a>' in html
    assert "Marieke" not in html
    html = client.get(team_url("teams:matrix", team) + "?framework=bouwstenen").content.decode()
    assert '<th scope="col" class="matrix-member">Marieke</th>' in html and "Sanne" not in html
    assert team_url("teams:matrix_xlsx", team) + "?framework=bouwstenen" in html
    assert team_url("teams:coverage", team) + "?framework=bouwstenen" in html
    csv_text = client.get(team_url("teams:matrix_csv", team) + "?framework=bouwstenen").content
    assert "Marieke" in csv_text.decode("utf-8-sig") and "Sanne" not in csv_text.decode("utf-8-sig")


def test_a_team_without_coordinators_says_so(client, profile_version):
    team = TeamFactory()
    client.force_login(ManagerMembershipFactory(team=team).user)
    for name in ["teams:overview", "teams:matrix"]:
        html = client.get(team_url(name, team)).content.decode()
        assert html.count("Er zitten nog geen coördinatoren in dit team.") == 1
        assert "Je ziet wat" not in html


def test_it_sends_the_old_team_addresses_to_their_new_home(client):
    response = client.get("/assessments/teams/12/matrix/?framework=bouwstenen")
    assert response.status_code == 301
    assert response["Location"] == "/teams/12/matrix/?framework=bouwstenen"
    assert client.get("/assessments/teams/")["Location"] == "/teams/"


# ---------------------------------------------------------------------------------------
# A large team: the matrix shows its members a page at a time, the average counts everyone


@pytest.mark.parametrize(("name", "kwargs"), [("teams:matrix", {}), ("teams:matrix_section", {"code": "10.2"})])
def test_the_matrix_shows_a_page_of_members_and_averages_over_all(client, profile_version, monkeypatch, name, kwargs):
    from teams import views

    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    for n, level in enumerate((1, 1, 1, 3, 3)):  # 10.2.1: nu 1, 1, 1, 3, 3 → the team: 1.8
        scan(member(team, f"Lid {n}"), profile_version, {"10.2.1": (level, 4)}, share_with=manager)
    client.force_login(manager)
    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 2)
    url = team_url(name, team, **kwargs)

    pages = [client.get(url + f"?page={number}") for number in (1, 2, 3)]
    shown = [[member.user.name for member in page.context["columns"]] for page in pages]
    assert shown == [["Lid 0", "Lid 1"], ["Lid 2", "Lid 3"], ["Lid 4"]]
    for page in pages:
        html = page.content.decode()
        assert "1,8" in html or "1.8" in html  # the team's average of everyone, on every page
        assert all(
            len(row.cells) == len(page.context["columns"]) for _kind, rows in page.context["groups"] for row in rows
        )
    assert "Mensen 1–2 van 5" in pages[0].content.decode()
    assert pages[0].context["next_columns"] == "?page=2" and pages[0].context["previous_columns"] == ""
    assert pages[2].context["next_columns"] == "" and pages[2].context["previous_columns"] == "?page=2"

    for odd in ("0", "abc", "-3", "99999999999999999999"):
        response = client.get(url + f"?page={odd}")
        assert response.status_code == 200, odd
        assert response.context["columns"].number in (1, 3)


def second_framework():
    """Another framework beside the profile (the same items, under the code "bouwstenen"): its version."""
    from catalog.loading import load_framework
    from tests.conftest import framework_data

    data = framework_data()
    return load_framework(
        {**data, "framework": {**data["framework"], "code": "bouwstenen", "name": "Bouwstenen"}}
    ).version


def test_matrix_pages_keep_the_chosen_framework(client, squad, monkeypatch):
    from teams import views

    team, manager, sanne, youssef, marieke, shared = squad
    other = second_framework()
    for n in range(2):  # the profile stays the one most use: 3 against 2
        scan(member(team, f"Extra {n}"), shared.version, {"10.2.1": (2, 3)}, share_with=manager)
    scan(marieke, other, {"10.2.1": (1, 2)}, share_with=manager)
    scan(member(team, "Pim"), other, {"10.2.1": (3, 3)}, share_with=manager)
    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 1)
    client.force_login(manager)

    response = client.get(team_url("teams:matrix", team) + "?framework=bouwstenen")
    assert [member.user.name for member in response.context["columns"]] == ["Marieke"]
    assert response.context["next_columns"] == "?framework=bouwstenen&page=2"
    html = client.get(team_url("teams:matrix", team) + "?framework=bouwstenen&page=2").content.decode()
    assert "Mensen 2–2 van 2" in html and "?framework=bouwstenen&amp;page=1" in html


def test_the_matrix_marks_a_low_present_level_beside_the_colour_of_the_wish(client, squad):
    client.force_login(squad[1])
    html = client.get(team_url("teams:matrix_section", squad[0], code="9.2")).content.decode()
    row = html[html.index("9.2.1</span>") :]
    cell = row[: row.index("</tr>")]
    assert 'class="heat heat-medium is-low"' in cell  # 1 → 3: a wish of two levels, and low now
    assert "nu nog op het eerste niveau" in cell  # what a screen reader hears
    assert "▼" in cell
    other = client.get(team_url("teams:matrix_section", squad[0], code="10.2")).content.decode()
    assert "is-low" not in other.split("</thead>")[1]  # 2 → 3 and 3 → 4: not low
    legend = client.get(team_url("teams:matrix", squad[0])).content.decode()
    assert "nu nog op het eerste niveau (gemiddeld 1,5 of lager)" in legend


@pytest.mark.parametrize(
    ("name", "kwargs", "row"), [("teams:matrix", {}, "10.1"), ("teams:matrix_section", {"code": "10.1"}, "10.1.1")]
)
def test_the_team_cells_are_kept_yet_follow_every_save_revoke_and_departure(
    client, profile_version, monkeypatch, name, kwargs, row
):
    """The team's cells come from the cache (they grow with the team); its key changes with what they
    are made of, so a save, a revoke or someone leaving shows at once, and nothing unshared counts."""
    from accounts import services as accounts_services
    from teams import views

    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 1)  # the team's cells count more than the page shows
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    low = scan(member(team, "Een"), profile_version, {"10.1.1": (1, 2)}, share_with=manager)
    high = scan(member(team, "Twee"), profile_version, {"10.1.1": (3, 4)}, share_with=manager)
    scan(member(team, "Drie"), profile_version, {"10.1.1": (4, 4)})  # not shared: never counted
    client.force_login(manager)
    url = team_url(name, team, **kwargs)

    def team_cell():
        response = client.get(url)
        cell = next(r.team for _kind, rows in response.context["groups"] for r in rows if r.code == row)
        return (cell.current, cell.desired)

    assert team_cell() == (2.0, 3.0)
    assert team_cell() == (2.0, 3.0)  # from the cache
    services.answer_save(assessment=high, item=profile_version.items.get(code="10.1.1"), changes={"current": "1"})
    assert team_cell() == (1.0, 3.0)
    services.share_set(assessment=high, viewer=manager, shared=False)
    assert team_cell() == (1.0, 2.0)
    services.share_set(assessment=high, viewer=manager, shared=True)
    admin = AdminMembershipFactory(organisation=team.organisation).user
    accounts_services.team_member_remove(team=team, user=low.owner, by=admin)
    assert team_cell() == (1.0, 4.0)


def test_the_overview_shows_a_page_of_members_and_counts_the_whole_team(
    client, profile_version, django_assert_num_queries, monkeypatch
):
    from teams import views

    monkeypatch.setattr(views, "MEMBERS_PAGE_SIZE", 2)
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    grow(team, manager, profile_version, 3)  # Lid 000-002 shared
    for name in ("Lid 003", "Lid 004"):  # made nothing
        member(team, name)
    client.force_login(manager)
    url = team_url("teams:overview", team)
    pages = {}
    for number in ("1", "2", "3"):
        with django_assert_num_queries(9):
            response = client.get(url + f"?page={number}")
        pages[number] = [member.get_full_name() for member, _shared in response.context["rows"]]
    assert pages == {"1": ["Lid 000", "Lid 001"], "2": ["Lid 002", "Lid 003"], "3": ["Lid 004"]}
    html = response.content.decode()
    assert "Mensen 5–5 van 5" in html and 'href="?page=2#members-heading"' in html
    assert "Je ziet wat 3 van de 5 coördinatoren in je team met je deelden." in html
    assert "2 mensen hebben nog niets gedeeld." in html
    shared = dict(client.get(url + "?page=2").context["rows"])
    assert [bool(assessment) for assessment in shared.values()] == [True, False]
    # a page past the end shows the last one, nonsense the first
    assert [m.get_full_name() for m, _s in client.get(url + "?page=99").context["rows"]] == ["Lid 004"]
    assert [m.get_full_name() for m, _s in client.get(url + "?page=x").context["rows"]] == ["Lid 000", "Lid 001"]


# ---------------------------------------------------------------------------------------
# Coverage and needs of a large team: the database counts, the page names a few


def test_coverage_names_the_first_few_and_counts_the_rest(client, profile_version, monkeypatch):
    from teams import views

    monkeypatch.setattr(views, "COVERAGE_NAMES_SHOWN", 2)
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    for name, level in [("Daan", 1), ("Bo", 3), ("Cem", None), ("Anouk", 2)]:
        scan(member(team, name), profile_version, {"9.1.1": (level, 4), "9.1.2": (2, 2)}, share_with=manager)
    scan(member(team, "Eva de Wit"), profile_version, {"9.1.1": (4, 4)})  # not shared: not counted, not named
    client.force_login(manager)
    url = team_url("teams:coverage", team)

    response = client.get(url)
    row = next(row for group in response.context["groups"] for row in group.rows if row.code == "9.1.1")
    assert [(user.name, current) for user, current in row.members] == [("Anouk", 2), ("Bo", 3)]
    assert (row.ticked, row.more) == (4, 2)
    html = response.content.decode()
    cell = html[html.index('id="coverage-9.1.1"') :]
    cell = cell[: cell.index("</tr>")]
    assert '<td class="text-end text-nowrap">4</td>' in cell
    assert 'href="?taakgebied=9.1.1#coverage-9.1.1">en nog 2 mensen' in cell
    assert "Cem" not in cell and "Eva de Wit" not in html

    everyone = client.get(url + "?taakgebied=9.1.1")
    row = next(row for group in everyone.context["groups"] for row in group.rows if row.code == "9.1.1")
    assert [user.name for user, _current in row.members] == ["Anouk", "Bo", "Cem", "Daan"]
    assert row.more == 0
    html = everyone.content.decode()
    assert f'href="{url}#coverage-9.1.1">minder namen' in html
    assert 'href="?taakgebied=9.1.2#coverage-9.1.2">en nog 2 mensen' in html  # the others stay short


def test_coverage_keeps_the_chosen_framework_in_its_links(client, squad, monkeypatch):
    from teams import views

    team, manager, sanne, youssef, marieke, shared = squad
    other = second_framework()
    scan(marieke, other, {"9.1.1": (1, 2)}, share_with=manager)
    scan(member(team, "Pim"), other, {"9.1.1": (3, 3)}, share_with=manager)
    for name in ("Zoë", "Zeno"):  # the profile stays the one most use: 3 against 2
        scan(member(team, name), shared.version, {"9.1.1": (3, 3)}, share_with=manager)
    monkeypatch.setattr(views, "COVERAGE_NAMES_SHOWN", 1)
    client.force_login(manager)
    url = team_url("teams:coverage", team) + "?framework=bouwstenen"
    html = client.get(url).content.decode()
    assert "Marieke" in html and "Sanne" not in html
    assert 'href="?framework=bouwstenen&amp;taakgebied=9.1.1#coverage-9.1.1">en nog 1 persoon' in html
    html = client.get(url + "&taakgebied=9.1.1").content.decode()
    assert "Pim" in html
    assert f'href="{team_url("teams:coverage", team)}?framework=bouwstenen#coverage-9.1.1">minder namen' in html


def test_coverage_with_every_name_still_takes_a_fixed_number_of_queries(
    client, profile_version, django_assert_num_queries
):
    version_content(profile_version)  # read once per process
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user
    grow(team, manager, profile_version, 3)
    client.force_login(manager)
    url = team_url("teams:coverage", team) + "?taakgebied=9.1.1"
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    grow(team, manager, profile_version, 12)
    with django_assert_num_queries(7):
        response = client.get(url)
    row = next(row for group in response.context["groups"] for row in group.rows if row.code == "9.1.1")
    assert (len(row.members), row.ticked) == (15, 15)


def test_coverage_and_needs_count_what_the_whole_matrix_says(client, profile_version, monkeypatch):
    """The coverage and needs pages let the database count instead of scoring everyone's answers: their
    figures are those of the matrix of the whole team (`team_matrix`), on two versions of the profile,
    with unticked and unrated answers, rounds that do not count, goals and ties."""
    import copy
    import random

    from catalog.loading import load_framework
    from teams import selectors, views
    from tests.conftest import framework_data

    data = copy.deepcopy(framework_data())
    for main in data["items"]:
        if main["code"] == "9.3":  # the newer version drops a taakgebied and adds one
            main["children"] = [child for child in main["children"] if child["code"] != "9.3.4"]
            main["children"].append({"code": "9.3.9", "kind": "taakgebied", "title": "Nieuw taakgebied"})
    newer = load_framework({**data, "version": {**data["version"], "label": "2026"}}).version

    rng = random.Random(18)
    team = TeamFactory()
    manager = ManagerMembershipFactory(team=team).user

    def random_scan(person, version, *, share=True):
        codes = [
            code
            for code in version.items.filter(rateable=True).values_list("code", flat=True)
            if code != "9.1.5"  # nobody ticks it
        ]
        ratings = {}
        for code in rng.sample(codes, rng.randint(0, 40)):
            ratings[code] = (rng.choice((None, 1, 2, 3, 4)), rng.choice((None, 1, 2, 3, 4, 4)))
        goals = [
            ("Doel", rng.sample(list(ratings) if len(ratings) > 1 else codes, 2)) for _ in range(rng.randint(0, 2))
        ]
        return scan(person, version, ratings, share_with=manager if share else None, goals=goals)

    for n in range(16):
        person = member(team, f"Lid {rng.randint(0, 6)}")  # names alike: ties broken by address
        random_scan(person, rng.choice((profile_version, newer)), share=n % 5 != 0)
        if n % 6 == 1:
            random_scan(person, newer)  # a newer shared round: the older one no longer counts
        if n % 6 == 2:
            random_scan(person, newer, share=False)  # a newer round kept private: the shared one counts
    twice = [("Eerste doel", ["10.2.1", "9.1.1"]), ("Tweede doel", ["10.2.1"])]  # one person, one item
    scan(member(team, "Lid 9"), newer, {"10.2.1": (1, 2), "9.1.1": (2, 2)}, share_with=manager, goals=twice)
    elsewhere = TeamFactory(organisation=team.organisation)
    ManagerMembershipFactory(team=elsewhere, user=manager)
    random_scan(member(elsewhere, "Lid 1"), profile_version)  # shared with the manager, in another team
    # unticked answers keep their levels: they count nowhere
    Answer.objects.filter(applies=True, current=1, desired=4).update(applies=False)
    Answer.objects.filter(applies=True, current=3, desired=None).update(applies=False)

    whole = selectors.team_matrix(manager=manager, team=team, goals=True).matrix
    assert len(whole.members) == 13 and whole.mixed_versions
    expected_needs = whole.needs()
    assert len({(need.total_gap, need.goals) for need in expected_needs}) < len(expected_needs)  # ties
    monkeypatch.setattr(views, "COVERAGE_NAMES_SHOWN", 3)
    client.force_login(manager)

    def rows(groups):
        return [(group.code, row.code, row.title, row.ticked, row.members) for group in groups for row in group.rows]

    response = client.get(team_url("teams:coverage", team))
    expected = rows(whole.coverage())
    shown = rows(response.context["groups"])
    assert [row[:4] for row in shown] == [row[:4] for row in expected]
    assert [row[4] for row in shown] == [row[4][:3] for row in expected]
    assert any(row[3] > 3 for row in expected) and "9.3.9" in [row[1] for row in shown]
    assert [row.code for row in response.context["uncovered"]] == ["9.1.5"]
    for code in ("9.1.1", "9.3.4"):
        everyone = rows(client.get(team_url("teams:coverage", team) + f"?taakgebied={code}").context["groups"])
        assert next(row for row in everyone if row[1] == code) == next(row for row in expected if row[1] == code)

    assert client.get(team_url("teams:needs", team)).context["needs"] == expected_needs
    counted = selectors.teams_with_counts(manager).get(pk=team.pk)
    every_need = selectors.team_needs(manager=manager, team=counted, limit=None).needs
    assert every_need == whole.needs(limit=None) and len(every_need) > 40
