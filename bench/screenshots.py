"""Screenshots of every page at phone and desktop width, against a running dev server with the
demo data (`make run`), and each page's width: a page wider than the window scrolls sideways.
Every page each demo person can reach by following links is visited, once per kind of page.

    .venv/bin/python bench/screenshots.py http://127.0.0.1:8000 [out-dir] [width …]

Prints one line per page and width: the document's scrollWidth against the window, and where
the page is wider than the window, the elements that stick out.
"""

import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.crawl import crawl  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
WIDTHS = [390, 1280]

# Where each person starts; every page linked from there is found by following links (tests/e2e/crawl.py).
PEOPLE = {
    None: ["/", "/account/login/", "/account/signup/", "/frameworks/"],
    "coordinator@example.org": ["/thuis/", "/assessments/", "/account/"],  # Sanne: gesprek, rounds, growth
    "coordinator3@example.org": ["/thuis/", "/assessments/"],  # feedback from others
    "consulent@example.org": ["/assessments/"],  # the Bouwstenen
    "manager@example.org": ["/thuis/", "/teams/", "/account/organisations/"],  # Ilse, also the organisation's admin
}

SPILL = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.table-responsive, .overflow-auto, .visually-hidden'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))"""


def log_in(page, base, email):
    page.goto(base + "/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", "demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def visit(browser, base, out, width, email, starts):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 800 else 900}, locale="nl-NL", base_url=base
    )
    page = context.new_page()
    if email:
        log_in(page, base, email)
    who = (email or "anonymous").split("@")[0]
    for path, status in crawl(page, starts):
        width_now = page.evaluate("() => document.documentElement.scrollWidth")
        name = f"{who}-" + (re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "home")
        page.screenshot(path=str(out / f"{width}-{name}.png"), full_page=True)
        spill = page.evaluate(SPILL) if width_now > width else []
        flag = "OK " if width_now <= width and status == 200 else "PROBLEM"
        print(f"{flag} {width:5} {who:13} {status} {path:50} scrollWidth {width_now} {' '.join(spill)}")
    context.close()


def main():
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
    widths = [int(width) for width in sys.argv[3:]] or WIDTHS
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width in widths:
            for email, starts in PEOPLE.items():
                visit(browser, base, out, width, email, starts)
        browser.close()


if __name__ == "__main__":
    main()
