from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import TeamMembership, TeamRole
from assessments.models import Answer, Assessment, Goal, Share
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_with_debug_off(settings, profile_version):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo", stdout=StringIO())
    assert not Assessment.objects.exists()


@pytest.mark.slow
def test_it_makes_a_team_with_three_filled_in_assessments_once(settings, profile_version, client):
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    # Sanne has three earlier rounds, made final a year apart, each with a goal reached in that year.
    sanne = list(
        Assessment.objects.self_assessments().filter(owner__email="coordinator@example.org").order_by("created_at")
    )
    assert [round.status for round in sanne] == ["final", "final", "final", "draft"]
    assert sanne[0].created_at < sanne[1].created_at < sanne[2].created_at < sanne[3].created_at
    reached = Goal.objects.filter(owner=sanne[3].owner, status=Goal.Status.DONE).order_by("closed_at")
    assert [goal.rounds.get() for goal in reached] == sanne[:3]
    assert Assessment.objects.self_assessments().filter(status="draft").count() == 3
    view = Assessment.objects.manager_assessments().get()
    assert (view.owner.email, view.subject.email) == ("manager@example.org", "coordinator@example.org")
    assert view.answers.filter(applies=True).count() >= 50
    assert view.answers.filter(current__isnull=False).count() >= 50  # her PDF's Leidinggevende column
    for assessment in Assessment.objects.self_assessments().filter(status="draft").select_related("owner"):
        rated = Answer.objects.filter(assessment=assessment, applies=True, current__isnull=False, desired__isnull=False)
        assert rated.count() >= 50, assessment.owner.email
        assert assessment.answers.exclude(note="").count() >= 3
        assert Goal.objects.filter(rounds=assessment).count() >= 2
        assert assessment.role_title
        assert assessment.context_options.exists()
    shared = set(Share.objects.values_list("assessment__owner__email", "viewer__email"))
    assert shared == {
        ("coordinator@example.org", "manager@example.org"),
        ("coordinator2@example.org", "manager@example.org"),
        ("manager@example.org", "coordinator@example.org"),  # the manager's view, shared back
    }
    roles = dict(TeamMembership.objects.values_list("user__email", "role"))
    assert roles["manager@example.org"] == TeamRole.MANAGER
    assert roles["coordinator3@example.org"] == TeamRole.COORDINATOR
    assert client.login(username="coordinator@example.org", password="demo")


def test_it_asks_for_the_catalog_first(settings, db):
    settings.DEBUG = True
    UserFactory()
    with pytest.raises(CommandError, match="load_framework"):
        call_command("demo", stdout=StringIO())


@pytest.mark.slow
def test_it_puts_a_consulent_on_the_second_framework_in_the_same_team(settings, profile_version, client):
    from pathlib import Path

    from django.urls import reverse

    from catalog.loading import load_framework, read_framework_file

    bouwstenen = load_framework(read_framework_file(Path(settings.BASE_DIR) / "fixtures" / "bouwstenen-2009.yaml"))
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    consulent = Assessment.objects.self_assessments().get(owner__email="consulent@example.org")
    assert consulent.version == bouwstenen.version
    assert consulent.answers.filter(applies=True, current__isnull=False).count() >= 20
    assert consulent.goals.get().items.get().code == "6.c"
    assert Share.objects.filter(assessment=consulent, viewer__email="manager@example.org").exists()
    team = TeamMembership.objects.get(user=consulent.owner).team
    assert client.login(username="manager@example.org", password="demo")
    page = client.get(reverse("teams:matrix", args=[team.pk]), {"framework": bouwstenen.version.framework.code})
    assert "Fatima Ouali" in page.content.decode()
