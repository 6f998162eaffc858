"""The gesprek: a coordinator shares, the leidinggevende opens the gesprek and records the
afspraken, both confirm, and the PDF prints them with who confirmed when."""

import re

import pytest
from playwright.sync_api import expect

from assessments import services
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_assessment_browser import download_pdf
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.slow  # renders the PDF in the browser's download


def test_both_sides_record_and_confirm_the_afspraken_and_the_pdf_prints_them(page, live_profile):
    member = UserFactory(email="sanne@example.org", name="Sanne de Vries")
    boss = UserFactory(email="ilse@example.org", name="Ilse Bakker")
    team_with(coordinators=[member], managers=[boss])
    own = services.assessment_start(owner=member, framework=live_profile.framework)
    for code, current, desired in [("10.3.5", 1, 4), ("9.1.3", 2, 3)]:
        item = live_profile.items.get(code=code)
        services.answer_save(
            assessment=own, item=item, changes={"applies": "1", "current": current, "desired": desired}
        )

    # the coordinator shares with her leidinggevende
    log_in(page, member.email)
    page.goto(f"/assessments/{own.pk}/finalise/")
    page.get_by_role("button", name="Delen met Ilse Bakker").click()
    expect(page.get_by_role("status").first).to_contain_text("Ilse Bakker kan je zelfscan nu zien")

    # the leidinggevende opens the gesprek from the shared zelfscan and records two afspraken
    page.context.clear_cookies()
    log_in(page, boss.email)
    page.goto(f"/assessments/shared/{own.pk}/")
    page.get_by_role("link", name="Gesprek en afspraken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek met Sanne")
    expect(page.locator("#agenda-heading + .row")).to_contain_text("10.3.5")
    page.get_by_label("Nieuwe afspraak").fill("Sanne volgt de cursus fondsenwerving; Ilse regelt het budget.")
    page.get_by_role("button", name="Voeg de afspraak toe").click()
    expect(page.get_by_role("status").first).to_contain_text("De afspraak staat erbij")
    page.get_by_label("Nieuwe afspraak").fill("")
    page.get_by_role("button", name="Voeg de afspraak toe").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Schrijf de afspraak op")
    page.get_by_label("Nieuwe afspraak").fill("Elke zes weken kort bijpraten over de doelen.")
    page.get_by_role("button", name="Voeg de afspraak toe").click()
    expect(page.locator(".afspraak-text")).to_have_count(2)
    page.get_by_role("button", name="Ik bevestig deze afspraken").click()
    expect(page.get_by_text(re.compile(r"Ilse Bakker bevestigde op"))).to_be_visible()
    screenshot(page, "gesprek-manager")

    # the coordinator reads the same afspraken, confirms, and downloads her profile
    page.context.clear_cookies()
    log_in(page, member.email)  # lands on what to do now: the afspraken to confirm
    expect(page.get_by_role("heading", name="Afspraken om te bevestigen")).to_be_visible()
    page.get_by_role("link", name=re.compile("Het gesprek over je zelfscan")).click()
    expect(page.locator(".afspraak-text").first).to_contain_text("cursus fondsenwerving")
    page.get_by_role("button", name="Ik bevestig deze afspraken").click()
    expect(page.get_by_text("De afspraken zijn bevestigd. Ze staan in de PDF.")).to_be_visible()
    screenshot(page, "gesprek-coordinator")
    _name, text = download_pdf(page, "Download als PDF, met de afspraken")
    afspraken = text.split("Afspraken")[-1]
    assert "Sanne volgt de cursus fondsenwerving; Ilse regelt het budget." in afspraken
    assert "Elke zes weken kort bijpraten over de doelen." in afspraken
    assert "Sanne de Vries bevestigde op" in afspraken and "Ilse Bakker bevestigde op" in afspraken
