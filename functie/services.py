"""Writes of the takenpakket, a functieprofiel's tasks and the functieomschrijving.

Like `assessments.services`: keyword-only, atomic, everything checked before anything is written,
refusals as `InvalidInput` / `AssessmentLocked` with a message for the person.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, NormProfile
from assessments.services import AssessmentLocked, InvalidInput
from catalog.cache import version_content

from . import limits
from .models import Functieomschrijving, NormTask, Takenpakket, Task
from .package import hours_text, hours_warnings, task_items
from .text import clean_text

_HOURS = re.compile(r"^-?\d{1,3}([.,]\d)?$")


def parse_hours(raw, *, label: str, maximum: int) -> Decimal | None:
    """Hours a week as typed ("4", "4,5", "4.5"), or None for empty. At most one decimal."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None
    if len(text) > 6 or not text.isascii() or not _HOURS.match(text):
        raise InvalidInput(_("Vul bij ‘%(field)s’ een aantal uren per week in, zoals 4 of 4,5.") % {"field": label})
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise InvalidInput(_("Vul bij ‘%(field)s’ een aantal uren per week in.") % {"field": label}) from None
    if value < 0:
        raise InvalidInput(_("Bij ‘%(field)s’ staat een negatief aantal uren. Vul 0 of meer in.") % {"field": label})
    if value > maximum:
        raise InvalidInput(
            _(
                "Bij ‘%(field)s’ staat %(hours)s uur per week; dat kan niet kloppen. "
                "Vul een schatting in van 0 tot %(max)s."
            )
            % {"field": label, "hours": hours_text(value), "max": maximum}
        )
    return value


def _parse_levels(raw, *, label: str) -> list[str]:
    levels = list(dict.fromkeys(str(level) for level in raw or []))
    if any(level not in limits.LEVELS for level in levels):
        raise InvalidInput(
            _("Bij ‘%(field)s’ staat een niveau dat niet bestaat. Laad de pagina opnieuw.") % {"field": label}
        )
    return levels


def _parse_entries(version, entries: dict) -> dict:
    """{code: (levels, hours)} for tasks of `version`; refuses unknown codes and bad values."""
    tasks = {item.code: item for item in task_items(version_content(version).items)}
    unknown = sorted(set(entries) - set(tasks))
    if unknown:
        raise InvalidInput(
            _("Deze onderdelen zijn geen taakgebieden van dit profiel: %(codes)s. Laad de pagina opnieuw.")
            % {"codes": ", ".join(unknown)}
        )
    parsed = {}
    for code, entry in entries.items():
        label = f"{code} {tasks[code].title}"
        parsed[code] = (
            _parse_levels(entry.get("levels"), label=label),
            parse_hours(entry.get("hours"), label=label, maximum=limits.MAX_TASK_HOURS),
        )
    return tasks, parsed


def _check_total(total: Decimal) -> None:
    if total > limits.MAX_TOTAL_HOURS:
        raise InvalidInput(
            _(
                "Samen komen je taken op %(total)s uur per week; meer dan %(max)s kan niet kloppen. "
                "Kijk de uren nog eens na: er is niets bewaard."
            )
            % {"total": hours_text(total), "max": limits.MAX_TOTAL_HOURS}
        )


class StaleTakenpakket(InvalidInput):
    """The form was loaded before another save (another tab): nothing is saved. `revision` is the
    stored one, so that sending the same form again replaces that save deliberately."""

    def __init__(self, revision: int):
        super().__init__(
            _(
                "Niet bewaard: je takenpakket is intussen ergens anders gewijzigd, misschien in een ander "
                "tabblad. Hieronder staat nog wat jij invulde. Bewaar opnieuw om de andere versie te vervangen, "
                "of laad de pagina opnieuw om die te bekijken."
            )
        )
        self.revision = revision


