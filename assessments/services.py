"""Workflows on assessments. Views call these; they check the rules and write atomically.

Every function that changes an assessment refuses when it is final (`AssessmentLocked`) and
validates all input before writing anything (`InvalidInput`), so bad input changes nothing.
Both are `ValidationError`s, like every service's refusal (see `profiel.errors`).
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import is_manager_of
from background.services import later
from catalog.cache import version_content
from catalog.models import ContextOption, Framework, FrameworkVersion, Item

from . import limits, selectors
from .models import Answer, Assessment, AssessmentEvent, Goal, GoalProgress, NormLevel, NormProfile, RenderedPdf, Share
from .tasks import render_record_pdf


class AssessmentLocked(ValidationError):
    """The assessment is final: nothing in it can change any more."""

    def __init__(self, message):
        super().__init__(message, code="locked")


class InvalidInput(ValidationError):
    """The input breaks a rule; the message says which, in the user's language."""

    def __init__(self, message):
        super().__init__(message, code="invalid")


class StaleRevision(ValidationError):
    """Another tab saved this item after the one now saving loaded it (`answer` as it is now)."""

    def __init__(self, answer: Answer):
        super().__init__(
            _(
                "Niet opgeslagen: dit onderdeel is intussen ergens anders gewijzigd, misschien in een ander "
                "tabblad. Je invoer staat er nog. Laad de pagina opnieuw om de nieuwste versie te zien."
            ),
            code="stale",
        )
        self.answer = answer


