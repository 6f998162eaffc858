"""A leidinggevende's side: a functieprofiel's tasks, compared with a member's shared takenpakket,
and how the team's work is spread. Only what members shared."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import NormProfile
from catalog.models import FrameworkVersion, Item, ItemKind
from functie import services
from functie.models import NormTask
from functie.selectors import shared_package
from tests.factories import UserFactory, team_with

from .conftest import entries, tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return UserFactory(name="Ilse Bakker")


@pytest.fixture
def team(package, manager):
    return team_with(coordinators=[package.owner], managers=[manager])


@pytest.fixture
def functieprofiel(team, package, manager):
    """Names 9.1.3 at uitvoerend level (4 hours) and 9.3.1 at tactisch level."""
    profile = NormProfile.objects.create(team=team, version=package.version, name="Coördinator", created_by=manager)
    services.norm_tasks_save(
        profile=profile, entries=entries(**{"9.1.3": ("uitvoerend", "4"), "9.3.1": ("tactisch", "")})
    )
    return profile


def share(package, manager):
    assessment_services.share_set(assessment=package, viewer=manager, shared=True)


def test_it_compares_the_shared_takenpakket_with_the_functieprofiel(package, manager, functieprofiel):
    share(package, manager)
    (comparison,) = shared_package(manager, package).comparisons
    assert [row.item.code for row in comparison.extra] == ["9.1.4", "9.2.1"]
    assert [row.item.code for row in comparison.missing] == ["9.3.1"]
    assert [row.item.code for row in comparison.higher] == []  # 9.1.3 is uitvoerend in both
    services.takenpakket_save(
        assessment=package, agreed_hours="24", entries=entries(**{"9.1.3": ("uitvoerend,strategisch", "6")})
    )
    (comparison,) = shared_package(manager, package).comparisons
    assert [(row.item.code, row.higher_levels) for row in comparison.higher] == [("9.1.3", ["strategisch"])]
    assert comparison.named_hours == Decimal(4) and comparison.done_hours == Decimal("14.5")


def test_nothing_reaches_a_manager_the_member_did_not_share(package, manager, functieprofiel):
    assert shared_package(manager, package) is None
    share(package, manager)
    assert shared_package(UserFactory(), package) is None  # shared with someone else


def test_a_functieprofiel_of_another_version_is_refused_with_a_message(package, manager, team, functieprofiel):
    newer = FrameworkVersion.objects.create(framework=package.version.framework, label="2026", content_hash="x")
    kind = ItemKind.objects.create(version=newer, code="taakgebied", name="Taakgebied", name_plural="T", position=1)
    item = Item.objects.create(version=newer, kind=kind, code="9.1.3", title="Matchen", position=1, rateable=True)
    other = NormProfile.objects.create(team=team, version=newer, name="Nieuw", created_by=manager)
    NormTask.objects.create(profile=other, item=item, tactisch=True)
    share(package, manager)
    refused = next(c for c in shared_package(manager, package).comparisons if c.profile == other)
    assert "versie 2026" in refused.refused and "versie 2025" in refused.refused and refused.rows == []


def test_the_manager_sees_the_comparison_on_the_shared_page_and_side_by_side(client, package, manager, functieprofiel):
    share(package, manager)
    view = assessment_services.manager_view_start(manager=manager, counterpart=package)
    client.force_login(manager)
    for url in (reverse("assessments:shared", args=[package.pk]), reverse("assessments:side_by_side", args=[view.pk])):
        html = client.get(url).content.decode()
        assert "Functieprofiel ‘Coördinator’" in html
        assert "gedaan, niet in de functie" in html and "in de functie, niet gedaan" in html


def test_the_member_reading_a_shared_view_sees_no_manager_comparison(client, package, manager, functieprofiel):
    share(package, manager)
    view = assessment_services.manager_view_start(manager=manager, counterpart=package)
    assessment_services.share_set(assessment=view, viewer=package.owner, shared=True)
    client.force_login(package.owner)
    html = client.get(reverse("assessments:side_by_side", args=[view.pk])).content.decode()
    assert "Takenpakket: functie en praktijk" not in html


def test_the_member_sees_the_comparison_on_the_own_takenpakket_page(client, package, functieprofiel):
    client.force_login(package.owner)
    html = client.get(reverse("functie:takenpakket", args=[package.pk])).content.decode()
    assert "Functie en praktijk" in html and "Functieprofiel ‘Coördinator’" in html
    assert "in de functie, niet gedaan" in html and "badge text-bg-info" not in html  # nothing higher


# ---------------------------------------------------------------------------------------
# The tasks of a functieprofiel


def norm_url(profile):
    return reverse("functie:norm_tasks", args=[profile.team_id, profile.pk])


def named(profile):
    return {task.item.code: (task.levels, task.hours) for task in profile.tasks.select_related("item")}


def test_the_manager_names_tasks_levels_and_hours(client, manager, functieprofiel):
    client.force_login(manager)
    response = client.post(
        norm_url(functieprofiel),
        {"task": ["9.1.3", "9.3.1", "9.2.1"], "levels-9.2.1": ["tactisch", "strategisch"], "hours-9.2.1": "6,5"},
    )
    assert response.status_code == 302
    assert named(functieprofiel) == {"9.2.1": (["tactisch", "strategisch"], Decimal("6.5"))}


@pytest.mark.parametrize(
    "post",
    [
        {"task": ["9.1.3"], "levels-9.1.3": ["uitvoerend"], "hours-9.1.3": "70"},
        {"task": ["9.1.3"], "levels-9.1.3": ["uitvoerend"], "hours-9.1.3": "-1"},
        {"task": ["9.1.3"], "levels-9.1.3": ["baas"]},
        {"task": ["9.1.3", "10.2.1"], "levels-10.2.1": ["uitvoerend"]},
        {"task": ["9.1.1", "9.1.2"], "hours-9.1.1": "50", "hours-9.1.2": "40"},
    ],
)
def test_bad_tasks_are_refused_and_nothing_is_saved(client, manager, functieprofiel, post):
    before = named(functieprofiel)
    client.force_login(manager)
    response = client.post(norm_url(functieprofiel), post)
    assert response.status_code == 422
    assert named(functieprofiel) == before


def test_another_manager_gets_404(client, functieprofiel, package):
    other = UserFactory()
    team_with(coordinators=[package.owner], managers=[other], name="Ander team")
    client.force_login(other)
    assert client.get(norm_url(functieprofiel)).status_code == 404
    assert client.post(norm_url(functieprofiel), {"task": ["9.1.3"]}).status_code == 404
    assert client.get(reverse("functie:team_work", args=[functieprofiel.team_id])).status_code == 404


# ---------------------------------------------------------------------------------------
# The team's work


def test_the_team_page_shows_who_does_what_at_which_level_only_for_members_who_share(client, package, manager, team):
    quiet = UserFactory(name="Marieke Stil")
    team.memberships.create(user=quiet, role="coordinator")
    own = assessment_services.assessment_start(owner=quiet, framework=package.version.framework)
    tick(own, "9.3.1")
    services.takenpakket_save(assessment=own, agreed_hours="", entries=entries(**{"9.3.1": ("strategisch", "3")}))
    share(package, manager)
    client.force_login(manager)
    html = client.get(reverse("functie:team_work", args=[team.pk])).content.decode()
    assert "Sanne de Vries" in html and "(8,5 uur)" in html
    assert "Marieke Stil" not in html
    assert 'id="work-9.3.1" class="uncovered"' in html  # only the member who did not share does it


def test_the_team_page_takes_the_same_number_of_queries_however_large_the_team(
    client, package, manager, team, django_assert_num_queries
):
    share(package, manager)
    client.force_login(manager)
    url = reverse("functie:team_work", args=[team.pk])
    client.get(url)  # the first request in a process reads the version's items once
    # session, user, team, menu, members, their shared zelfscans, ticked taakgebieden, tasks, agreed hours
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for number in range(4):
        member = UserFactory()
        team.memberships.create(user=member, role="coordinator")
        own = assessment_services.assessment_start(owner=member, framework=package.version.framework)
        tick(own, "9.1.1", "9.2.2")
        services.takenpakket_save(
            assessment=own, agreed_hours="16", entries=entries(**{"9.1.1": ("uitvoerend", str(number + 1))})
        )
        share(own, manager)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count("(4 uur)") == 1
