"""The focused mode: one item at a time, saved through the same answer view as the section pages."""

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer
from tests.assessments.conftest import finalise, rate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def focus_url(assessment, code=None):
    if code is None:
        return reverse("assessments:focus", args=[assessment.pk])
    return reverse("assessments:focus_item", args=[assessment.pk, code])


def answer_url(assessment, code):
    return reverse("assessments:answer", args=[assessment.pk, code])


def test_it_resumes_at_the_first_item_not_answered_or_without_both_levels(owner_client, assessment):
    assert owner_client.get(focus_url(assessment))["Location"] == focus_url(assessment, "8.1")
    rate(assessment, "8.1", 2, 3)
    services.answer_save(assessment=assessment, item=assessment.version.items.get(code="8.2"), changes={"applies": "0"})
    services.answer_save(assessment=assessment, item=assessment.version.items.get(code="8.3"), changes={"applies": "1"})
    assert owner_client.get(focus_url(assessment))["Location"] == focus_url(assessment, "8.3")  # ticked, no levels
    rate(assessment, "8.3", 1, 2)
    assert owner_client.get(focus_url(assessment))["Location"] == focus_url(assessment, "9.1.1")


def test_it_shows_one_item_with_level_cards_and_progress_through_the_whole_profile(owner_client, assessment):
    rate(assessment, "8.1", 2, 3, note="Onze folder")
    html = owner_client.get(focus_url(assessment, "9.1.2")).content.decode()
    assert html.count('class="answer focus-card') == 1
    assert "Onderdeel 5 van 110" in html
    assert "1 van 110 onderdelen ingevuld" in html
    assert 'type="range"' not in html  # cards, not sliders
    assert 'name="current" value="3" id="current-9.1.2-3"' in html
    assert "Je doet dit zelfstandig en goed." in html  # the level's description on its card
    assert "Past niet bij mijn werk" in html
    assert "Kerntaken" in html  # the taakgebied's kerntaken on the card
    assert f'name="next" value="{focus_url(assessment, "9.1.3")}"' in html
    assert f'name="next" value="{focus_url(assessment, "9.1.1")}"' in html
    assert 'name="note"' in html


def test_the_last_item_leads_to_the_overview(owner_client, assessment):
    html = owner_client.get(focus_url(assessment, "10.5.k10")).content.decode()
    assert f'name="next" value="{reverse("assessments:overview", args=[assessment.pk])}"' in html


@pytest.mark.parametrize("code", ["nope", "9.1", "8", "9.1.2.1", "10.2.k99"])
def test_an_unknown_or_unrateable_code_is_404(owner_client, assessment, code):
    assert owner_client.get(focus_url(assessment, code)).status_code == 404


def test_someone_else_gets_404(client, assessment):
    client.force_login(UserFactory())
    assert client.get(focus_url(assessment)).status_code == 404
    assert client.get(focus_url(assessment, "8.1")).status_code == 404


def test_without_javascript_next_saves_and_moves_on(owner_client, assessment):
    body = {"revision": "", "back": focus_url(assessment, "8.1"), "next": focus_url(assessment, "8.2")}
    response = owner_client.post(answer_url(assessment, "8.1"), {**body, "current": "2", "desired": "4", "note": "x"})
    assert response["Location"] == focus_url(assessment, "8.2")
    answer = Answer.objects.get(assessment=assessment, item__code="8.1")
    assert (answer.applies, answer.current, answer.desired, answer.note) == (True, 2, 4, "x")


def test_without_javascript_next_past_an_untouched_item_saves_nothing(owner_client, assessment):
    body = {"revision": "", "note": "", "back": focus_url(assessment, "8.1"), "next": focus_url(assessment, "8.2")}
    assert owner_client.post(answer_url(assessment, "8.1"), body)["Location"] == focus_url(assessment, "8.2")
    assert not Answer.objects.exists()  # skipped is not "past niet"
    rate(assessment, "8.1", 2, 3)
    same = {**body, "revision": "1", "applies": "1", "current": "2", "desired": "3"}
    assert owner_client.post(answer_url(assessment, "8.1"), same)["Location"] == focus_url(assessment, "8.2")
    assert Answer.objects.get().revision == 1  # nothing changed, nothing written


