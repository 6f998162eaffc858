"""Who may read which feedback, and what of it they see. Every page, export and PDF starts here.

- The owner of a zelfscan reads all of its rounds.
- A leidinggevende reads a round only while the zelfscan is shared with them (through
  `assessments.selectors.shared_with`) *and* the owner switched the round's sharing on.
- A reviewer reaches only their own invitation, by its link, while it is open and not revoked;
  a volunteer only an open round, by its shared link.
- Of a volunteer round nothing is shown, to anyone, before MIN_VOLUNTEER_RESPONSES answered:
  not the levels, not the comments, not even how many answered.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from catalog.cache import version_content

from .models import (
    MIN_VOLUNTEER_RESPONSES,
    FeedbackRound,
    Reviewer,
    ReviewerAnswer,
    RoundItem,
    VolunteerAnswer,
    VolunteerResponse,
)


def rounds_of(user) -> QuerySet[FeedbackRound]:
    """The rounds on `user`'s own zelfscans."""
    return FeedbackRound.objects.select_related("assessment__version", "assessment__owner").filter(
        assessment__owner=user, assessment__subject__isnull=True
    )


def reviewers_of(user) -> QuerySet[Reviewer]:
    return Reviewer.objects.select_related("round__assessment").filter(
        round__assessment__owner=user, round__assessment__subject__isnull=True
    )


def reviewer_by_token(token: str) -> QuerySet[Reviewer]:
    """The invitation behind a personal link, while it works: not revoked, its round open."""
    now = timezone.now()
    return Reviewer.objects.select_related("round__assessment__version", "round__assessment__owner").filter(
        token=token, revoked_at__isnull=True, round__closed_at__isnull=True, round__closes_at__gt=now
    )


def volunteer_round_by_token(token: str) -> QuerySet[FeedbackRound]:
    return (
        FeedbackRound.objects.open()
        .select_related("assessment__version", "assessment__owner")
        .filter(token=token, kind=FeedbackRound.Kind.VOLUNTEERS)
    )


def round_items(feedback_round: FeedbackRound) -> list[RoundItem]:
    return list(feedback_round.round_items.select_related("item"))


# ---------------------------------------------------------------------------------------
# What the owner (or their leidinggevende) sees


@dataclass
class ReviewerLevel:
    name: str
    level: int | None  # None: weet ik niet
    comment: str
    compared: int | None  # level minus the self-rating: marked when not 0


@dataclass
class Distribution:
    """How the volunteers of one round answered one item: counts per level, never an average."""

    round_title: str
    counts: list[tuple[object, int]]  # (ScaleLevel, how many)
    unknown: int
    differs: bool  # most of those who chose a level chose another one than the self-rating

    @property
    def total(self) -> int:
        return sum(count for _level, count in self.counts) + self.unknown


@dataclass
class ItemFeedback:
    item: object
    own: int | None  # the owner's current level; None when unticked or unrated
    manager: int | None
    reviewers: list[ReviewerLevel] = field(default_factory=list)
    volunteers: list[Distribution] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return any(r.compared for r in self.reviewers) or any(d.differs for d in self.volunteers)


@dataclass
class RoundSummary:
    round: FeedbackRound
    invited: int = 0
    answered: int = 0  # reviewers who sent their answers; for volunteers only from the floor up
    comments: list[str] = field(default_factory=list)  # volunteers' comments, sorted, from the floor up
    reviewers: list[Reviewer] = field(default_factory=list)

    @property
    def is_visible(self) -> bool:
        """Whether any of its answers may be shown."""
        if self.round.is_volunteers:
            return self.answered >= MIN_VOLUNTEER_RESPONSES
        return self.answered > 0


@dataclass
class FeedbackView:
    rounds: list[RoundSummary]
    items: list[ItemFeedback]  # in document order: the items some visible round asks about

    @property
    def by_code(self) -> dict:
        return {row.item.code: row for row in self.items}

    @property
    def has_answers(self) -> bool:
        return any(summary.is_visible for summary in self.rounds)


def visible_rounds(assessment, *, viewer, for_pdf: bool = False) -> QuerySet[FeedbackRound]:
    """The rounds of `assessment` (already read through an assessments selector) that `viewer` may see."""
    rounds = assessment.feedback_rounds.all()
    if viewer.pk != assessment.owner_id:
        rounds = rounds.filter(shared_with_manager=True)
    if for_pdf:
        rounds = rounds.filter(in_pdf=True)
    return rounds


def pdf_stamp(assessment, *, viewer) -> list:
    """What of the feedback a stored PDF for `viewer` depends on, in one query: the rounds it may
    print and when each last changed (see `assessments.pdf.fingerprint`)."""
    return [
        (pk, changed.isoformat())
        for pk, changed in visible_rounds(assessment, viewer=viewer, for_pdf=True).values_list("pk", "changed_at")
    ]


def pdf_changed_since(assessment, *, viewer, moment) -> bool:
    """Whether feedback the PDF prints changed after `moment` (a stored document of record)."""
    return visible_rounds(assessment, viewer=viewer, for_pdf=True).filter(changed_at__gt=moment).exists()


