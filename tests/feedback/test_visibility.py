"""What reaches whom: the owner decides per round what their leidinggevende sees; nothing reaches
anyone else; deleting the account deletes every answer."""

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from feedback import services
from feedback.models import FeedbackRound, Reviewer, ReviewerAnswer, VolunteerAnswer, VolunteerResponse
from tests.factories import UserFactory, team_with

from .conftest import volunteer_round, volunteers_answer

pytestmark = pytest.mark.django_db

REVIEW = "Joost ziet veel in je"
COMMENT = "Uniek-vrijwilligerscommentaar"


@pytest.fixture
def manager(owner):
    manager = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[owner], managers=[manager])
    return manager


@pytest.fixture
def answered(assessment, reviewer):
    services.review_submit(reviewer=reviewer, levels={"10.2.3": "4"}, comments={"10.2.3": REVIEW})
    volunteers = volunteer_round(assessment)
    volunteers_answer(volunteers, 3, 3, 3, comment=COMMENT)
    return reviewer.round, volunteers


def shared_page(client, manager, assessment):
    client.force_login(manager)
    response = client.get(reverse("assessments:shared", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_manager_sees_a_round_only_when_the_owner_switched_it_on(client, assessment, manager, answered):
    review_round, volunteers = answered
    assessment_services.share_set(assessment=assessment, viewer=manager, shared=True)
    html = shared_page(client, manager, assessment)
    assert REVIEW not in html and COMMENT not in html
    services.round_settings(feedback_round=review_round, shared_with_manager=True, in_pdf=True)
    html = shared_page(client, manager, assessment)
    assert REVIEW in html and COMMENT not in html
    services.round_settings(feedback_round=volunteers, shared_with_manager=True, in_pdf=True)
    assert COMMENT in shared_page(client, manager, assessment)


def test_a_shared_volunteer_round_with_two_answers_shows_the_manager_nothing(client, assessment, manager):
    volunteers = volunteer_round(assessment)
    volunteers_answer(volunteers, 1, 1, comment=COMMENT)
    services.round_settings(feedback_round=volunteers, shared_with_manager=True, in_pdf=True)
    assessment_services.share_set(assessment=assessment, viewer=manager, shared=True)
    html = shared_page(client, manager, assessment)
    assert COMMENT not in html and "Kookgroep" not in html and "Wat anderen zien" not in html
    from accounts.models import Team
    from assessments import pdf

    assert COMMENT not in pdf.profile_html(assessment, viewer=manager)
    team = Team.objects.get()
    for name in ("teams:matrix_csv", "teams:matrix_xlsx", "teams:overview", "teams:matrix"):
        response = client.get(reverse(name, kwargs={"team_pk": team.pk}))
        assert response.status_code == 200, name
        assert COMMENT.encode() not in response.content and b"Kookgroep" not in response.content, name


def test_a_switched_on_round_of_an_unshared_zelfscan_reaches_no_manager(client, assessment, manager, answered):
    for feedback_round in answered:
        services.round_settings(feedback_round=feedback_round, shared_with_manager=True, in_pdf=True)
    client.force_login(manager)
    assert client.get(reverse("assessments:shared", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("feedback:home", args=[assessment.pk])).status_code == 404


def test_deleting_the_account_deletes_all_feedback_and_the_links_stop(client, owner, answered):
    review_round, volunteers = answered
    link, share = review_round.reviewers.get().get_absolute_url(), volunteers.get_share_url()
    from accounts.services import account_delete

    account_delete(user=owner)
    for model in (FeedbackRound, Reviewer, ReviewerAnswer, VolunteerResponse, VolunteerAnswer):
        assert model.objects.count() == 0, model
    assert client.get(link).status_code == 404
    assert client.get(share).status_code == 404


def test_the_feedback_page_is_pinned_in_queries(client, owner, assessment, answered, django_assert_num_queries):
    client.force_login(owner)
    url = reverse("feedback:home", args=[assessment.pk])
    client.get(url)
    # session, user, assessment; rounds, their items, reviewers; volunteer counts, reviewer answers,
    # volunteer answers, comments; own answers; the manager's view shared with the owner; the menu
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    volunteers_answer(volunteer_round(assessment), 2, 2, 2, 2)
    services.reviewer_invite(
        feedback_round=answered[0], name="Piet", email="piet@example.org", language="nl", base_url="http://x/"
    )
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_the_keuzemodel_and_overview_show_what_others_see_in_fixed_queries(
    client, owner, assessment, answered, django_assert_num_queries
):
    client.force_login(owner)
    url = reverse("assessments:section", args=[assessment.pk, "10.2"])
    client.get(url)
    # session, user, assessment, answers; rounds, items, reviewers, volunteer counts, reviewer answers,
    # volunteer answers, comments, the manager's view shared with the owner; the menu
    with django_assert_num_queries(13):
        html = client.get(url).content.decode()
    assert REVIEW in html and "Wat anderen zien" in html
    volunteers_answer(volunteer_round(assessment), 2, 2, 2)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    overview = client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "Wat anderen zien" in overview and REVIEW in overview  # Anna sees 4 where Marieke said 2


def test_the_delete_page_says_the_feedback_goes_too(client, owner):
    client.force_login(owner)
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "Ook alle feedback die je vroeg, gaat mee" in html
