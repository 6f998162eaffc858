"""Demo data of the cycle: a gesprek with afspraken both sides confirmed, and a scanronde. Made
once; running the demo again leaves them as they are."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Gesprek, Scanronde

AFSPRAKEN = (
    "Sanne volgt dit voorjaar de cursus fondsenwerving; Ilse reserveert er budget voor.",
    "We vernieuwen het vrijwilligersbeleid in drie werksessies met vrijwilligers, vóór de zomer.",
    "Eens in de zes weken een kort gesprek over de voortgang van de doelen.",
)


def demo_gesprek(assessment, manager) -> Gesprek:
    gesprek = Gesprek.objects.filter(assessment=assessment).first()
    if gesprek is not None and gesprek.afspraken.exists():
        return gesprek
    for number, text in enumerate(AFSPRAKEN):
        services.afspraak_add(assessment=assessment, by=manager if number % 2 else assessment.owner, text=text)
    gesprek = Gesprek.objects.get(assessment=assessment)
    for person in (assessment.owner, manager):
        services.confirm(assessment=assessment, by=person, revision=gesprek.revision)
    return gesprek


def demo_round(team, manager) -> Scanronde:
    """A scanronde the leidinggevende planned: open since a few days, due in about a month, so
    the team overview and the members' home pages show it."""
    today = timezone.localdate()
    existing = team.scanrondes.first()
    if existing is not None:
        return existing
    return Scanronde.objects.create(
        team=team,
        name=f"Gesprekkenronde {today.year}",
        opens_on=today - timedelta(days=3),
        due_on=today + timedelta(days=25),
        reminder_days="7,1",
        created_by=manager,
    )
