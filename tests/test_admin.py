"""The admin is how platform admins look after the catalog and users: every page must open."""

import pytest
from django.urls import reverse

from tests.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "accounts_user",
        "catalog_framework",
        "catalog_frameworkversion",
        "catalog_item",
        "catalog_contextvariable",
        "assessments_assessment",
    ],
)
def test_each_admin_list_and_edit_page_opens_for_a_superuser(client, profile_version, model):
    AssessmentFactory(version=profile_version)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    list_url = reverse(f"admin:{model}_changelist")
    response = client.get(list_url)
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert client.get(reverse(f"admin:{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(list_url, {"q": "9.1"}).status_code == 200


def test_the_admin_is_closed_to_coordinators(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:catalog_item_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_publishing_a_draft_makes_it_current(client, profile_version):
    from catalog.loading import load_framework
    from tests.catalog.test_loading import changed_profile

    draft = load_framework(changed_profile(label="2026"), publish=False).version
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:catalog_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.framework.current_version() == draft


def test_framework_text_cannot_be_edited_in_the_admin(client, profile_version):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    item = profile_version.items.get(code="9.1.3")
    url = reverse("admin:catalog_item_change", args=[item.pk])
    response = client.post(url, {"title": "Iets anders"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "Matchen"
