"""Who may read which assessment. Every view, export and PDF of a zelfscan starts from here.

- An owner reads their own assessments (and their own manager views of a member).
- A leidinggevende reads a member's self-assessment only while that member is a coordinator in
  a team they manage *and* has shared it with them; of each member only the newest one counts.
  A member who shared nothing looks the same whether they have no assessment or an unshared one.
- A manager's view is read by its author while the member still shares with them, and by the
  member once the author shared it back.

Selectors return querysets or plain values; the views' own helpers turn "not there" into a 404.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.selectors import members_managed_by

from .models import Answer, Assessment, Goal, GoalProgress


def assessments_of(user, *, self_only: bool = True) -> QuerySet[Assessment]:
    """What `user` made: their zelfscans, and with `self_only=False` also their views of members."""
    queryset = Assessment.objects.select_related("version__framework", "owner", "subject").filter(owner=user)
    return queryset.self_assessments() if self_only else queryset


def rounds_overview(user) -> list[Assessment]:
    """`user`'s zelfscans, newest first, each with what the rounds list shows: `ticked` and
    `rated` items and `open_goals` (one query)."""
    return list(
        assessments_of(user)
        .annotate(
            ticked=Count("answers", filter=Q(answers__applies=True), distinct=True),
            rated=Count(
                "answers",
                filter=Q(answers__applies=True, answers__current__isnull=False, answers__desired__isnull=False),
                distinct=True,
            ),
            open_goals=Count("goals", filter=Q(goals__status__in=Goal.OPEN), distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def goals_of(user) -> QuerySet[Goal]:
    """The goals of `user`: they belong to the person and run across rounds."""
    return Goal.objects.filter(owner=user)


def goal_in_round(user, assessment_pk: int, goal_pk: int) -> Goal | None:
    """One of `user`'s goals as it stands in the plan of their round `assessment_pk`, or None."""
    return goals_of(user).filter(pk=goal_pk, rounds=assessment_pk).first()


def plan_goals(assessment: Assessment) -> list[Goal]:
    """The goals in the plan of a round (already read through a selector), with their items and
    progress entries, newest progress first."""
    return list(
        assessment.goals.prefetch_related(
            "items", Prefetch("progress", queryset=GoalProgress.objects.order_by("-date", "-id"))
        ).order_by("created_at", "id")
    )


def goal_history(assessment: Assessment) -> list[Goal]:
    """Goals the owner reached or stopped in earlier rounds and that did not come along into this
    one: shown as history under the plan. Newest first."""
    return list(
        Goal.objects.filter(owner_id=assessment.owner_id, status__in=[Goal.Status.DONE, Goal.Status.STOPPED])
        .exclude(rounds=assessment)
        .filter(closed_at__lte=assessment.finalised_at or timezone.now())
        .prefetch_related("items")
        .order_by("-closed_at", "-id")
    )


def goals_reached(user, rounds: list[Assessment]) -> list[Goal]:
    """`user`'s reached goals, oldest first, each with `after` and `before`: the rounds (of
    `rounds`, oldest first) it was reached between."""
    goals = list(goals_of(user).filter(status=Goal.Status.DONE).prefetch_related("items").order_by("closed_at", "id"))
    for goal in goals:
        goal.after = next((r for r in reversed(rounds) if r.created_at <= goal.closed_at), None)
        goal.before = next((r for r in rounds if r.created_at > goal.closed_at), None)
    return goals


def newest_round_with(goal: Goal) -> Assessment | None:
    """The newest round whose plan holds `goal` (None when its rounds were deleted)."""
    return goal.rounds.order_by("-created_at", "-id").first()


def rated_count(assessment: Assessment) -> int:
    """Items ticked and given both levels (rated, as `scoring.score_of` says): finalising needs
    at least `limits.FINALISE_MIN_RATED` of them."""
    return assessment.answers.filter(applies=True, current__isnull=False, desired__isnull=False).count()


