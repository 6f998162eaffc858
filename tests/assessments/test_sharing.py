"""The coordinator owns the data: sharing is explicit, per manager, and revocable."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Share
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(assessment):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[assessment.owner], managers=[boss])
    return boss


def test_it_shares_with_a_manager_of_my_team_and_revokes(client, assessment, manager):
    client.force_login(assessment.owner)
    page = client.get(reverse("assessments:finalise", args=[assessment.pk])).content.decode()
    assert "Ilse Bakker" in page
    response = client.post(reverse("assessments:share", args=[assessment.pk]), {"manager": manager.pk, "shared": "1"})
    assert response.status_code == 302
    assert Share.objects.filter(assessment=assessment, viewer=manager).exists()
    client.post(reverse("assessments:share", args=[assessment.pk]), {"manager": manager.pk, "shared": "1"})  # double
    assert Share.objects.count() == 1
    client.post(reverse("assessments:share", args=[assessment.pk]), {"manager": manager.pk, "shared": "0"})
    assert not Share.objects.exists()


def test_it_refuses_to_share_with_someone_who_is_not_my_manager(client, assessment, manager):
    stranger = UserFactory()
    colleague = UserFactory()
    team_with(coordinators=[stranger], managers=[colleague], organisation="Elders")  # another team
    client.force_login(assessment.owner)
    for forged in [stranger.pk, colleague.pk, assessment.owner.pk, 999999, "x"]:
        response = client.post(reverse("assessments:share", args=[assessment.pk]), {"manager": forged, "shared": "1"})
        assert response.status_code == 404
    with pytest.raises(services.InvalidInput):
        services.share_set(assessment=assessment, viewer=colleague, shared=True)
    assert not Share.objects.exists()


def test_someone_else_cannot_share_my_assessment(client, assessment, manager):
    client.force_login(manager)
    response = client.post(reverse("assessments:share", args=[assessment.pk]), {"manager": manager.pk, "shared": "1"})
    assert response.status_code == 404
    assert not Share.objects.exists()


def test_without_a_manager_the_page_says_that_is_fine(client, assessment):
    client.force_login(assessment.owner)
    page = client.get(reverse("assessments:finalise", args=[assessment.pk])).content.decode()
    assert "Dat is prima" in page
