"""From the keuzemodel to a takenpakket, an edited functieomschrijving as PDF and Word, and the
leidinggevende's comparison with the team's functieprofiel, in a real browser."""

import io
import re

from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.models import NormProfile
from functie import services
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory, team_with


def download(page, link: str):
    with page.expect_download() as event:
        page.get_by_role("link", name=link).click()
    return event.value.suggested_filename, event.value.path().read_bytes()


def test_a_coordinator_describes_the_work_and_the_manager_sees_it_against_the_functie(page, live_profile):
    sanne = UserFactory(email="sanne@example.org", name="Sanne de Vries")
    ilse = UserFactory(email="ilse@example.org", name="Ilse Bakker")
    team = team_with(coordinators=[sanne], managers=[ilse])
    profile = NormProfile.objects.create(team=team, version=live_profile, name="Coördinator", created_by=ilse)
    services.norm_tasks_save(
        profile=profile,
        entries={"9.1.3": {"levels": ["uitvoerend"], "hours": "4"}, "9.3.1": {"levels": ["tactisch"], "hours": ""}},
    )
    assessment = assessment_services.assessment_start(owner=sanne, framework=live_profile.framework)

    log_in(page, "sanne@example.org")
    page.goto(f"/assessments/{assessment.pk}/keuzemodel/9.1/")
    for code in ("9.1.3", "9.1.4"):
        card = page.locator(f"[id='answer-{code}']")
        card.get_by_role("checkbox").first.check()
        expect(card.locator(".save-state")).to_contain_text("Opgeslagen")

    page.get_by_role("link", name="Takenpakket", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn takenpakket")
    page.get_by_label("Afgesproken uren per week voor dit werk").fill("8")
    page.locator("[id='level-9.1.3-uitvoerend']").check()
    page.locator("[id='level-9.1.3-tactisch']").check()
    page.locator("[id='hours-9.1.3']").fill("6")
    page.locator("[id='level-9.1.4-strategisch']").check()
    page.locator("[id='hours-9.1.4']").fill("61")  # a slip: refused, nothing saved, the input stays
    page.get_by_role("button", name="Takenpakket bewaren").click()
    expect(page.locator("#takenpakket-error")).to_contain_text("61 uur per week")
    expect(page.locator("[id='hours-9.1.4']")).to_have_value("61")
    page.locator("[id='hours-9.1.4']").fill("6,5")
    page.get_by_role("button", name="Takenpakket bewaren").click()
    expect(page.get_by_text("Je takenpakket is bewaard.")).to_be_visible()
    expect(page.locator("[data-testid='total-hours']")).to_have_text("12,5")
    expect(page.get_by_text("ruim meer dan de 8 uur die ervoor is afgesproken")).to_be_visible()
    expect(page.locator(".comparison-table")).to_contain_text("gedaan, niet in de functie")
    screenshot(page, "takenpakket-desktop")

    page.get_by_role("link", name="Maak er een concept-functieomschrijving van").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concept-functieomschrijving")
    expect(page.get_by_label("Taken en verantwoordelijkheden")).to_contain_text("9.1.3 Matchen (uitvoerend en tactisch")
    page.get_by_label("Doel van de functie").fill("Sanne zorgt dat vrijwilligers in De Linde op hun plek zijn.")
    page.get_by_label("Titel").fill("Functieomschrijving coördinator De Linde")
    screenshot(page, "functieomschrijving-desktop")

    page.get_by_role("button", name="Tekst bewaren").click()
    expect(page.get_by_text("Je functieomschrijving is bewaard.")).to_be_visible()
    name, content = download(page, "Download als PDF")
    assert name.startswith("functieomschrijving-sanne-de-vries-") and name.endswith(".pdf")
    text = " ".join(" ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(content)).pages).split())
    assert "Functieomschrijving coördinator De Linde" in text
    assert "Sanne zorgt dat vrijwilligers in De Linde op hun plek zijn." in text
    assert "Functie en praktijk: Coördinator" in text  # the comparison, which the owner may leave out

    page.get_by_label(re.compile("Neem de vergelijking met het functieprofiel")).uncheck()
    page.get_by_role("button", name="Tekst bewaren").click()
    expect(page.get_by_text("Je functieomschrijving is bewaard.")).to_be_visible()
    expect(page.get_by_label(re.compile("Neem de vergelijking met het functieprofiel"))).not_to_be_checked()
    name, content = download(page, "Download als Word")
    assert name.endswith(".docx")
    document = Document(io.BytesIO(content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Functieomschrijving coördinator De Linde" in paragraphs
    assert "Sanne zorgt dat vrijwilligers in De Linde op hun plek zijn." in paragraphs
    assert not document.tables and not any("Functie en praktijk" in text for text in paragraphs)

    # Not shared yet: the manager sees nothing of it; once shared, the comparison.
    page.context.clear_cookies()
    log_in(page, "ilse@example.org")
    page.goto(f"/takenpakket/team/{team.pk}/")
    expect(page.get_by_text("Nog niets om samen naar te kijken")).to_be_visible()
    assessment_services.share_set(assessment=assessment, viewer=ilse, shared=True)
    page.goto(f"/assessments/shared/{assessment.pk}/")
    section = page.locator(".shared-takenpakket")
    expect(section).to_contain_text("Functieprofiel ‘Coördinator’")
    expect(section.locator("tr.comparison-extra")).to_contain_text("9.1.4")
    expect(section.locator("tr.comparison-missing")).to_contain_text("9.3.1")
    expect(section.locator("tr.comparison-higher")).to_contain_text("hoger: tactisch")
    section.scroll_into_view_if_needed()
    screenshot(page, "takenpakket-manager-comparison")
    page.get_by_role("link", name="Mijn teams").first.click()
    page.get_by_role("link", name="Werkverdeling").click()
    expect(page.locator("[id='work-9.1.4']")).to_contain_text("Sanne de Vries")
    screenshot(page, "takenpakket-team-work")
