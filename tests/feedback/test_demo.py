from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from feedback.models import FeedbackRound, ReviewerAnswer
from feedback.selectors import feedback_view


@pytest.mark.slow
def test_the_demo_gives_coordinator3_reviewer_and_volunteer_feedback_once(settings, profile_version, client):
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    marieke = User.objects.get(email="coordinator3@example.org")
    assessment = marieke.assessments.get()
    assert FeedbackRound.objects.filter(assessment=assessment).count() == 2
    assert ReviewerAnswer.objects.filter(reviewer__round__assessment=assessment).exists()
    view = feedback_view(assessment, viewer=marieke)
    assert all(summary.is_visible for summary in view.rounds)  # the volunteer round has 4 answers
    assert any(row.volunteers for row in view.items) and any(row.differs for row in view.items)
    client.force_login(marieke)
    assert "Joost Mulder" in client.get(reverse("feedback:home", args=[assessment.pk])).content.decode()
