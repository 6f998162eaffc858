"""Who may open which gesprek, and what its agenda holds. Every view and the PDF start here.

A gesprek belongs to a zelfscan. Its owner always reaches it. A leidinggevende reaches it through
`assessments.selectors.shared_with` (so only while the zelfscan is shared with them and the owner
is a coordinator in their team: revoking the share shuts them out at once), and only if the
gesprek is not held with someone else: another leidinggevende who still has the zelfscan shared
with them, or the coach or intervisiegroep the owner named in "met wie" (their own gesprek, which
no leidinggevende reads).
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Team
from accounts.selectors import organisations_administered_by, team_coordinators
from assessments import scoring, selectors
from assessments.models import Assessment, Goal, Share
from assessments.workspace import load_workspace

from .models import Afspraak, Confirmation, Gesprek, MailPreference, Scanronde


def gesprek_assessment_for(user, pk: int) -> Assessment | None:
    """The zelfscan `pk` whose gesprek `user` may open, or None (the views make that a 404)."""
    own = selectors.assessments_of(user).filter(pk=pk).first()
    if own is not None:
        return own
    shared = selectors.shared_with(user).filter(pk=pk).first()
    if shared is None:
        return None
    return shared if open_to_manager(Gesprek.objects.filter(assessment=shared).first(), user) else None


def partner_left(gesprek: Gesprek) -> bool:
    """The leidinggevende the gesprek was held with no longer has the zelfscan shared with them
    (revoked, or they left the team): another one may take it up, or the owner names someone else."""
    return (
        gesprek.manager_id is not None
        and not selectors.shared_with(gesprek.manager).filter(pk=gesprek.assessment_id).exists()
    )


def open_to_manager(gesprek: Gesprek | None, user) -> bool:
    """Whether a leidinggevende who has the zelfscan shared with them may join its gesprek: there
    is none yet, it is held with them, or with nobody (and not with someone the owner named)."""
    if gesprek is None or gesprek.manager_id == user.pk:
        return True
    if gesprek.manager_id is None:
        return not gesprek.with_whom
    return partner_left(gesprek)


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
    leidinggevende only those of a gesprek they may open (see `open_to_manager`)."""
    gesprek = gesprek_of(assessment)
    if gesprek is None or viewer is None or viewer.pk == assessment.owner_id:
        return gesprek
    return gesprek if open_to_manager(gesprek, viewer) else None


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


# ---------------------------------------------------------------------------------------
# Scanrondes: planned by a team's leidinggevenden and its organisation's admins; what a
# leidinggevende sees of each member is whether they started, finished and shared — no content,
# no counts (PRODUCT.md, manager journey 6), and the members are told so in the mail.


