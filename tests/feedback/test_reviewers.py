"""Invited reviewers: a personal link by mail, only the chosen items, once per link, withdraw while open."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import FeedbackRound, Reviewer, ReviewerAnswer
from tests.factories import UnverifiedUserFactory

from .conftest import ITEMS, in_days, reviewer_round

pytestmark = pytest.mark.django_db


def test_it_mails_the_reviewer_their_own_link_in_their_language(assessment):
    reviewer_round(assessment, language="en", message="Kijk je mee?")
    reviewer = Reviewer.objects.get()
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Would you" in message.subject or "feedback" in message.subject.lower()
    assert f"http://testserver/f/{reviewer.token}/" in message.body
    assert "Kijk je mee?" in message.body
    html = message.alternatives[0][0]
    assert f"/f/{reviewer.token}/" in html
    assert len(reviewer.token) >= 40


def test_a_reviewer_sees_the_chosen_items_and_nothing_of_the_owners_ratings(client, reviewer):
    response = client.get(reviewer.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for code in ITEMS:
        assert f'name="level-{code}"' in page
    assert 'name="level-10.2.1"' not in page
    assert "Geheime eigen notitie" not in page
    assert "Beginnend" in page  # the level descriptions are there
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_reviewer_sends_levels_and_comments_once(client, reviewer):
    url = reviewer.get_absolute_url()
    data = {"level-10.2.3": "4", "comment-10.2.3": "Sterk in gesprekken", "level-9.1.3": "?"}
    assert client.post(url, data).status_code == 302
    answers = {a.item.code: a for a in ReviewerAnswer.objects.select_related("item")}
    assert answers["10.2.3"].level == 4 and answers["10.2.3"].comment == "Sterk in gesprekken"
    assert answers["9.1.3"].level is None  # weet ik niet
    # a second send (double click, a forwarded link) changes nothing
    response = client.post(url, {"level-10.2.3": "1", "comment-10.2.3": "Anders"})
    assert response.status_code == 422
    assert "al verstuurd" in response.content.decode()
    assert ReviewerAnswer.objects.get(item__code="10.2.3").level == 4
    assert ReviewerAnswer.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"level-10.2.3": "9"},
        {"level-10.2.3": "abc"},
        {"level-10.2.3": "3", "comment-10.2.3": "x" * 501},
        {},
        {"level-10.2.1": "3"},  # an item the round does not ask about
    ],
)
def test_bad_input_saves_nothing(client, reviewer, data):
    response = client.post(reviewer.get_absolute_url(), data)
    assert response.status_code == 422
    assert ReviewerAnswer.objects.count() == 0
    reviewer.refresh_from_db()
    assert reviewer.submitted_at is None


def test_a_reviewer_withdraws_while_the_round_is_open_and_may_answer_again(client, reviewer):
    url = reviewer.get_absolute_url()
    client.post(url, {"level-10.2.3": "4"})
    client.post(reverse("feedback:review_withdraw", args=[reviewer.token]))
    assert ReviewerAnswer.objects.count() == 0
    reviewer.refresh_from_db()
    assert reviewer.submitted_at is None
    client.post(url, {"level-10.2.3": "2"})
    assert ReviewerAnswer.objects.get().level == 2


@pytest.mark.parametrize("how", ["guessed", "expired", "revoked", "closed"])
def test_a_link_that_does_not_work_is_404_and_reveals_nothing(client, reviewer, how):
    token = reviewer.token
    if how == "guessed":
        token = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    elif how == "expired":
        FeedbackRound.objects.update(closes_at=timezone.now(), created_at=timezone.now() - timezone.timedelta(days=1))
    elif how == "revoked":
        services.reviewer_revoke(reviewer=reviewer)
    else:
        services.round_close(feedback_round=reviewer.round)
    for response in (
        client.get(f"/f/{token}/"),
        client.post(f"/f/{token}/", {"level-10.2.3": "3"}),
        client.post(f"/f/{token}/withdraw/"),
    ):
        assert response.status_code == 404
        assert "Marieke" not in response.content.decode()
    assert ReviewerAnswer.objects.count() == 0


def test_an_unverified_owner_cannot_invite(profile_version):
    from assessments import services as assessment_services

    owner = UnverifiedUserFactory()
    assessment = assessment_services.assessment_start(owner=owner, framework=profile_version.framework)
    with pytest.raises(services.InvalidInput):
        reviewer_round(assessment)
    assert FeedbackRound.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "changes",
    [
        {"item_codes": []},
        {"item_codes": ["10.2.3", "99.9"]},
        {"item_codes": ["10.2"]},  # not rateable
        {"closes_on": in_days(0)},
        {"closes_on": in_days(200)},
        {"title": ""},
        {"title": "x" * 101},
        {"reviewer": {"name": "Anna", "email": "geen-adres", "language": "nl"}},
        {"reviewer": {"name": "Anna", "email": "anna@example.org", "language": "xx"}},
        {"reviewer": {"name": "", "email": "anna@example.org", "language": "nl"}},
        {"reviewer": {"name": "Ik", "email": "MARIEKE@example.org", "language": "nl"}},
    ],
)
def test_a_round_with_bad_input_is_not_made_and_nothing_is_sent(assessment, changes):
    arguments = {
        "assessment": assessment,
        "kind": "reviewers",
        "title": "Intervisie",
        "item_codes": ITEMS,
        "closes_on": in_days(14),
        "reviewer": {"name": "Anna", "email": "anna@example.org", "language": "nl"},
        "base_url": "http://testserver/",
        **changes,
    }
    with pytest.raises(services.InvalidInput):
        services.round_start(**arguments)
    assert FeedbackRound.objects.count() == 0
    assert Reviewer.objects.count() == 0
    assert mail.outbox == []


def test_the_same_address_twice_in_a_round_is_refused(reviewer):
    with pytest.raises(services.InvalidInput):
        services.reviewer_invite(
            feedback_round=reviewer.round, name="Anna", email="Anna@Example.org", language="nl", base_url="http://x/"
        )
    assert Reviewer.objects.count() == 1


def test_the_owner_invites_through_the_page_and_revokes(client, assessment, owner):
    client.force_login(owner)
    url = reverse("feedback:round_new", args=[assessment.pk, "reviewers"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Coach",
            "items": ["10.2.3"],
            "closes_on": in_days(10).isoformat(),
            "message": "",
            "reviewer_name": "Piet",
            "reviewer_email": "piet@example.org",
            "reviewer_language": "nl",
        },
    )
    feedback_round = FeedbackRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:round", args=[assessment.pk, feedback_round.pk])
    reviewer = feedback_round.reviewers.get()
    assert re.search(rf"/f/{reviewer.token}/", mail.outbox[0].body)
    client.post(reverse("feedback:reviewer_revoke", args=[assessment.pk, feedback_round.pk, reviewer.pk]))
    assert client.get(reviewer.get_absolute_url()).status_code == 404


def test_a_forged_item_on_the_page_saves_nothing(client, assessment, owner):
    client.force_login(owner)
    response = client.post(
        reverse("feedback:round_new", args=[assessment.pk, "reviewers"]),
        {
            "title": "Coach",
            "items": ["10.5.1"],  # not ticked: not offered
            "closes_on": in_days(10).isoformat(),
            "reviewer_name": "Piet",
            "reviewer_email": "piet@example.org",
            "reviewer_language": "nl",
        },
    )
    assert response.status_code == 200
    assert FeedbackRound.objects.count() == 0
    assert mail.outbox == []


def test_the_end_date_is_offered_in_the_format_a_date_field_reads(client, assessment, owner):
    client.force_login(owner)
    html = client.get(reverse("feedback:round_new", args=[assessment.pk, "volunteers"])).content.decode()
    assert f'value="{in_days(14).isoformat()}"' in html
