"""Growth over years: every round side by side, and a rounds list that tells rounds apart."""

import pytest
from django.urls import reverse

from assessments import services
from tests.assessments.conftest import finalise, item, rate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def next_round(assessment):
    return services.assessment_start(
        owner=assessment.owner, framework=assessment.version.framework, previous=assessment
    )


def grow(assessment, code, current):
    answer = assessment.answers.get(item__code=code)
    services.answer_save(
        assessment=assessment,
        item=item(assessment.version, code),
        changes={"current": current},
        revision=answer.revision,
    )


@pytest.fixture
def three_rounds(assessment):
    rate(assessment, "10.3.5", 1, 4)
    rate(assessment, "9.1.3", 2, 3)
    goal = services.goal_save(assessment=assessment, data={"title": "Veerkracht vergroten"})
    finalise(assessment)
    second = next_round(assessment)
    grow(second, "10.3.5", 2)
    services.goal_status_set(goal=goal, status="done")
    finalise(second)
    third = next_round(second)
    grow(third, "10.3.5", 3)
    return assessment, second, third


def test_the_growth_page_shows_every_round_what_grew_and_the_goals_reached(owner_client, three_rounds):
    first, second, third = three_rounds
    html = owner_client.get(reverse("assessments:growth")).content.decode()
    assert "3 rondes naast elkaar" in html
    assert '<svg class="level-chart"' in html
    for round_ in three_rounds:
        assert reverse("assessments:detail", args=[round_.pk]) in html
    table = html.split("Per onderdeel: nu → gewenst")[1].split("Wat het meest groeide")[0]
    assert "10.3" in table
    grew = html.split("Wat het meest groeide")[1].split("Doelen die je bereikte")[0]
    assert "10.3.5" in grew and "1 → 3" in grew and "(+2)" in grew
    reached = html.split("Doelen die je bereikte")[1]
    assert "Veerkracht vergroten" in reached and "tussen je rondes van" in reached


def test_the_growth_page_needs_the_same_queries_however_many_rounds(
    owner_client, assessment, django_assert_num_queries
):
    rate(assessment, "10.3.5", 1, 4)
    services.goal_status_set(goal=services.goal_save(assessment=assessment, data={"title": "Eerst"}), status="done")
    url = reverse("assessments:growth")
    owner_client.get(url)
    # session, user, rounds, answers of all rounds, reached goals, their items, menu
    with django_assert_num_queries(7):
        owner_client.get(url)
    services.goal_status_set(goal=services.goal_save(assessment=assessment, data={"title": "Doel"}), status="done")
    finalise(assessment)
    second = next_round(assessment)
    finalise(second)
    next_round(second)
    with django_assert_num_queries(7):
        assert owner_client.get(url).status_code == 200


def test_the_growth_page_without_rounds_and_with_one(client, assessment):
    client.force_login(UserFactory())
    assert "Nog niets om te laten zien" in client.get(reverse("assessments:growth")).content.decode()
    client.force_login(assessment.owner)
    assert "Je hebt één ronde" in client.get(reverse("assessments:growth")).content.decode()


def test_the_growth_page_shows_only_your_own_rounds(client, three_rounds):
    client.force_login(UserFactory())
    html = client.get(reverse("assessments:growth")).content.decode()
    assert "Nog niets om te laten zien" in html
    assert "Veerkracht vergroten" not in html


def test_growth_is_reachable_from_every_round_and_the_list(owner_client, three_rounds):
    link = f'href="{reverse("assessments:growth")}"'
    assert link in owner_client.get(reverse("assessments:list")).content.decode()
    for name in ("overview", "plan", "finalise"):
        assert link in owner_client.get(reverse(f"assessments:{name}", args=[three_rounds[0].pk])).content.decode()


def test_the_rounds_list_tells_rounds_apart_and_puts_the_open_concept_first(
    owner_client, three_rounds, django_assert_num_queries
):
    first, second, third = three_rounds
    with django_assert_num_queries(6):  # session, user, rounds with counts, frameworks, versions, menu
        html = owner_client.get(reverse("assessments:list")).content.decode()
    assert "Ga verder met je concept van" in html
    primary = html.split('class="btn btn-primary"')[1]
    assert reverse("assessments:detail", args=[third.pk]) in primary.split(">")[0] + html.split("Ga verder")[0][-120:]
    assert "Definitief op" in html and "Laatst gewijzigd op" in html
    assert "7 onderdelen aangevinkt, 7 gescoord" in html
    assert "0 open doelen" in html and "1 open doel" not in html
    start = html.split("Start een nieuwe ronde, ingevuld met je vorige")[0].rsplit("<button", 1)[1]
    assert "btn-outline-primary" in start