def _lock(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock and refuse if it is final."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_final:
        raise AssessmentLocked(_("Deze zelfscan is definitief. Je kunt hem bekijken, maar niet meer veranderen."))
    return locked


def _parse_level(raw, *, field_label: str, levels: set[int]) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    # Only a few plain digits: int() also reads '٣' and would spend time on, or refuse, 5,000 digits.
    value = int(text) if len(text) <= 3 and text.isascii() and text.isdigit() else None
    if value not in levels:
        low, high = min(levels), max(levels)
        raise InvalidInput(
            _("Kies bij ‘%(field)s’ een niveau van %(low)s tot %(high)s.")
            % {"field": field_label, "low": low, "high": high}
        )
    return value


def parse_revision(raw: str) -> int | None:
    """The revision an autosave form carries: empty (the item was never saved), or a plain number."""
    if raw == "":
        return None
    if not (len(raw) <= 9 and raw.isascii() and raw.isdigit()):
        raise InvalidInput(_("Niet opgeslagen: het formulier is niet compleet aangekomen. Laad de pagina opnieuw."))
    return int(raw)


def _parse_bool(raw) -> bool:
    value = str(raw).strip().lower()
    if value in {"1", "true", "on", "yes", "ja"}:
        return True
    if value in {"0", "false", "off", "no", "nee", ""}:
        return False
    raise InvalidInput(_("‘Past bij mij’ is aan of uit; iets anders kan niet."))


def _check_length(text: str, limit: int, field_label: str) -> str:
    """Free text as we store it: no NUL characters (PostgreSQL refuses them) and not too long."""
    if "\x00" in text:
        raise InvalidInput(_("‘%(field)s’ bevat een teken dat niet kan worden bewaard.") % {"field": field_label})
    if len(text) > limit:
        raise InvalidInput(
            _("‘%(field)s’ mag hoogstens %(limit)s tekens hebben; je hebt er nu %(count)s.")
            % {"field": field_label, "limit": limit, "count": len(text)}
        )
    return text


def scale_values(version: FrameworkVersion) -> set[int]:
    return version_content(version).scale_values


def section_visit(*, assessment: Assessment, code: str) -> None:
    """Note that the author opened a section (onderdeel) of a round still open. One small write
    the first time only; two tabs opening different sections at the same instant may lose one
    of the two marks, which a later visit restores: it is a hint for the progress, not a record."""
    if assessment.is_final or code in assessment.visited_sections:
        return
    assessment.visited_sections = [*assessment.visited_sections, code]
    Assessment.objects.filter(pk=assessment.pk).update(visited_sections=assessment.visited_sections)


@transaction.atomic
def answer_save(
    *, assessment: Assessment, item: Item, changes: dict, revision: int | None = None, levels: set[int] | None = None
) -> Answer:
    """Save the fields present in `changes` (applies, current, desired, note) for one item.

    `revision` is the answer's revision as the client last saw it; if the answer has been
    saved since (another tab), nothing is written and `StaleRevision` carries the stored answer.
    """
    levels = levels or scale_values(assessment.version)  # before the re-read: its version is already loaded
    version = assessment.version
    assessment = _lock(assessment)
    if item.version_id != assessment.version_id or not item.rateable:
        raise InvalidInput(_("Dit onderdeel hoort niet bij deze zelfscan."))
    if not set(changes) & {"applies", "current", "desired", "note", "kerntaken"}:
        raise InvalidInput(_("Niet opgeslagen: er kwam niets mee om te bewaren. Laad de pagina opnieuw."))
    ticks = None
    if "kerntaken" in changes:
        # What the item contains (a taakgebied's kerntaken): ticked or not, stored as answers of their own codes.
        contents = {child.code: child for child in contents_of(item, version=version)}
        ticks = {str(code) for code in changes["kerntaken"]}
        if not ticks <= set(contents):
            raise InvalidInput(_("Niet opgeslagen: deze kerntaak hoort niet bij dit onderdeel."))
    parsed = {}
    if "applies" in changes:
        parsed["applies"] = _parse_bool(changes["applies"])
    if "current" in changes:
        parsed["current"] = _parse_level(changes["current"], field_label=_("Nu"), levels=levels)
    if "desired" in changes:
        parsed["desired"] = _parse_level(changes["desired"], field_label=_("Gewenst"), levels=levels)
    if "note" in changes:
        parsed["note"] = _check_length(
            str(changes["note"]).replace("\r\n", "\n"), limits.NOTE_MAX_LENGTH, _("Toelichting")
        )

    answer, created = Answer.objects.select_for_update().get_or_create(assessment=assessment, item=item)
    if not created and revision is not None and revision != answer.revision:
        raise StaleRevision(answer)
    if ("current" in parsed or "desired" in parsed) and "applies" not in parsed:
        parsed["applies"] = True  # rating an item says it applies
    if ticks and "applies" not in parsed:
        parsed["applies"] = True  # ticking a kerntaak says the taakgebied applies
    for name, value in parsed.items():
        setattr(answer, name, value)
    answer.revision = 1 if created else answer.revision + 1
    answer.save()
    if ticks is not None:
        stored = {a.item_id: a for a in Answer.objects.filter(assessment=assessment, item__in=contents.values())}
        for code, child in contents.items():
            ticked = code in ticks
            existing = stored.get(child.pk)
            if existing is None:
                if ticked:
                    Answer.objects.create(assessment=assessment, item=child, applies=True)
            elif existing.applies != ticked:
                existing.applies = ticked
                existing.revision += 1
                existing.save(update_fields=["applies", "revision", "updated_at"])
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return answer


@transaction.atomic
def section_set_applies(*, assessment: Assessment, section: Item, applies: bool) -> int:
    """Tick or untick every rateable item of a section at once; levels and notes stay. Returns the count."""
    assessment = _lock(assessment)
    if section.version_id != assessment.version_id or section.parent_id is not None:
        raise InvalidInput(_("Dit onderdeel hoort niet bij deze zelfscan."))
    items = [item for item in descendants(section) if item.rateable]
    existing = {answer.item_id: answer for answer in Answer.objects.filter(assessment=assessment, item__in=items)}
    changed = []
    for item in items:
        answer = existing.get(item.pk)
        if answer is None:
            Answer.objects.create(assessment=assessment, item=item, applies=applies)
        elif answer.applies != applies:
            answer.applies = applies
            answer.revision += 1
            changed.append(answer)
    Answer.objects.bulk_update(changed, ["applies", "revision"])
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return len(items)


def contents_of(item: Item, *, version: FrameworkVersion) -> list[Item]:
    """The items an item contains that are not rated themselves (a taakgebied's kerntaken), in order."""
    return [child for child in version_content(version).items if child.parent_id == item.pk and not child.rateable]


def descendants(section: Item) -> list[Item]:
    """All items below `section`, in document order (one query)."""
    items = list(Item.objects.filter(version_id=section.version_id, position__gt=section.position))
    inside = {section.pk}
    result = []
    for item in items:
        if item.parent_id in inside:
            inside.add(item.pk)
            result.append(item)
    return result


@transaction.atomic
def situation_save(*, assessment: Assessment, role_title: str, option_ids: list[int]) -> None:
    assessment = _lock(assessment)
    role_title = _check_length(role_title.strip(), limits.ROLE_TITLE_MAX_LENGTH, _("Je rol of functie"))
    options = list(ContextOption.objects.filter(variable__version=assessment.version, pk__in=option_ids))
    if len(options) != len(set(option_ids)):
        raise InvalidInput(_("Een van de keuzes hoort niet bij deze zelfscan. Laad de pagina opnieuw."))
    assessment.role_title = role_title
    assessment.save(update_fields=["role_title", "updated_at"])
    assessment.context_options.set(options)


@transaction.atomic
def assessment_start(
    *, owner, framework: Framework, previous: Assessment | None = None, reuse_within: timedelta | None = None
) -> Assessment:
    """A new assessment on the framework's current version, pre-filled from `previous` if given.

    Answers and context carry over by their codes, so a round on a newer version keeps
    everything whose code still exists. With `reuse_within`, a start sent again within that time
    (a double click, three tabs at once) returns the round the first one made: the owner's row
    is locked first, so simultaneous starts take turns and the later ones see the new round.
    """
    get_user_model().objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True).get()
    version = framework.current_version()
    if version is None:
        raise InvalidInput(_("Er is nog geen gepubliceerde versie van dit profiel."))
    if previous is not None:
        if previous.owner_id != owner.pk or previous.is_manager_view:
            raise InvalidInput(_("Je kunt alleen een eigen zelfscan als startpunt nemen."))
        previous = Assessment.objects.get(pk=previous.pk)  # as stored, not as the caller last saw it
    if reuse_within is not None:
        just_made = (
            Assessment.objects.self_assessments()
            .filter(owner=owner, version__framework=framework, previous=previous)
            .filter(created_at__gte=timezone.now() - reuse_within)
            .first()
        )
        if just_made:
            return just_made
    assessment = Assessment.objects.create(owner=owner, version=version, previous=previous)
    goals_carry(assessment=assessment)
    if previous is None:
        return assessment

    assessment.role_title = previous.role_title
    assessment.save(update_fields=["role_title"])
    items = {item.code: item for item in version.items.filter(rateable=True)}
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            item=items[answer.item.code],
            applies=answer.applies,
            current=answer.current,
            desired=answer.desired,
            note=answer.note,
        )
        for answer in previous.answers.select_related("item")
        if answer.item.code in items
    )
    wanted = set(previous.context_options.values_list("variable__code", "code"))
    options = ContextOption.objects.filter(variable__version=version).select_related("variable")
    assessment.context_options.set([option for option in options if (option.variable.code, option.code) in wanted])
    return assessment


