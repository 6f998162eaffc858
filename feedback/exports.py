"""The feedback in the owner's download of all their data, in item codes.

Reviewers' answers with their names (the owner invited them by name); volunteers' answers only as
the owner may see them anywhere: from MIN_VOLUNTEER_RESPONSES answers, per item a count per level,
and the comments sorted, never one volunteer's answers together. No links (they are personal keys).
"""

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch

from .models import MIN_VOLUNTEER_RESPONSES, Reviewer, ReviewerAnswer, RoundItem, VolunteerAnswer, VolunteerResponse
from .selectors import rounds_of


def _iso(moment):
    return moment.isoformat() if moment else None


def user_feedback(user) -> list[dict]:
    """Every feedback round on `user`'s zelfscans, in a fixed number of queries."""
    rounds = list(
        rounds_of(user)
        .annotate(response_count=Count("responses"))
        .prefetch_related(
            Prefetch("round_items", queryset=RoundItem.objects.select_related("item")),
            Prefetch(
                "reviewers",
                queryset=Reviewer.objects.order_by("created_at", "id").prefetch_related(
                    Prefetch("answers", queryset=ReviewerAnswer.objects.select_related("item"))
                ),
            ),
        )
        .order_by("created_at", "id")
    )
    shown = [r.pk for r in rounds if r.is_volunteers and r.response_count >= MIN_VOLUNTEER_RESPONSES]
    counts = defaultdict(Counter)
    comments = defaultdict(list)
    if shown:
        for round_id, code, level, count in (
            VolunteerAnswer.objects.filter(response__round_id__in=shown)
            .values_list("response__round_id", "item__code", "level")
            .annotate(count=Count("pk"))
            .values_list("response__round_id", "item__code", "level", "count")
        ):
            counts[(round_id, code)][level] += count
        for round_id, comment in (
            VolunteerResponse.objects.filter(round_id__in=shown).exclude(comment="").values_list("round_id", "comment")
        ):
            comments[round_id].append(comment)
    data = []
    for feedback_round in rounds:
        entry = {
            "assessment_id": feedback_round.assessment_id,
            "kind": feedback_round.kind,
            "title": feedback_round.title,
            "message": feedback_round.message,
            "items": [
                {"code": ri.item.code, **({"question": ri.question} if feedback_round.is_volunteers else {})}
                for ri in feedback_round.round_items.all()
            ],
            "created_at": _iso(feedback_round.created_at),
            "closes_at": _iso(feedback_round.closes_at),
            "closed_at": _iso(feedback_round.closed_at),
            "shared_with_manager": feedback_round.shared_with_manager,
            "in_pdf": feedback_round.in_pdf,
        }
        if feedback_round.is_volunteers:
            visible = feedback_round.pk in shown
            entry["refused_answers"] = feedback_round.refused
            entry["volunteers"] = (
                {
                    "answered": feedback_round.response_count,
                    "per_item": {
                        ri.item.code: {
                            **{
                                str(level): count
                                for level, count in sorted(
                                    (k, v) for k, v in counts[(feedback_round.pk, ri.item.code)].items() if k
                                )
                            },
                            "unknown": counts[(feedback_round.pk, ri.item.code)].get(None, 0),
                        }
                        for ri in feedback_round.round_items.all()
                    },
                    "comments": sorted(comments[feedback_round.pk], key=str.casefold),
                }
                if visible
                else None  # fewer than MIN_VOLUNTEER_RESPONSES answered: nothing of them, anywhere
            )
        else:
            entry["reviewers"] = [
                {
                    "name": reviewer.name,
                    "email": reviewer.email,
                    "language": reviewer.language,
                    "invited_at": _iso(reviewer.created_at),
                    "revoked_at": _iso(reviewer.revoked_at),
                    "submitted_at": _iso(reviewer.submitted_at),
                    "answers": [
                        {"code": answer.item.code, "level": answer.level, "comment": answer.comment}
                        for answer in sorted(reviewer.answers.all(), key=lambda answer: answer.item.position)
                    ],
                }
                for reviewer in feedback_round.reviewers.all()
            ]
        data.append(entry)
    return data
