"""Demo feedback for one coordinator: two invited reviewers who answered, and a volunteer round
with enough answers to be shown. Made once; running the demo again leaves it as it is."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import FeedbackRound

REVIEW_ITEMS = ["8.3", "9.2.2", "10.2.3", "10.5.11"]
VOLUNTEER_ITEMS = ["8.3", "10.2.3", "9.1.4"]
QUESTIONS = {
    "8.3": "Ziet Marieke wat jij in huis hebt?",
    "10.2.3": "Krijg je van Marieke feedback waar je iets aan hebt?",
    "9.1.4": "Voel je je gesteund door Marieke?",
}
REVIEWERS = [
    (
        "Joost Mulder",
        "joost@example.org",
        {"8.3": 4, "9.2.2": 3, "10.2.3": 3, "10.5.11": 2},
        {
            "8.3": "Je haalt bij de buurtborrel mensen binnen die nergens anders meedoen.",
            "10.5.11": "Je zegt zelden nee; dat zie ik wel.",
        },
    ),
    (
        "Esther Visser (coach)",
        "esther@example.org",
        {"8.3": 3, "9.2.2": None, "10.2.3": 2, "10.5.11": 2},
        {"10.2.3": "In de intervisie oefenden we met lastige gesprekken; dat groeit."},
    ),
]
VOLUNTEERS = [
    ({"8.3": 4, "10.2.3": 3, "9.1.4": 4}, "Marieke vraagt altijd hoe het met je gaat."),
    ({"8.3": 3, "10.2.3": 2, "9.1.4": 4}, ""),
    ({"8.3": 4, "10.2.3": None, "9.1.4": 3}, "Soms wat druk, maar altijd bereikbaar."),
    ({"8.3": 4, "10.2.3": 3, "9.1.4": 4}, ""),
]


def demo_feedback(assessment) -> None:
    if assessment.feedback_rounds.exists():
        return
    closes_on = timezone.localdate() + timedelta(days=30)
    review_round = services.round_create(
        assessment=assessment,
        kind=FeedbackRound.Kind.REVIEWERS,
        title="Intervisie en coach",
        item_codes=REVIEW_ITEMS,
        closes_on=closes_on,
        message="Ik ben benieuwd hoe jullie mij zien. Eerlijk mag!",
    )
    for name, email, levels, comments in REVIEWERS:
        reviewer = services.reviewer_invite(
            feedback_round=review_round, name=name, email=email, language="nl", base_url="http://127.0.0.1:8000/"
        )
        services.review_submit(
            reviewer=reviewer,
            levels={code: "?" if level is None else str(level) for code, level in levels.items()},
            comments=comments,
        )
    volunteer_round = services.round_create(
        assessment=assessment,
        kind=FeedbackRound.Kind.VOLUNTEERS,
        title="Vrijwilligers van de buurtmoestuin",
        item_codes=VOLUNTEER_ITEMS,
        closes_on=closes_on,
    )
    services.questions_save(feedback_round=volunteer_round, questions=QUESTIONS)
    for levels, comment in VOLUNTEERS:
        services.volunteer_submit(
            feedback_round=volunteer_round,
            levels={code: "?" if level is None else str(level) for code, level in levels.items()},
            comment=comment,
        )
