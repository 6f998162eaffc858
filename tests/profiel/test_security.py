"""Production safety: headers on every response, the deploy check, and locking after failed logins."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.slow
def test_the_deploy_check_passes_with_production_settings():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest when the whole suite runs;
    # the deploy check rightly refuses it, and production never has it.
    leave_out = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in leave_out}
    environment.update(
        SECRET_KEY="a-long-random-production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="profielwijzer.example.org",
        DJANGO_SETTINGS_MODULE="profiel.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_repeated_failed_logins_lock_the_account_for_a_while(client, settings):
    settings.AXES_ENABLED = True
    user = UserFactory(email="sanne@example.org")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.email, "password": "verkeerd"})
        assert response.status_code == 200  # the form again, with its message
    assert client.post(url, {"username": user.email, "password": "verkeerd"}).status_code == 429
    response = client.post(url, {"username": user.email, "password": PASSWORD})  # even the right one
    assert response.status_code == 429
    assert "kun je een kwartier niet inloggen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = UserFactory()
    assert client.post(url, {"username": other.email, "password": PASSWORD}).status_code == 302  # only that account
