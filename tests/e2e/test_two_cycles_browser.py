"""Issue 12's whole cycle, twice, in a real browser: a coordinator scans and shares, the
leidinggevende and she record and confirm afspraken in the gesprek, she works on her goal, the
next scanronde's mails reach her, her second round carries the open goal, the second gesprek
follows, and the growth page shows both rounds."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment
from cycle import services as cycle_services
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_cycle_goals_browser import filled_round
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.slow


def _share_and_hold_the_gesprek(page, owner, boss, assessment, afspraak):
    """She shares this round; the leidinggevende records an afspraak and confirms; so does she."""
    page.context.clear_cookies()
    log_in(page, owner.email)
    page.goto(f"/assessments/{assessment.pk}/finalise/")
    page.get_by_role("button", name="Delen met Ilse Bakker").click()
    expect(page.get_by_role("status").first).to_contain_text("Ilse Bakker kan je zelfscan nu zien")

    page.context.clear_cookies()
    log_in(page, boss.email)
    page.goto(f"/assessments/shared/{assessment.pk}/")
    page.get_by_role("link", name="Gesprek en afspraken").click()
    page.get_by_label("Nieuwe afspraak").fill(afspraak)
    page.get_by_role("button", name="Voeg de afspraak toe").click()
    expect(page.get_by_role("status").first).to_contain_text("De afspraak staat erbij")
    page.get_by_role("button", name="Ik bevestig deze afspraken").click()
    expect(page.get_by_text(re.compile(r"Ilse Bakker bevestigde op"))).to_be_visible()

    page.context.clear_cookies()
    log_in(page, owner.email)
    expect(page.get_by_role("heading", name="Afspraken om te bevestigen")).to_be_visible()
    page.get_by_role("link", name=re.compile("Het gesprek over je zelfscan")).click()
    expect(page.locator(".afspraak-text").first).to_contain_text(afspraak)
    page.get_by_role("button", name="Ik bevestig deze afspraken").click()
    expect(page.get_by_text("De afspraken zijn bevestigd. Ze staan in de PDF.")).to_be_visible()


def _finalise(page, assessment):
    page.goto(f"/assessments/{assessment.pk}/finalise/")
    page.get_by_role("link", name="Maak definitief…").click()
    page.get_by_role("button", name="Ja, maak definitief").click()
    expect(page.get_by_text("Je zelfscan is definitief. Goed gedaan!")).to_be_visible()


def test_two_full_cycles_with_the_leidinggevende(page, live_profile, settings):
    settings.SITE_URL = "http://testserver/"
    owner, first = filled_round(live_profile)
    owner.email, owner.name = "sanne@example.org", "Sanne de Vries"
    owner.save(update_fields=["email", "name"])
    boss = UserFactory(email="ilse@example.org", name="Ilse Bakker")
    team = team_with(coordinators=[owner], managers=[boss])

    # Cycle 1: scan, share, gesprek with afspraken confirmed by both, final, progress on the goal
    _share_and_hold_the_gesprek(page, owner, boss, first, "Sanne oefent veerkracht in de intervisiegroep.")
    _finalise(page, first)
    page.goto(f"/assessments/{first.pk}/plan/")
    goal = page.locator(".goal", has_text="Veerkracht vergroten")
    goal.locator("summary").first.click()
    goal.get_by_text("Voortgang opschrijven").click()
    goal.get_by_label("Wat deed je?").fill("Twee keer intervisie gehad")
    goal.get_by_label("Wat bracht het?").fill("Ik zie eerder wanneer ik te veel op me neem")
    goal.get_by_role("button", name="Voortgang bewaren").click()
    expect(page.get_by_text("Je voortgang staat bij je doel.")).to_be_visible()
    screenshot(page, "two-cycles-progress")

    # The next scanronde, some months later: the opening mail and, the day before it is due, a reminder
    Assessment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=180))
    today = timezone.localdate()
    cycle_services.round_plan(
        team=team,
        by=boss,
        name="Najaarsronde",
        opens_on=today,
        due_on=today + timedelta(days=14),
        reminder_days="1",
        today=today,
    )
    mail.outbox.clear()
    call_command("round_mails", today=today, stdout=None)
    call_command("round_mails", today=today + timedelta(days=13), stdout=None)
    call_command("round_mails", today=today + timedelta(days=13), stdout=None)  # the scheduler runs again
    to_sanne = [message for message in mail.outbox if message.to == [owner.email]]
    assert [message.subject.split(":")[0] for message in to_sanne] == [
        "Scanronde ‘Najaarsronde’ is open",
        "Herinnering",
    ]
    assert "Najaarsronde" in to_sanne[1].body

    # Cycle 2: a new round that carries the open goal, shared and talked about again
    page.goto("/assessments/")
    page.get_by_role("button", name="Start een nieuwe ronde, ingevuld met je vorige").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/situation/$"))
    second = Assessment.objects.filter(owner=owner).exclude(pk=first.pk).get()
    page.goto(f"/assessments/{second.pk}/plan/")
    expect(page.locator(".goal", has_text="Veerkracht vergroten")).to_be_visible()
    _share_and_hold_the_gesprek(page, owner, boss, second, "Sanne leidt in het voorjaar zelf een intervisie.")
    _finalise(page, second)

    page.goto(f"/assessments/{second.pk}/overview/")
    page.get_by_role("link", name="Je groei over de jaren").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je groei over de jaren")
    expect(page.get_by_text("2 rondes naast elkaar")).to_be_visible()
    screenshot(page, "two-cycles-growth")