def finalise_refusal(assessment: Assessment, *, rated: int | None = None) -> str:
    """Why this round cannot be made final yet, or "" when it can."""
    rated = selectors.rated_count(assessment) if rated is None else rated
    if rated >= limits.FINALISE_MIN_RATED:
        return ""
    if rated == 0:
        return _(
            "Je zelfscan is nog leeg, dus definitief maken kan nog niet. Vink eerst aan wat bij je werk past "
            "en geef aan waar je nu staat en waar je naartoe wilt; vanaf %(minimum)s gescoorde onderdelen "
            "kun je hem definitief maken."
        ) % {"minimum": limits.FINALISE_MIN_RATED}
    return ngettext(
        "Je hebt pas %(count)s onderdeel gescoord (nu en gewenst). Vanaf %(minimum)s kun je je zelfscan "
        "definitief maken; anders valt er in je gesprek weinig samen te bekijken.",
        "Je hebt pas %(count)s onderdelen gescoord (nu en gewenst). Vanaf %(minimum)s kun je je zelfscan "
        "definitief maken; anders valt er in je gesprek weinig samen te bekijken.",
        rated,
    ) % {"count": rated, "minimum": limits.FINALISE_MIN_RATED}


@transaction.atomic
def assessment_finalise(*, assessment: Assessment, by=None) -> Assessment:
    """Make the assessment read-only, once it holds enough to talk about (`FINALISE_MIN_RATED`).

    Finalising twice is harmless (a double submit): the second time changes nothing. The round's
    history records who made it final and when.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_final:
        return locked
    if locked.is_manager_view:
        raise InvalidInput(_("Alleen een eigen zelfscan kan definitief worden."))
    refusal = finalise_refusal(locked)
    if refusal:
        raise InvalidInput(refusal)
    locked.status = Assessment.Status.FINAL
    locked.finalised_at = timezone.now()
    locked.save(update_fields=["status", "finalised_at", "updated_at"])
    AssessmentEvent.objects.create(assessment=locked, action=AssessmentEvent.Action.FINALISED, actor=by or locked.owner)
    # The PDF of record is rendered now, in the owner's language, not at their first download.
    later(render_record_pdf, locked.pk, locked.owner.language or settings.LANGUAGE_CODE)
    return locked


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by=None) -> Assessment:
    """Open a final round again, as long as its owner has not started a newer one.

    Reopening twice is harmless. The kept PDF of record goes (the round may change now; finalising
    again renders a new one), and the history says it was reopened.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_final:
        return locked
    if selectors.newer_round_exists(locked):
        raise InvalidInput(
            _(
                "Je bent na deze ronde al een nieuwe begonnen. Deze ronde blijft daarom zoals hij is; "
                "werk verder in je nieuwste ronde."
            )
        )
    locked.status = Assessment.Status.DRAFT
    locked.finalised_at = None
    locked.save(update_fields=["status", "finalised_at", "updated_at"])
    RenderedPdf.objects.filter(assessment=locked, is_record=True).delete()
    AssessmentEvent.objects.create(assessment=locked, action=AssessmentEvent.Action.REOPENED, actor=by or locked.owner)
    return locked


