from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from catalog.loading import load_framework, read_framework_file

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "competentieprofiel-2025.yaml"


@cache
def framework_data() -> dict:
    """The 2025 profile as parsed from its fixture file (parsed once per test run)."""
    return read_framework_file(FIXTURE)


def pytest_collection_modifyitems(items):
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)  # hundreds of examples each


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production serves hashed files from collectstatic's manifest; tests render templates
    # without running collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    """Tests speak plain HTTP to the test client and the live server; production redirects to HTTPS.

    Session-wide and set directly: the live server's middleware is built once, before any
    function-scoped `settings` override could apply.
    """
    from django.conf import settings as django_settings

    django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _no_lockout_by_default(settings):
    # client.login() and force_login() do not pass a request, which django-axes needs;
    # the lockout itself is tested with AXES_ENABLED switched back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_version_cache():
    """Each test starts with an empty per-process cache of framework content (catalog.cache)."""
    from catalog.cache import _content

    _content.cache_clear()
    yield
    _content.cache_clear()


@pytest.fixture
def profile_version(db):
    """The real Competentieprofiel 2025, loaded from fixtures/ as in production."""
    return load_framework(framework_data()).version


@pytest.fixture(autouse=True)
def _fresh_mail_limits():
    """Each test starts with no mails counted (accounts.limits counts in the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
