"""Limits are part of the model (issue 11, finding 4): stated on the page, enforced by the server.

One account filled a zelfscan with 60 goals of maximal text, each linked to every item: a 250-page
PDF in 80 s. Every limit lives in assessments/limits.py; bench/worst_case.py renders the largest
content these limits allow (20 goals of 10 items each, notes and goal texts of 1,000 characters).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assessments import limits, services
from assessments.models import Assessment, Goal
from tests.assessments.conftest import item, make_goals, rate

pytestmark = pytest.mark.django_db

CODES = ["9.1.1", "9.1.2", "9.1.3", "9.1.4", "10.1.1", "10.1.2", "10.1.3", "10.1.4", "10.1.5", "10.1.6"]
CODES += ["10.2.1", "10.2.2", "10.2.3", "10.2.4", "10.2.5", "10.2.6", "10.2.k1", "10.3.1", "10.3.2", "10.3.k1"]


@pytest.fixture
def full_plan(assessment):
    """A plan with as many goals as a zelfscan may have."""
    make_goals(assessment, limits.GOALS_PER_ASSESSMENT)
    return assessment


def test_the_limits_are_what_the_interface_promises():
    assert limits.GOALS_PER_ASSESSMENT == 20  # measured with bench/worst_case.py; see the README
    assert limits.ITEMS_PER_GOAL == 10
    assert Goal._meta.get_field("title").max_length == limits.GOAL_TITLE_MAX_LENGTH
    assert Goal._meta.get_field("actions").max_length == limits.GOAL_TEXT_MAX_LENGTH
    assert Assessment._meta.get_field("role_title").max_length == limits.ROLE_TITLE_MAX_LENGTH
    assert len(CODES) > limits.ITEMS_PER_GOAL


def test_it_refuses_a_goal_beyond_the_limit_and_saves_nothing(full_plan):
    with pytest.raises(services.InvalidInput, match=f"{limits.GOALS_PER_ASSESSMENT} doelen"):
        services.goal_save(assessment=full_plan, data={"title": "Nog een"})
    assert full_plan.goals.count() == limits.GOALS_PER_ASSESSMENT
    goal = full_plan.goals.first()
    services.goal_save(assessment=full_plan, data={"title": "Anders gezegd"}, goal=goal)  # editing still works
    goal.refresh_from_db()
    assert goal.title == "Anders gezegd"


def test_a_full_plan_says_so_and_refuses_the_form(client, full_plan):
    client.force_login(full_plan.owner)
    url = reverse("assessments:plan", args=[full_plan.pk])
    page = client.get(url).content.decode()
    assert f"{limits.GOALS_PER_ASSESSMENT} doelen, het maximum" in page
    assert "Doel toevoegen" not in page
    response = client.post(url, {"title": "Nog een", "status": "planned"})
    assert response.status_code == 200
    assert f"{limits.GOALS_PER_ASSESSMENT} doelen" in response.content.decode()
    assert full_plan.goals.count() == limits.GOALS_PER_ASSESSMENT


def test_a_goal_from_a_gap_is_refused_when_the_plan_is_full(client, full_plan):
    rate(full_plan, "10.3.5", 1, 4)
    client.force_login(full_plan.owner)
    response = client.post(reverse("assessments:goal_from_item", args=[full_plan.pk, "10.3.5"]), follow=True)
    assert response.status_code == 200
    assert f"{limits.GOALS_PER_ASSESSMENT} doelen" in response.content.decode()
    assert full_plan.goals.count() == limits.GOALS_PER_ASSESSMENT


def test_the_plan_says_how_many_goals_are_left(client, assessment):
    left_over = limits.GOALS_PER_ASSESSMENT - 3
    make_goals(assessment, left_over)
    client.force_login(assessment.owner)
    page = client.get(reverse("assessments:plan", args=[assessment.pk])).content.decode()
    assert "Je kunt nog 3 doelen toevoegen" in page
    assert f"Hoogstens {limits.ITEMS_PER_GOAL} onderdelen per doel" in page
    assert f"Hoogstens {limits.GOAL_TITLE_MAX_LENGTH} tekens" in page
    assert f"Hoogstens {limits.GOAL_TEXT_MAX_LENGTH} tekens" in page


def test_it_refuses_more_linked_items_than_the_limit_and_saves_nothing(assessment):
    for code in CODES:
        rate(assessment, code, 1, 3)
    ids = [item(assessment.version, code).pk for code in CODES]
    with pytest.raises(services.InvalidInput, match=f"hoogstens {limits.ITEMS_PER_GOAL} onderdelen"):
        services.goal_save(assessment=assessment, data={"title": "Alles", "items": ids})
    assert not Goal.objects.exists()
    goal = services.goal_save(assessment=assessment, data={"title": "Genoeg", "items": ids[: limits.ITEMS_PER_GOAL]})
    assert goal.items.count() == limits.ITEMS_PER_GOAL
    with pytest.raises(services.InvalidInput, match=f"hoogstens {limits.ITEMS_PER_GOAL} onderdelen"):
        services.goal_save(assessment=assessment, data={"title": "Meer", "items": ids}, goal=goal)
    goal.refresh_from_db()
    assert (goal.title, goal.items.count()) == ("Genoeg", limits.ITEMS_PER_GOAL)


def test_the_goal_form_refuses_too_many_items_with_a_message(client, assessment):
    for code in CODES:
        rate(assessment, code, 1, 3)
    client.force_login(assessment.owner)
    ids = [str(item(assessment.version, code).pk) for code in CODES]
    response = client.post(
        reverse("assessments:plan", args=[assessment.pk]), {"title": "Alles", "status": "planned", "items": ids}
    )
    assert response.status_code == 200
    alert = response.content.decode().split('class="alert alert-danger"')[1].split("</div>")[0]
    assert f"Kies hoogstens {limits.ITEMS_PER_GOAL} onderdelen per doel; nu zijn het er {len(CODES)}." in alert
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", limits.GOAL_TITLE_MAX_LENGTH), ("actions", limits.GOAL_TEXT_MAX_LENGTH)],
)
def test_it_refuses_goal_text_over_the_limit(assessment, field, limit):
    data = {"title": "Doel", field: "x" * (limit + 1)}
    with pytest.raises(services.InvalidInput, match=f"hoogstens {limit} tekens"):
        services.goal_save(assessment=assessment, data=data)
    assert not Goal.objects.exists()


def test_the_pages_tell_the_browser_the_same_limits(client, assessment):
    client.force_login(assessment.owner)
    section = client.get(reverse("assessments:section", args=[assessment.pk, "9.1"])).content.decode()
    assert f'maxlength="{limits.NOTE_MAX_LENGTH}"' in section
    plan = client.get(reverse("assessments:plan", args=[assessment.pk])).content.decode()
    assert re.search(rf'name="title"[^>]*maxlength="{limits.GOAL_TITLE_MAX_LENGTH}"', plan)
    assert re.search(rf'name="actions"[^>]*maxlength="{limits.GOAL_TEXT_MAX_LENGTH}"', plan) or re.search(
        rf'maxlength="{limits.GOAL_TEXT_MAX_LENGTH}"[^>]*name="actions"', plan
    )
    situation = client.get(reverse("assessments:situation", args=[assessment.pk])).content.decode()
    assert f'maxlength="{limits.ROLE_TITLE_MAX_LENGTH}"' in situation


def test_no_template_writes_a_limit_as_a_literal_number():
    literal = re.compile(r'maxlength="\d')
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        if literal.search(path.read_text())
    ]
    assert offenders == []
