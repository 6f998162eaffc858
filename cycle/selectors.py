"""Who may open which gesprek, and what its agenda holds. Every view and the PDF start here.

A gesprek belongs to a zelfscan. Its owner always reaches it. A leidinggevende reaches it through
`assessments.selectors.shared_with` (so only while the zelfscan is shared with them and the owner
is a coordinator in their team: revoking the share shuts them out at once), and only if the
gesprek is not held with someone else: another leidinggevende, or the coach or intervisiegroep
the owner named in "met wie" (their own gesprek, which no leidinggevende reads).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from assessments import scoring, selectors
from assessments.models import Assessment
from assessments.workspace import load_workspace

from .models import Afspraak, Confirmation, Gesprek


def gesprek_assessment_for(user, pk: int) -> Assessment | None:
    """The zelfscan `pk` whose gesprek `user` may open, or None (the views make that a 404)."""
    own = selectors.assessments_of(user).filter(pk=pk).first()
    if own is not None:
        return own
    return (
        selectors.shared_with(user)
        .filter(pk=pk)
        .filter(
            Q(gesprek__isnull=True) | Q(gesprek__manager__isnull=True, gesprek__with_whom="") | Q(gesprek__manager=user)
        )
        .first()
    )


def gesprek_of(assessment: Assessment) -> Gesprek | None:
    """The gesprek with its afspraken and confirmations (and their people), or None before the first."""
    return (
        Gesprek.objects.select_related("manager")
        .prefetch_related(
            Prefetch("afspraken", queryset=Afspraak.objects.select_related("author")),
            Prefetch("confirmations", queryset=Confirmation.objects.select_related("user")),
        )
        .filter(assessment=assessment)
        .first()
    )


def afspraak_for(user, pk: int, afspraak_pk: int) -> Afspraak | None:
    assessment = gesprek_assessment_for(user, pk)
    if assessment is None:
        return None
    return (
        Afspraak.objects.select_related("gesprek__assessment")
        .filter(gesprek__assessment=assessment, pk=afspraak_pk)
        .first()
    )


def confirmers(gesprek: Gesprek | None, assessment: Assessment) -> list:
    """Who confirms the afspraken: the owner, and the leidinggevende the gesprek is held with."""
    people = [assessment.owner]
    if gesprek is not None and gesprek.manager is not None:
        people.append(gesprek.manager)
    return people


@dataclass
class Agenda:
    gaps: list
    goals: list
    differences: list = field(default_factory=list)  # scoring.PairRow: both rated, 'now' differs
    more_differences: int = 0  # beyond the MOST_DIFFERENCES shown
    manager_view: Assessment | None = None


MOST_DIFFERENCES = 10


def agenda(assessment: Assessment, *, partner=None) -> Agenda:
    """The same agenda for both sides: the largest gaps, the goals, and where the leidinggevende's
    view differs from the self-rating, only when `partner` (the leidinggevende the gesprek is held
    with) shared that view with the owner."""
    from assessments.pdf import shown_manager_view  # pdf prints the gesprek: imported when used

    workspace = load_workspace(assessment)
    goals = list(selectors.goals_of(assessment.owner).filter(rounds=assessment).prefetch_related("items"))
    result = Agenda(gaps=scoring.largest_gaps(workspace.sections, limit=8), goals=goals)
    view = shown_manager_view(assessment)
    if view is not None and partner is not None and view.owner_id == partner.pk:
        pairs = scoring.side_by_side(workspace.sections, load_workspace(view).sections)
        differing = [row for section in pairs for row in section.rows if row.differs]
        # the largest differences first (in the profile's order among equals): an agenda, not a table
        differing.sort(key=lambda row: -abs(row.own.current - row.manager.current))
        result.differences = differing[:MOST_DIFFERENCES]
        result.more_differences = len(differing) - len(result.differences)
        result.manager_view = view
    return result


def pdf_gesprek(assessment: Assessment, *, viewer) -> Gesprek | None:
    """The gesprek as the PDF prints it for `viewer`: the owner always sees their afspraken; a
    leidinggevende only those of a gesprek held with them (or not yet bound to anyone)."""
    gesprek = gesprek_of(assessment)
    if gesprek is None or viewer is None or viewer.pk == assessment.owner_id:
        return gesprek
    if gesprek.manager_id == viewer.pk or (gesprek.manager_id is None and not gesprek.with_whom):
        return gesprek
    return None


def gesprek_stamp(assessment: Assessment) -> tuple:
    """What of the gesprek a stored PDF depends on, in one query (see `assessments.pdf.fingerprint`).
    Every change to afspraken, confirmations or 'met wie' moves `updated_at`."""
    row = (
        Gesprek.objects.filter(assessment=assessment)
        .values_list("updated_at", "manager_id", "manager__name", "manager__email")
        .first()
    )
    return tuple(value.isoformat() if hasattr(value, "isoformat") else value for value in row) if row else ()


def gesprek_changed_since(assessment: Assessment, moment) -> bool:
    """Whether the afspraken, confirmations or 'met wie' changed after `moment` (a stored record)."""
    return Gesprek.objects.filter(assessment=assessment, updated_at__gt=moment).exists()
