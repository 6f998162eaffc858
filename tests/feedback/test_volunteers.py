"""Anonymous volunteer rounds: one shared link, nothing shown below 3 answers, no order or time."""

import pytest
from django.test import override_settings
from django.urls import reverse

from feedback import services
from feedback.models import MIN_VOLUNTEER_RESPONSES, VolunteerAnswer, VolunteerResponse
from feedback.selectors import feedback_view

from .conftest import ITEMS, volunteer_round, volunteers_answer

pytestmark = pytest.mark.django_db

COMMENT = "Uniek-vrijwilligerscommentaar"


@pytest.fixture
def volunteers(assessment):
    return volunteer_round(assessment)


def test_the_floor_is_three_and_not_a_setting():
    assert MIN_VOLUNTEER_RESPONSES == 3


def test_a_volunteer_answers_without_an_account_and_is_thanked(client, volunteers):
    url = volunteers.get_share_url()
    page = client.get(url)
    assert page.status_code == 200
    assert "Marieke" in page.content.decode()
    assert "Geheime eigen notitie" not in page.content.decode()
    response = client.post(url, {"level-10.2.3": "3", "level-9.1.3": "?", "comment": COMMENT})
    assert response.status_code == 302
    answers = {a.item.code: a.level for a in VolunteerAnswer.objects.select_related("item")}
    assert answers == {"10.2.3": 3, "9.1.3": None}
    assert VolunteerResponse.objects.get().comment == COMMENT
    # the same browser is thanked and not offered the form again; a second post stores nothing
    again = client.get(url).content.decode()
    assert "al geantwoord" in again and 'name="level-10.2.3"' not in again
    client.post(url, {"level-10.2.3": "1"})
    assert VolunteerResponse.objects.count() == 1


def test_the_cookie_names_no_link_and_no_person(client, volunteers):
    response = client.post(volunteers.get_share_url(), {"level-10.2.3": "3"})
    [(name, cookie)] = response.cookies.items()
    assert volunteers.token not in name and cookie.value == "1"
    assert cookie["httponly"] and cookie["path"] == volunteers.get_share_url()


@pytest.mark.parametrize("data", [{}, {"level-10.2.3": "7"}, {"level-10.2.3": "2", "comment": "x" * 501}])
def test_bad_input_from_a_volunteer_saves_nothing(client, volunteers, data):
    response = client.post(volunteers.get_share_url(), data)
    assert response.status_code == 422
    assert VolunteerResponse.objects.count() == 0


def test_a_closed_or_guessed_link_is_404(client, volunteers):
    url = volunteers.get_share_url()
    assert client.get(url.replace(volunteers.token, volunteers.token[::-1])).status_code == 404
    services.round_close(feedback_round=volunteers)
    assert client.get(url).status_code == 404
    assert client.post(url, {"level-10.2.3": "3"}).status_code == 404
    assert VolunteerResponse.objects.count() == 0


@override_settings(MAIL_LIMITS={"volunteer_answers_per_link": (2, 3600)})
def test_a_flood_is_refused_and_the_owner_sees_how_many(client, volunteers, owner):
    url = volunteers.get_share_url()
    statuses = []
    for _ in range(5):
        client.cookies.clear()  # a flood does not keep its cookies
        statuses.append(client.post(url, {"level-10.2.3": "3"}).status_code)
    assert statuses == [302, 302, 429, 429, 429]
    assert VolunteerResponse.objects.count() == 2
    volunteers.refresh_from_db()
    assert volunteers.refused == 3
    client.force_login(owner)
    page = client.get(reverse("feedback:round", args=[volunteers.assessment_id, volunteers.pk])).content.decode()
    assert "3 antwoorden zijn geweigerd" in page


def test_with_two_answers_the_owner_sees_nothing_of_them(client, volunteers, owner, assessment):
    volunteers_answer(volunteers, 1, 1, comment=COMMENT)
    view = feedback_view(assessment, viewer=owner)
    assert view.items == [] and not view.has_answers
    assert [summary.answered for summary in view.rounds] == [0]
    client.force_login(owner)
    pages = [
        reverse("feedback:home", args=[assessment.pk]),
        reverse("feedback:round", args=[assessment.pk, volunteers.pk]),
        reverse("feedback:csv", args=[assessment.pk]),
        reverse("assessments:overview", args=[assessment.pk]),
        reverse("assessments:section", args=[assessment.pk, "10.2"]),
        reverse("assessments:section", args=[assessment.pk, "9.1"]),
    ]
    for url in pages:
        html = client.get(url).content.decode("utf-8-sig")
        assert COMMENT not in html, url
        assert "Vrijwilligers (Kookgroep)" not in html, url
        assert "2 vrijwilligers" not in html, url


def test_from_three_answers_the_distribution_and_comments_show_sorted(client, volunteers, owner, assessment):
    volunteers_answer(volunteers, 4, comment="Zeer betrokken")
    volunteers_answer(volunteers, 4, comment="Altijd bereikbaar")
    volunteers_answer(volunteers, 1)
    view = feedback_view(assessment, viewer=owner)
    row = view.by_code["10.2.3"]
    [distribution] = row.volunteers
    assert [(level.value, count) for level, count in distribution.counts] == [(1, 1), (2, 0), (3, 0), (4, 2)]
    assert distribution.differs  # the owner said 2; most volunteers said 4
    assert view.rounds[0].comments == ["Altijd bereikbaar", "Zeer betrokken"]
    client.force_login(owner)
    html = client.get(reverse("feedback:home", args=[assessment.pk])).content.decode()
    assert html.index("Altijd bereikbaar") < html.index("Zeer betrokken")
    assert "3 vrijwilligers antwoordden" in html


def test_questions_can_be_put_in_own_words_until_the_first_answer(client, volunteers, owner):
    client.force_login(owner)
    url = reverse("feedback:questions", args=[volunteers.assessment_id, volunteers.pk])
    client.post(url, {"question-10.2.3": "Zegt Marieke het als iets goed gaat?"})
    assert "Zegt Marieke het als iets goed gaat?" in client.get(volunteers.get_share_url()).content.decode()
    client.post(url, {"question-10.2.3": ""})  # empty: refused, nothing changed
    volunteers_answer(volunteers, 3)
    client.post(url, {"question-10.2.3": "Later veranderd"})
    assert volunteers.round_items.get(item__code="10.2.3").question == "Zegt Marieke het als iets goed gaat?"


def test_the_owner_gets_a_qr_code_of_the_link(client, volunteers, owner):
    client.force_login(owner)
    response = client.get(reverse("feedback:round_qr", args=[volunteers.assessment_id, volunteers.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_html_in_comments_is_escaped_and_formulas_are_guarded_in_the_csv(client, assessment, owner, reviewer):
    services.review_submit(
        reviewer=reviewer, levels={"10.2.3": "3"}, comments={"10.2.3": '<script>alert("x")</script>'}
    )
    volunteers = volunteer_round(assessment)
    for _ in range(3):
        services.volunteer_submit(
            feedback_round=volunteers, levels={code: "2" for code in ITEMS}, comment="=HYPERLINK(1)"
        )
    client.force_login(owner)
    html = client.get(reverse("feedback:home", args=[assessment.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    csv = client.get(reverse("feedback:csv", args=[assessment.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv
    assert ";=HYPERLINK" not in csv
