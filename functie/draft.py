"""A draft functieomschrijving from the takenpakket, in the plain structure Dutch employers use:
doel van de functie, plaats in de organisatie, taken en verantwoordelijkheden, bevoegdheden,
competenties, kennis. Pure: it writes text from what the selectors loaded; the owner edits it.

The text is plain: a line starting with "- " is a bullet, a blank line separates paragraphs
(see `text.blocks`), so the same text becomes the web form, the PDF and the Word document.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import option_rows

from .package import Package, _words, hours_text, level_labels

# What each level of work (chapter 3 of the profile) lets the coordinator decide.
AUTHORITY = {
    "uitvoerend": gettext_lazy(
        "Beslist zelfstandig over de dagelijkse samenwerking met, aansturing, begeleiding en ondersteuning van "
        "vrijwilligers, voert de gesprekken en lost problemen in de uitvoering op."
    ),
    "tactisch": gettext_lazy(
        "Vertaalt het (vrijwilligers)beleid naar de praktijk van het eigen onderdeel, richt de vrijwilligersreis in "
        "en stuurt wie rechtstreeks met vrijwilligers werkt aan, traint en begeleidt die."
    ),
    "strategisch": gettext_lazy(
        "Doet voorstellen voor en beslist mee over het vrijwilligersbeleid als deel van het organisatiebeleid, over "
        "de randvoorwaarden voor het werken met vrijwilligers, externe contacten en de financiering."
    ),
}
# What a chosen option of Mijn situatie adds to the bevoegdheden (by variable and option code).
POSITION = {
    ("positie-in-organisatie", "lid-mt"): gettext_lazy("Maakt deel uit van het managementteam."),
    ("positie-in-organisatie", "teamleider"): gettext_lazy("Geeft als teamleider leiding aan de eigen medewerkers."),
    ("positie-in-organisatie", "adviseren"): gettext_lazy(
        "Adviseert gevraagd en ongevraagd over het werken met vrijwilligers."
    ),
    ("positie-tov-vrijwilligers", "aansturend"): gettext_lazy("Stuurt vrijwilligers aan."),
    ("positie-tov-vrijwilligers", "begeleidend"): gettext_lazy("Begeleidt vrijwilligers als gelijkwaardige partner."),
    ("positie-tov-vrijwilligers", "samenwerkend"): gettext_lazy("Werkt samen met vrijwilligers op gelijke voet."),
    ("positie-tov-vrijwilligers", "ondersteunend"): gettext_lazy(
        "Werkt ondersteunend, ten dienste van de vrijwilligers."
    ),
}


def _role(assessment) -> str:
    return assessment.role_title.strip() or _("coördinator vrijwilligerswerk")


def draft(*, assessment, package: Package, situation, organisation: str, ticked_by_area: dict) -> dict:
    """{"title", "doel", "plaats", "taken", "bevoegdheden", "competenties", "kennis"} as plain text.

    `ticked_by_area`: {"competentie": [(area item, [items])], "kennisgebied": [...]}, the ticked
    competenties and kennisgebieden under their competentiegebied."""
    role = _role(assessment)
    return {
        "title": _("Functieomschrijving %(role)s") % {"role": role},
        "doel": _doel(role, package, organisation),
        "plaats": _plaats(situation, organisation),
        "taken": _taken(package),
        "bevoegdheden": _bevoegdheden(package, situation),
        "competenties": _items(ticked_by_area.get("competentie", [])),
        "kennis": _items(ticked_by_area.get("kennisgebied", [])),
    }


def _doel(role: str, package: Package, organisation: str) -> str:
    sentences = []
    if organisation:
        sentences.append(
            _(
                "De %(role)s zorgt ervoor dat vrijwilligers zich bij %(organisation)s goed en met plezier "
                "kunnen inzetten."
            )
            % {"role": role, "organisation": organisation}
        )
    else:
        sentences.append(
            _("De %(role)s zorgt ervoor dat vrijwilligers zich goed en met plezier kunnen inzetten.") % {"role": role}
        )
    groups = [group.item.title for group in package.groups if group.item is not None]
    if groups:
        sentences.append(_("Het werk omvat %(groups)s.") % {"groups": _words([title.lower() for title in groups])})
    if package.levels:
        sentences.append(_("Het werk is %(levels)s van aard.") % {"levels": _words(level_labels(package.levels))})
    if package.agreed_hours is not None:
        sentences.append(
            _("Voor de functie is %(hours)s uur per week afgesproken.") % {"hours": hours_text(package.agreed_hours)}
        )
    if package.has_hours:
        sentences.append(
            _("In de praktijk vraagt het werk ongeveer %(hours)s uur per week.")
            % {"hours": hours_text(package.total_hours)}
        )
    return " ".join(sentences)


def _plaats(situation, organisation: str) -> str:
    lines = []
    if organisation:
        lines.append("- " + _("Organisatie: %(name)s") % {"name": organisation})
    for variable, options in situation.variables:
        if options:  # the profile's rows (Context has two) apart: "Context: Organisatie; Hybride"
            rows = option_rows(options)
            lines.append(f"- {variable.name}: " + "; ".join(", ".join(o.label for o in row) for row in rows))
    return "\n".join(lines)


def _taken(package: Package) -> str:
    paragraphs = []
    for group in package.groups:
        if group.item is not None:
            paragraphs.append(f"{group.item.code} {group.item.title}")
        for row in group.rows:
            details = []
            if row.levels:
                details.append(_words(row.level_labels))
            if row.hours is not None:
                details.append(_("ongeveer %(hours)s uur per week") % {"hours": hours_text(row.hours)})
            head = f"{row.item.code} {row.item.title}" + (f" ({'; '.join(details)})" if details else "")
            lines = [head] + [f"- {child.title}" for child in row.contents]
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _bevoegdheden(package: Package, situation) -> str:
    lines = [f"- {AUTHORITY[level]}" for level in package.levels]
    for variable, options in situation.variables:
        for option in options:
            text = POSITION.get((variable.code, option.code))
            if text:
                lines.append(f"- {text}")
    return "\n".join(lines)


def _items(areas) -> str:
    paragraphs = []
    for area, items in areas:
        lines = [f"{area.code} {area.title}"] if area is not None else []
        lines += [f"- {item.code} {item.title}" for item in items]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