@transaction.atomic
def takenpakket_save(
    *,
    assessment: Assessment,
    agreed_hours,
    entries: dict,
    in_profile_pdf: bool | None = None,
    revision: int | None = None,
) -> tuple[Takenpakket, list[str]]:
    """Save the hours agreed for the work and, per taakgebied code, {"levels": [...], "hours": "4,5"}.

    A taakgebied that is not ticked in the keuzemodel cannot get levels or hours. All or nothing;
    returns the takenpakket and the warnings worth a second look (hours far above the agreed ones).
    `in_profile_pdf`: whether the ontwikkelprofiel PDF prints the takenpakket (None: unchanged).
    `revision`: the takenpakket's revision as the form was loaded (None: not checked); an older
    one raises `StaleTakenpakket`.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_final:
        raise AssessmentLocked(_("Deze zelfscan is definitief. Je kunt hem bekijken, maar niet meer veranderen."))
    if locked.is_manager_view:
        raise InvalidInput(_("Een takenpakket hoort bij een eigen zelfscan."))
    tasks, parsed = _parse_entries(locked.version, entries)
    agreed = parse_hours(agreed_hours, label=_("Afgesproken uren per week"), maximum=limits.MAX_AGREED_HOURS)
    ticked = set(
        Answer.objects.filter(assessment=locked, applies=True, item__in=tasks.values()).values_list(
            "item__code", flat=True
        )
    )
    refused = sorted(
        code for code, (levels, hours) in parsed.items() if (levels or hours is not None) and code not in ticked
    )
    if refused:
        raise InvalidInput(
            _(
                "Niveau en uren horen bij een taakgebied dat je in het keuzemodel hebt aangevinkt. "
                "Niet aangevinkt: %(codes)s. Er is niets bewaard."
            )
            % {"codes": ", ".join(refused)}
        )
    takenpakket, _created = Takenpakket.objects.get_or_create(assessment=locked)
    if revision is not None and revision != takenpakket.revision:
        raise StaleTakenpakket(takenpakket.revision)
    kept = {
        task.item.code: task.hours
        for task in takenpakket.tasks.select_related("item").exclude(item__code__in=list(parsed))
        if task.item.code in ticked
    }
    total = sum((hours for _levels, hours in parsed.values() if hours is not None), Decimal(0))
    total += sum((hours for hours in kept.values() if hours is not None), Decimal(0))
    _check_total(total)
    takenpakket.agreed_hours = agreed
    if in_profile_pdf is not None:  # None: as it was
        takenpakket.in_profile_pdf = in_profile_pdf
    takenpakket.revision += 1
    takenpakket.save(update_fields=["agreed_hours", "in_profile_pdf", "revision", "updated_at"])
    Task.objects.filter(takenpakket=takenpakket, item__code__in=list(parsed)).delete()
    Task.objects.bulk_create(
        Task(takenpakket=takenpakket, item=tasks[code], hours=hours, **{level: True for level in levels})
        for code, (levels, hours) in parsed.items()
        if levels or hours is not None
    )
    return takenpakket, hours_warnings(total, agreed)


@transaction.atomic
def norm_tasks_save(*, profile: NormProfile, entries: dict) -> None:
    """The tasks a functieprofiel names: per taakgebied code {"levels": [...], "hours": "8"}; a code
    with neither is not named. All or nothing."""
    profile = NormProfile.objects.select_for_update().get(pk=profile.pk)
    tasks, parsed = _parse_entries(profile.version, entries)
    kept = profile.tasks.exclude(item__code__in=list(parsed)).values_list("hours", flat=True)
    total = sum((hours for _levels, hours in parsed.values() if hours is not None), Decimal(0))
    _check_total(total + sum((hours for hours in kept if hours is not None), Decimal(0)))
    NormTask.objects.filter(profile=profile, item__code__in=list(parsed)).delete()
    NormTask.objects.bulk_create(
        NormTask(profile=profile, item=tasks[code], hours=hours, **{level: True for level in levels})
        for code, (levels, hours) in parsed.items()
        if levels or hours is not None
    )
    profile.save(update_fields=["updated_at"])


def functieomschrijving_values(data: dict) -> dict:
    """The edited texts, cleaned (characters Word refuses are left out) and checked against the limits."""
    values = {}
    title = clean_text(str(data.get("title", ""))).strip()
    if len(title) > limits.TITLE_MAX_LENGTH:
        raise InvalidInput(_("De titel is te lang: ten hoogste %(max)s tekens.") % {"max": limits.TITLE_MAX_LENGTH})
    values["title"] = title
    labels = {field.name: field.verbose_name for field in Functieomschrijving._meta.fields}
    for name in Functieomschrijving.SECTIONS:
        text = clean_text(str(data.get(name, ""))).strip()
        if len(text) > limits.TEXT_MAX_LENGTH:
            raise InvalidInput(
                _("‘%(field)s’ is te lang: ten hoogste %(max)s tekens, nu %(count)s.")
                % {"field": str(labels[name]).capitalize(), "max": limits.TEXT_MAX_LENGTH, "count": len(text)}
            )
        values[name] = text
    values["with_comparison"] = bool(data.get("with_comparison"))
    return values


@transaction.atomic
def functieomschrijving_save(*, assessment: Assessment, data: dict) -> Functieomschrijving:
    """Keep the owner's edits (all or nothing).

    Also for a final round: the functieomschrijving is a working document for the conversation
    about the functie, which often comes after the zelfscan is final; it is not part of the
    zelfscan or its PDF of record, and it changes nothing in the round."""
    values = functieomschrijving_values(data)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    document, _created = Functieomschrijving.objects.update_or_create(assessment=locked, defaults=values)
    return document


@transaction.atomic
def functieomschrijving_reset(*, assessment: Assessment) -> None:
    """Forget the edits: the next visit drafts the text again from the takenpakket."""
    Functieomschrijving.objects.filter(assessment=assessment).delete()


@transaction.atomic
def takenpakket_from_previous(*, assessment: Assessment) -> int:
    """A new round takes over the takenpakket of the round it was made from: the agreed hours, and
    levels and hours of the taakgebieden ticked in both (by code, so a newer version of the
    framework keeps what still exists). Only into an empty takenpakket; returns how many tasks."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_final:
        raise AssessmentLocked(_("Deze zelfscan is definitief. Je kunt hem bekijken, maar niet meer veranderen."))
    previous = Takenpakket.objects.filter(assessment_id=locked.previous_id).first() if locked.previous_id else None
    if previous is None or locked.is_manager_view:
        raise InvalidInput(_("Er is geen takenpakket van een vorige ronde om over te nemen."))
    if Task.objects.filter(takenpakket__assessment=locked).exists():
        raise InvalidInput(_("Je takenpakket is al ingevuld; er is niets overgenomen."))
    tasks = {item.code: item for item in task_items(version_content(locked.version).items)}
    ticked = set(
        Answer.objects.filter(assessment=locked, applies=True, item__in=tasks.values()).values_list(
            "item__code", flat=True
        )
    )
    takenpakket, _created = Takenpakket.objects.get_or_create(assessment=locked)
    takenpakket.agreed_hours = previous.agreed_hours
    takenpakket.revision += 1
    takenpakket.save(update_fields=["agreed_hours", "revision", "updated_at"])
    copies = [
        Task(
            takenpakket=takenpakket,
            item=tasks[task.item.code],
            uitvoerend=task.uitvoerend,
            tactisch=task.tactisch,
            strategisch=task.strategisch,
            hours=task.hours,
        )
        for task in previous.tasks.select_related("item")
        if task.item.code in ticked
    ]
    Task.objects.bulk_create(copies)
    return len(copies)
