"""Kerntaken as tick boxes in their taakgebied's card, stored as answers with their own codes,
saved through the card's own form and printed whole (with their boxes) in the PDF."""

import pytest
from django.urls import reverse

from assessments import pdf
from assessments.models import Answer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
WHOLE = (
    "Via een bij de organisatie/het initiatief en bij de context passende mix van traditioneel, flexibel en open "
    "werven, zorgen dat potentiële vrijwilligers zich op hun drijfveren, talenten en mogelijkheden aangesproken "
    "voelen en zich melden of gevonden worden als vrijwilliger"
)


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def save(client, assessment, code, data, **headers):
    return client.post(reverse("assessments:answer", args=[assessment.pk, code]), data, **headers)


def ticked(assessment):
    return set(Answer.objects.filter(assessment=assessment, applies=True).values_list("item__code", flat=True))


def test_ticking_kerntaken_stores_them_by_code_and_says_the_taakgebied_applies(owner_client, assessment):
    data = {"revision": "", "kerntaken": ["", "9.1.2.1", "9.1.2.3"]}
    assert save(owner_client, assessment, "9.1.2", data, **HTMX).status_code == 200
    assert ticked(assessment) == {"9.1.2", "9.1.2.1", "9.1.2.3"}
    html = owner_client.get(reverse("assessments:section", args=[assessment.pk, "9.1"])).content.decode()
    assert 'value="9.1.2.1" id="kerntaak-9.1.2.1" checked' in html
    assert 'value="9.1.2.2" id="kerntaak-9.1.2.2">' in html
    focus = owner_client.get(reverse("assessments:focus_item", args=[assessment.pk, "9.1.2"])).content.decode()
    assert 'id="kerntaak-9.1.2.3" checked' in focus
    # unticking one (the empty marker says the list came along, even when nothing is ticked)
    save(owner_client, assessment, "9.1.2", {"revision": "1", "applies": "1", "kerntaken": ["", "9.1.2.3"]}, **HTMX)
    assert ticked(assessment) == {"9.1.2", "9.1.2.3"}
    save(owner_client, assessment, "9.1.2", {"revision": "2", "kerntaken": [""]}, **HTMX)
    assert ticked(assessment) == {"9.1.2"}
    assert Answer.objects.get(assessment=assessment, item__code="9.1.2.3").revision == 2


@pytest.mark.parametrize("code", ["9.1.3.1", "9.1.2", "8.1", "9.1.2.99", "x" * 300])
def test_a_kerntaak_of_another_item_or_an_unknown_code_is_refused_and_nothing_saved(owner_client, assessment, code):
    response = save(owner_client, assessment, "9.1.2", {"revision": "", "kerntaken": ["", "9.1.2.1", code]}, **HTMX)
    assert response.status_code == 422
    assert "hoort niet bij dit onderdeel" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_kerntaak_cannot_be_rated_or_saved_on_its_own(owner_client, assessment):
    response = save(owner_client, assessment, "9.1.2.1", {"revision": "", "applies": "1", "current": "2"}, **HTMX)
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_someone_else_cannot_tick_kerntaken(client, assessment):
    client.force_login(UserFactory())
    assert save(client, assessment, "9.1.2", {"revision": "", "kerntaken": ["9.1.2.1"]}, **HTMX).status_code == 404
    assert not Answer.objects.exists()


def test_without_javascript_next_with_unchanged_kerntaken_saves_nothing(owner_client, assessment):
    focus = reverse("assessments:focus_item", args=[assessment.pk, "9.1.3"])
    data = {"revision": "", "note": "", "kerntaken": [""], "next": focus}
    assert save(owner_client, assessment, "9.1.2", data)["Location"] == focus
    assert not Answer.objects.exists()
    data["kerntaken"] = ["", "9.1.2.2"]
    assert save(owner_client, assessment, "9.1.2", data)["Location"] == focus
    assert ticked(assessment) == {"9.1.2", "9.1.2.2"}


def test_the_pdf_prints_kerntaken_whole_with_their_tick_boxes(owner_client, assessment):
    save(owner_client, assessment, "9.1.2", {"revision": "", "current": "2", "kerntaken": ["", "9.1.2.2"]}, **HTMX)
    context = pdf.profile_context(assessment)
    [row] = [row for section in context["sections"] for row in section.rows if row.score.item.code == "9.1.2"]
    assert (WHOLE, True) in row.contents  # not cut off mid-sentence
    assert [flag for _title, flag in row.contents] == [False, True, False]