def _goal_values(version, data: dict, *, linked: set[int] = frozenset()) -> dict:
    """Cleaned goal fields. Items are rateable items of `version`, or ones the goal already has
    (a goal carried from a round on another version keeps links whose code is gone)."""
    title = str(data.get("title", "")).strip()
    if not title:
        raise InvalidInput(_("Geef je doel een naam, in een paar woorden."))
    _check_length(title, limits.GOAL_TITLE_MAX_LENGTH, _("Doel"))
    status = data.get("status") or Goal.Status.PLANNED
    if status not in Goal.Status.values:
        raise InvalidInput(_("Kies een status uit de lijst."))
    try:
        item_ids = {int(pk) for pk in data.get("items", [])}
    except (TypeError, ValueError):
        raise InvalidInput(_("Een van de gekozen onderdelen hoort niet bij deze zelfscan.")) from None
    if len(item_ids) > limits.ITEMS_PER_GOAL:
        raise InvalidInput(
            _("Kies hoogstens %(limit)s onderdelen per doel; nu zijn het er %(count)s.")
            % {"limit": limits.ITEMS_PER_GOAL, "count": len(item_ids)}
        )
    items = list(
        Item.objects.filter(Q(version=version, rateable=True) | Q(pk__in=linked)).filter(pk__in=item_ids).distinct()
    )
    if len(items) != len(item_ids):
        raise InvalidInput(_("Een van de gekozen onderdelen hoort niet bij deze zelfscan."))
    return {
        "title": title,
        "actions": _check_length(
            str(data.get("actions", "")).strip(), limits.GOAL_TEXT_MAX_LENGTH, _("Wat ga je doen?")
        ),
        "support": _check_length(
            str(data.get("support", "")).strip(), limits.GOAL_TEXT_MAX_LENGTH, _("Wat heb je daarvoor nodig?")
        ),
        "target_date": data.get("target_date") or None,
        "status": status,
        "items": items,
    }


def goals_full_message() -> str:
    return _(
        "Je ontwikkelplan heeft %(limit)s doelen, het maximum. Rond er een af of haal er een weg, "
        "dan is er weer ruimte voor een nieuw doel."
    ) % {"limit": limits.GOALS_PER_ASSESSMENT}


