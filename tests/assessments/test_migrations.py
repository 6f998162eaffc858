"""Migration 0005: the goals of a round become the person's goals, in that round's plan."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("assessments", "0004_round_events")]
AFTER = [("assessments", "0005_goals_belong_to_the_person")]


def migrate(targets):
    """Migrate assessments to `targets`, every other app to its newest state; the models as they were then."""
    executor = MigrationExecutor(connection)
    targets = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "assessments"] + targets
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_existing_goals_get_their_person_and_keep_their_round(profile_version):
    apps = migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    Assessment = apps.get_model("assessments", "Assessment")
    Goal = apps.get_model("assessments", "Goal")
    Item = apps.get_model("catalog", "Item")
    sanne = User.objects.create(email="sanne@example.org", name="Sanne")
    youssef = User.objects.create(email="youssef@example.org", name="Youssef")
    first = Assessment.objects.create(owner=sanne, version_id=profile_version.pk)
    second = Assessment.objects.create(owner=sanne, version_id=profile_version.pk)
    other = Assessment.objects.create(owner=youssef, version_id=profile_version.pk)
    busy = Goal.objects.create(assessment=first, title="Intervisie", status="active")
    busy.items.set([Item.objects.get(version_id=profile_version.pk, code="10.3.5")])
    reached = Goal.objects.create(assessment=second, title="Veerkracht", status="done")
    theirs = Goal.objects.create(assessment=other, title="Netwerk")

    apps = migrate(AFTER)
    Goal = apps.get_model("assessments", "Goal")
    rows = {
        goal.title: (goal.owner_id, [a.pk for a in goal.rounds.all()], goal.closed_at is not None, goal.revision)
        for goal in Goal.objects.all()
    }
    assert rows == {
        "Intervisie": (sanne.pk, [first.pk], False, 1),
        "Veerkracht": (sanne.pk, [second.pk], True, 1),
        "Netwerk": (youssef.pk, [other.pk], False, 1),
    }
    assert [item.code for item in Goal.objects.get(pk=busy.pk).items.all()] == ["10.3.5"]
    assert reached.pk and theirs.pk

    apps = migrate(BEFORE)  # and back: each goal to its (first) round
    Goal = apps.get_model("assessments", "Goal")
    assert {goal.title: goal.assessment_id for goal in Goal.objects.all()} == {
        "Intervisie": first.pk,
        "Veerkracht": second.pk,
        "Netwerk": other.pk,
    }
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
