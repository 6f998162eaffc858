"""In a real browser: a zelfscan with PDF on the Bouwstenen, and an import preview that shows a real
diff between two versions of the 2025 profile."""

import copy
import re

import pytest
import yaml
from playwright.sync_api import expect

from catalog.loading import load_framework
from catalog.models import FrameworkVersion
from tests.catalog.conftest import bouwstenen_data
from tests.conftest import framework_data
from tests.e2e.conftest import screenshot
from tests.e2e.test_assessment_browser import download_pdf, log_in
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def live_frameworks(transactional_db):
    """Both frameworks, committed so that the live server's thread sees them."""
    return load_framework(framework_data()).version, load_framework(bouwstenen_data()).version


def test_a_coordinator_does_a_zelfscan_on_the_bouwstenen_and_downloads_the_pdf(page, live_frameworks):
    _, bouwstenen = live_frameworks
    user = UserFactory(name="Sanne de Vries")
    log_in(page, user.email)
    page.goto("/assessments/")
    group = page.get_by_role("group", name=bouwstenen.framework.name)
    group.get_by_role("button", name="Start een nieuwe zelfscan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn situatie")
    page.get_by_role("link", name="Verder naar het keuzemodel").click()

    page.goto(re.sub(r"/keuzemodel/.*$", "/keuzemodel/6/", page.url))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Competenties")
    for code, current, desired in [("6.a", 1, 3), ("6.e", 2, 2)]:
        card = page.locator(f"[id='answer-{code}']")
        card.get_by_role("checkbox").check()
        expect(card.locator(".save-state")).to_contain_text("Opgeslagen")
        card.locator(f"label[for='current-{code}-{current}']").click()
        card.locator(f"label[for='desired-{code}-{desired}']").click()
        expect(card.locator(".save-state")).to_contain_text("Opgeslagen")
    expect(page.locator("[id='answer-6.a']")).to_contain_text("Vraagbaak")  # the Bouwstenen's own scale
    screenshot(page, "bouwstenen-keuzemodel")

    page.get_by_role("link", name="3. Overzicht").click()
    expect(page.locator("main")).to_contain_text("Omgevingsbewust zijn")
    page.get_by_role("link", name="5. Delen en afronden").click()
    name, text = download_pdf(page, "Download als concept (PDF)")
    assert name.endswith("-concept.pdf")
    assert "Bouwstenen voor profielen van medewerkers steunpunt vrijwilligerswerk" in text
    assert "Omgevingsbewust zijn" in text


def test_a_platform_admin_previews_a_new_version_and_publishes_it(page, live_frameworks, tmp_path):
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    matchen = data["items"][1]["children"][2]  # 9.1.3
    matchen["title"] = "Matchen en verbinden"
    matchen["children"].pop()
    path = tmp_path / "profiel-2026.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    admin = UserFactory(is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.get_by_label("E-mailadres").fill(admin.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button").last.click()
    page.goto("/admin/catalog/frameworkversion/")
    page.get_by_role("link", name="Importeren uit een bestand").click()
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Bekijk wat er verandert").click()

    expect(page.get_by_role("heading", name="Wat verandert er?")).to_be_visible()
    expect(page.locator("#import-changed")).to_contain_text("Matchen en verbinden")
    expect(page.locator("#import-removed")).to_contain_text("9.1.3.4")
    expect(page.locator("main, #content").first).to_contain_text("vergeleken met de huidige versie 2025")
    screenshot(page, "catalog-import-preview")
    assert not FrameworkVersion.objects.filter(label="2026").exists()

    page.get_by_role("button", name="Publiceren als nieuwe versie").click()
    expect(page.locator(".messagelist")).to_contain_text("is gepubliceerd")
    assert FrameworkVersion.objects.get(label="2026").is_published


def test_a_visitor_reads_the_bouwstenen_with_its_example_profiles(page, live_frameworks):
    _, bouwstenen = live_frameworks
    page.goto("/frameworks/")
    page.get_by_role("link", name=bouwstenen.framework.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(bouwstenen.framework.name)
    page.locator(".catalog-toc").get_by_role("link", name="Voorbeeldprofielen").click()
    expect(page.get_by_role("heading", name="Makelaar maatschappelijke stage")).to_be_in_viewport()
    kernopgave = page.locator("[id='item-5.a']")
    expect(kernopgave).to_contain_text("Hangt samen met:")
    kernopgave.get_by_role("link", name="6.e Vraaggericht werken").click()
    expect(page.get_by_role("heading", name="6.e Vraaggericht werken")).to_be_in_viewport()
    screenshot(page, "catalog-bouwstenen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CASE 1.1 (JSON)").click()
    assert download.value.suggested_filename == "bouwstenen-steunpunt-vrijwilligerswerk-2009.case.json"
