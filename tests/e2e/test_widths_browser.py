"""Every page at 360, 390, 768 and 1280 px wide: no sideways scrolling of the page, chart text of
at least 12 px as rendered, tick boxes of Mijn situatie at least 44 px tall, and axe-core clean.

"Every page": the demo's people (`manage.py demo`) start where they land and follow every link
(tests/e2e/crawl.py), so a new page is checked without being listed here. Each kind of page is
checked once per width, by the first person who reaches it; pages that are only reached from a
mail or a form (a reviewer's link, a manager's own view, a two-tab conflict) are named.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from assessments.models import Assessment
from cycle.services import reminders_stop_token
from feedback.models import FeedbackRound, Reviewer
from tests.e2e.conftest import _close, _new_page, check_accessibility, log_in
from tests.e2e.crawl import crawl

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


def demo_people():
    """The demo data, and per person (None: anonymous) the pages they start from."""
    with override_settings(DEBUG=True):
        call_command("load_framework", stdout=StringIO())
        call_command("demo", stdout=StringIO())
    view = Assessment.objects.get(
        owner__email="manager@example.org", counterpart__owner__email="coordinator@example.org"
    )
    sanne = view.counterpart
    volunteers = FeedbackRound.objects.filter(kind="volunteers").exclude(token=None).first()
    reviewer = Reviewer.objects.first()
    return {
        "coordinator3@example.org": ["/thuis/", "/assessments/"],  # feedback from others
        "coordinator@example.org": ["/thuis/", "/assessments/", "/account/", f"/gesprek/{sanne.pk}/"],
        "consulent@example.org": ["/assessments/"],  # the Bouwstenen
        "manager@example.org": [  # Ilse: leidinggevende and the organisation's admin
            "/thuis/",
            "/teams/",
            "/account/organisations/",
            f"/assessments/shared/{sanne.pk}/",
            f"/assessments/{view.pk}/keuzemodel/9.1/",
            f"/assessments/{view.pk}/focus/8.1/",
            f"/assessments/{view.pk}/side-by-side/",
        ],
        None: ["/", "/account/login/", "/account/signup/", "/frameworks/"]
        + [volunteers.get_share_url(), reviewer.get_absolute_url()]  # links from a mail or a QR code
        + [reverse("cycle:reminders_stop", args=[reminders_stop_token(sanne.owner)])],
    }


@pytest.mark.slow
def test_every_page_fits_its_window_reads_well_and_passes_axe_at_every_width(browser, live_server, transactional_db):
    people = demo_people()
    problems, checked = [], 0
    for width in WIDTHS:
        seen = set()
        for email, starts in people.items():
            context, page = _new_page(browser, live_server, width=width, height=800)
            if email:
                log_in(page, email, password="demo")
            for url, status in crawl(page, starts, seen=seen):
                where = f"{url} at {width} px"
                checked += 1
                if status != 200:
                    problems.append(f"{where}: status {status}")
                    continue
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
    assert checked > 4 * 60, f"only {checked} pages found: is the crawl following links?"
    assert not problems, "\n".join(problems)
