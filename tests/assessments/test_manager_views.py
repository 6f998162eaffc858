"""A manager's own view of a member: only on what was shared, side by side, shared back on purpose."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from tests.assessments.conftest import item, rate
from tests.factories import UserFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(assessment):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[assessment.owner], managers=[boss])
    rate(assessment, "10.3.5", 1, 4, note="Lastig na de reorganisatie")
    rate(assessment, "9.1.3", 3, 3)
    return boss


def test_a_manager_sees_a_shared_self_assessment_and_starts_a_view_once(client, assessment, manager):
    client.force_login(manager)
    shared_url = reverse("assessments:shared", args=[assessment.pk])
    assert client.get(shared_url).status_code == 404  # not shared yet
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    html = client.get(shared_url).content.decode()
    assert "Lastig na de reorganisatie" in html and "Geef jouw kijk" in html
    start = reverse("assessments:manager_view_start", args=[assessment.pk])
    first = client.post(start)
    second = client.post(start)  # a double submit opens the same view
    view = Assessment.objects.manager_assessments().get()
    assert first["Location"] == second["Location"] == reverse("assessments:keuzemodel", args=[view.pk])
    assert (view.owner, view.subject, view.counterpart, view.version) == (
        manager,
        assessment.owner,
        assessment,
        assessment.version,
    )
    response = client.post(
        reverse("assessments:answer", args=[view.pk, "10.3.5"]), {"applies": "1", "current": "2", "desired": "3"}
    )
    assert response.status_code == 302
    page = client.get(reverse("assessments:side_by_side", args=[view.pk])).content.decode()
    assert "1 → 4" in page and "2 → 3" in page
    assert 'class="differs"' in page
    download = client.get(reverse("assessments:shared_pdf", args=[assessment.pk]))
    assert download["Content-Type"] == "application/pdf" and "no-store" in download["Cache-Control"]


def test_the_member_sees_the_managers_view_only_once_it_is_shared(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.answer_save(
        assessment=view, item=item(view.version, "9.1.3"), changes={"current": "2", "note": "Goed bezig"}
    )
    side = reverse("assessments:side_by_side", args=[view.pk])
    client.force_login(assessment.owner)
    assert client.get(side).status_code == 404
    assert "eigen kijk" not in client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()

    client.force_login(manager)
    client.post(reverse("assessments:manager_view_share", args=[view.pk]), {"shared": "1"})
    client.force_login(assessment.owner)
    assert (
        "eigen kijk op jouw zelfscan"
        in client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    )
    page = client.get(side).content.decode()
    assert "Goed bezig" in page
    assert "Niet meer delen" not in page  # only the author shares or revokes
    assert client.post(reverse("assessments:manager_view_share", args=[view.pk]), {"shared": "0"}).status_code == 404
    # the member cannot edit the manager's view
    assert client.post(reverse("assessments:answer", args=[view.pk, "9.1.3"]), {"current": "4"}).status_code == 404


def test_revoking_the_share_closes_everything_for_the_manager(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.share_set(assessment=assessment, viewer=manager, shared=False)
    client.force_login(manager)
    for url in [
        reverse("assessments:shared", args=[assessment.pk]),
        reverse("assessments:shared_pdf", args=[assessment.pk]),
        reverse("assessments:side_by_side", args=[view.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assessments:manager_view_start", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("assessments:manager_view_share", args=[view.pk]), {"shared": "1"}).status_code == 404


def test_outsiders_get_404_on_every_manager_url(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    services.share_set(assessment=view, viewer=assessment.owner, shared=True)
    client.force_login(UserFactory())
    for method, url in [
        ("get", reverse("assessments:shared", args=[assessment.pk])),
        ("get", reverse("assessments:shared_pdf", args=[assessment.pk])),
        ("post", reverse("assessments:manager_view_start", args=[assessment.pk])),
        ("get", reverse("assessments:side_by_side", args=[view.pk])),
        ("post", reverse("assessments:manager_view_share", args=[view.pk])),
        ("get", reverse("assessments:section", args=[view.pk, "9.1"])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_manager_view_has_no_zelfscan_pages(client, assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    client.force_login(manager)
    for name in ["situation", "overview", "plan", "finalise", "compare", "pdf"]:
        assert client.get(reverse(f"assessments:{name}", args=[view.pk])).status_code == 404, name
    assert client.get(reverse("assessments:detail", args=[view.pk]))["Location"] == reverse(
        "assessments:keuzemodel", args=[view.pk]
    )
    assert view not in client.get(reverse("assessments:list")).context["assessments"]


def test_a_manager_cannot_share_their_view_with_someone_else(assessment, manager):
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    with pytest.raises(services.InvalidInput):
        services.share_set(assessment=view, viewer=UserFactory(), shared=True)
    assert not view.shares.exists()
