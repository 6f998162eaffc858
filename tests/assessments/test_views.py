"""The assessment pages over HTTP: only the owner gets in, bad input is refused, queries stay flat."""

import copy
import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments import limits, services
from assessments.models import Answer, Goal
from catalog.loading import load_framework
from tests.assessments.conftest import finalise, item, rate, rate_enough
from tests.conftest import framework_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner_client(client, assessment):
    client.force_login(assessment.owner)
    return client


def object_urls(assessment, goal):
    pk = assessment.pk
    return [
        ("get", reverse("assessments:detail", args=[pk])),
        ("get", reverse("assessments:situation", args=[pk])),
        ("post", reverse("assessments:situation", args=[pk])),
        ("get", reverse("assessments:keuzemodel", args=[pk])),
        ("get", reverse("assessments:section", args=[pk, "9.1"])),
        ("post", reverse("assessments:section_applies", args=[pk, "9.1"])),
        ("post", reverse("assessments:answer", args=[pk, "9.1.3"])),
        ("get", reverse("assessments:focus", args=[pk])),
        ("get", reverse("assessments:focus_item", args=[pk, "9.1.3"])),
        ("get", reverse("assessments:overview", args=[pk])),
        ("get", reverse("assessments:plan", args=[pk])),
        ("post", reverse("assessments:plan", args=[pk])),
        ("post", reverse("assessments:goal_from_item", args=[pk, "9.1.3"])),
        ("get", reverse("assessments:goal_edit", args=[pk, goal.pk])),
        ("post", reverse("assessments:goal_edit", args=[pk, goal.pk])),
        ("post", reverse("assessments:goal_delete", args=[pk, goal.pk])),
        ("get", reverse("assessments:finalise", args=[pk])),
        ("get", reverse("assessments:finalise_confirm", args=[pk])),
        ("post", reverse("assessments:finalise_confirm", args=[pk])),
        ("post", reverse("assessments:reopen", args=[pk])),
        ("get", reverse("assessments:compare", args=[pk])),
        ("post", reverse("assessments:share", args=[pk])),
        ("get", reverse("assessments:pdf", args=[pk])),
    ]


def test_someone_else_gets_404_on_every_url_and_changes_nothing(client, assessment):
    goal = services.goal_save(assessment=assessment, data={"title": "Mijn doel"})
    rate(assessment, "9.1.3", 2, 3)
    rate_enough(assessment)  # finalising would be allowed, for the owner
    client.force_login(UserFactory())
    for method, url in object_urls(assessment, goal):
        response = getattr(client, method)(url, {"applies": "1", "current": "4", "title": "gekaapt", "confirm": "1"})
        assert response.status_code == 404, (method, url)
    answer = assessment.answers.get(item__code="9.1.3")
    assert (answer.current, answer.revision) == (2, 1)
    assert Goal.objects.get().title == "Mijn doel"
    assessment.refresh_from_db()
    assert not assessment.is_final


