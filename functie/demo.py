"""Demo takenpakketten and a functieprofiel with tasks, so the takenpakket, the functieomschrijving,
the comparison and the team's Werkverdeling look real. Called by `manage.py demo`; running it again
changes nothing."""

from assessments import services as assessment_services
from assessments.models import Assessment, NormProfile
from catalog.cache import version_content

from . import services
from .models import Takenpakket
from .package import task_items

# Per persona: hours agreed, and per taakgebied (levels, hours a week). Only what the persona
# ticked in the keuzemodel is used. Sanne does more than her 28 hours, and strategic work her
# functieprofiel does not name; Youssef coordinates as a task within a wider job; Marieke is an
# unpaid trekker without agreed hours.
TAKENPAKKETTEN = {
    "coordinator@example.org": (
        "28",
        {
            "9.1.1": ("uitvoerend", "2"),
            "9.1.2": ("uitvoerend,tactisch", "3"),
            "9.1.3": ("uitvoerend", "6"),
            "9.1.4": ("uitvoerend,tactisch", "8"),
            "9.1.5": ("uitvoerend", "3"),
            "9.1.6": ("uitvoerend", "1"),
            "9.2.1": ("tactisch,strategisch", "4"),
            "9.2.2": ("strategisch", "2"),
            "9.2.3": ("tactisch", "2"),
            "9.3.1": ("uitvoerend", "1"),
            "9.3.3": ("tactisch", "1,5"),
            "9.3.4": ("uitvoerend", "0,5"),
        },
    ),
    "coordinator2@example.org": (
        "16",
        {
            "9.1.1": ("uitvoerend", "1"),
            "9.1.2": ("uitvoerend", "2"),
            "9.1.3": ("uitvoerend", "4"),
            "9.1.4": ("uitvoerend", "6"),
            "9.1.5": ("uitvoerend", "2"),
            "9.1.6": ("uitvoerend", "1"),
            "9.3.3": ("tactisch", "1"),
            "9.3.4": ("uitvoerend", ""),
        },
    ),
    "coordinator3@example.org": (
        "",
        {
            "9.1.1": ("uitvoerend", "1"),
            "9.1.3": ("uitvoerend", "1,5"),
            "9.1.4": ("uitvoerend", "2"),
            "9.2.1": ("tactisch", "1"),
            "9.2.2": ("strategisch", "1"),
            "9.3.2": ("uitvoerend", ""),
        },
    ),
    "consulent@example.org": (
        "24",
        {
            "4.a": ("uitvoerend", "4"),
            "4.b": ("uitvoerend", "3"),
            "4.c": ("uitvoerend,tactisch", "3"),
            "4.d": ("uitvoerend", "2"),
            "4.e": ("uitvoerend", "6"),
            "4.f": ("tactisch", "2"),
            "4.g": ("tactisch", "2"),
            "4.h": ("strategisch", "1"),
        },
    ),
}

FUNCTIEPROFIEL = "Coördinator vrijwilligers"
# The functie as the organisation wrote it down: the vrijwilligersreis at uitvoerend level and a
# little tactical work on policy; nothing strategic, and nothing about positioning.
FUNCTIE_TASKS = {
    "9.1.1": ("uitvoerend", "2"),
    "9.1.2": ("uitvoerend", "2"),
    "9.1.3": ("uitvoerend", "5"),
    "9.1.4": ("uitvoerend", "8"),
    "9.1.5": ("uitvoerend", "3"),
    "9.1.6": ("uitvoerend", "1"),
    "9.2.1": ("tactisch", "3"),
    "9.2.3": ("uitvoerend", "2"),
}
FUNCTIE_LEVELS = {"9.1.3": 3, "9.1.4": 3, "9.2.1": 2, "10.2.1": 3, "10.2.6": 3, "10.3.1": 2}


def _entries(by_code: dict, allowed: set[str]) -> dict:
    return {
        code: {"levels": levels.split(","), "hours": hours}
        for code, (levels, hours) in by_code.items()
        if code in allowed
    }


def demo_takenpakket(assessment: Assessment) -> None:
    """The persona's takenpakket, over the taakgebieden they ticked; made once."""
    plan = TAKENPAKKETTEN.get(assessment.owner.email)
    if plan is None or Takenpakket.objects.filter(assessment=assessment).exists():
        return
    agreed, by_code = plan
    tasks = {item.code for item in task_items(version_content(assessment.version).items)}
    ticked = set(
        assessment.answers.filter(applies=True, item__code__in=list(tasks)).values_list("item__code", flat=True)
    )
    services.takenpakket_save(assessment=assessment, agreed_hours=agreed, entries=_entries(by_code, ticked))


def demo_functieprofiel(*, team, manager, version) -> NormProfile:
    """The team's functieprofiel of the coordinator, with the levels it asks and its tasks; made once."""
    profile, created = NormProfile.objects.get_or_create(
        team=team, name=FUNCTIEPROFIEL, defaults={"version": version, "created_by": manager}
    )
    if created:
        assessment_services.norm_profile_save(profile=profile, levels=FUNCTIE_LEVELS)
        services.norm_tasks_save(profile=profile, entries=_entries(FUNCTIE_TASKS, set(FUNCTIE_TASKS)))
    return profile
