"""Settings come from the environment and fail loudly. Each case runs in a fresh interpreter."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow  # a fresh interpreter per case

PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
)


def run_settings(**env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="profiel.settings", PYTHONPATH=str(settings.BASE_DIR))
    # an empty working directory, so no .env file is picked up from the developer's checkout
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_starts_with_a_secret_key_and_defaults_to_sqlite():
    result = run_settings(SECRET_KEY="a-real-secret")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_it_allows_development_without_a_secret_key():
    result = run_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_it_refuses_a_debug_value_it_cannot_read():
    result = run_settings(DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_it_reads_postgresql_from_database_url():
    result = run_settings(SECRET_KEY="x", DATABASE_URL="postgres://postgres@127.0.0.1:5432/profielwijzer")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


def test_it_refuses_a_database_url_it_cannot_read():
    result = run_settings(SECRET_KEY="x", DATABASE_URL="nosuchdb://somewhere")
    assert result.returncode != 0
    assert "DATABASE_URL cannot be used" in result.stderr