class StaleGoal(ValidationError):
    """The goal was saved elsewhere (another tab) after this form loaded it (`goal` as it is now)."""

    def __init__(self, goal: Goal):
        super().__init__(
            _(
                "Niet opgeslagen: dit doel is intussen ergens anders gewijzigd, misschien in een ander tabblad. "
                "Hieronder staat wat je typte en wat er nu bewaard is. Bewaar opnieuw om jouw versie te houden."
            ),
            code="stale",
        )
        self.goal = goal


def _plan_round(assessment: Assessment) -> Assessment:
    """The round whose plan gets a new goal, under a row lock: an own zelfscan, and the newest
    one (the plan goes on in the newest round; a final round is fine)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_manager_view:
        raise InvalidInput(_("Doelen horen bij je eigen zelfscan."))
    if selectors.newer_round_exists(locked):
        raise InvalidInput(_("Je hebt al een nieuwere ronde. Zet nieuwe doelen daar in: je open doelen staan er ook."))
    return locked


def _apply_status(goal: Goal, status: str) -> None:
    """Set the status; reaching or stopping a goal dates it, opening it again clears the date."""
    if status in Goal.OPEN:
        goal.closed_at = None
    elif goal.status != status or goal.closed_at is None:
        goal.closed_at = timezone.now()
    goal.status = status


@transaction.atomic
def goal_save(
    *, assessment: Assessment, data: dict, goal: Goal | None = None, form_token=None, revision: int | None = None
) -> Goal:
    """Create a goal in the plan of `assessment`, or update `goal`; `data` holds cleaned form values
    (items as ids of the round's version).

    A new goal sent twice with the same `form_token` (a double submit) is made once. An update
    carrying the `revision` the form loaded is refused with `StaleGoal` when the goal was saved
    since (another tab): nothing is written.
    """
    if goal is None:
        assessment = _plan_round(assessment)
        values = _goal_values(assessment.version, data)
        items = values.pop("items")
        if form_token is not None:
            existing = Goal.objects.filter(owner_id=assessment.owner_id, form_token=form_token).first()
            if existing:
                return existing
        if assessment.goals.count() >= limits.GOALS_PER_ASSESSMENT:
            raise InvalidInput(goals_full_message())
        status = values.pop("status")
        goal = Goal(owner_id=assessment.owner_id, form_token=form_token, **values)
        _apply_status(goal, status)
        goal.save()
        goal.rounds.add(assessment)
        goal.items.set(items)
        return goal
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    if locked.owner_id != assessment.owner_id or assessment.is_manager_view:
        raise InvalidInput(_("Dit doel hoort niet bij deze zelfscan."))
    if revision is not None and revision != locked.revision:
        raise StaleGoal(locked)
    linked = set(locked.items.values_list("pk", flat=True))
    values = _goal_values(assessment.version, data, linked=linked)
    items = values.pop("items")
    _apply_status(locked, values.pop("status"))
    for name, value in values.items():
        setattr(locked, name, value)
    locked.revision += 1
    locked.save()
    locked.items.set(items)
    return locked


@transaction.atomic
def goal_status_set(*, goal: Goal, status: str) -> Goal:
    """Move a goal to another status, at any time (also when its rounds are final)."""
    if status not in Goal.Status.values:
        raise InvalidInput(_("Kies een status uit de lijst."))
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    if locked.status != status:
        _apply_status(locked, status)
        locked.revision += 1
        locked.save(update_fields=["status", "closed_at", "revision", "updated_at"])
    return locked


def _parse_date(raw) -> date:
    """A date as a form sends it (YYYY-MM-DD), a date, or nothing (today)."""
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    if not text:
        return timezone.localdate()
    if len(text) == 10 and text.isascii():
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidInput(_("Schrijf de datum als jaar, maand en dag, bijvoorbeeld 2026-12-05."))


@transaction.atomic
def goal_progress_add(*, goal: Goal, data: dict, form_token=None) -> GoalProgress:
    """A dated entry on a goal (what I did, what it brought), at any time; with `status` in
    `data` the goal moves too (e.g. to "Bereikt"). Sent twice with one `form_token`: added once."""
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    if form_token is not None:
        existing = locked.progress.filter(form_token=form_token).first()
        if existing:
            return existing
    did = _check_length(
        str(data.get("did", "")).replace("\r\n", "\n").strip(), limits.PROGRESS_TEXT_MAX_LENGTH, _("Wat deed je?")
    )
    if not did:
        raise InvalidInput(_("Schrijf kort op wat je deed; dat is de kern van je voortgang."))
    result = _check_length(
        str(data.get("result", "")).replace("\r\n", "\n").strip(),
        limits.PROGRESS_TEXT_MAX_LENGTH,
        _("Wat bracht het?"),
    )
    when = _parse_date(data.get("date"))
    if when > timezone.localdate():
        raise InvalidInput(_("Die datum ligt in de toekomst. Schrijf voortgang op als het gebeurd is."))
    if when.year < 2000:
        raise InvalidInput(_("Kies een datum vanaf het jaar 2000."))
    status = data.get("status") or ""
    if status and status not in Goal.Status.values:
        raise InvalidInput(_("Kies een status uit de lijst."))
    if locked.progress.count() >= limits.PROGRESS_PER_GOAL:
        raise InvalidInput(
            _("Dit doel heeft %(limit)s voortgangsregels, het maximum. Misschien is het tijd voor een nieuw doel?")
            % {"limit": limits.PROGRESS_PER_GOAL}
        )
    entry = GoalProgress.objects.create(goal=locked, date=when, did=did, result=result, form_token=form_token)
    if status and status != locked.status:
        _apply_status(locked, status)
        locked.revision += 1
    locked.save(update_fields=["status", "closed_at", "revision", "updated_at"])  # the PDF reads updated_at
    return entry


@transaction.atomic
def goal_from_item(*, assessment: Assessment, item: Item) -> Goal:
    """One click from a large gap to a goal. Clicking twice gives one goal, not two."""
    assessment = _plan_round(assessment)
    existing = assessment.goals.filter(items=item).first()
    if existing:
        return existing
    return goal_save(
        assessment=assessment, data={"title": item.title[: limits.GOAL_TITLE_MAX_LENGTH], "items": [item.pk]}
    )


@transaction.atomic
def goal_delete(*, goal: Goal, assessment: Assessment) -> bool:
    """Take a goal out of the plan of a round that is not final; it goes altogether when no other
    round has it. Returns whether the goal itself was deleted."""
    _lock(assessment)
    if not Goal.objects.filter(pk=goal.pk, rounds=assessment).exists():
        raise InvalidInput(_("Dit doel hoort niet bij deze zelfscan."))
    goal.rounds.remove(assessment)
    if goal.rounds.exists():
        Goal.objects.filter(pk=goal.pk).update(updated_at=timezone.now())
        return False
    goal.delete()
    return True


def goals_carry(*, assessment: Assessment) -> int:
    """Put every open goal of the owner in the plan of the new round `assessment`, their item links
    moved to the items with the same codes in its version (links whose code is gone stay as they
    are). Called inside `assessment_start`'s transaction. Returns how many goals came along."""
    goals = list(
        Goal.objects.filter(owner_id=assessment.owner_id, status__in=Goal.OPEN)
        .exclude(rounds=assessment)
        .prefetch_related("items")
        .order_by("created_at", "id")[: limits.GOALS_PER_ASSESSMENT]
    )
    if not goals:
        return 0
    by_code = {item.code: item for item in assessment.version.items.filter(rateable=True)}
    Rounds = Goal.rounds.through
    Rounds.objects.bulk_create(Rounds(goal_id=goal.pk, assessment_id=assessment.pk) for goal in goals)
    for goal in goals:
        linked = list(goal.items.all())
        moved = [by_code.get(item.code, item) if item.version_id != assessment.version_id else item for item in linked]
        if [item.pk for item in moved] != [item.pk for item in linked]:
            goal.items.set(moved)
            goal.save(update_fields=["updated_at"])
    return len(goals)


@transaction.atomic
def share_set(*, assessment: Assessment, viewer, shared: bool) -> bool:
    """Show the assessment to `viewer`, or stop showing it. Returns whether anything changed.

    A self-assessment goes to a manager of one of the owner's teams; a manager's view goes to
    the member it is about, and only while the owner still manages that member.
    """
    if not shared:
        deleted, _details = Share.objects.filter(assessment=assessment, viewer=viewer).delete()
        # the PDFs the viewer downloaded go too, and so do the member's copies that printed this view
        RenderedPdf.objects.filter(assessment=assessment, viewer=viewer).delete()
        if assessment.is_manager_view:
            RenderedPdf.objects.filter(assessment_id=assessment.counterpart_id, is_record=False).delete()
        return bool(deleted)
    if assessment.is_manager_view:
        allowed = viewer.pk == assessment.subject_id and is_manager_of(assessment.owner, viewer)
    else:
        allowed = is_manager_of(viewer, assessment.owner)
    if not allowed:
        raise InvalidInput(_("Je kunt alleen delen met een leidinggevende van een team waarin jij coördinator bent."))
    _share, created = Share.objects.get_or_create(assessment=assessment, viewer=viewer)
    return created


@transaction.atomic
def manager_view_start(*, manager, counterpart: Assessment) -> Assessment:
    """The manager's own view of a member's shared self-assessment; made once, then reused."""
    if counterpart.is_manager_view or not counterpart.shares.filter(viewer=manager).exists():
        raise InvalidInput(_("Deze zelfscan is niet met je gedeeld."))
    if not is_manager_of(manager, counterpart.owner):
        raise InvalidInput(_("Je bent geen leidinggevende van deze coördinator."))
    view, created = Assessment.objects.get_or_create(
        owner=manager,
        counterpart=counterpart,
        defaults={"subject": counterpart.owner, "version": counterpart.version},
    )
    if created:
        # Start from what the coordinator ticked (they shared it), so the manager need not tick it all
        # again; never from their levels or notes: the manager's view is their own.
        ticked = counterpart.answers.filter(applies=True, item__rateable=True).values_list("item_id", flat=True)
        Answer.objects.bulk_create(Answer(assessment=view, item_id=item_id, applies=True) for item_id in ticked)
    return view


@transaction.atomic
def norm_profile_create(*, team, framework: Framework, name: str, by) -> NormProfile:
    """A functieprofiel on the framework's current version; a name is used once per team."""
    name = " ".join(name.split())
    version = framework.current_version()
    if version is None:
        raise ValidationError({"framework": _("Van dit profiel is nog geen versie gepubliceerd.")}, code="unpublished")
    if not name:
        raise ValidationError({"name": _("Geef het functieprofiel een naam.")}, code="required")
    if NormProfile.objects.filter(team=team, name__iexact=name).exists():
        raise ValidationError({"name": _("Dit team heeft al een functieprofiel met die naam.")}, code="taken")
    try:
        with transaction.atomic():
            return NormProfile.objects.create(team=team, version=version, name=name, created_by=by)
    except IntegrityError:  # the same name a moment ago (a double click)
        raise ValidationError({"name": _("Dit team heeft al een functieprofiel met die naam.")}, code="taken") from None


@transaction.atomic
def norm_profile_save(*, profile, levels: dict[str, int | str | None]) -> None:
    """Set the levels a role needs: {item code: level as typed or as a number, or None/"" for 'not asked'}.

    All or nothing: one level that is not on the scale refuses the whole form.
    """
    items = {item.code: item for item in profile.version.items.filter(rateable=True)}
    allowed = scale_values(profile.version)
    unknown = set(levels) - set(items)
    if unknown:
        raise InvalidInput(_("Onbekende onderdelen: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    levels = {
        code: _parse_level(level, field_label=code, levels=allowed) if isinstance(level, (int, str)) else None
        for code, level in levels.items()
    }
    NormLevel.objects.filter(profile=profile, item__code__in=list(levels)).delete()
    NormLevel.objects.bulk_create(
        NormLevel(profile=profile, item=items[code], level=level) for code, level in levels.items() if level is not None
    )
    profile.save(update_fields=["updated_at"])
