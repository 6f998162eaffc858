"""Platform admins look after organisations, teams and invitations in the Django admin."""

import pytest
from django.urls import reverse

from tests.factories import AdminMembershipFactory, InvitationFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "accounts_organisation",
        "accounts_organisationmembership",
        "accounts_team",
        "accounts_teammembership",
        "accounts_invitation",
    ],
)
def test_each_admin_list_and_edit_page_opens_for_a_superuser(client, model):
    membership = TeamMembershipFactory()
    AdminMembershipFactory(organisation=membership.team.organisation)
    InvitationFactory(organisation=membership.team.organisation, team=membership.team)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    list_url = reverse(f"admin:{model}_changelist")
    response = client.get(list_url)
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert client.get(reverse(f"admin:{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(list_url, {"q": "example"}).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200