def test_past_niet_bij_mijn_werk_is_saved_as_not_ticked(owner_client, assessment):
    body = {"revision": "", "applies": "0", "note": "", "next": focus_url(assessment, "8.2")}
    owner_client.post(answer_url(assessment, "8.1"), body)
    answer = Answer.objects.get()
    assert answer.applies is False and answer.revision == 1
    assert owner_client.get(focus_url(assessment))["Location"] == focus_url(assessment, "8.2")


@pytest.mark.parametrize("level", ["5", "0", "-1", "x", "99999"])
def test_a_level_out_of_range_is_refused_with_a_message_and_saves_nothing(owner_client, assessment, level):
    body = {"revision": "", "current": level, "back": focus_url(assessment, "8.1")}
    body["next"] = focus_url(assessment, "8.2")
    response = owner_client.post(answer_url(assessment, "8.1"), body)
    assert response["Location"] == focus_url(assessment, "8.1")  # stays on the item, not on to the next
    assert "niveau van 1 tot 4" in owner_client.get(response["Location"]).content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/assessments/", "/account/logout/", "javascript:alert(1)"]
)
def test_a_next_outside_this_assessment_is_ignored(owner_client, assessment, unsafe):
    response = owner_client.post(answer_url(assessment, "8.1"), {"revision": "", "current": "2", "next": unsafe})
    assert response["Location"].endswith("/keuzemodel/8/#answer-8.1")
    assert Answer.objects.get(item__code="8.1").current == 2


def test_a_second_tab_without_javascript_shows_both_versions_and_keeps_what_was_typed(owner_client, assessment):
    rate(assessment, "8.1", 2, 3, note="Uit het andere tabblad")
    rate(assessment, "8.1", 3, 3, note="Uit het andere tabblad")  # another tab saved: revision 2
    back, following = focus_url(assessment, "8.1"), focus_url(assessment, "8.2")
    typed = {"revision": "1", "current": "1", "note": "Mijn eigen\nversie", "back": back, "next": following}
    response = owner_client.post(answer_url(assessment, "8.1"), typed)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Wat jij net invulde" in html and "Zo staat het nu opgeslagen" in html
    assert "1 Beginnend" in html and "3 Bekwaam" in html  # what was typed, and what is stored
    assert "Mijn eigen<br>versie" in html and "Uit het andere tabblad" in html
    assert f'<a class="btn btn-outline-primary" href="{back}">Neem de opgeslagen versie</a>' in html
    assert Answer.objects.get().current == 3  # nothing written
    # "Houd wat ik invulde": the same fields again, over the stored revision
    keep = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    keep.pop("csrfmiddlewaretoken")
    assert keep == {"revision": "2", "current": "1", "note": "Mijn eigen\nversie", "back": back, "next": following}
    response = owner_client.post(answer_url(assessment, "8.1"), keep)
    assert response["Location"] == following
    answer = Answer.objects.get()
    assert (answer.current, answer.desired, answer.note) == (1, 3, "Mijn eigen\nversie")


def test_the_conflict_page_shows_kerntaken_ticked_on_each_side(owner_client, assessment):
    taakgebied = assessment.version.items.get(code="9.1.1")
    services.answer_save(assessment=assessment, item=taakgebied, changes={"applies": "1", "kerntaken": ["9.1.1.1"]})
    kerntaken = [child.code for child in taakgebied.children.order_by("position")]
    body = {"revision": "0", "applies": "1", "kerntaken": ["", kerntaken[1]]}
    response = owner_client.post(answer_url(assessment, "9.1.1"), body)
    assert response.status_code == 409
    html = response.content.decode()
    titles = dict(taakgebied.children.values_list("code", "title"))
    typed_side, stored_side = html.split("Zo staat het nu opgeslagen")
    assert titles[kerntaken[1]] in typed_side.split("Wat jij net invulde")[1]
    assert titles["9.1.1.1"] in stored_side.split("Houd wat ik invulde")[0]
    assert f'<input type="hidden" name="kerntaken" value="{kerntaken[1]}">' in html
    assert set(assessment.answers.filter(applies=True).values_list("item__code", flat=True)) == {"9.1.1", "9.1.1.1"}


