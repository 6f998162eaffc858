"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium these tests skip with a message; in CI (CI=true) a missing browser fails.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from catalog.loading import load_framework
from tests.conftest import framework_data

# Playwright's sync API keeps an event loop running in this thread; the ORM calls that the
# tests make between browser steps are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


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
    page.set_default_timeout(10_000)
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


def screenshot(page, name: str) -> None:
    """Keep a picture of what the browser showed, for a person to look at (test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
