"""Reads of takenpakketten and functieprofielen. Who may see which assessment is decided by
`assessments.selectors` and `accounts.selectors`; these functions take what those let through."""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Max, Prefetch
from django.utils.translation import gettext as _

from accounts.models import TeamRole
from accounts.selectors import teams_managed_by
from assessments.models import Answer, Assessment, NormProfile
from assessments.selectors import shared_with
from catalog.cache import version_content
from catalog.models import ContextOption
from teams.matrix import by_framework
from teams.selectors import team_sharing

from . import limits
from .compare import Comparison, compare
from .models import Functieomschrijving, NormTask, Takenpakket, Task
from .package import Package, build_package, level_labels, task_items


def package_for(assessment: Assessment) -> Package:
    """The takenpakket of an assessment the caller may read, in three queries (the version's items
    come from the process cache)."""
    items = version_content(assessment.version).items
    takenpakket = Takenpakket.objects.filter(assessment=assessment).first()
    tasks = {task.item_id: task for task in Task.objects.filter(takenpakket__assessment=assessment)}
    tasks_ids = [item.pk for item in task_items(items)]
    ticked = set(
        Answer.objects.filter(assessment=assessment, applies=True, item_id__in=tasks_ids).values_list(
            "item_id", flat=True
        )
    )
    package = build_package(items, ticked, tasks, takenpakket.agreed_hours if takenpakket else None)
    package.in_profile_pdf = takenpakket.in_profile_pdf if takenpakket else True
    package.revision = takenpakket.revision if takenpakket else 0
    return package


def in_profile_pdf(package: Package) -> bool:
    return getattr(package, "in_profile_pdf", True)


@dataclass
class Situation:
    """Mijn situatie: per context variable the options chosen (by code and label)."""

    variables: list  # (variable, [chosen options])
    codes: dict = field(default_factory=dict)  # variable code: {option codes}

    def chosen(self, variable_code: str) -> set[str]:
        return self.codes.get(variable_code, set())


def situation_of(assessment: Assessment) -> Situation:
    chosen = set(assessment.context_options.values_list("pk", flat=True))
    variables = assessment.version.context_variables.order_by("position").prefetch_related(
        Prefetch("options", queryset=ContextOption.objects.order_by("position"))
    )
    rows, codes = [], {}
    for variable in variables:
        options = [option for option in variable.options.all() if option.pk in chosen]
        rows.append((variable, options))
        codes[variable.code] = {option.code for option in options}
    return Situation(variables=rows, codes=codes)


def functieomschrijving_of(assessment: Assessment) -> Functieomschrijving | None:
    return Functieomschrijving.objects.filter(assessment=assessment).first()


def _comparisons(assessment: Assessment, package: Package, profiles) -> list[Comparison]:
    items = task_items(version_content(assessment.version).items)
    result = []
    for profile in profiles:
        if profile.version_id != assessment.version_id:
            result.append(
                Comparison(
                    profile=profile,
                    rows=[],
                    refused=_(
                        "Functieprofiel ‘%(name)s’ hoort bij %(framework)s versie %(theirs)s, deze zelfscan bij "
                        "versie %(ours)s. Vergelijken kan alleen binnen één versie van het profiel: maak het "
                        "functieprofiel opnieuw op de nieuwe versie."
                    )
                    % {
                        "name": profile.name,
                        "framework": profile.version.framework.name,
                        "theirs": profile.version.label,
                        "ours": assessment.version.label,
                    },
                )
            )
            continue
        result.append(compare(package, {task.item_id: task for task in profile.tasks.all()}, items, profile))
    return result


def _profiles_with_tasks(queryset, assessment: Assessment):
    """Functieprofielen of the same framework as the assessment that name tasks, with their tasks."""
    return (
        queryset.filter(version__framework_id=assessment.version.framework_id, tasks__isnull=False)
        .distinct()
        .select_related("version__framework", "team")
        .prefetch_related(Prefetch("tasks", queryset=NormTask.objects.order_by("item__position")))
        .order_by("team__name", "name", "pk")
    )


def comparisons_for_owner(assessment: Assessment, package: Package) -> list[Comparison]:
    """The owner's takenpakket against the functieprofielen of the teams they are coordinator in."""
    profiles = NormProfile.objects.filter(
        team__memberships__user_id=assessment.owner_id, team__memberships__role=TeamRole.COORDINATOR
    )
    return _comparisons(assessment, package, _profiles_with_tasks(profiles, assessment))


