"""The names of our rating scales, so that the English interface shows them in English.

The profiles give no levels: the scales in fixtures/ are Profielwijzer's own, so they are
interface text, not framework text. They are stored as data (a framework may bring its
own); the ones we wrote are marked here so that `makemessages` puts them in the catalogue.
A scale whose words are not here is shown as stored.
"""

from django.utils.translation import gettext_noop

SCALE_TEXTS = [
    # fixtures/competentieprofiel-2025.yaml
    gettext_noop("Beginnend"),
    gettext_noop("Je hebt hier nog weinig ervaring mee."),
    gettext_noop("In ontwikkeling"),
    gettext_noop("Je doet dit, met steun van anderen."),
    gettext_noop("Bekwaam"),
    gettext_noop("Je doet dit zelfstandig en goed."),
    gettext_noop("Voorbeeld"),
    gettext_noop("Je beheerst dit en kunt anderen hierin begeleiden."),
    # fixtures/bouwstenen-2009.yaml
    gettext_noop("In de leer"),
    gettext_noop("Je doet dit nog weinig of met hulp van een collega."),
    gettext_noop("Zelfstandig"),
    gettext_noop("Vraagbaak"),
    gettext_noop("Je beheerst dit; collega's, vrijwilligers en partners leren het van jou."),
]
