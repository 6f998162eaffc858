"""What leaves the app about a person: the download of all their data, in item codes."""

import re

from django.db.models import Prefetch

from catalog.case import code_identifier
from catalog.models import Item
from feedback.exports import user_feedback

from .models import Answer, Assessment, Goal


def _answers_prefetch() -> Prefetch:
    return Prefetch("answers", queryset=Answer.objects.select_related("item").order_by("item__position"))


def user_data(user) -> dict:
    """Everything Profielwijzer keeps about `user`, speaking in item codes (the contract).

    Their own zelfscans; as a manager, their own views of members; the views of them that a
    manager shared with them; their organisations and teams; the invitations they sent and
    those sent to their address (never the links in them); the gesprekken about their zelfscans
    and their choice about reminders (`cycle.exports`). A fixed number of queries.
    """
    from accounts.models import Invitation, OrganisationMembership, TeamMembership
    from cycle import exports as cycle_exports

    manager_views = (
        Assessment.objects.manager_assessments()
        .filter(owner=user)
        .select_related("version__framework", "subject")
        .prefetch_related(_answers_prefetch(), "shares__viewer")
        .order_by("created_at", "id")
    )
    shared_with_me = (
        Assessment.objects.manager_assessments()
        .filter(counterpart__owner=user, shares__viewer=user)
        .select_related("version__framework", "owner")
        .prefetch_related(_answers_prefetch())
        .order_by("created_at", "id")
    )
    memberships = OrganisationMembership.objects.filter(user=user).select_related("organisation")
    teams: dict[int, list[dict]] = {}
    for membership in TeamMembership.objects.filter(user=user).select_related("team").order_by("team__name", "id"):
        teams.setdefault(membership.team.organisation_id, []).append(
            {"name": membership.team.name, "role": membership.role}
        )
    invitations = Invitation.objects.select_related("organisation", "team").order_by("created_at", "id")
    assessments = (
        Assessment.objects.filter(owner=user, subject__isnull=True)
        .select_related("version__framework")
        .prefetch_related(
            _answers_prefetch(),
            Prefetch("goals", queryset=Goal.objects.prefetch_related("items")),
            "context_options__variable",
            "shares__viewer",
        )
        .order_by("created_at", "id")
    )
    goals = (
        Goal.objects.filter(owner=user)
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.select_related("version__framework")), "rounds", "progress"
        )
        .order_by("created_at", "id")
    )
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": user.date_joined.isoformat(),
        },
        "assessments": [_assessment_data(assessment) for assessment in assessments],
        "goals": [_goal_data(goal) for goal in goals],
        "manager_views": [
            {
                **_view_data(view),
                "about": {"email": view.subject.email, "name": view.subject.name},
                "counterpart_id": view.counterpart_id,
                "shared_with": [share.viewer.email for share in view.shares.all()],
            }
            for view in manager_views
        ],
        "shared_with_me": [
            {
                **_view_data(view),
                "by": {"email": view.owner.email, "name": view.owner.name},
                "about_assessment_id": view.counterpart_id,
            }
            for view in shared_with_me
        ],
        "organisations": [
            {
                "name": membership.organisation.name,
                "admin": membership.is_admin,
                "since": membership.created_at.isoformat(),
                "teams": teams.get(membership.organisation_id, []),
            }
            for membership in sorted(memberships, key=lambda membership: (membership.organisation.name, membership.pk))
        ],
        "invitations_sent": [
            {**_invitation_data(invitation), "email": invitation.email}
            for invitation in invitations.filter(invited_by=user)
        ],
        "invitations_received": [
            _invitation_data(invitation) for invitation in invitations.filter(email__iexact=user.email)
        ],
        # asked of others about their zelfscans: reviewers' answers, volunteers' only from 3 answers
        "feedback": user_feedback(user),
        **cycle_exports.user_data(user),  # the gesprekken with their afspraken, scanronde reminders
    }


