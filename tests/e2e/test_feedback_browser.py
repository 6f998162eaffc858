"""Issue 13's "Done when": a coordinator without a leidinggevende invites two reviewers and three
volunteers; each answers on a phone-sized screen; the coordinator sees and downloads the result."""

import io
import re

from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments import services
from tests.e2e.conftest import _close, _new_page, log_in, screenshot
from tests.factories import UserFactory

REVIEWERS = [
    ("Joost Mulder", "joost@example.org", "4", "Je haalt mensen binnen die nergens anders meedoen."),
    ("Esther Visser", "esther@example.org", "2", "In de intervisie groeit dit; <b>echt</b> waar."),
]
VOLUNTEERS = [("4", "Altijd bereikbaar"), ("3", ""), ("4", "=SOM(1;2) is geen formule")]


def choose_items(page, *codes):
    for code in codes:
        page.locator(f"input[name='items'][value='{code}']").check()


def answer_as_reviewer(browser, live_server, url, level, comment):
    context, phone = _new_page(browser, live_server, width=390, height=844)
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Kijk je mee met Marieke Jansen?")
    phone.locator(f"label[for='level-10.2.3-{level}']").click()
    phone.locator("label[for='level-9.1.3-unknown']").click()
    phone.locator("[id='comment-10.2.3']").fill(comment)
    phone.get_by_role("button", name="Verstuur mijn feedback").click()
    expect(phone.get_by_role("status").filter(has_text="Dank je wel")).to_be_visible()
    screenshot(phone, "feedback-reviewer-phone")
    _close(context, phone)


def answer_as_volunteer(browser, live_server, url, level, comment):
    context, phone = _new_page(browser, live_server, width=390, height=844)
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Hoe zie jij Marieke Jansen?")
    phone.locator(f"label[for='level-10.2.3-{level}']").click()
    phone.locator("label[for='level-9.1.3-3']").click()
    if comment:
        phone.get_by_label("Wil je nog iets kwijt?").fill(comment)
    phone.get_by_role("button", name="Verstuur").click()
    expect(phone.get_by_role("status").filter(has_text="Dank je wel voor je antwoord")).to_be_visible()
    screenshot(phone, "feedback-volunteer-phone")
    _close(context, phone)


def test_a_coordinator_without_a_leidinggevende_gets_feedback_from_reviewers_and_volunteers(
    page, browser, live_server, live_profile
):
    owner = UserFactory(email="marieke@example.org", name="Marieke Jansen")  # no team, no manager
    assessment = services.assessment_start(owner=owner, framework=live_profile.framework)
    for code, current in [("10.2.3", 2), ("9.1.3", 3)]:
        services.answer_save(
            assessment=assessment,
            item=live_profile.items.get(code=code),
            changes={"applies": "1", "current": current, "desired": 4},
        )
    log_in(page, owner.email)
    page.goto(f"/assessments/{assessment.pk}/overview/")
    page.get_by_role("link", name="Feedback", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback van anderen")

    # two reviewers, each with a personal link by mail
    page.get_by_role("link", name="Nodig iemand uit").click()
    page.get_by_label("Naam van de ronde").fill("Intervisie")
    choose_items(page, "10.2.3", "9.1.3")
    name, email, *_ = REVIEWERS[0]
    page.get_by_label("Wie nodig je uit? Naam").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Verstuur de uitnodiging").click()
    expect(page.get_by_role("status").filter(has_text=f"verstuurd naar {email}")).to_be_visible()
    name, email, *_ = REVIEWERS[1]
    page.get_by_text("Nodig nog iemand uit").click()
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    page.get_by_role("button", name="Verstuur de uitnodiging").click()
    expect(page.get_by_role("status").filter(has_text=f"verstuurd naar {email}")).to_be_visible()
    links = {
        message.to[0]: re.search(r"https?://[^/\s]+(/f/[\w-]+/)", message.body).group(1) for message in mail.outbox
    }
    assert set(links) == {"joost@example.org", "esther@example.org"}

    # an anonymous round for the volunteers: one link to share
    page.get_by_role("link", name="Alle feedback").click()
    page.get_by_role("link", name="Vraag je vrijwilligers").click()
    page.get_by_label("Naam van de ronde").fill("Moestuin")
    choose_items(page, "10.2.3", "9.1.3")
    page.get_by_role("button", name="Maak de link").click()
    share = page.locator("#share-url")
    expect(share).to_have_value(re.compile(r"/v/[\w-]+/$"))
    expect(page.get_by_role("img", name="QR-code van de link voor vrijwilligers")).to_be_visible()
    share_url = re.search(r"(/v/[\w-]+/)$", share.input_value()).group(1)

    for _name, email, level, comment in REVIEWERS:
        answer_as_reviewer(browser, live_server, links[email], level, comment)
    answer_as_volunteer(browser, live_server, share_url, *VOLUNTEERS[0])
    answer_as_volunteer(browser, live_server, share_url, *VOLUNTEERS[1])
    # with two answers the owner sees nothing of them yet
    page.goto(f"/assessments/{assessment.pk}/feedback/")
    expect(page.get_by_text("Altijd bereikbaar")).to_have_count(0)
    expect(page.get_by_text("Uitkomsten zie je zodra minstens 3 vrijwilligers antwoordden.")).to_be_visible()
    answer_as_volunteer(browser, live_server, share_url, *VOLUNTEERS[2])

    page.reload()
    expect(page.get_by_text("3 vrijwilligers antwoordden")).to_be_visible()
    expect(page.get_by_text("Altijd bereikbaar")).to_be_visible()
    expect(page.get_by_text("In de intervisie groeit dit; <b>echt</b> waar.")).to_be_visible()  # text, not markup
    item = page.locator("article").filter(has_text="10.2.3")
    expect(item.get_by_text("Joost Mulder")).to_be_visible()
    expect(item.get_by_text("ziet je hoger").first).to_be_visible()
    screenshot(page, "feedback-owner")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als concept (PDF)").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(sheet.extract_text() for sheet in reader.pages).split())
    assert "Wat anderen zien" in text and "Joost Mulder" in text and "Altijd bereikbaar" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert "'=SOM(1;2) is geen formule" in csv and "Esther Visser" in csv
