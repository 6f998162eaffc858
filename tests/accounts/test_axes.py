"""django-axes counts failed logins per address in its one normal form (accounts/axes.py)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    return settings.AXES_FAILURE_LIMIT


def test_it_locks_every_spelling_of_a_locked_address(client, lockout):
    """Finding 2: LOCKME@example.net got five fresh tries after lockme@example.net was locked."""
    UserFactory(email="lockme@example.net")
    url = reverse("accounts:login")
    for _ in range(lockout):
        client.post(url, {"username": "lockme@example.net", "password": "verkeerd"})
    for spelling in ("LOCKME@example.net", "LockMe@EXAMPLE.NET", " lockme@example.net "):
        response = client.post(url, {"username": spelling, "password": PASSWORD})
        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_it_counts_failures_under_every_spelling_together(client, lockout):
    UserFactory(email="lockme@example.net")
    url = reverse("accounts:login")
    spellings = ["lockme@example.net", "LOCKME@example.net", "Lockme@Example.net"]
    for n in range(lockout):
        client.post(url, {"username": spellings[n % 3], "password": "verkeerd"})
    assert client.post(url, {"username": "lockme@example.net", "password": PASSWORD}).status_code == 429


def test_a_correct_login_under_another_spelling_does_not_clear_a_lock(client, lockout):
    UserFactory(email="lockme@example.net")
    url = reverse("accounts:login")
    for _ in range(lockout):
        client.post(url, {"username": "LOCKME@example.net", "password": "verkeerd"})
    client.post(url, {"username": "lockme@example.net", "password": PASSWORD})
    assert client.post(url, {"username": "LOCKME@example.net", "password": PASSWORD}).status_code == 429


def test_a_correct_login_still_resets_the_count_before_the_lock(client, lockout):
    UserFactory(email="lockme@example.net")
    url = reverse("accounts:login")
    for _ in range(lockout - 1):
        client.post(url, {"username": "LOCKME@example.net", "password": "verkeerd"})
    assert client.post(url, {"username": "lockme@example.net", "password": PASSWORD}).status_code == 302
    client.logout()
    client.post(url, {"username": "lockme@example.net", "password": "verkeerd"})
    assert client.post(url, {"username": "lockme@example.net", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("length", [255, 256, 300, 5000])
def test_it_answers_a_very_long_address_as_a_wrong_login(client, lockout, length):
    """Finding 6: django-axes keeps the name in 255 characters; longer gave a 500 on PostgreSQL."""
    username = "a" * (length - len("@example.org")) + "@example.org"
    response = client.post(reverse("accounts:login"), {"username": username, "password": "x"})
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()
