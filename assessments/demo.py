"""Demo data: three coordinators with realistic, substantially complete assessments.

Deterministic (a seeded random per person), so the demo looks the same on every machine.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from catalog.models import ContextOption, Framework, Item

from . import services
from .models import Assessment, AssessmentEvent, Goal


@dataclass(frozen=True)
class Persona:
    email: str
    name: str
    role_title: str
    context: tuple[str, ...]
    strong: tuple[str, ...]  # section codes where this person stands higher
    growing: tuple[str, ...]  # section codes where this person wants to grow
    skip: tuple[str, ...]  # section codes that mostly do not apply
    notes: dict
    goals: tuple[tuple[str, str, str, str, str], ...]  # title, item code, actions, support, status
    # Earlier rounds, made final, as (years ago, levels lower than now, a goal reached in that year).
    history: tuple[tuple[int, int, tuple[str, str, str, str]], ...] = ()


PERSONAS = [
    Persona(
        email="coordinator@example.org",
        name="Sanne de Vries",
        role_title="Coördinator vrijwilligers, buurthuis De Linde",
        context=(
            "functie",
            "eigen-afdeling",
            "betaald",
            "organisatie",
            "hybride",
            "tactisch",
            "uitvoerend",
            "begeleidend",
        ),
        strong=("9.1", "10.2"),
        growing=("9.2", "10.3"),
        skip=(),
        history=(
            (
                3,
                2,
                (
                    "Vrijwilligers beter inwerken",
                    "9.1.4",
                    "Een inwerkmap geschreven en elke nieuwe vrijwilliger een maatje gegeven.",
                    "Minder nieuwe vrijwilligers haken in de eerste maanden af.",
                ),
            ),
            (
                2,
                2,
                (
                    "Een vaste werkwijze voor intakegesprekken",
                    "9.1.3",
                    "Een gespreksleidraad gemaakt en met twee collega's geoefend.",
                    "Nieuwe vrijwilligers weten na het eerste gesprek wat ze kunnen verwachten.",
                ),
            ),
            (
                1,
                1,
                (
                    "Groepsgesprekken leiden bij spanningen",
                    "10.2.6",
                    "Een training 'lastige gesprekken' gevolgd en het geleerde in de kookgroep toegepast.",
                    "De kookgroep praat weer met elkaar in plaats van over elkaar.",
                ),
            ),
        ),
        notes={
            "9.1.3": "Intakegesprekken doe ik wekelijks; de afspraken leggen we vast in een korte overeenkomst.",
            "9.1.4": "Ik heb met 45 vrijwilligers minstens twee keer per jaar een gesprek.",
            "9.2.1": "Ons vrijwilligersbeleid is van 2019; ik wil het samen met vrijwilligers vernieuwen.",
            "10.3.1": "Resultaten zichtbaar maken vind ik lastig: ik tel wel, maar vertel het verhaal nog weinig.",
            "10.3.9": "Ik wil leren fondsen te werven voor ons maatjesproject.",
            "10.2.6": "Bij spanningen in de kookgroep heb ik een goed groepsgesprek geleid.",
        },
        goals=(
            (
                "Vrijwilligersbeleid vernieuwen",
                "9.2.1",
                "Drie werksessies met vrijwilligers en het MT in het voorjaar.",
                "Tijd van mijn leidinggevende en een externe begeleider.",
                "active",
            ),
            (
                "Impact van vrijwilligerswerk laten zien",
                "10.3.1",
                "Cursus impactmeting volgen en een jaarverhaal maken.",
                "Budget voor de cursus.",
                "planned",
            ),
            (
                "Fondsen werven voor het maatjesproject",
                "10.3.9",
                "Meelopen met de fondsenwerver van de stichting.",
                "Een maatje binnen de organisatie.",
                "planned",
            ),
        ),
    ),
    Persona(
        email="coordinator2@example.org",
        name="Youssef El Amrani",
        role_title="Vrijwilligerscoördinator zorgcentrum",
        context=(
            "taak",
            "uitvoerder",
            "betaald",
            "organisatie",
            "beroepskracht-gedomineerd",
            "uitvoerend",
            "aansturend",
        ),
        strong=("9.1", "10.1"),
        growing=("10.4", "9.3"),
        skip=("9.2",),
        notes={
            "9.1.2": "Werven gaat vooral via mond-tot-mond; ik wil ook online werven proberen.",
            "10.4.3": "De samenwerking tussen verzorgenden en vrijwilligers kan beter; daar wil ik op inzetten.",
            "9.3.3": "Ik word nog te weinig betrokken bij beslissingen over vrijwilligers.",
            "10.1.9": "Ik merk dat vrijwilligers graag zelf met ideeën komen, daar geef ik ruimte aan.",
        },
        goals=(
            (
                "Samenwerking zorg en vrijwilligers versterken",
                "10.4.3",
                "Per afdeling een overleg met teamleider en vaste vrijwilligers.",
                "Steun van de locatiemanager.",
                "active",
            ),
            (
                "Mezelf beter positioneren",
                "9.3.3",
                "Elk kwartaal een update voor het MT.",
                "Een vaste plek op de agenda.",
                "planned",
            ),
        ),
    ),
    Persona(
        email="coordinator3@example.org",
        name="Marieke Jansen",
        role_title="Trekker buurtinitiatief (vrijwillig)",
        context=(
            "rol",
            "onbetaald",
            "initiatief",
            "buurt-wijk",
            "vrijwilliger-gedomineerd",
            "uitvoerend",
            "samenwerkend",
        ),
        strong=("10.1", "8"),
        growing=("9.2", "10.5"),
        skip=("10.3",),
        notes={
            "8.3": "Ik zie bij buren vaak talenten die ze zelf nog niet zien.",
            "9.2.2": "We werken samen met de bibliotheek en de wijkagent; dat wil ik steviger maken.",
            "10.5.11": "Ik doe veel naast mijn baan en moet op mijn energie letten.",
        },
        goals=(
            (
                "Samenwerking in de wijk steviger maken",
                "9.2.2",
                "Een buurttafel organiseren met vaste partners.",
                "Een kleine bijdrage uit het wijkbudget.",
                "planned",
            ),
            (
                "Op mijn eigen energie letten",
                "10.5.11",
                "Taken verdelen binnen het kernteam.",
                "Twee extra trekkers.",
                "active",
            ),
        ),
    ),
]


# A consulent of a vrijwilligerscentrale, on Movisie's Bouwstenen (the second framework): her team
# shares more than one framework, and the manager's pages show them apart.
BOUWSTENEN_PERSONA = Persona(
    email="consulent@example.org",
    name="Fatima Ouali",
    role_title="Consulent vrijwilligerscentrale",
    context=(),
    strong=("4",),
    growing=("6",),
    skip=("5",),
    notes={
        "4.e": "Ik match wekelijks; bij mensen met een afstand tot werk kost het meer tijd.",
        "6.c": "Mijn netwerk is vooral zorg en welzijn; bedrijven ken ik nog weinig.",
    },
    goals=(
        (
            "Bedrijven betrekken bij vrijwillige inzet",
            "6.c",
            "Twee netwerkbijeenkomsten van de ondernemersvereniging bezoeken.",
            "Een introductie door de wethouder.",
            "planned",
        ),
    ),
)


def fill_assessment(assessment: Assessment, persona: Persona, *, lower: int = 0, goals: bool = True) -> None:
    """Tick and rate most of the keuzemodel the way this persona would, then write the plan.

    `lower` puts the current levels that many steps lower (an earlier year); without `goals` the
    plan stays as it is."""
    rng = random.Random(persona.email)
    version = assessment.version
    items = list(version.items.select_related("kind"))
    roots = {}
    for item in items:
        roots[item.pk] = roots[item.parent_id] if item.parent_id else item
    levels = sorted(services.scale_values(version))
    low, high = levels[0], levels[-1]
    for item in items:
        if not item.rateable:
            continue
        section = roots[item.pk].code
        applies = rng.random() > (0.75 if section in persona.skip else 0.12)
        changes = {"applies": "1" if applies else "0"}
        if applies:
            base = 3 if section in persona.strong else 2
            current = min(high, max(low, base + rng.choice([-1, 0, 0, 1])))
            wish = 2 if section in persona.growing else rng.choice([0, 0, 1])
            desired = min(high, current + wish)
            if lower:
                step = lower if section in persona.growing else rng.choice([0, lower])
                current = max(low, current - step)
            changes |= {"current": current, "desired": desired}
        if item.code in persona.notes:
            changes |= {"applies": "1", "note": persona.notes[item.code]}
            changes.setdefault("current", 2)
            changes.setdefault("desired", 3)
        services.answer_save(assessment=assessment, item=item, changes=changes, levels=set(levels))

    options = ContextOption.objects.filter(variable__version=version, code__in=persona.context)
    services.situation_save(assessment=assessment, role_title=persona.role_title, option_ids=[o.pk for o in options])
    if not goals:
        return
    for index, (title, code, actions, support, status) in enumerate(persona.goals):
        services.goal_save(
            assessment=assessment,
            data={
                "title": title,
                "items": [Item.objects.get(version=version, code=code).pk],
                "actions": actions,
                "support": support,
                "status": status,
                "target_date": date(date.today().year + 1, 3 + 3 * index, 1),
            },
        )


def demo_assessment(user, persona: Persona, framework: Framework) -> Assessment:
    """The persona's current round, made once (after its earlier rounds, if it has a history);
    running the demo again leaves it as it is."""
    existing = user.assessments.order_by("-created_at").first()
    if existing:
        return existing
    previous = None
    for years_ago, lower, reached in persona.history:
        previous = _past_round(user, persona, framework, previous, years_ago, lower, reached)
    assessment = services.assessment_start(owner=user, framework=framework, previous=previous)
    fill_assessment(assessment, persona)
    return assessment


def _past_round(user, persona, framework, previous, years_ago: int, lower: int, reached) -> Assessment:
    """A final round of `years_ago` years back, with its levels `lower` and one goal reached then."""
    started = timezone.now() - timedelta(days=365 * years_ago)
    finalised = started + timedelta(days=21)
    assessment = services.assessment_start(owner=user, framework=framework, previous=previous)
    fill_assessment(assessment, persona, lower=lower, goals=False)
    title, code, did, result = reached
    reached_on = started + timedelta(days=250)
    goal = services.goal_save(
        assessment=assessment,
        data={
            "title": title,
            "items": [Item.objects.get(version=assessment.version, code=code).pk],
            "actions": did,
            "support": "",
            "status": Goal.Status.ACTIVE,
            "target_date": (started + timedelta(days=300)).date(),
        },
    )
    services.goal_progress_add(
        goal=goal, data={"did": did, "result": result, "date": reached_on.date(), "status": Goal.Status.DONE}
    )
    services.assessment_finalise(assessment=assessment)
    # Put the round, its history and the goal where they belong in time.
    Assessment.objects.filter(pk=assessment.pk).update(created_at=started, updated_at=finalised, finalised_at=finalised)
    AssessmentEvent.objects.filter(assessment=assessment).update(created_at=finalised)
    Goal.objects.filter(pk=goal.pk).update(created_at=started, closed_at=reached_on)
    assessment.refresh_from_db()
    return assessment


MANAGER_NOTES = {
    "9.2.1": "Je hebt hier al meer in huis dan je denkt: het beleid van vorig jaar was sterk.",
    "10.3.1": "Laten we samen kijken hoe we de resultaten aan het bestuur laten zien.",
}


def fill_manager_view(view: Assessment, counterpart: Assessment) -> None:
    """The manager mostly agrees, sometimes sees a level higher or lower, and adds a few notes."""
    rng = random.Random(f"manager-{counterpart.pk}")
    levels = services.scale_values(view.version)
    low, high = min(levels), max(levels)
    for answer in counterpart.answers.select_related("item").filter(applies=True):
        current = answer.current
        if current is not None:
            current = min(high, max(low, current + rng.choice([-1, 0, 0, 0, 1])))
        changes = {"applies": "1", "current": current or "", "desired": answer.desired or ""}
        if answer.item.code in MANAGER_NOTES:
            changes["note"] = MANAGER_NOTES[answer.item.code]
        services.answer_save(assessment=view, item=answer.item, changes=changes, levels=levels)