@dataclass
class SharedPackage:
    """A member's takenpakket as their leidinggevende sees it, with the team's functieprofielen."""

    assessment: Assessment
    package: Package
    comparisons: list


def shared_package(manager, assessment: Assessment) -> SharedPackage | None:
    """The takenpakket of a zelfscan the member shared with `manager` (None otherwise: nothing
    unshared reaches a manager), next to the functieprofielen with tasks of the teams `manager`
    leads and the member is coordinator in. A fixed number of queries."""
    shared = shared_with(manager).filter(pk=assessment.pk).first()
    if shared is None:
        return None
    profiles = NormProfile.objects.filter(
        team__in=teams_managed_by(manager),
        team__memberships__user_id=shared.owner_id,
        team__memberships__role=TeamRole.COORDINATOR,
    )
    package = package_for(shared)
    return SharedPackage(
        assessment=shared,
        package=package,
        comparisons=_comparisons(shared, package, _profiles_with_tasks(profiles, shared)),
    )


# The kinds the functieomschrijving lists under competenties and kennis.
DOCUMENT_KINDS = ("competentie", "kennisgebied")


def ticked_by_area(assessment: Assessment) -> dict:
    """{"competentie": [(competentiegebied, [ticked items])], "kennisgebied": [...]} in document order,
    in one query (the items come from the process cache)."""
    items = version_content(assessment.version).items
    wanted = [item.pk for item in items if item.rateable and item.kind.code in DOCUMENT_KINDS]
    ticked = set(
        Answer.objects.filter(assessment=assessment, applies=True, item_id__in=wanted).values_list("item_id", flat=True)
    )
    by_id = {item.pk: item for item in items}

    def area(item):
        parent = by_id.get(item.parent_id)
        while parent is not None and parent.kind.code != "competentiegebied" and parent.parent_id is not None:
            parent = by_id.get(parent.parent_id)
        return parent

    result: dict = {kind: [] for kind in DOCUMENT_KINDS}
    for item in items:
        if item.pk not in ticked:
            continue
        groups = result[item.kind.code]
        home = area(item)
        if groups and groups[-1][0] is home:
            groups[-1][1].append(item)
        else:
            groups.append((home, [item]))
    return result


@dataclass
class TeamWorkRow:
    item: object  # the taakgebied (of the newest version among the members')
    people: list  # (member, levels, hours) of those who ticked it
    by_level: dict  # level code: [(member, hours)]
    without_level: list  # members who ticked it without choosing a level

    @property
    def hours(self):
        return sum((hours for _member, _levels, hours in self.people if hours is not None), Decimal(0))

    @property
    def is_covered(self) -> bool:
        return bool(self.people)


@dataclass
class TeamWork:
    data: object  # teams.selectors.TeamData
    groups: list  # (hoofdtaak item, [TeamWorkRow])
    members: list  # (member, Package summary: task count, levels, hours, agreed)


def team_work(*, manager, team, framework_code: str = "") -> TeamWork:
    """How the work of a team `manager` leads is spread over taakgebieden and levels: only the
    members who shared a zelfscan with `manager` (their newest), on one framework. A fixed number
    of queries, whatever the size of the team."""
    data = team_sharing(manager=manager, team=team)
    data.frameworks = by_framework(data.shared.values())
    if not data.frameworks:
        return TeamWork(data=data, groups=[], members=[])
    chosen = next((group for group in data.frameworks if group[0].code == framework_code), data.frameworks[0])
    data.framework, assessments = chosen
    if chosen is not data.frameworks[0]:
        data.framework_query = "?" + urlencode({"framework": data.framework.code})
    newest = max(
        (assessment.version for assessment in assessments),
        key=lambda version: (version.published_at or version.loaded_at, version.pk),
    )
    structure = task_items(version_content(newest).items)
    code_of = {}
    for version in {assessment.version for assessment in assessments}:
        for item in task_items(version_content(version).items):
            code_of[item.pk] = item.code
    ticked: dict = {}
    for assessment_id, item_id in Answer.objects.filter(
        assessment__in=assessments, applies=True, item_id__in=list(code_of)
    ).values_list("assessment_id", "item_id"):
        ticked.setdefault(assessment_id, set()).add(code_of[item_id])
    tasks: dict = {}
    for task in Task.objects.filter(takenpakket__assessment__in=assessments).select_related("takenpakket"):
        tasks[(task.takenpakket.assessment_id, code_of.get(task.item_id))] = task
    agreed = dict(Takenpakket.objects.filter(assessment__in=assessments).values_list("assessment_id", "agreed_hours"))
    by_member = {assessment.owner_id: assessment for assessment in assessments}
    sharing = [member for member in data.members if member.pk in by_member]
    rows: dict = {}
    for item in structure:
        row = TeamWorkRow(item=item, people=[], by_level={level: [] for level in limits.LEVELS}, without_level=[])
        for member in sharing:
            assessment = by_member[member.pk]
            if item.code not in ticked.get(assessment.pk, ()):
                continue
            task = tasks.get((assessment.pk, item.code))
            levels = task.levels if task else []
            hours = task.hours if task else None
            row.people.append((member, levels, hours))
            for level in levels:
                row.by_level[level].append((member, hours))
            if not levels:
                row.without_level.append(member)
        rows[item.pk] = row
    by_id = {item.pk: item for item in version_content(newest).items}
    groups: dict = {}
    for item in structure:
        groups.setdefault(item.parent_id, (by_id.get(item.parent_id), []))[1].append(rows[item.pk])
    members = []
    for member in sharing:
        assessment = by_member[member.pk]
        own = [tasks.get((assessment.pk, code)) for code in sorted(ticked.get(assessment.pk, ()))]
        members.append(
            {
                "member": member,
                "tasks": len(ticked.get(assessment.pk, ())),
                "levels": level_labels({level for task in own if task for level in task.levels}),
                "hours": sum((task.hours for task in own if task and task.hours is not None), Decimal(0)),
                "has_hours": any(task and task.hours is not None for task in own),
                "agreed": agreed.get(assessment.pk),
            }
        )
    return TeamWork(data=data, groups=list(groups.values()), members=members)