def test_anonymous_visitors_are_sent_to_log_in(client, assessment):
    goal = services.goal_save(assessment=assessment, data={"title": "Mijn doel"})
    for method, url in object_urls(assessment, goal) + [("get", reverse("assessments:data_export"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_goal_of_another_assessment_is_404_even_for_its_owner_via_a_forged_url(owner_client, assessment):
    other = services.assessment_start(owner=UserFactory(), framework=assessment.version.framework)
    goal = services.goal_save(assessment=other, data={"title": "Niet van jou"})
    url = reverse("assessments:goal_edit", args=[assessment.pk, goal.pk])
    assert owner_client.get(url).status_code == 404
    assert owner_client.post(reverse("assessments:goal_delete", args=[assessment.pk, goal.pk])).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_unknown_items_and_sections_are_404(owner_client, assessment):
    assert (
        owner_client.post(reverse("assessments:answer", args=[assessment.pk, "99.9"]), {"current": "2"}).status_code
        == 404
    )
    assert (
        owner_client.post(reverse("assessments:answer", args=[assessment.pk, "9.1.3.1"]), {"current": "2"}).status_code
        == 404
    )
    assert owner_client.get(reverse("assessments:section", args=[assessment.pk, "11"])).status_code == 404
    assert not Answer.objects.exists()


def test_autosave_answers_with_the_new_revision_and_progress(owner_client, assessment):
    url = reverse("assessments:answer", args=[assessment.pk, "9.1.3"])
    response = owner_client.post(
        url, {"applies": "1", "current": "2", "desired": "4", "note": "", "revision": "0"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<span class="save-ok">Opgeslagen ')
    assert '<input type="hidden" name="revision" value="1" id="revision-9.1.3" hx-swap-oob="true">' in html
    section = (
        r'<span id="progress-91" class="section-progress is-complete" hx-swap-oob="true">.*?</span>1 van 1 gescoord<'
    )
    assert re.search(section, html)
    assert 'hx-swap-oob="true">(1 van 1 aangevinkte onderdelen gescoord)</span>' in html
    answer = assessment.answers.get()
    assert (answer.applies, answer.current, answer.desired, answer.revision) == (True, 2, 4, 1)


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"current": "7"}, 422, "niveau van 1 tot 4"),
        ({"note": "x" * (limits.NOTE_MAX_LENGTH + 1)}, 422, f"hoogstens {limits.NOTE_MAX_LENGTH} tekens"),
        ({"applies": "wie weet"}, 422, "aan of uit"),
        ({"current": "2", "revision": "0"}, 409, "ander tabblad"),
    ],
)
def test_autosave_refuses_bad_input_with_a_message_and_saves_nothing(owner_client, assessment, data, status, message):
    rate(assessment, "9.1.3", 3, 3, note="bewaard")
    response = owner_client.post(reverse("assessments:answer", args=[assessment.pk, "9.1.3"]), data, **HTMX)
    assert response.status_code == status
    assert message in response.content.decode()
    answer = assessment.answers.get()
    assert (answer.current, answer.note, answer.revision) == (3, "bewaard", 1)


@pytest.mark.parametrize("revision", ["²", "٣", "9" * 5000, "-1", "1.0", "1e3", " 1"])
def test_it_refuses_a_malformed_revision_with_400_and_saves_nothing(owner_client, assessment, revision):
    """Issue 11, finding 6: `revision=²` or 5,000 digits was a server error."""
    rate(assessment, "9.1.3", 3, 3, note="bewaard")
    url = reverse("assessments:answer", args=[assessment.pk, "9.1.3"])
    response = owner_client.post(url, {"current": "1", "revision": revision}, **HTMX)
    assert response.status_code == 400
    assert "Laad de pagina opnieuw" in response.content.decode()
    answer = assessment.answers.get()
    assert (answer.current, answer.note, answer.revision) == (3, "bewaard", 1)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/x-www-form-urlencoded"),
        ("revision=1", "application/x-www-form-urlencoded"),
        ("extra=1&revision=1", "application/x-www-form-urlencoded"),
        ('{"current": "1", "revision": "1"}', "application/json"),
        ("current=1", "text/plain"),
    ],
)
def test_it_refuses_an_autosave_without_anything_to_save(owner_client, assessment, body, content_type):
    """Issue 11, finding 7: an empty or non-form body answered "Opgeslagen" and bumped the revision."""
    rate(assessment, "9.1.3", 3, 3, note="bewaard")
    url = reverse("assessments:answer", args=[assessment.pk, "9.1.3"])
    response = owner_client.post(url, body, content_type=content_type, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Opgeslagen" not in html and "Niet opgeslagen" in html
    answer = assessment.answers.get()
    assert (answer.current, answer.note, answer.revision) == (3, "bewaard", 1)
    response = owner_client.post(url, body, content_type=content_type, follow=True)  # without JavaScript
    assert "Niet opgeslagen" in response.content.decode()
    assert assessment.answers.get().revision == 1


def test_without_javascript_a_save_redirects_back_to_the_item(owner_client, assessment):
    url = reverse("assessments:answer", args=[assessment.pk, "10.2.4"])
    response = owner_client.post(url, {"applies": "1", "current": "1", "desired": "3"})
    assert response.status_code == 302
    assert response["Location"].endswith("/keuzemodel/10.2/#answer-10.2.4")
    response = owner_client.post(url, {"current": "9"}, follow=True)
    assert "niveau van 1 tot 4" in response.content.decode()
    assert assessment.answers.get().current == 1


def test_a_final_assessment_refuses_every_change_with_a_message(owner_client, assessment):
    rate(assessment, "9.1.3", 2, 3)
    finalise(assessment)
    response = owner_client.post(reverse("assessments:answer", args=[assessment.pk, "9.1.3"]), {"current": "4"}, **HTMX)
    assert response.status_code == 409
    assert "definitief" in response.content.decode()
    response = owner_client.post(reverse("assessments:situation", args=[assessment.pk]), {"role_title": "x"}, **HTMX)
    assert response.status_code == 409
    assert assessment.answers.get(item__code="9.1.3").current == 2
    page = owner_client.get(reverse("assessments:section", args=[assessment.pk, "9.1"])).content.decode()
    assert "<fieldset disabled>" in page
    assert "Alles in dit onderdeel aanvinken" not in page


def test_the_keuzemodel_page_needs_the_same_queries_however_much_is_answered(
    owner_client, assessment, django_assert_num_queries
):
    url = reverse("assessments:section", args=[assessment.pk, "10.3"])
    owner_client.get(url)  # the first request in a process reads the version's items and scale once
    # session, user, assessment, answers, feedback rounds (none: nothing more), the "Mijn teams" menu check
    with django_assert_num_queries(6):
        assert owner_client.get(url).status_code == 200
    services.section_set_applies(assessment=assessment, section=item(assessment.version, "10.3"), applies=True)
    for code in ["10.3.1", "10.3.2", "10.3.k1", "10.3.k15", "9.1.1"]:
        rate(assessment, code, 2, 3, note="voorbeeld")
    with django_assert_num_queries(6):
        response = owner_client.get(url)
    html = response.content.decode()
    assert html.count('class="answer card') == 25
    assert 'id="applies-10.3.k15" checked' in html


def test_the_overview_and_plan_need_the_same_queries_however_much_is_answered(
    owner_client, assessment, django_assert_num_queries
):
    for code in ["10.3.1", "10.3.2", "9.1.1", "8.1"]:
        rate(assessment, code, 1, 4)
    services.goal_from_item(assessment=assessment, item=item(assessment.version, "10.3.1"))
    # session, user, assessment, answers, goal links, shared manager views, feedback rounds, menu
    # (items and scale: cached)
    with django_assert_num_queries(8):
        owner_client.get(reverse("assessments:overview", args=[assessment.pk]))
    # session, user, assessment, answers, goals, goal items, their progress, a newer round?, history, menu
    with django_assert_num_queries(10):
        owner_client.get(reverse("assessments:plan", args=[assessment.pk]))


def test_the_overview_shows_chart_gaps_strengths_and_what_is_open(owner_client, assessment):
    rate(assessment, "10.3.5", 1, 4)
    rate(assessment, "10.2.2", 4, 4)
    services.answer_save(assessment=assessment, item=item(assessment.version, "9.1.2"), changes={"applies": "1"})
    html = owner_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert '<svg class="level-chart"' in html
    gaps = html.split("Waar je het meest wilt groeien")[1].split("Je sterke kanten")[0]
    assert "10.3.5" in gaps and "+3" in gaps
    strengths = html.split("Je sterke kanten")[1].split("Nog niet helemaal gescoord")[0]
    assert "10.2.2" in strengths
    open_part = html.split("Nog niet helemaal gescoord")[1]
    assert "#answer-9.1.2" in open_part


def test_a_goal_form_with_bad_input_saves_nothing(owner_client, assessment):
    rate(assessment, "10.3.5", 1, 4)
    url = reverse("assessments:plan", args=[assessment.pk])
    unticked = item(assessment.version, "10.1.1")
    for field, data in [
        ("title", {"title": "", "status": "planned"}),
        ("items", {"title": "Doel", "status": "planned", "items": [str(unticked.pk)]}),
        ("items", {"title": "Doel", "status": "planned", "items": ["999999"]}),
        ("target_date", {"title": "Doel", "status": "planned", "target_date": "31-02-2027"}),
        ("status", {"title": "Doel", "status": "vergeten"}),
        ("actions", {"title": "Doel", "status": "planned", "actions": "x" * (limits.GOAL_TEXT_MAX_LENGTH + 1)}),
    ]:
        response = owner_client.post(url, data)
        assert response.status_code == 200, data
        assert set(response.context["form"].errors) == {field}, data
        html = response.content.decode()
        assert f'id="error_1_id_{field}"' in html, data  # the message sits at the field that is wrong
        assert escape(response.context["form"].errors[field][0]) in html, data
    assert not Goal.objects.exists()


def test_a_goal_is_made_edited_and_deleted(owner_client, assessment):
    rate(assessment, "10.3.5", 1, 4)
    target = item(assessment.version, "10.3.5")
    response = owner_client.post(reverse("assessments:goal_from_item", args=[assessment.pk, "10.3.5"]))
    goal = Goal.objects.get()
    assert response["Location"] == reverse("assessments:goal_edit", args=[assessment.pk, goal.pk]) + "?new=1"
    response = owner_client.post(
        reverse("assessments:goal_edit", args=[assessment.pk, goal.pk]),
        {
            "title": "Veerkracht",
            "items": [str(target.pk)],
            "actions": "Intervisie",
            "support": "Tijd",
            "target_date": "2027-06-30",
            "status": "active",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.status, str(goal.target_date)) == ("Veerkracht", "active", "2027-06-30")
    owner_client.post(reverse("assessments:goal_delete", args=[assessment.pk, goal.pk]))
    assert not Goal.objects.exists()


def test_a_double_submitted_finalise_finalises_once(owner_client, assessment):
    rate_enough(assessment)
    url = reverse("assessments:finalise_confirm", args=[assessment.pk])
    owner_client.post(url, {"confirm": "1"})
    assessment.refresh_from_db()
    first = assessment.finalised_at
    response = owner_client.post(url, {"confirm": "1"}, follow=True)
    assessment.refresh_from_db()
    assert assessment.finalised_at == first
    assert assessment.events.count() == 1
    assert "was al definitief" in response.content.decode()


def test_starting_rounds_from_the_list(owner_client, assessment):
    rate(assessment, "9.1.3", 2, 3)
    framework = assessment.version.framework.code
    response = owner_client.post(reverse("assessments:start"), {"framework": framework, "previous": str(assessment.pk)})
    new = assessment.owner.assessments.exclude(pk=assessment.pk).get()
    assert response["Location"] == reverse("assessments:situation", args=[new.pk])
    assert new.answers.get().current == 2
    someone_else = services.assessment_start(owner=UserFactory(), framework=assessment.version.framework)
    response = owner_client.post(
        reverse("assessments:start"), {"framework": framework, "previous": str(someone_else.pk)}
    )
    assert response.status_code == 404
    assert owner_client.post(reverse("assessments:start"), {"framework": "onbekend"}).status_code == 404


def test_compare_shows_what_grew(owner_client, assessment):
    rate(assessment, "10.4.1", 1, 3)
    second = services.assessment_start(
        owner=assessment.owner, framework=assessment.version.framework, previous=assessment
    )
    services.answer_save(assessment=second, item=item(second.version, "10.4.1"), changes={"current": "3"}, revision=1)
    html = owner_client.get(reverse("assessments:compare", args=[second.pk])).content.decode()
    grown = html.split("Onderdelen die gegroeid zijn")[1]
    assert "10.4.1" in grown and "1 → 3" in grown


def test_a_goal_form_sent_twice_makes_one_goal(owner_client, assessment):
    url = reverse("assessments:plan", args=[assessment.pk])
    token = owner_client.get(url).context["form"].initial["form_token"]
    data = {"title": "Netwerken", "status": "planned", "form_token": str(token)}
    owner_client.post(url, data)
    owner_client.post(url, data)
    assert Goal.objects.filter(title="Netwerken").count() == 1


def test_starting_twice_in_a_row_makes_one_zelfscan(client, profile_version):
    user = UserFactory()
    client.force_login(user)
    data = {"framework": profile_version.framework.code}
    first = client.post(reverse("assessments:start"), data)
    second = client.post(reverse("assessments:start"), data)
    assert first["Location"] == second["Location"]
    assert user.assessments.count() == 1


def test_it_opens_the_same_new_round_when_the_start_is_sent_twice(client, assessment):
    client.force_login(assessment.owner)
    data = {"framework": assessment.version.framework.code, "previous": str(assessment.pk)}
    first = client.post(reverse("assessments:start"), data)
    second = client.post(reverse("assessments:start"), data)
    assert first["Location"] == second["Location"]
    assert assessment.owner.assessments.count() == 2


def _children_of(items, code):
    for entry in items:
        if entry["code"] == code:
            return entry["children"]
        found = _children_of(entry.get("children", []), code)
        if found is not None:
            return found
    return None


def test_a_new_round_on_a_newer_version_says_what_changed(client, assessment):
    rate(assessment, "9.1.3", 2, 3)
    rate(assessment, "10.5.11", 3, 3)
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2026"
    competenties = _children_of(data["items"], "10.5")
    gone = next(entry for entry in competenties if entry["code"] == "10.5.11")
    competenties.remove(gone)
    competenties.append({**gone, "code": "10.5.12", "title": "Zorgt goed voor de eigen digitale veiligheid"})
    load_framework(data)
    client.force_login(assessment.owner)
    response = client.post(
        reverse("assessments:start"),
        {"framework": assessment.version.framework.code, "previous": assessment.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "Deze ronde gebruikt versie 2026 van het profiel; je vorige ronde versie 2025." in page
    assert "Er is 1 nieuw onderdeel om naar te kijken." in page
    assert "je antwoorden daarop zijn niet meegenomen: 10.5.11." in page
    second = response.context["assessment"]
    assert list(second.answers.values_list("item__code", flat=True)) == ["9.1.3"]


def test_a_new_round_on_the_same_version_says_nothing_about_versions(client, assessment):
    rate(assessment, "9.1.3", 2, 3)
    client.force_login(assessment.owner)
    response = client.post(
        reverse("assessments:start"),
        {"framework": assessment.version.framework.code, "previous": assessment.pk},
        follow=True,
    )
    assert "Deze ronde gebruikt versie" not in response.content.decode()


def situation_groups(html: str) -> dict:
    """Per fieldset of Mijn situatie (by legend): its rows, each as (accessible name, [labels])."""
    tree = lxml.html.fromstring(html)
    groups = {}
    for fieldset in tree.xpath("//div[contains(@class, 'context-variable')]/fieldset"):
        legend = fieldset.xpath("string(./legend)").strip()
        groups[legend] = [
            (row.get("aria-label"), [" ".join(label.text_content().split()) for label in row.xpath(".//label")])
            for row in fieldset.xpath("./div[contains(@class, 'context-row')]")
        ]
    return groups


def test_my_situation_shows_context_in_its_two_rows_each_a_named_group(owner_client, assessment):
    url = reverse("assessments:situation", args=[assessment.pk])
    groups = situation_groups(owner_client.get(url).content.decode())
    assert groups["Context"] == [
        ("Context, rij 1 van 2", ["Samenwerkingsverband", "Organisatie", "Initiatief", "Buurt/Wijk"]),
        ("Context, rij 2 van 2", ["Beroepskracht gedomineerd", "Vrijwilliger gedomineerd", "Hybride"]),
    ]
    assert groups["Beloning"] == [(None, ["Betaald", "Onbetaald"])]  # one row: the fieldset is the group
    assert len(groups) == 6  # a fieldset with its legend per context variable
    english = situation_groups(owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert [name for name, _labels in english["Context"]] == ["Context, row 1 of 2", "Context, row 2 of 2"]


def test_my_situation_saves_options_from_both_rows_and_ticks_them_again(owner_client, assessment):
    options = {o.code: o for o in assessment.version.context_variables.get(code="context").options.all()}
    url = reverse("assessments:situation", args=[assessment.pk])
    chosen = [str(options["organisatie"].pk), str(options["hybride"].pk)]
    response = owner_client.post(url, {"role_title": "Coördinator", "context_context": chosen}, **HTMX)
    assert response.status_code == 200
    assert sorted(assessment.context_options.values_list("code", flat=True)) == ["hybride", "organisatie"]
    tree = lxml.html.fromstring(owner_client.get(url).content.decode())
    ticked = tree.xpath("//div[contains(@class, 'context-row')]//input[@checked]/following-sibling::label")
    assert [label.text_content() for label in ticked] == ["Organisatie", "Hybride"]
    response = owner_client.post(url, {"context_context": ["999999"]}, **HTMX)  # no such option: nothing changes
    assert response.status_code == 422
    assert sorted(assessment.context_options.values_list("code", flat=True)) == ["hybride", "organisatie"]
