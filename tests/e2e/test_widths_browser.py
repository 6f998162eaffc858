"""Every main page at 360, 390, 768 and 1280 px wide: no sideways scrolling of the page, chart text
of at least 12 px as rendered, tick boxes of Mijn situatie at least 44 px tall, and axe-core clean."""

import pytest

from assessments import services
from assessments.models import Assessment
from tests.e2e.conftest import _close, _new_page, check_accessibility, log_in
from tests.e2e.test_team_browser import build_team

WIDTHS = [360, 390, 768, 1280]

SMALLEST_CHART_TEXT = """() => {
  const sizes = [...document.querySelectorAll('svg.level-chart')]
    .filter((svg) => svg.getBoundingClientRect().width > 0)
    .flatMap((svg) => {
      const scale = svg.getScreenCTM().a;
      return [...svg.querySelectorAll('text')].map((text) => parseFloat(text.getAttribute('font-size')) * scale);
    });
  return sizes.length ? Math.min(...sizes) : null;
}"""

SMALLEST_TICK_BOX = """() => Math.min(...[...document.querySelectorAll('.situation-form .form-check-label')]
  .map((label) => label.getBoundingClientRect().height))"""


def pages(team, sanne_scan, view):
    own, team_url = f"/assessments/{sanne_scan.pk}", f"/teams/{team.pk}"
    return {
        None: ["/", "/account/login/", "/account/signup/", "/frameworks/"],
        "sanne": [
            "/assessments/",
            f"{own}/situation/",
            f"{own}/keuzemodel/9.1/",
            f"{own}/focus/9.1.2/",
            f"{own}/overview/",
            f"{own}/plan/",
            f"{own}/finalise/",
            f"/assessments/{view.pk}/side-by-side/",
        ],
        "manager": [
            "/teams/",
            f"{team_url}/",
            f"{team_url}/matrix/",
            f"{team_url}/matrix/10.2/",
            f"{team_url}/coverage/",
            f"{team_url}/needs/",
            f"/assessments/shared/{sanne_scan.pk}/",
            f"/assessments/{view.pk}/focus/8.1/",
            f"/assessments/{view.pk}/side-by-side/",
        ],
    }


@pytest.mark.slow
def test_every_main_page_fits_its_window_reads_well_and_passes_axe_at_every_width(browser, live_server, live_profile):
    team, manager = build_team(live_profile)
    sanne_scan = Assessment.objects.get(owner__name="Sanne de Vries")
    view = services.manager_view_start(manager=manager, counterpart=sanne_scan)
    for code, current, desired in [("8.1", 2, 3), ("9.1.1", 3, 4), ("10.2.1", 2, 2)]:
        item = live_profile.items.get(code=code)
        services.answer_save(assessment=view, item=item, changes={"current": current, "desired": desired})
    services.share_set(assessment=view, viewer=sanne_scan.owner, shared=True)
    users = {None: None, "sanne": sanne_scan.owner, "manager": manager}
    problems = []
    for width in WIDTHS:
        for who, urls in pages(team, sanne_scan, view).items():
            context, page = _new_page(browser, live_server, width=width, height=800)
            if users[who]:
                log_in(page, users[who].email)
            for url in urls:
                response = page.goto(url)
                assert response.ok, (url, response.status)
                where = f"{url} at {width} px"
                page_width = page.evaluate("document.documentElement.scrollWidth")
                if page_width > width:
                    problems.append(f"{where}: the page is {page_width} px wide")
                smallest = page.evaluate(SMALLEST_CHART_TEXT)
                if smallest is not None and smallest < 12:
                    problems.append(f"{where}: chart text of {smallest:.1f} px")
                if url.endswith("/situation/"):
                    box = page.evaluate(SMALLEST_TICK_BOX)
                    if box < 44:
                        problems.append(f"{where}: a tick box {box:.0f} px tall")
                check_accessibility(page, where)
            _close(context, page)
    assert not problems, "\n".join(problems)