def test_autosave_from_the_focused_mode_is_the_same_htmx_save(owner_client, assessment):
    response = owner_client.post(
        answer_url(assessment, "8.1"), {"revision": "", "applies": "1", "back": focus_url(assessment, "8.1")}, **HTMX
    )
    assert response.status_code == 200
    assert "Opgeslagen" in response.content.decode()
    assert 'id="revision-8.1" hx-swap-oob="true"' in response.content.decode()


def test_a_final_assessment_is_read_only_in_the_focused_mode(owner_client, assessment):
    rate(assessment, "8.1", 2, 3)
    finalise(assessment)  # rates 10.5.1–10.5.5 too
    html = owner_client.get(focus_url(assessment, "8.1")).content.decode()
    assert "<fieldset disabled>" in html
    assert 'data-focus-nav="next"' not in html  # plain links, no saving buttons
    assert f'href="{focus_url(assessment, "8.2")}"' in html
    body = {"revision": "1", "current": "4", "next": focus_url(assessment, "8.2"), "back": focus_url(assessment, "8.1")}
    response = owner_client.post(answer_url(assessment, "8.1"), body, follow=True)
    assert "definitief" in response.content.decode()
    assert Answer.objects.get(item__code="8.1").current == 2


def test_the_focus_page_needs_the_same_queries_however_much_is_answered(
    owner_client, assessment, django_assert_num_queries
):
    url = focus_url(assessment, "10.3.2")
    owner_client.get(url)
    # session, user, assessment, answers, the "Mijn teams" menu check
    with django_assert_num_queries(5):
        assert owner_client.get(url).status_code == 200
    for code in ["10.3.1", "10.3.2", "10.3.k1", "8.1", "9.1.1"]:
        rate(assessment, code, 2, 3, note="voorbeeld")
    with django_assert_num_queries(5):
        assert owner_client.get(url).status_code == 200


def test_phones_get_the_focused_mode_from_the_step_menu(owner_client, assessment):
    html = owner_client.get(reverse("assessments:situation", args=[assessment.pk])).content.decode()
    assert re.search(rf'class="nav-link d-lg-none"\s+href="{focus_url(assessment)}"', html)
    keuzemodel = reverse("assessments:keuzemodel", args=[assessment.pk])
    assert re.search(rf'class="nav-link d-none d-lg-block"\s+href="{keuzemodel}"', html)
    section = owner_client.get(reverse("assessments:section", args=[assessment.pk, "9.1"])).content.decode()
    assert f'href="{focus_url(assessment, "9.1.1")}"' in section  # the choice on a wide screen


def test_a_second_tab_gets_both_versions_and_a_choice_instead_of_only_reload(owner_client, assessment):
    rate(assessment, "8.1", 2, 3, note="Uit het eerste tabblad")  # revision 1
    rate(assessment, "8.1", 3, 4, note="Uit het eerste tabblad")  # revision 2: the other tab saved again
    response = owner_client.post(answer_url(assessment, "8.1"), {"revision": "1", "note": "Mijn versie"}, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Houd wat ik invulde" in html and "Neem de opgeslagen versie" in html
    assert "nu 3 Bekwaam" in html and "gewenst 4 Voorbeeld" in html and "Uit het eerste tabblad" in html
    assert 'data-conflict="keep" data-revision="2"' in html
    assert 'data-current="3" data-desired="4" data-note="Uit het eerste tabblad"' in html
    assert Answer.objects.get().note == "Uit het eerste tabblad"  # nothing written
    # "Houd wat ik invulde" sends the form again over the stored revision
    response = owner_client.post(answer_url(assessment, "8.1"), {"revision": "2", "note": "Mijn versie"}, **HTMX)
    assert response.status_code == 200
    assert Answer.objects.get().note == "Mijn versie"