def newer_round_exists(assessment: Assessment) -> bool:
    """Has the owner started a self-assessment after this one? Then this round stays as it is."""
    return (
        Assessment.objects.self_assessments()
        .filter(owner_id=assessment.owner_id)
        .filter(Q(created_at__gt=assessment.created_at) | Q(created_at=assessment.created_at, pk__gt=assessment.pk))
        .exists()
    )


def goal_item_ids(assessment: Assessment) -> set[int]:
    """The items the goals of an assessment (already read through a selector) are about."""
    return set(Goal.items.through.objects.filter(goal__rounds=assessment).values_list("item_id", flat=True))


def shared_with(manager) -> QuerySet[Assessment]:
    """Self-assessments shared with `manager` by the coordinators of teams `manager` manages."""
    return (
        Assessment.objects.self_assessments()
        .select_related("version__framework", "owner")
        .filter(shares__viewer=manager, owner__in=members_managed_by(manager))
    )


def _shared_with(manager, members) -> QuerySet[Assessment]:
    return Assessment.objects.self_assessments().filter(owner__in=members, shares__viewer=manager)


def shared_latest_index(manager, members) -> list[tuple]:
    """(assessment id, owner id, version id, last change) of the newest self-assessment each of `members` shared with
    `manager` (the same ones as `shared_latest`), the owners by name and address: what a page of a
    large team starts from, in one lean query, before it loads only its own people.

    `members` as in `shared_latest` (also a subquery of user ids)."""
    rows = _shared_with(manager, members).order_by("owner__name", "owner__email", "owner_id", "-created_at", "-id")
    latest, seen = [], set()
    for pk, owner_id, version_id, updated_at in rows.values_list("pk", "owner_id", "version_id", "updated_at"):
        if owner_id not in seen:
            seen.add(owner_id)
            latest.append((pk, owner_id, version_id, updated_at))
    return latest


def shared_count(manager, members) -> int:
    """How many of `members` shared a self-assessment with `manager` (as `shared_latest` counts them)."""
    return _shared_with(manager, members).values("owner_id").distinct().count()


def shared_latest(manager, members, *, with_answers: bool = False) -> dict[int, Assessment]:
    """{member id: the newest self-assessment that member shared with `manager`}, in one or two queries.

    `members` must already be people `manager` manages (from `accounts.selectors`)."""
    assessments = (
        _shared_with(manager, members).select_related("version__framework").order_by("owner_id", "-created_at", "-id")
    )
    if with_answers:
        assessments = assessments.prefetch_related(
            Prefetch("answers", queryset=Answer.objects.filter(applies=True).select_related("item"))
        )
    latest: dict[int, Assessment] = {}
    for assessment in assessments:
        latest.setdefault(assessment.owner_id, assessment)
    return latest


def manager_views_for(user) -> QuerySet[Assessment]:
    """Manager views `user` may read: their own while the member still shares with them, or one
    about `user` that its author shared with them."""
    return (
        Assessment.objects.manager_assessments()
        .select_related("version__framework", "owner", "subject", "counterpart")
        .filter(Q(owner=user, counterpart__in=shared_with(user)) | Q(subject=user, shares__viewer=user))
        .distinct()
    )


@dataclass(frozen=True)
class VersionChange:
    """What a new round on a newer version of the framework did not take over, and what is new."""

    old_label: str
    new_label: str
    gone: list[str]  # codes answered in the previous round that the new version does not have
    added: int  # rateable items the new version has and the previous one had not


def version_change(*, previous: Assessment, assessment: Assessment) -> VersionChange | None:
    """None when both rounds are on the same version: then everything carried over."""
    if previous.version_id == assessment.version_id:
        return None
    old = set(previous.version.items.filter(rateable=True).values_list("code", flat=True))
    new = set(assessment.version.items.filter(rateable=True).values_list("code", flat=True))
    answered = previous.answers.filter(item__code__in=old - new).values_list("item__code", flat=True)
    return VersionChange(
        old_label=previous.version.label,
        new_label=assessment.version.label,
        gone=sorted(answered),
        added=len(new - old),
    )
