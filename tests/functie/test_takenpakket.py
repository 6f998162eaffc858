"""Mijn takenpakket: levels and hours per ticked taakgebied, checked whole, shown per hoofdtaak."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from functie import services
from functie.models import Takenpakket, Task
from functie.selectors import package_for
from tests.assessments.conftest import finalise
from tests.factories import UserFactory

from .conftest import entries, tick

pytestmark = pytest.mark.django_db


def stored(assessment):
    return {
        task.item.code: (task.levels, task.hours)
        for task in Task.objects.filter(takenpakket__assessment=assessment).select_related("item")
    }


def test_it_keeps_levels_and_hours_per_ticked_taakgebied(package):
    assert stored(package) == {
        "9.1.3": (["uitvoerend"], Decimal("6")),
        "9.1.4": (["uitvoerend", "tactisch"], Decimal("8.5")),
        "9.2.1": (["strategisch"], None),
    }
    result = package_for(package)
    assert [group.item.code for group in result.groups] == ["9.1", "9.2"]
    assert result.total_hours == Decimal("14.5")
    assert result.agreed_hours == Decimal("24")
    assert result.levels == ["uitvoerend", "tactisch", "strategisch"]
    assert result.groups[0].kerntaak_count == 8  # 9.1.3 has four kerntaken, 9.1.4 four


@pytest.mark.parametrize(
    ("agreed", "levels", "hours", "message"),
    [
        ("24", "uitvoerend", "-2", "negatief"),
        ("24", "uitvoerend", "61", "kan niet kloppen"),
        ("24", "uitvoerend", "veel", "zoals 4 of 4,5"),
        ("24", "uitvoerend", "4,55", "zoals 4 of 4,5"),
        ("24", "leidinggevend", "4", "niveau dat niet bestaat"),
        ("-1", "uitvoerend", "4", "negatief"),
        ("61", "uitvoerend", "4", "kan niet kloppen"),
    ],
)
def test_it_refuses_bad_hours_and_levels_and_saves_nothing(package, agreed, levels, hours, message):
    before = stored(package)
    with pytest.raises(services.InvalidInput, match=message):
        services.takenpakket_save(
            assessment=package,
            agreed_hours=agreed,
            entries=entries(**{"9.1.3": ("tactisch", "2"), "9.1.4": (levels, hours)}),
        )
    assert stored(package) == before
    assert Takenpakket.objects.get(assessment=package).agreed_hours == Decimal("24")


def test_it_refuses_a_total_above_eighty_hours_a_week(package):
    tick(package, "9.1.1", "9.1.2")
    with pytest.raises(services.InvalidInput, match="81 uur per week"):
        services.takenpakket_save(
            assessment=package,
            agreed_hours="",
            entries=entries(**{"9.1.1": ("uitvoerend", "40"), "9.1.2": ("uitvoerend", "26,5")}),
        )  # with the 14,5 hours kept for the other three
    assert set(stored(package)) == {"9.1.3", "9.1.4", "9.2.1"}


def test_it_warns_when_the_hours_are_far_above_the_agreed_hours(package):
    _takenpakket, warnings = services.takenpakket_save(
        assessment=package, agreed_hours="8", entries=entries(**{"9.1.3": ("uitvoerend", "6")})
    )
    assert len(warnings) == 1 and "14,5 uur" in warnings[0] and "8 uur" in warnings[0]
    _takenpakket, warnings = services.takenpakket_save(assessment=package, agreed_hours="14", entries={})
    assert warnings == []  # 14,5 against 14: close enough


def test_it_refuses_levels_on_a_taakgebied_that_is_not_ticked(package):
    before = stored(package)
    with pytest.raises(services.InvalidInput, match="Niet aangevinkt: 9.3.1"):
        services.takenpakket_save(
            assessment=package,
            agreed_hours="30",
            entries=entries(**{"9.1.3": ("tactisch", "1"), "9.3.1": ("uitvoerend", "")}),
        )
    assert stored(package) == before


def test_it_refuses_codes_that_are_not_taakgebieden(package):
    with pytest.raises(services.InvalidInput, match="10.3.1"):
        services.takenpakket_save(
            assessment=package, agreed_hours="", entries=entries(**{"10.3.1": ("uitvoerend", "")})
        )


def test_an_unticked_taakgebied_leaves_the_package_but_keeps_its_levels(package):
    assessment_services.answer_save(
        assessment=package, item=package.version.items.get(code="9.2.1"), changes={"applies": "0"}
    )
    assert [row.item.code for row in package_for(package).rows] == ["9.1.3", "9.1.4"]
    assert "9.2.1" in stored(package)


def test_a_final_round_is_read_only(package):
    finalise(package)  # rates enough items first (limits.FINALISE_MIN_RATED)
    with pytest.raises(services.AssessmentLocked):
        services.takenpakket_save(assessment=package, agreed_hours="1", entries={})
    assert Takenpakket.objects.get(assessment=package).agreed_hours == Decimal("24")


# ---------------------------------------------------------------------------------------
# The page


def test_the_page_names_the_situation_with_the_rows_of_context_apart(client, package):
    chosen = package.version.context_variables.get(code="context").options.filter(
        code__in=["organisatie", "initiatief", "hybride"]
    )
    assessment_services.situation_save(assessment=package, role_title="", option_ids=[o.pk for o in chosen])
    client.force_login(package.owner)
    html = client.get(reverse("functie:takenpakket", args=[package.pk])).content.decode()
    assert '<dd class="col-sm-8">Organisatie, Initiatief; Hybride</dd>' in html


def test_the_page_shows_the_package_per_hoofdtaak_with_the_situation(client, package):
    assessment_services.situation_save(
        assessment=package,
        role_title="Coördinator",
        option_ids=list(
            package.version.context_variables.get(code="niveau")
            .options.filter(code="uitvoerend")
            .values_list("pk", flat=True)
        ),
    )
    client.force_login(package.owner)
    response = client.get(reverse("functie:takenpakket", args=[package.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert ">9.1<" in html and "Vrijwilligers begeleiden" in html
    assert 'data-testid="total-hours">14,5<' in html
    assert "ook op tactisch en strategisch niveau" in html  # the takenpakket against Mijn situatie's Niveau
    assert 'name="levels-9.1.4" value="tactisch" id="level-9.1.4-tactisch" checked' in html


def test_the_form_saves_everything_or_nothing(client, package):
    client.force_login(package.owner)
    url = reverse("functie:takenpakket", args=[package.pk])
    response = client.post(
        url,
        {
            "agreed_hours": "20",
            "task": ["9.1.3", "9.1.4", "9.2.1"],
            "levels-9.1.3": ["tactisch"],
            "hours-9.1.3": "3",
            "levels-9.1.4": ["uitvoerend"],
            "hours-9.1.4": "70",
            "hours-9.2.1": "",
        },
    )
    assert response.status_code == 422
    assert "70 uur per week" in response.content.decode()
    assert 'value="70"' in response.content.decode()  # what was typed stays on the page
    assert stored(package)["9.1.3"] == (["uitvoerend"], Decimal("6"))
    response = client.post(
        url,
        {"agreed_hours": "20", "task": ["9.1.3", "9.1.4", "9.2.1"], "levels-9.1.3": ["tactisch"], "hours-9.1.3": "3"},
    )
    assert response.status_code == 302
    assert stored(package) == {"9.1.3": (["tactisch"], Decimal("3"))}


def test_a_forged_level_on_an_unticked_taakgebied_is_refused(client, package):
    client.force_login(package.owner)
    response = client.post(
        reverse("functie:takenpakket", args=[package.pk]),
        {"agreed_hours": "20", "task": ["9.1.3"], "levels-9.1.3": ["tactisch"], "levels-9.3.2": ["strategisch"]},
    )
    assert response.status_code == 422
    assert stored(package)["9.1.3"] == (["uitvoerend"], Decimal("6"))


def test_a_final_round_shows_the_page_without_a_save(client, package):
    finalise(package)  # rates enough items first (limits.FINALISE_MIN_RATED)
    client.force_login(package.owner)
    url = reverse("functie:takenpakket", args=[package.pk])
    html = client.get(url).content.decode()
    assert "Takenpakket bewaren" not in html and "<fieldset disabled>" in html
    response = client.post(url, {"agreed_hours": "2", "task": ["9.1.3"]}, follow=True)
    assert "definitief" in response.content.decode()
    assert Takenpakket.objects.get(assessment=package).agreed_hours == Decimal("24")


def test_someone_else_gets_404(client, package):
    client.force_login(UserFactory())
    url = reverse("functie:takenpakket", args=[package.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"agreed_hours": "1"}).status_code == 404
    assert Takenpakket.objects.get(assessment=package).agreed_hours == Decimal("24")


def test_the_page_takes_the_same_number_of_queries_however_large_the_package(
    client, assessment, django_assert_num_queries
):
    client.force_login(assessment.owner)
    url = reverse("functie:takenpakket", args=[assessment.pk])
    tick(assessment, "9.1.3")
    client.get(url)  # the first request in a process reads the version's items once
    # session, user, assessment, takenpakket, its tasks, ticked answers, situation (chosen, variables,
    # options), functieprofielen of the teams, menu
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    tick(assessment, "9.1.1", "9.1.2", "9.1.4", "9.2.1", "9.2.2", "9.3.1", "9.3.4")
    services.takenpakket_save(
        assessment=assessment,
        agreed_hours="32",
        entries=entries(
            **{"9.1.1": ("uitvoerend", "4"), "9.2.2": ("tactisch,strategisch", "6"), "9.3.4": ("strategisch", "2")}
        ),
    )
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------
# A new round


def test_a_new_round_takes_over_the_previous_takenpakket_for_what_is_ticked_in_both(client, package):
    next_round = assessment_services.assessment_start(
        owner=package.owner, framework=package.version.framework, previous=package
    )
    assessment_services.answer_save(
        assessment=next_round, item=next_round.version.items.get(code="9.2.1"), changes={"applies": "0"}
    )
    client.force_login(package.owner)
    url = reverse("functie:takenpakket", args=[next_round.pk])
    assert "Neem je vorige takenpakket over" in client.get(url).content.decode()
    response = client.post(reverse("functie:from_previous", args=[next_round.pk]), follow=True)
    assert "overgenomen: 2 taakgebieden" in response.content.decode()
    assert stored(next_round) == {
        "9.1.3": (["uitvoerend"], Decimal("6")),
        "9.1.4": (["uitvoerend", "tactisch"], Decimal("8.5")),
    }
    assert Takenpakket.objects.get(assessment=next_round).agreed_hours == Decimal("24")
    assert "Neem je vorige takenpakket over" not in client.get(url).content.decode()
    # taking it over twice (a double click, a second tab) changes nothing
    with pytest.raises(services.InvalidInput, match="al ingevuld"):
        services.takenpakket_from_previous(assessment=next_round)
    assert len(stored(next_round)) == 2


def test_a_first_round_has_nothing_to_take_over(client, package):
    client.force_login(package.owner)
    response = client.post(reverse("functie:from_previous", args=[package.pk]), follow=True)
    assert "geen takenpakket van een vorige ronde" in response.content.decode()
    assert client.get(reverse("functie:from_previous", args=[package.pk])).status_code == 405
