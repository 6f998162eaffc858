"""An empty zelfscan, page by page: every page says what is (not) there, never "0 van 0" or "Mooi!"."""

import pytest
from django.urls import reverse

from assessments import services
from tests.assessments.conftest import finalise, item
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def page(client, name, *args):
    response = client.get(reverse(f"assessments:{name}", args=args))
    assert response.status_code == 200, name
    return response.content.decode()


def test_the_keuzemodel_of_an_empty_zelfscan_says_not_started_instead_of_0_van_0(owner_client, assessment):
    html = page(owner_client, "section", assessment.pk, "9.1")
    assert "0 van 0" not in html
    assert "Bekeken, nog niets ingevuld (6 onderdelen)" in html  # 9.1 has six taakgebieden, now opened
    assert "Nog niet bekeken (3 onderdelen)" in html  # 8, the grondhouding, not opened yet
    assert "(nog niets aangevinkt)" in html


def test_progress_tells_parts_opened_from_parts_not_yet_looked_at(owner_client, assessment, client):
    page(owner_client, "section", assessment.pk, "8")
    page(owner_client, "focus_item", assessment.pk, "10.3.2")  # the focused mode opens 10.3
    assessment.refresh_from_db()
    assert assessment.visited_sections == ["8", "10.3"]
    html = page(owner_client, "section", assessment.pk, "9.1")
    assert html.count("Bekeken, nog niets ingevuld") == 3  # 8, 9.1 and 10.3
    assert html.count("Nog niet bekeken") == len(assessment.version.items.filter(parent=None)) - 3
    export = owner_client.get(reverse("assessments:data_export")).json()
    assert export["assessments"][0]["sections_opened"] == ["8", "9.1", "10.3"]
    # someone else opening the page learns nothing and marks nothing
    client.force_login(UserFactory())
    assert client.get(reverse("assessments:section", args=[assessment.pk, "9.2"])).status_code == 404
    assessment.refresh_from_db()
    assert assessment.visited_sections == ["8", "10.3", "9.1"]


def test_a_final_round_is_not_marked_when_opened(owner_client, assessment):
    finalise(assessment)
    page(owner_client, "section", assessment.pk, "9.2")
    assessment.refresh_from_db()
    assert "9.2" not in assessment.visited_sections


def test_a_part_looked_at_but_not_ticked_says_so(owner_client, assessment):
    services.section_set_applies(assessment=assessment, section=item(assessment.version, "8"), applies=False)
    html = page(owner_client, "section", assessment.pk, "9.1")
    assert "3 bekeken, niets aangevinkt" in html
    assert "0 van 0" not in html


def test_the_overview_of_an_empty_zelfscan_says_nothing_is_ticked(owner_client, assessment):
    html = page(owner_client, "overview", assessment.pk)
    assert "Je hebt nog niets aangevinkt" in html
    assert "Alles wat je aanvinkte, heeft een niveau" not in html
    assert "er is ook nog niets te scoren" in html
    assert "Begin met het keuzemodel" in html


def test_the_other_pages_of_an_empty_zelfscan_open(owner_client, assessment):
    for name, args in [
        ("situation", [assessment.pk]),
        ("focus_item", [assessment.pk, "8.1"]),
        ("plan", [assessment.pk]),
        ("finalise", [assessment.pk]),
        ("compare", [assessment.pk]),
    ]:
        html = page(owner_client, name, *args)
        assert "0 van 0" not in html, name