def _invitation_data(invitation) -> dict:
    return {
        "organisation": invitation.organisation.name,
        "team": invitation.team.name if invitation.team else None,
        "role": invitation.role,
        "sent_at": invitation.created_at.isoformat(),
        "accepted_at": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
    }


def _answer_data(answer: Answer, version) -> dict:
    return {
        "code": answer.item.code,
        "case_identifier": code_identifier(version, answer.item.code),
        "title": answer.item.title,
        "ticked": answer.applies,
        "current": answer.current,
        "desired": answer.desired,
        "note": answer.note,
    }


def _view_data(view: Assessment) -> dict:
    """A manager's view of a member: the same answers as a zelfscan, in item codes."""
    return {
        "id": view.pk,
        "framework": view.version.framework.code,
        "version": view.version.label,
        "status": view.status,
        "created_at": view.created_at.isoformat(),
        "updated_at": view.updated_at.isoformat(),
        "answers": [_answer_data(answer, view.version) for answer in view.answers.all()],
    }


def _assessment_data(assessment: Assessment) -> dict:
    context: dict[str, list[str]] = {}
    for option in sorted(
        assessment.context_options.all(), key=lambda option: (option.variable.position, option.position)
    ):
        context.setdefault(option.variable.code, []).append(option.code)
    return {
        "id": assessment.pk,
        "framework": assessment.version.framework.code,
        "framework_name": assessment.version.framework.name,
        "version": assessment.version.label,
        "status": assessment.status,
        "created_at": assessment.created_at.isoformat(),
        "updated_at": assessment.updated_at.isoformat(),
        "finalised_at": assessment.finalised_at.isoformat() if assessment.finalised_at else None,
        "previous_id": assessment.previous_id,
        "role_title": assessment.role_title,
        "context": context,
        "sections_opened": sorted(assessment.visited_sections, key=code_key),
        "answers": [_answer_data(answer, assessment.version) for answer in assessment.answers.all()],
        "goals": [
            {
                "id": goal.pk,
                "title": goal.title,
                "items": sorted((item.code for item in goal.items.all()), key=code_key),
                "case_identifiers": [
                    code_identifier(assessment.version, code)
                    for code in sorted((item.code for item in goal.items.all()), key=code_key)
                ],
                "actions": goal.actions,
                "support": goal.support,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "status": goal.status,
            }
            for goal in assessment.goals.all()
        ],
        "shared_with": [share.viewer.email for share in assessment.shares.all()],
    }


def _goal_data(goal: Goal) -> dict:
    """A goal as the person's own, across rounds: its status, its rounds and its progress."""
    items = sorted(goal.items.all(), key=lambda item: code_key(item.code))
    return {
        "id": goal.pk,
        "title": goal.title,
        "status": goal.status,
        "items": [item.code for item in items],
        "case_identifiers": [code_identifier(item.version, item.code) for item in items],
        "actions": goal.actions,
        "support": goal.support,
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
        "created_at": goal.created_at.isoformat(),
        "closed_at": goal.closed_at.isoformat() if goal.closed_at else None,
        "rounds": sorted(assessment.pk for assessment in goal.rounds.all()),
        "progress": [
            {"date": entry.date.isoformat(), "did": entry.did, "result": entry.result}
            for entry in sorted(goal.progress.all(), key=lambda entry: (entry.date, entry.pk))
        ],
    }


def code_key(code: str) -> list[list[tuple[int, int, str]]]:
    """Sort item codes as the profile numbers them: `8` < `8.p1` < `9.1.1.1` < `10.2.1` < `10.2.k` < `10.2.k12`.

    Each dotted part is split into runs of digits and other characters; a run of digits compares
    by its value and comes before letters, so any mix of codes can be compared.
    """
    return [
        [(0, int(run), "") if run[0] in "0123456789" else (1, 0, run) for run in re.findall(r"[0-9]+|[^0-9]+", part)]
        for part in code.split(".")
    ]
