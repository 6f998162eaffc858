"""Goals belong to the person and run across rounds (issue 12, point 1).

A goal had one `assessment`; now it has an `owner` and the `rounds` whose plan it is in. Every
existing goal keeps its round (as its only round) and gets that round's owner; an achieved goal
gets its last change as the date it was achieved. Then the old link goes.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def goals_to_their_person(apps, schema_editor):
    Goal = apps.get_model("assessments", "Goal")
    Rounds = Goal.rounds.through
    links = []
    for goal in Goal.objects.select_related("assessment").iterator():
        goal.owner_id = goal.assessment.owner_id
        goal.closed_at = goal.updated_at if goal.status == "done" else None
        Goal.objects.filter(pk=goal.pk).update(owner_id=goal.owner_id, closed_at=goal.closed_at)
        links.append(Rounds(goal_id=goal.pk, assessment_id=goal.assessment_id))
    Rounds.objects.bulk_create(links, batch_size=1000)


def goals_back_to_one_round(apps, schema_editor):
    """Backwards: each goal goes back to the first round it is in (goals in no round are dropped)."""
    Goal = apps.get_model("assessments", "Goal")
    for goal in Goal.objects.all():
        first = goal.rounds.order_by("created_at", "id").first()
        if first is None:
            goal.delete()
        else:
            Goal.objects.filter(pk=goal.pk).update(assessment_id=first.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_round_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="goals",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="rounds",
            field=models.ManyToManyField(
                blank=True,
                help_text="De rondes waarin dit doel in het ontwikkelplan staat.",
                related_name="+",
                to="assessments.assessment",
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bereikt of gestopt op"),
        ),
        migrations.AddField(
            model_name="goal",
            name="revision",
            field=models.PositiveIntegerField(default=1, help_text="Telt elke opslag; vangt twee tabbladen op."),
        ),
        migrations.AlterField(
            model_name="goal",
            name="status",
            field=models.CharField(
                choices=[
                    ("planned", "Nog niet begonnen"),
                    ("active", "Bezig"),
                    ("done", "Bereikt"),
                    ("stopped", "Gestopt"),
                ],
                default="planned",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="goal",
            name="assessment",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="assessments.assessment",
            ),
        ),
        migrations.RunPython(goals_to_their_person, goals_back_to_one_round),
        migrations.RemoveConstraint(model_name="goal", name="assessments_goal_form_token_unique"),
        migrations.RemoveField(model_name="goal", name="assessment"),
        migrations.AlterField(
            model_name="goal",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="goals",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="goal",
            name="rounds",
            field=models.ManyToManyField(
                blank=True,
                help_text="De rondes waarin dit doel in het ontwikkelplan staat.",
                related_name="goals",
                to="assessments.assessment",
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.UniqueConstraint(
                fields=("owner", "form_token"), name="assessments_goal_owner_form_token_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.CheckConstraint(
                condition=models.Q(("closed_at__isnull", False), ("status__in", ["done", "stopped"]))
                | models.Q(("closed_at__isnull", True), ("status__in", ["planned", "active"])),
                name="assessments_goal_closed_has_date",
            ),
        ),
        migrations.CreateModel(
            name="GoalProgress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(default=django.utils.timezone.localdate, verbose_name="datum")),
                ("did", models.TextField(max_length=1000, verbose_name="wat deed je?")),
                ("result", models.TextField(blank=True, max_length=1000, verbose_name="wat bracht het?")),
                ("form_token", models.UUIDField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "goal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="progress",
                        to="assessments.goal",
                    ),
                ),
            ],
            options={
                "verbose_name": "voortgang",
                "verbose_name_plural": "voortgang",
                "ordering": ["-date", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("goal", "form_token"), name="assessments_progress_form_token_unique"
                    )
                ],
            },
        ),
    ]
