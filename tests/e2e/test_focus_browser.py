"""The focused mode on a phone: one item at a time, level cards, next by button and by swipe, and
the same form working without JavaScript."""

import re

from playwright.sync_api import expect

from assessments.models import Answer
from tests.e2e.conftest import _close, check_accessibility, log_in, screenshot
from tests.e2e.test_assessment_browser import start_assessment
from tests.factories import UserFactory

SWIPE_LEFT = """(card) => {
  const touch = (x) => new Touch({identifier: 1, target: card, clientX: x, clientY: 300});
  const send = (type, touches, x) => card.dispatchEvent(
    new TouchEvent(type, {touches: touches, changedTouches: [touch(x)], bubbles: true}));
  send('touchstart', [touch(300)], 300);
  send('touchend', [], 120);
}"""


def test_a_coordinator_rates_item_by_item_on_a_phone_and_resumes_where_they_left_off(phone, live_profile):
    user = UserFactory()
    log_in(phone, user.email)
    start_assessment(phone)
    phone.get_by_role("link", name="2. Keuzemodel").click()  # on a phone: the focused mode
    expect(phone).to_have_url(re.compile(r"/focus/8\.1/$"))
    expect(phone.locator(".focus-progress")).to_contain_text("Onderdeel 1 van 110")
    card = phone.locator(".focus-card")
    card.get_by_text("In ontwikkeling").first.click()  # a level card: its label is the whole card
    expect(card.locator(".save-state")).to_contain_text("Opgeslagen")
    card.locator("label[for='desired-8.1-4']").click()
    expect(card.locator(".save-state")).to_contain_text("Opgeslagen")
    expect(card.get_by_label("Ja, past bij mijn werk")).to_be_checked()  # rating says it applies
    card.get_by_label("Toelichting (mag leeg blijven)").fill("Ik vertel het op elke intake.")
    phone.get_by_role("button", name="Volgende").click()  # waits for the typed note to be saved
    expect(phone).to_have_url(re.compile(r"/focus/8\.2/$"))
    answer = Answer.objects.get(item__code="8.1")
    assert (answer.applies, answer.current, answer.desired, answer.note) == (
        True,
        2,
        4,
        "Ik vertel het op elke intake.",
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    card.get_by_text("Past niet bij mijn werk").click()
    expect(card.locator(".save-state")).to_contain_text("Opgeslagen")
    phone.locator(".focus-card").evaluate(SWIPE_LEFT)
    expect(phone).to_have_url(re.compile(r"/focus/8\.3/$"))
    assert Answer.objects.get(item__code="8.2").applies is False

    phone.goto("/assessments/")
    phone.goto(phone.url.replace("/assessments/", f"/assessments/{answer.assessment_id}/focus/"))
    expect(phone).to_have_url(re.compile(r"/focus/8\.3/$"))  # resumes at the first item still open
    phone.get_by_role("button", name="Vorige").click()
    expect(phone).to_have_url(re.compile(r"/focus/8\.2/$"))
    expect(phone.get_by_label("Past niet bij mijn werk")).to_be_checked()
    screenshot(phone, "focus-phone")


def test_the_focused_mode_works_without_javascript(browser, live_server, live_profile):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="nl-NL", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.csp_violations = []
    try:
        user = UserFactory()
        log_in(page, user.email)
        start_assessment(page)
        pk = re.search(r"/assessments/(\d+)/", page.url).group(1)
        page.goto(f"/assessments/{pk}/focus/")
        expect(page).to_have_url(re.compile(r"/focus/8\.1/$"))
        page.locator("label[for='current-8.1-3']").click()
        page.locator("label[for='desired-8.1-3']").click()
        page.get_by_role("button", name="Volgende").click()
        expect(page).to_have_url(re.compile(r"/focus/8\.2/$"))
        expect(page.get_by_role("status").first).to_contain_text("Opgeslagen")
        answer = Answer.objects.get(item__code="8.1")
        assert (answer.applies, answer.current, answer.desired) == (True, 3, 3)
        page.get_by_role("button", name="Volgende").click()  # past an item left as it was: nothing saved
        expect(page).to_have_url(re.compile(r"/focus/8\.3/$"))
        assert not Answer.objects.filter(item__code="8.2").exists()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        _close(context, page)


def test_two_tabs_choose_between_what_was_typed_and_what_was_stored(page, live_profile):
    user = UserFactory()
    log_in(page, user.email)
    start_assessment(page)
    url = page.url.replace("/situation/", "/focus/8.1/")
    other = page.context.new_page()
    page.goto(url)
    other.goto(url)
    page.locator("label[for='current-8.1-3']").click()
    expect(page.locator(".save-state")).to_contain_text("Opgeslagen")

    other.get_by_label("Toelichting (mag leeg blijven)").fill("Getypt in het tweede tabblad")
    state = other.locator(".save-state")
    expect(state).to_contain_text("Zo staat het nu opgeslagen")
    expect(state).to_contain_text("nu 3 Bekwaam")
    check_accessibility(other, "conflict")
    state.get_by_role("button", name="Houd wat ik invulde").click()
    expect(state).to_contain_text("Opgeslagen")
    answer = Answer.objects.get(item__code="8.1")
    assert answer.note == "Getypt in het tweede tabblad"  # what this tab typed…
    assert answer.current == 3  # …over the stored answer: a level this tab never chose stays

    page.get_by_label("Toelichting (mag leeg blijven)").fill("Weer het eerste tabblad")
    state = page.locator(".save-state")
    expect(state).to_contain_text("Getypt in het tweede tabblad")
    state.get_by_role("button", name="Neem de opgeslagen versie").click()
    expect(page.get_by_label("Toelichting (mag leeg blijven)")).to_have_value("Getypt in het tweede tabblad")
    expect(page.locator("[id='current-8.1-3']")).to_be_checked()
    page.locator("label[for='desired-8.1-4']").click()  # and it saves again over the stored revision
    expect(state).to_contain_text("Opgeslagen")
    assert Answer.objects.get(item__code="8.1").desired == 4
    other.close()


def test_two_tabs_without_javascript_keep_what_was_typed(browser, live_server, live_profile):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.csp_violations = []
    try:
        log_in(page, UserFactory().email)
        start_assessment(page)
        url = page.url.replace("/situation/", "/focus/8.1/")
        other = context.new_page()
        page.goto(url)
        other.goto(url)
        page.locator("label[for='current-8.1-3']").click()
        page.get_by_role("button", name="Volgende").click()
        expect(page).to_have_url(re.compile(r"/focus/8\.2/$"))

        other.locator("label[for='current-8.1-1']").click()
        other.get_by_label("Toelichting (mag leeg blijven)").fill("Getypt zonder JavaScript")
        other.get_by_role("button", name="Volgende").click()
        expect(other.get_by_role("heading", name="Welke versie houd je?")).to_be_visible()
        typed, stored = (
            other.locator("[aria-labelledby=typed-heading]"),
            other.locator("[aria-labelledby=stored-heading]"),
        )
        expect(typed).to_contain_text("Getypt zonder JavaScript")
        expect(typed).to_contain_text("1 Beginnend")
        expect(stored).to_contain_text("3 Bekwaam")  # what the first tab stored
        assert Answer.objects.get(item__code="8.1").current == 3  # nothing written yet
        assert other.evaluate("document.documentElement.scrollWidth") <= 390
        check_in_a_browser_with_javascript(browser, live_server, other.content(), "conflict without JavaScript")
        other.get_by_role("button", name="Houd wat ik invulde").click()
        expect(other).to_have_url(re.compile(r"/focus/8\.2/$"))  # on to where "Volgende" was going
        answer = Answer.objects.get(item__code="8.1")
        assert (answer.current, answer.note) == (1, "Getypt zonder JavaScript")
        other.close()
    finally:
        _close(context, page)


def check_in_a_browser_with_javascript(browser, live_server, html: str, name: str) -> None:
    """axe-core runs as JavaScript, which a page without it cannot: the same HTML, on our site."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/account/login/")  # our origin, so the page's stylesheets load
        page.set_content(html)
        check_accessibility(page, name)
    finally:
        context.close()