def previous_takenpakket(assessment: Assessment) -> Takenpakket | None:
    """The takenpakket of the round this one was pre-filled from (the owner's own), if any."""
    if not assessment.previous_id:
        return None
    return Takenpakket.objects.filter(
        assessment_id=assessment.previous_id, assessment__owner=assessment.owner_id
    ).first()


# ---------------------------------------------------------------------------------------
# In the ontwikkelprofiel PDF (assessments.pdf)


def pdf_takenpakket(assessment: Assessment, *, viewer=None) -> dict | None:
    """The takenpakket as the profile PDF prints it for `viewer` (who was let in already: the owner,
    or a manager the zelfscan is shared with), with the team's functieprofielen; None when the
    owner leaves it out of the PDF or has nothing in it."""
    takenpakket = Takenpakket.objects.filter(assessment=assessment).only("in_profile_pdf").first()
    if takenpakket is None or not takenpakket.in_profile_pdf:
        return None
    package = package_for(assessment)
    if not package.rows:
        return None
    if viewer is None or viewer.pk == assessment.owner_id:
        comparisons = comparisons_for_owner(assessment, package)
    else:
        shared = shared_package(viewer, assessment)
        comparisons = shared.comparisons if shared is not None else []
    return {"package": package, "comparisons": comparisons, "side_by_side": _side_by_side(assessment, comparisons)}


def _side_by_side(assessment: Assessment, comparisons: list[Comparison]) -> list | None:
    """With one functieprofiel to compare with, the PDF prints one table: its comparison holds every
    task of the takenpakket (as the practice column), so a table of the takenpakket before it only
    repeated that, a page of it for a full takenpakket. Here its rows by hoofdtaak, as
    [(hoofdtaak, rows)]; None with no or several functieprofielen (each gets a table of its own)."""
    if len(comparisons) != 1 or comparisons[0].refused:
        return None
    items = {item.pk: item for item in version_content(assessment.version).items}
    groups: dict = {}
    for row in comparisons[0].rows:
        groups.setdefault(row.item.parent_id, (items.get(row.item.parent_id), []))[1].append(row)
    return list(groups.values())


def pdf_stamp(assessment: Assessment) -> str:
    """What the PDF's takenpakket section depends on beyond `Assessment.updated_at` (which ticking
    moves): the takenpakket (its services move `updated_at`) and the functieprofielen it is
    compared with (`norm_tasks_save` moves theirs). One query, two when it is printed."""
    row = Takenpakket.objects.filter(assessment=assessment).values_list("updated_at", "in_profile_pdf").first()
    if row is None or not row[1]:
        return ""
    changed = NormProfile.objects.filter(
        team__memberships__user_id=assessment.owner_id, team__memberships__role=TeamRole.COORDINATOR
    ).aggregate(changed=Max("updated_at"), count=Count("pk"))
    return f"{row[0].isoformat()}|{changed['changed']}|{changed['count']}"
