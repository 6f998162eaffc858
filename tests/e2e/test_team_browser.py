"""The manager's journey in a real browser: my team, the matrix, a drill-down, coverage, needs, the XLSX."""

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.factories import ManagerMembershipFactory, TeamFactory, UserFactory
from tests.teams.test_views import member, scan


def build_team(version):
    team = TeamFactory(name="Buurtcoaches", organisation__name="Vrijwilligerscentrale Noord")
    manager = ManagerMembershipFactory(team=team, user=UserFactory(name="Ilse Bakker")).user
    sanne, youssef = member(team, "Sanne de Vries"), member(team, "Youssef El Amrani")
    amira, marieke = member(team, "Amira Haddad"), member(team, "Marieke Jansen")
    everything_but_9_3 = {
        item.code: (1 + n % 4, min(4, 2 + n % 3))
        for n, item in enumerate(version.items.filter(rateable=True).order_by("position"))
        if not item.code.startswith("9.3.")
    }
    scan(sanne, version, everything_but_9_3, share_with=manager, goals=[("Beleid vernieuwen", ["9.2.1"])])
    scan(
        youssef,
        version,
        {"8.1": (3, 4), "9.1.1": (2, 4), "9.1.3": (3, 3), "10.2.1": (1, 4), "10.2.3": (2, 2), "10.3.1": (1, 3)},
        share_with=manager,
    )
    scan(amira, version, {"9.1.4": (4, 4), "10.2.1": (3, 4), "10.4.2": (2, 4)}, share_with=manager)
    scan(marieke, version, {"8.1": (1, 4)}, note="Alleen voor mezelf")  # not shared
    return team, manager


def test_a_manager_looks_at_the_team_drills_down_and_downloads_the_matrix(page, live_profile):
    team, manager = build_team(live_profile)
    log_in(page, manager.email)  # a leidinggevende lands on their teams, with one team straight on it
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtcoaches")
    members = page.locator("table.team-members")
    expect(members.locator("tr", has_text="Marieke Jansen")).to_contain_text("Nog niets gedeeld")
    expect(members.locator("tr", has_text="Sanne de Vries")).to_contain_text("Concept")
    screenshot(page, "team-overview-desktop")

    page.get_by_role("link", name="Teammatrix").click()
    matrix = page.get_by_role("table")
    expect(matrix.get_by_role("columnheader")).to_have_text(
        ["Onderdeel van het profiel", re.compile("Team"), "Amira Haddad", "Sanne de Vries", "Youssef El Amrani"]
    )
    expect(page.get_by_text("1 persoon heeft nog niets gedeeld.")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Marieke")
    screenshot(page, "team-matrix-desktop")

    page.get_by_role("link", name="Sociaal-agogische competenties").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("10.2")
    row = page.get_by_role("row", name=re.compile("10.2.1"))
    expect(row).to_contain_text("1 → 4")
    expect(row).to_contain_text("nu 1, gewenst 4, verschil +3")
    screenshot(page, "team-matrix-drilldown-desktop")

    page.get_by_role("link", name="Taakgebieden").click()
    expect(page.locator(".uncovered-summary")).to_contain_text("4 taakgebieden heeft nog niemand aangevinkt")
    screenshot(page, "team-coverage-desktop")
    page.get_by_role("link", name="Ontwikkelwensen").click()
    expect(page.locator(".needs-table tbody tr")).to_have_count(10)
    screenshot(page, "team-needs-desktop")

    page.get_by_role("link", name="Matrix").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als Excel (XLSX)").click()
    download = download_info.value
    assert re.fullmatch(r"teammatrix-buurtcoaches-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["Onderdelen", "Losse onderdelen", "Dekking taakgebieden", "Ontwikkelwensen"]
    assert "Marieke" not in str([list(sheet.values) for sheet in workbook])


def test_the_matrix_scrolls_sideways_on_a_phone_with_the_labels_in_view(phone, live_profile):
    team, manager = build_team(live_profile)
    for n in range(6):
        scan(member(team, f"Teamlid {n + 1}"), live_profile, share_with=manager)
    log_in(phone, manager.email)
    phone.goto(f"/teams/{team.pk}/matrix/")
    region = phone.get_by_role("region", name=re.compile("Teammatrix"))
    expect(region).to_be_visible()
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    label = phone.get_by_role("rowheader").first
    before = label.bounding_box()["x"]
    region.focus()  # keyboard users scroll the table with the arrow keys
    for _ in range(8):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function(
        "() => document.querySelector('.team-matrix-wrap').scrollLeft > 0"
    )  # a function: our CSP refuses eval
    assert abs(label.bounding_box()["x"] - before) <= 3  # the sticky label column stays put
    phone.get_by_role("row").nth(3).scroll_into_view_if_needed()
    screenshot(phone, "team-matrix-phone")
    phone.goto(f"/teams/{team.pk}/")
    screenshot(phone, "team-overview-phone")


def test_a_large_team_is_shown_a_page_of_people_at_a_time_on_a_phone(phone, live_profile, monkeypatch):
    from teams import views

    monkeypatch.setattr(views, "MEMBERS_PAGE_SIZE", 2)
    team, manager = build_team(live_profile)  # Amira, Marieke, Sanne, Youssef: 3 of 4 shared
    log_in(phone, manager.email)
    members = phone.locator("table.team-members")
    expect(members.locator("tr.team-member")).to_have_count(2)
    expect(members).to_contain_text("Amira Haddad")
    expect(phone.get_by_text("Je ziet wat 3 van de 4 coördinatoren in je team met je deelden.")).to_be_visible()
    paging = phone.get_by_role("navigation", name="Meer mensen in je team")
    expect(paging).to_contain_text("Mensen 1–2 van 4")
    paging.get_by_role("link", name="Volgende").click()
    phone.wait_for_url(re.compile(r"\?page=2"))
    expect(paging).to_contain_text("Mensen 3–4 van 4")
    expect(members.locator("tr", has_text="Youssef El Amrani")).to_contain_text("Concept")
    expect(members).not_to_contain_text("Amira Haddad")
    expect(paging.get_by_role("link", name="Volgende")).to_have_count(0)
    screenshot(phone, "team-overview-page-2-phone")
    paging.get_by_role("link", name="Vorige").click()
    phone.wait_for_url(re.compile(r"\?page=1"))
    expect(members).to_contain_text("Amira Haddad")
