import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_the_e_mail_address_in_any_case():
    user = User.objects.create_user("Coordinator@Example.org", password=PASSWORD)
    assert user.email == "coordinator@example.org"
    assert authenticate(username="COORDINATOR@example.org", password=PASSWORD) == user
    assert authenticate(username="coordinator@example.org", password="wrong") is None


def test_it_allows_one_account_per_e_mail_address_whatever_the_case():
    UserFactory(email="sam@example.org")
    with pytest.raises(IntegrityError):
        User(email="SAM@example.org", password="x").save()


def test_it_shows_the_name_or_else_the_address():
    assert str(UserFactory(name="Sam de Vries")) == "Sam de Vries"
    assert str(UserFactory(name="", email="anoniem@example.org")) == "anoniem@example.org"


def test_a_superuser_is_staff():
    admin = User.objects.create_superuser("beheer@example.org", password=PASSWORD)
    assert admin.is_staff and admin.is_superuser
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user("", password=PASSWORD)