def teams_planned_by(user) -> QuerySet[Team]:
    """Teams for which `user` may plan scanrondes: where they are leidinggevende, and every team
    of an organisation they administer."""
    return (
        Team.objects.filter(
            Q(pk__in=Team.objects.managed_by(user).values("pk"))
            | Q(organisation__in=organisations_administered_by(user))
        )
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


def round_for(user, pk: int) -> Scanronde | None:
    return Scanronde.objects.select_related("team__organisation").filter(team__in=teams_planned_by(user), pk=pk).first()


def rounds_of(team: Team) -> list[Scanronde]:
    return list(team.scanrondes.select_related("created_by"))


@dataclass(frozen=True)
class MemberProgress:
    member: object
    started: bool
    finished: bool
    shared: bool  # with the leidinggevende who looks


def manages_team(user, team: Team) -> bool:
    return Team.objects.managed_by(user).filter(pk=team.pk).exists()


def round_progress(scanronde: Scanronde, *, manager) -> list[MemberProgress] | None:
    """Per coordinator of the team now: did they start a zelfscan since the round opened, is it
    final, did they share it with `manager`. None when `manager` is not a leidinggevende of the
    team (an organisation admin plans, but does not see people's progress)."""
    if not manages_team(manager, scanronde.team):
        return None
    members = team_coordinators(scanronde.team)
    shared = Share.objects.filter(assessment=OuterRef("pk"), viewer=manager)
    rounds = (
        Assessment.objects.self_assessments()
        .filter(owner__in=members, created_at__date__gte=scanronde.opens_on)
        .annotate(is_shared=Exists(shared))
        .values_list("owner_id", "status", "is_shared")
    )
    seen: dict[int, list] = {}
    for owner_id, status, is_shared in rounds:
        state = seen.setdefault(owner_id, [False, False])
        state[0] = state[0] or status == Assessment.Status.FINAL
        state[1] = state[1] or is_shared
    return [
        MemberProgress(
            member=member,
            started=member.pk in seen,
            finished=seen.get(member.pk, [False])[0],
            shared=seen.get(member.pk, [False, False])[1],
        )
        for member in members
    ]


def open_rounds_for(user, today) -> list[Scanronde]:
    """The scanrondes open now for teams in which `user` is coordinator, soonest due first."""
    return list(
        Scanronde.objects.filter(team__in=Team.objects.coordinated_by(user), opens_on__lte=today, due_on__gte=today)
        .select_related("team")
        .order_by("due_on", "pk")
    )


def wants_reminders(user) -> bool:
    preference = MailPreference.objects.filter(user=user).first()
    return preference is None or preference.reminders


def current_round(team: Team, today) -> Scanronde | None:
    """The scanronde that matters now: open (soonest due), else the next planned, else the last one."""
    rounds = list(team.scanrondes.all())  # a handful a year: chosen here in one query
    open_now = sorted((r for r in rounds if r.state(today) == "open"), key=lambda r: (r.due_on, r.pk))
    planned = sorted((r for r in rounds if r.state(today) == "planned"), key=lambda r: (r.opens_on, r.pk))
    closed = sorted((r for r in rounds if r.state(today) == "closed"), key=lambda r: (r.due_on, r.pk), reverse=True)
    return next(iter(open_now + planned + closed), None)


# ---------------------------------------------------------------------------------------
# The personal home: what to do now


@dataclass
class RoundTodo:
    scanronde: Scanronde
    days_left: int
    started: bool  # a zelfscan of their own since the round opened
    finished: bool


@dataclass
class Home:
    latest: Assessment | None  # the newest zelfscan
    rounds: list[RoundTodo]
    goals: list  # the person's open goals, through assessments.selectors
    to_confirm: list[Assessment]  # zelfscans whose gesprek has afspraken the person has not confirmed
    teams: list[Team]  # the teams they are leidinggevende of

    @property
    def continues_in_round(self) -> bool:
        """The newest zelfscan is the one a scanronde asks to finish: its card says so already."""
        return any(todo.started and not todo.finished for todo in self.rounds)

    @property
    def is_empty(self) -> bool:
        return not (self.latest or self.rounds or self.goals or self.to_confirm or self.teams)


def home_for(user, today) -> Home:
    own = list(selectors.assessments_of(user).order_by("-created_at", "-id"))
    latest = own[0] if own else None
    todos = []
    for scanronde in open_rounds_for(user, today):
        in_round = [a for a in own if timezone.localdate(a.created_at) >= scanronde.opens_on]
        todos.append(
            RoundTodo(
                scanronde=scanronde,
                days_left=(scanronde.due_on - today).days,
                started=bool(in_round),
                finished=any(a.is_final for a in in_round),
            )
        )
    # goals belong to the person and run across rounds; a new round carries the open ones along
    goals = list(
        selectors.goals_of(user)
        .filter(status__in=Goal.OPEN)
        .order_by(F("target_date").asc(nulls_last=True), "created_at", "pk")
    )
    unconfirmed = Gesprek.objects.filter(afspraken__isnull=False).exclude(confirmations__user=user)
    mine = Q(pk__in=selectors.assessments_of(user).values("pk"))
    # a gesprek held with them, about a zelfscan still shared with them
    theirs = Q(pk__in=selectors.shared_with(user).values("pk"), gesprek__manager=user)
    to_confirm = list(
        Assessment.objects.filter(mine | theirs, gesprek__in=unconfirmed)
        .select_related("owner", "version__framework")
        .distinct()
        .order_by("-gesprek__updated_at")
    )
    return Home(
        latest=latest,
        rounds=todos,
        goals=goals,
        to_confirm=to_confirm,
        teams=list(Team.objects.managed_by(user).select_related("organisation").order_by("name", "pk")),
    )
