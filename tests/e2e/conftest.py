"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium these tests skip with a message; in CI (CI=true) a missing browser fails.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from catalog.loading import load_framework
from tests.conftest import framework_data
from tests.factories import PASSWORD

# Playwright's sync API keeps an event loop running in this thread; the ORM calls that the
# tests make between browser steps are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]

# Tests wait for states (a URL, a visible text, a saved answer), never for a fixed time; a
# state that is already there costs nothing, so the limits can be generous enough for a
# busy two-core machine.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        message = "Chromium is not installed (Debian: apt-get install chromium); browser tests need it."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, live_server, **viewport):
    context = browser.new_context(viewport=viewport, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
    )
    return context, page


def _close(context, page):
    context.close()
    assert page.csp_violations == [], "the page broke its own Content-Security-Policy"


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, width=1280, height=900)
    yield page
    _close(context, page)


@pytest.fixture
def phone(browser, live_server):
    context, page = _new_page(browser, live_server, width=390, height=844)
    yield page
    _close(context, page)


@pytest.fixture
def live_profile(transactional_db):
    """The 2025 profile, committed so that the live server's thread sees it."""
    return load_framework(framework_data()).version


def log_in(page, email, password=PASSWORD):
    """Log in on the login page and wait until the browser has left it (the session cookie is set)."""
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/account/login/"))


def open_menu(page):
    """Unfold the site menu on a phone and wait until it has finished unfolding."""
    page.get_by_role("button", name="Menu openen").click()
    expect(page.locator("#main-menu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core from npm, vendored (MPL-2.0)
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def check_accessibility(page, name: str) -> None:
    """axe-core on the page as it is now; serious and critical WCAG 2.1 AA violations fail the test."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: our CSP (rightly) refuses an injected <script>.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:5]
        )
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not problems, f"{name}: accessibility problems:\n" + "\n".join(problems)


def screenshot(page, name: str) -> None:
    """Keep a picture of what the browser showed (test-artifacts/), and check it with axe-core."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
    check_accessibility(page, name)