def volunteer_counts(rounds) -> dict[int, int]:
    """{round id: how many volunteers answered}, for the owner's own bookkeeping only: pages show
    it through `RoundSummary.answered`, which stays 0 below the floor."""
    ids = [r.pk for r in rounds if r.is_volunteers]
    if not ids:
        return {}
    return dict(
        VolunteerResponse.objects.filter(round_id__in=ids)
        .values_list("round_id")
        .annotate(count=Count("pk"))
        .values_list("round_id", "count")
    )


def feedback_view(assessment, *, viewer, own_scores=None, manager_scores=None, for_pdf: bool = False) -> FeedbackView:
    """Everything of the feedback on `assessment` that `viewer` may see, per round and per item,
    in a fixed number of queries. `own_scores`/`manager_scores`: {item code: ItemScore} when the
    caller has them already; otherwise they are read here."""
    from assessments.pdf import shown_manager_view
    from assessments.workspace import load_workspace

    rounds = list(
        visible_rounds(assessment, viewer=viewer, for_pdf=for_pdf).prefetch_related(
            Prefetch("round_items", queryset=RoundItem.objects.select_related("item")),
            Prefetch("reviewers", queryset=Reviewer.objects.order_by("created_at", "id")),
        )
    )
    if not rounds:
        return FeedbackView(rounds=[], items=[])
    counts = volunteer_counts(rounds)
    summaries = {}
    for feedback_round in rounds:
        reviewers = list(feedback_round.reviewers.all())
        if feedback_round.is_volunteers:
            answered = counts.get(feedback_round.pk, 0)
            answered = answered if answered >= MIN_VOLUNTEER_RESPONSES else 0
            summary = RoundSummary(feedback_round, answered=answered)
        else:
            summary = RoundSummary(
                feedback_round,
                invited=len(reviewers),
                answered=sum(1 for r in reviewers if r.submitted_at),
                reviewers=reviewers,
            )
        summaries[feedback_round.pk] = summary
    shown = [summary for summary in summaries.values() if summary.is_visible]
    volunteer_ids = [s.round.pk for s in shown if s.round.is_volunteers]
    reviewer_ids = [s.round.pk for s in shown if not s.round.is_volunteers]

    reviewer_answers = defaultdict(list)
    for answer in (
        ReviewerAnswer.objects.filter(reviewer__round_id__in=reviewer_ids, reviewer__submitted_at__isnull=False)
        .select_related("reviewer")
        .order_by("reviewer__created_at", "reviewer_id")
    ):
        reviewer_answers[answer.item_id].append(answer)
    distributions = defaultdict(Counter)  # (round id, item id) -> Counter(level)
    for round_id, item_id, level, count in (
        VolunteerAnswer.objects.filter(response__round_id__in=volunteer_ids)
        .values_list("response__round_id", "item_id", "level")
        .annotate(count=Count("pk"))
        .values_list("response__round_id", "item_id", "level", "count")
    ):
        distributions[(round_id, item_id)][level] += count
    for round_id, comment in (
        VolunteerResponse.objects.filter(round_id__in=volunteer_ids)
        .exclude(comment="")
        .values_list("round_id", "comment")
    ):
        summaries[round_id].comments.append(comment)
    for summary in shown:
        summary.comments.sort(key=str.casefold)  # together and sorted: never in the order they came

    if own_scores is None:
        workspace = load_workspace(assessment)
        own_scores = {score.item.code: score for section in workspace.sections for score in section.items}
    if manager_scores is None:
        manager_view = shown_manager_view(assessment, viewer=viewer)
        manager_scores = {}
        if manager_view is not None:
            manager_workspace = load_workspace(manager_view)
            manager_scores = {s.item.code: s for section in manager_workspace.sections for s in section.items}

    scale = version_content(assessment.version).scale_levels
    asked = {}
    for summary in shown:
        for round_item in summary.round.round_items.all():
            asked.setdefault(round_item.item_id, round_item.item)
    rows = []
    for item in version_content(assessment.version).items:
        if item.pk not in asked:
            continue
        own = _level_of(own_scores.get(item.code))
        manager = _level_of(manager_scores.get(item.code))
        row = ItemFeedback(item=item, own=own, manager=manager)
        for answer in reviewer_answers.get(item.pk, []):
            compared = answer.level - own if answer.level is not None and own is not None else None
            row.reviewers.append(ReviewerLevel(answer.reviewer.name, answer.level, answer.comment, compared))
        for summary in shown:
            if summary.round.is_volunteers and any(ri.item_id == item.pk for ri in summary.round.round_items.all()):
                counter = distributions.get((summary.round.pk, item.pk), Counter())
                known = sum(count for level, count in counter.items() if level is not None)
                differs = own is not None and known > 0 and counter.get(own, 0) * 2 < known
                row.volunteers.append(
                    Distribution(
                        round_title=summary.round.title,
                        counts=[(level, counter.get(level.value, 0)) for level in scale],
                        unknown=counter.get(None, 0),
                        differs=differs,
                    )
                )
        rows.append(row)
    return FeedbackView(rounds=list(summaries.values()), items=rows)


def _level_of(score) -> int | None:
    if score is None or not score.applies:
        return None
    return score.current
