"""Demo data of the cycle: a gesprek with afspraken both sides confirmed. Made once; running the
demo again leaves it as it is."""

from . import services
from .models import Gesprek

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
