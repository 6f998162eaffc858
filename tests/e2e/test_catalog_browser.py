"""A coordinator reads the profile before starting: on a desktop and on a phone."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_it_reads_the_profile_from_the_home_page_on_a_desktop(page, live_profile):
    page.goto("/")
    page.get_by_role("link", name="Bekijk het profiel").click()
    expect(page).to_have_url(re.compile(r"/frameworks/$"))
    page.get_by_role("link", name="Competentieprofiel Coördinator Vrijwilligerswerk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Competentieprofiel Coördinator Vrijwilligerswerk")
    expect(page.locator(".catalog-toc details")).to_have_attribute("open", "")

    page.locator(".catalog-toc").get_by_role("link", name="10.2 Sociaal-agogische competenties").click()
    first = page.locator("[id='item-10.2.1']")
    expect(first).to_contain_text("Kan de informatiebehoefte van vrijwilligers")
    expect(first).to_be_in_viewport()
    screenshot(page, "catalog-desktop")


def test_it_reads_the_profile_on_a_phone(phone, live_profile):
    phone.goto(f"/frameworks/{live_profile.framework.code}/{live_profile.label}/")
    toc = phone.locator(".catalog-toc details")
    expect(toc).not_to_have_attribute("open", "")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"

    toc.locator("summary").click()
    toc.get_by_role("link", name="9.1.3 Matchen").click()
    expect(phone.locator("[id='item-9.1.3.4']")).to_contain_text("verwelkomend ontvangstklimaat")
    expect(phone.get_by_role("heading", name="9.1.3 Matchen")).to_be_in_viewport()
    screenshot(phone, "catalog-phone")
