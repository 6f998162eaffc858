"""The plan outlives the round, in a real browser: finalise (with a confirmation), reopen, finalise
again, start a new round that carries the open goal, write down progress, look at the growth page.
Once on a desktop and once on a phone; screenshots of each page land in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, GoalProgress
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory

RATINGS = [("10.3.5", 1, 4), ("10.3.2", 2, 3), ("9.1.3", 2, 3), ("10.5.1", 2, 3), ("10.5.2", 3, 3)]


def filled_round(live_profile):
    """A coordinator with a zelfscan that has enough rated to be finalised, and one goal."""
    owner = UserFactory(name="Sanne de Vries")
    assessment = services.assessment_start(owner=owner, framework=live_profile.framework)
    for code, current, desired in RATINGS:
        item = live_profile.items.get(code=code)
        services.answer_save(
            assessment=assessment, item=item, changes={"applies": "1", "current": current, "desired": desired}
        )
    services.goal_save(
        assessment=assessment,
        data={"title": "Veerkracht vergroten", "items": [live_profile.items.get(code="10.3.5").pk]},
    )
    return owner, assessment


@pytest.mark.parametrize("device", ["page", "phone"])
def test_finalise_reopen_finalise_carry_a_goal_add_progress_and_see_growth(device, request, live_server, live_profile):
    page = request.getfixturevalue(device)  # live_server is named above: pytest-django then allows its host
    owner, assessment = filled_round(live_profile)
    log_in(page, owner.email)

    page.goto(f"/assessments/{assessment.pk}/finalise/")
    page.get_by_role("link", name="Maak definitief…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je zelfscan definitief maken?")
    screenshot(page, f"finalise-confirm-{device}")
    page.get_by_role("button", name="Ja, maak definitief").click()
    expect(page.get_by_text("Je zelfscan is definitief. Goed gedaan!")).to_be_visible()

    page.get_by_role("button", name="Open deze ronde weer").click()
    expect(page.get_by_text("Je zelfscan is weer open.")).to_be_visible()
    history = page.locator("section", has=page.get_by_role("heading", name="Geschiedenis van deze ronde"))
    expect(history).to_contain_text("Definitief gemaakt op")
    expect(history).to_contain_text("Weer geopend op")
    page.get_by_role("link", name="Maak definitief…").click()
    page.get_by_role("button", name="Ja, maak definitief").click()
    expect(page.get_by_text("Je zelfscan is definitief. Goed gedaan!")).to_be_visible()
    screenshot(page, f"finalise-history-{device}")
    assessment.refresh_from_db()
    assert assessment.is_final
    assert list(assessment.events.values_list("action", flat=True)) == ["finalised", "reopened", "finalised"]

    page.goto("/assessments/")
    page.get_by_role("button", name="Start een nieuwe ronde, ingevuld met je vorige").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/situation/$"))
    second = Assessment.objects.filter(owner=owner).exclude(pk=assessment.pk).get()
    page.goto(f"/assessments/{second.pk}/plan/")
    goal = page.locator(".goal", has_text="Veerkracht vergroten")
    expect(goal).to_be_visible()  # carried along: the new plan is not empty
    expect(page.get_by_text("Je hebt nog geen doelen")).to_have_count(0)
    goal.locator("summary").first.click()
    goal.get_by_text("Voortgang opschrijven").click()
    goal.get_by_label("Wat deed je?").fill("Intervisie gestart met twee collega's")
    goal.get_by_label("Wat bracht het?").fill("Ik blijf rustiger bij tegenslag")
    goal.get_by_label("Status van het doel").select_option(label="Bereikt")
    goal.get_by_role("button", name="Voortgang bewaren").click()
    expect(page.get_by_text("Je voortgang staat bij je doel.")).to_be_visible()
    entry = GoalProgress.objects.get()
    assert entry.did == "Intervisie gestart met twee collega's"
    assert entry.goal.status == "done"
    screenshot(page, f"plan-{device}")

    page.goto(f"/assessments/{second.pk}/overview/")
    page.get_by_role("link", name="Je groei over de jaren").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je groei over de jaren")
    expect(page.get_by_text("2 rondes naast elkaar")).to_be_visible()
    reached = page.locator("section", has=page.get_by_role("heading", name="Doelen die je bereikte"))
    expect(reached).to_contain_text("Veerkracht vergroten")
    screenshot(page, f"growth-{device}")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    page.goto("/assessments/")
    expect(page.get_by_role("link", name=re.compile("Ga verder met je concept"))).to_be_visible()
    screenshot(page, f"rounds-list-{device}")
