"""Screenshots of every main page at phone and desktop width, against a running dev server with
the demo data (`make run`), and each page's width: a page wider than the window scrolls sideways.

    .venv/bin/python bench/screenshots.py http://127.0.0.1:8000 [out-dir] [width …]

Prints one line per page and width: the document's scrollWidth against the window, and where
the page is wider than the window, the elements that stick out.
"""

import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
WIDTHS = [390, 1280]

ANONYMOUS = ["/", "/account/login/", "/account/signup/", "/frameworks/"]
COORDINATOR = [
    "/assessments/",
    "{a}/situation/",
    "{a}/keuzemodel/9.1/",
    "{a}/focus/",
    "{a}/overview/",
    "{a}/plan/",
    "{a}/finalise/",
    "{a}/compare/",
]
MANAGER = ["/teams/", "{t}/", "{t}/matrix/", "{t}/matrix/10.1/", "{t}/coverage/", "{t}/needs/"]

FIRST = """(pattern) => [...document.querySelectorAll('main a')].map(a => a.getAttribute('href') || '')
  .map(h => (h.match(new RegExp(pattern)) || [])[0]).find(Boolean).replace(/[/]$/, '')"""

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


def visit(browser, base, out, width, email, paths):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 800 else 900}, locale="nl-NL")
    page = context.new_page()
    if email:
        log_in(page, base, email)
    found = {}
    for path in paths:
        if "{a}" in path:
            if "a" not in found:
                page.goto(base + "/assessments/")
                found["a"] = page.evaluate(FIRST, r"^/assessments/\d+/")
            path = path.replace("{a}", found["a"])
        if "{t}" in path:
            if "t" not in found:
                page.goto(base + "/teams/")
                found["t"] = page.evaluate(FIRST, r"^/teams/\d+/")
            path = path.replace("{t}", found["t"])
        page.goto(base + path)
        width_now = page.evaluate("() => document.documentElement.scrollWidth")
        name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "home"
        page.screenshot(path=str(out / f"{width}-{name}.png"), full_page=True)
        spill = page.evaluate(SPILL) if width_now > width else []
        flag = "OK " if width_now <= width else "TOO WIDE"
        print(f"{flag} {width:5} {path:40} scrollWidth {width_now} {' '.join(spill)}")
    context.close()


def main():
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
    widths = [int(width) for width in sys.argv[3:]] or WIDTHS
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width in widths:
            visit(browser, base, out, width, None, ANONYMOUS)
            visit(browser, base, out, width, "coordinator@example.org", COORDINATOR)
            visit(browser, base, out, width, "manager@example.org", MANAGER)
        browser.close()


if __name__ == "__main__":
    main()
