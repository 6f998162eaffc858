"""A manager gives their own view of a shared zelfscan and shares it back; the member sees both."""

from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory, team_with


def test_a_manager_gives_their_view_and_the_member_sees_it_side_by_side(page, live_profile):
    member = UserFactory(email="sanne@example.org", name="Sanne de Vries")
    boss = UserFactory(email="ilse@example.org", name="Ilse Bakker")
    team_with(coordinators=[member], managers=[boss])
    own = services.assessment_start(owner=member, framework=live_profile.framework)
    for code, current, desired in [("8.1", 2, 4), ("8.2", 3, 3)]:
        item = live_profile.items.get(code=code)
        services.answer_save(assessment=own, item=item, changes={"current": current, "desired": desired})
    services.share_set(assessment=own, viewer=boss, shared=True)

    log_in(page, boss.email)
    page.goto(f"/assessments/shared/{own.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelfscan van Sanne de Vries")
    page.get_by_role("button", name="Geef jouw kijk").click()
    card = page.locator("[id='answer-8.1']")
    expect(card.get_by_role("checkbox")).to_be_checked()  # Sanne ticked it: the view starts from her ticks
    card.locator("label[for='current-8.1-3']").click()
    card.locator("label[for='desired-8.1-4']").click()
    expect(card.locator(".save-state")).to_contain_text("Opgeslagen")
    page.get_by_role("link", name="Naast elkaar").click()
    expect(page.locator("tr.differs")).to_contain_text("8.1")
    screenshot(page, "side-by-side-manager")
    page.get_by_role("button", name="Deel met Sanne").click()
    expect(page.get_by_role("status").first).to_contain_text("Sanne de Vries kan jouw kijk nu")

    page.context.clear_cookies()
    log_in(page, member.email)
    page.goto(f"/assessments/{own.pk}/overview/")
    page.get_by_role("link", name="Bekijk naast elkaar").click()
    expect(page.locator("tr.differs")).to_contain_text("8.1")
    expect(page.get_by_role("button", name="Niet meer delen")).to_have_count(0)
    view = Assessment.objects.manager_assessments().get()
    assert view.answers.get(item__code="8.1").current == 3
    assert view.answers.get(item__code="8.2").current is None  # her ticks, never her levels
