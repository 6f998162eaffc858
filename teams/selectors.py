"""What a leidinggevende may see of one team, loaded in a fixed number of queries.

Access goes through `accounts.selectors` (which teams, which members) and
`assessments.selectors` (which of their assessments): coordinators of teams the manager
manages, and of each only the newest self-assessment they shared with this manager.
"""

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber

from accounts.models import Team, TeamMembership, TeamRole
from accounts.selectors import team_coordinator_ids, team_coordinators, team_coordinators_by_name, teams_managed_by
from assessments.models import Answer, Assessment, Goal, NormProfile
from assessments.scoring import Rating
from assessments.selectors import shared_count, shared_latest, shared_latest_index
from catalog.cache import version_content
from catalog.models import FrameworkVersion

from . import norms
from .matrix import (
    NEEDS_LIMIT,
    TeamMatrix,
    build_matrix,
    by_framework,
    coverage_of,
    item_sums,
    needs_of,
    page_of_sections,
    section_codes,
    sections_by_pk,
    team_item_cells,
    team_section_cells,
)


def teams_with_counts(manager) -> QuerySet[Team]:
    """The teams `manager` leads, each with `coordinator_count`."""
    coordinators = (
        TeamMembership.objects.filter(team=OuterRef("pk"), role=TeamRole.COORDINATOR)
        .order_by()
        .values("team")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return teams_managed_by(manager).annotate(
        coordinator_count=Coalesce(Subquery(coordinators, output_field=IntegerField()), 0)
    )


@dataclass
class TeamData:
    """One team as its manager may see it."""

    team: Team
    members: list
    shared: dict  # member id: the newest assessment they shared with the manager
    frameworks: list = field(default_factory=list)  # (framework, its shared assessments), most used first
    framework: object = None
    matrix: TeamMatrix | None = None
    scale_levels: list = field(default_factory=list)
    framework_query: str = ""  # "?framework=…" when the manager picked another framework

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def not_shared_count(self) -> int:
        """Members without a shared assessment: the same whether they made none or kept it to themselves."""
        return len(self.members) - len(self.shared)

    @property
    def shown_count(self) -> int:
        """Members whose shared assessment the page shows (on the chosen framework, if a matrix)."""
        return len(self.matrix.members) if self.matrix is not None else len(self.shared)


def team_sharing(*, manager, team: Team, with_answers: bool = False) -> TeamData:
    """The members of a team `manager` leads (see `Team.objects.managed_by`) and what they shared."""
    members = team_coordinators(team)
    return TeamData(team=team, members=members, shared=shared_latest(manager, members, with_answers=with_answers))


@dataclass
class MembersPage:
    """One page of a team's members, each with what they shared (the overview of a team of any size)."""

    team: Team
    member_count: int
    shared_count: int
    page: Page  # of `User`s, by name
    shared: dict  # member id: the newest assessment they shared with the manager, for this page's members
    frameworks: list = field(default_factory=list)  # the summary's framework switch: not on this page

    @property
    def not_shared_count(self) -> int:
        return self.member_count - self.shared_count

    @property
    def shown_count(self) -> int:
        return self.shared_count


def team_members_page(*, manager, team: Team, page=None, per_page: int) -> MembersPage:
    """Page `page` of the coordinators of a team `manager` leads, and of each the newest self-assessment
    they shared with `manager`; the counts are the whole team's. Loads only the page's people."""
    members = Paginator(team_coordinators_by_name(team), per_page).get_page(page)
    members.object_list = list(members.object_list)
    return MembersPage(
        team=team,
        member_count=members.paginator.count,
        shared_count=shared_count(manager, team_coordinator_ids(team)),
        page=members,
        shared=shared_latest(manager, [member.pk for member in members]),
    )


def _section_items(items_by_version: dict, section_code: str) -> dict[int, str]:
    """{pk: code} of the rateable items in the section with this code, over the versions."""
    code_of = {item.pk: item.code for items in items_by_version.values() for item in items}
    return {pk: code_of[pk] for pk, section in section_codes(items_by_version).items() if section == section_code}


def _ratings(assessments, items: list[int] | None = None) -> dict[int, list[Rating]]:
    """The ticked answers of these shared assessments (on these items), in one lean query (no notes: team
    pages never show them, and whole `Answer` rows for a team of 200 cost more than the rest of the page)."""
    ratings: dict[int, list[Rating]] = {assessment.pk: [] for assessment in assessments}
    rows = Answer.objects.filter(assessment__in=list(ratings), applies=True)
    if items is not None:
        rows = rows.filter(item__in=items)
    rows = rows.values_list("assessment_id", "item_id", "applies", "current", "desired", "revision")
    for assessment_id, *values in rows:
        ratings[assessment_id].append(Rating(*values))
    return ratings


def _versions_newest_first(versions) -> list:
    return sorted(
        set(versions), key=lambda version: (version.published_at or version.loaded_at, version.pk), reverse=True
    )


def _items_by_version(versions) -> dict:
    """{version id: its items in document order}, newest version first: read once per process
    (`catalog.cache`), as every keuzemodel page does; treat them as read-only."""
    return {version.pk: list(version_content(version).items) for version in versions}


def _scale_levels(version) -> list:
    return list(version_content(version).scale_levels)


def team_matrix(*, manager, team: Team, framework_code: str = "", goals: bool = False) -> TeamData:
    """`team_sharing` plus the matrix of one framework (the one most members use, unless chosen)."""
    data = team_sharing(manager=manager, team=team)
    data.frameworks = by_framework(data.shared.values())
    if not data.frameworks:
        data.matrix = build_matrix([], {})
        return data
    chosen = next((group for group in data.frameworks if group[0].code == framework_code), data.frameworks[0])
    data.framework, assessments = chosen
    if chosen is not data.frameworks[0]:
        data.framework_query = "?" + urlencode({"framework": data.framework.code})

    versions = _versions_newest_first(assessment.version for assessment in assessments)
    items_by_version = _items_by_version(versions)
    goal_codes: dict = {}
    if goals:
        # A goal is in the plan of every round it was made in or carried into (its `rounds`).
        links = Goal.items.through.objects.filter(goal__rounds__in=assessments)
        for assessment_id, code in links.values_list("goal__rounds", "item__code"):
            goal_codes.setdefault(assessment_id, set()).add(code)
    ratings = _ratings(assessments)
    shared = data.shared
    entries = [
        (member, shared[member.pk], ratings[shared[member.pk].pk])
        for member in data.members
        if member.pk in shared and shared[member.pk].pk in ratings
    ]
    data.matrix = build_matrix(entries, items_by_version, goal_codes)
    data.scale_levels = _scale_levels(versions[0])
    return data


# ---------------------------------------------------------------------------------------
# One page of the matrix of a team of any size


class Shared(NamedTuple):
    """The newest assessment a member shared, as a page of the matrix counts it."""

    pk: int
    owner_id: int
    version: FrameworkVersion
    changed: object  # its updated_at: what the team's cells are kept under (`_team_cells_key`)


@dataclass
class MatrixPage:
    """What the matrix pages show of a team: the members of one page, scored; the team's cells over
    everyone who shared; the counts of `_shared_summary.html`. Loaded in a fixed number of queries;
    the work beyond the page is the database adding levels up, once, and the cache (see `team_matrix_page`)."""

    team: Team
    member_count: int
    shared_count: int
    columns: Page  # this page of the members who shared on the framework shown (`Member`s)
    matrix: TeamMatrix
    frameworks: list = field(default_factory=list)  # (framework, its `Shared`), most used first
    framework: object = None
    scale_levels: list = field(default_factory=list)
    framework_query: str = ""

    @property
    def not_shared_count(self) -> int:
        return self.member_count - self.shared_count

    @property
    def shown_count(self) -> int:
        return self.columns.paginator.count


RATED = Q(current__isnull=False, desired__isnull=False)  # ticked answers with both levels (see scoring.score_of)


def _sums(answers: QuerySet[Answer], *group) -> QuerySet:
    """Ticked answers added up per `group`: how many, how many rated, the sums of their levels."""
    return (
        answers.filter(applies=True)
        .values(*group)
        .annotate(
            ticked_count=Count("pk"),
            rated_count=Count("pk", filter=RATED),
            current_sum=Coalesce(Sum("current", filter=RATED), 0),
            desired_sum=Coalesce(Sum("desired", filter=RATED), 0),
        )
        .order_by()
        .values_list(*group, "ticked_count", "rated_count", "current_sum", "desired_sum")
    )


def _section_sums(assessment_ids: list[int], items_by_version: dict) -> dict:
    """{assessment id: {section code: [ticked, rated, sum of current, sum of desired]}}: the database
    adds up per member and section, one row each, not every answer."""
    codes, depth = sections_by_pk(items_by_version)
    # the section: the furthest ancestor there is (a few joins of catalog_item, a small table)
    ancestors = [f"item__{'parent__' * (up - 1)}parent_id" for up in range(depth, 0, -1)]
    section = Coalesce(*ancestors, "item_id") if ancestors else F("item_id")
    answers = Answer.objects.filter(assessment_id__in=assessment_ids, item__rateable=True).annotate(section=section)
    sums: dict[int, dict] = {}
    for assessment_id, section_pk, *figures in _sums(answers, "assessment_id", "section"):
        sums.setdefault(assessment_id, {})[codes[section_pk]] = figures
    return sums


def _item_sums(assessment_ids: list[int], code_of: dict[int, str]) -> QuerySet:
    """(item pk, ticked, rated, sum of current, sum of desired) per item of `code_of` over these
    assessments: the database adds up, one row per item, not every answer."""
    return _sums(Answer.objects.filter(assessment_id__in=assessment_ids, item_id__in=list(code_of)), "item_id")


# What grows with the team is kept in the cache (shared by every app server in production), under keys
# made of what it is made of, so that a change makes a new key and nothing stale is ever read; stale
# keys expire, or the embedded cache drops the oldest (settings.CACHES).
#
# The team's cells: under who shared which assessment, as last changed, in column order. A save bumps
# the assessment's `updated_at`; a revoke, a new share, someone leaving the team or deleting their
# account changes the list; either way the key is new.
TEAM_CELLS_SECONDS = 24 * 3600
# Each shared assessment's sums per section: under its pk and its `updated_at` (`_kept_section_sums`).
# They never go stale, only unused: kept longer, so that a miss of the team's cells (the first view
# after any member saved) sums only what changed since, not the whole team once a day.
SECTION_SUMS_SECONDS = 30 * 24 * 3600


def _team_cells_key(entries: list[Shared], versions: list, section_code: str | None) -> str:
    state = [section_code or "", [version.pk for version in versions]]
    state += [(entry.pk, entry.changed.isoformat()) for entry in entries]
    return "team-cells:" + hashlib.sha256(repr(state).encode()).hexdigest()


def _section_sums_key(entry: Shared) -> str:
    return f"section-sums:{entry.pk}:{entry.changed.isoformat()}"


def _kept_section_sums(entries: list[Shared], items_by_version: dict) -> dict:
    """`_section_sums` of these shared assessments, each kept in the cache under its pk and last change:
    one `get_many`, and the database adds up only those not kept yet (normally none, or the one saved
    since); they are kept for the next time (`set_many`).

    The sums are of one assessment, whoever looks: they may be kept under its pk alone, and a manager
    never reads more than before. The keys read are those of `entries`, made from the shared index
    (`shared_latest_index`: what this manager may see now), so a revoked share, a newer round kept
    private or someone who left the team is never looked up again; their entries only wait to expire."""
    keys = {_section_sums_key(entry): entry.pk for entry in entries}
    kept = cache.get_many(list(keys))
    sums = {keys[key]: figures for key, figures in kept.items()}
    missing = {key: pk for key, pk in keys.items() if key not in kept}
    if missing:
        summed = _section_sums(list(missing.values()), items_by_version)
        cache.set_many({key: summed.get(pk, {}) for key, pk in missing.items()}, SECTION_SUMS_SECONDS)
        sums.update(summed)
    return sums


def team_matrix_page(
    *, manager, team: Team, framework_code: str = "", page=None, per_page: int, section_code: str | None = None
) -> MatrixPage:
    """The matrix of one framework (the one most members use, unless chosen), with the members of page
    `page` as columns: the sections' rows, or with `section_code` the rows of that section's items.
    `team` comes from `teams_with_counts` (its `coordinator_count`).

    Access as in `team_matrix`: the coordinators of a team `manager` leads, and of each the newest
    self-assessment shared with `manager`. Unlike `team_matrix` this loads and scores only the
    page's members; the team's cells, over everyone who shared, are sums the database makes.

    What grows with the team is kept in the cache (see `_team_cells_key`, `_kept_section_sums`). The
    queries are a fixed number: in steady state (nothing changed since the last view) the sections'
    page adds up nothing (its members' sums and the team's cells are kept), the drill-down reads only the
    page's answers in the section. The first view after a change has at most one query more: the sums
    of the assessments not kept yet (normally the one saved; none after a revoke), or, beyond one page,
    the drill-down's sums per item over everyone (on one page they are made of the page's answers). A
    cold cache (a restart of the embedded one) is that query over everyone who shared."""
    index = shared_latest_index(manager, team_coordinator_ids(team))
    versions = FrameworkVersion.objects.select_related("framework").in_bulk({row[2] for row in index})
    shared = [Shared(pk, owner_id, versions[version], changed) for pk, owner_id, version, changed in index]
    frameworks = by_framework(shared)
    data = MatrixPage(
        team=team,
        member_count=team.coordinator_count,
        shared_count=len(shared),
        columns=Paginator([], per_page).get_page(page),
        matrix=build_matrix([], {}),
        frameworks=frameworks,
    )
    if not frameworks:
        return data
    chosen = next((group for group in frameworks if group[0].code == framework_code), frameworks[0])
    data.framework, entries = chosen
    if chosen is not frameworks[0]:
        data.framework_query = "?" + urlencode({"framework": data.framework.code})

    versions = _versions_newest_first(entry.version for entry in entries)
    items_by_version = _items_by_version(versions)
    columns = Paginator(entries, per_page).get_page(page)
    on_page = Assessment.objects.select_related("owner").in_bulk([entry.pk for entry in columns])
    assessments = [on_page[entry.pk] for entry in columns]
    everyone = [entry.pk for entry in entries]
    key = _team_cells_key(entries, versions, section_code)
    team_cells = cache.get(key)
    if section_code is None:
        if team_cells is None:  # everyone's sums, the page's among them; only what changed is added up
            sums = _kept_section_sums(entries, items_by_version)
            team_cells = team_section_cells(items_by_version, sums, everyone)
            cache.set(key, team_cells, TEAM_CELLS_SECONDS)
        else:
            sums = _kept_section_sums(columns.object_list, items_by_version)
        page_entries = [(assessment.owner, assessment) for assessment in assessments]
        matrix = page_of_sections(page_entries, items_by_version, sums, team_cells)
    else:
        code_of = _section_items(items_by_version, section_code)
        ratings = _ratings(assessments, items=list(code_of))
        if team_cells is None:
            if columns.paginator.num_pages == 1:  # everyone is on the page: their answers are here
                sums = item_sums(ratings.values(), code_of)
            else:  # everyone's answers in the section added up per item by the database, not loaded
                sums = _item_sums(everyone, code_of)
            team_cells = team_item_cells(sums, code_of)
            cache.set(key, team_cells, TEAM_CELLS_SECONDS)
        matrix = build_matrix(
            [(assessment.owner, assessment, ratings[assessment.pk]) for assessment in assessments],
            items_by_version,
            section_code=section_code,
        )
        matrix.team_cells = team_cells
        matrix.version_ids = frozenset(version.pk for version in versions)
    columns.object_list = matrix.members
    data.columns, data.matrix = columns, matrix
    data.scale_levels = _scale_levels(versions[0])
    return data


@dataclass
class NormComparison:
    rows: list  # norms.NormRow per item the functieprofiel asks for
    summaries: list  # norms.MemberSummary per member who shared
    members: list  # the members who shared, in column order
    not_sharing: int


def norm_comparison(*, manager, profile: NormProfile) -> NormComparison:
    """A functieprofiel of a team `manager` leads next to the levels its members shared."""
    data = team_sharing(manager=manager, team=profile.team, with_answers=True)
    sharing = [member for member in data.members if member.pk in data.shared]
    currents = {
        member.pk: {
            answer.item.code: answer.current
            for answer in data.shared[member.pk].answers.all()
            if answer.current is not None
        }
        for member in sharing
    }
    norm_levels = {
        level.item.code: (level.item, level.level)
        for level in profile.levels.select_related("item").order_by("item__position")
    }
    rows, summaries = norms.compare(norm_levels, sharing, currents)
    return NormComparison(rows=rows, summaries=summaries, members=sharing, not_sharing=data.not_shared_count)


# ---------------------------------------------------------------------------------------
# Coverage and development needs of a team of any size: the database counts, the page names a few


@dataclass
class TeamCounts:
    """What the coverage and the needs pages show of a team: counts the database makes over everyone
    who shared on the framework shown, and on the coverage page the first names per taakgebied. Loaded
    in a fixed number of queries; the work beyond the page is the database counting."""

    team: Team
    member_count: int
    shared_count: int
    shown_count: int = 0  # who shared on the framework shown
    frameworks: list = field(default_factory=list)  # (framework, its `Shared`), most used first
    framework: object = None
    framework_query: str = ""
    coverage: list = field(default_factory=list)  # matrix.CoverageGroup per hoofdtaak
    needs: list = field(default_factory=list)  # matrix.Need, the largest first

    @property
    def not_shared_count(self) -> int:
        return self.member_count - self.shared_count


def _shared_counts(*, manager, team: Team, framework_code: str) -> tuple[TeamCounts, list[int], dict]:
    """The start of `team_coverage` and `team_needs`, as of `team_matrix_page`: the newest
    self-assessment each coordinator of `team` shared with `manager`, grouped by framework; the ids
    of those on the framework shown and the items of their versions (as `build_matrix` takes them)."""
    index = shared_latest_index(manager, team_coordinator_ids(team))
    versions = FrameworkVersion.objects.select_related("framework").in_bulk({row[2] for row in index})
    shared = [Shared(pk, owner_id, versions[version], changed) for pk, owner_id, version, changed in index]
    frameworks = by_framework(shared)
    data = TeamCounts(team=team, member_count=team.coordinator_count, shared_count=len(shared), frameworks=frameworks)
    if not frameworks:
        return data, [], {}
    chosen = next((group for group in frameworks if group[0].code == framework_code), frameworks[0])
    data.framework, entries = chosen
    if chosen is not frameworks[0]:
        data.framework_query = "?" + urlencode({"framework": data.framework.code})
    data.shown_count = len(entries)
    items_by_version = _items_by_version(_versions_newest_first(entry.version for entry in entries))
    return data, [entry.pk for entry in entries], items_by_version


def team_coverage(*, manager, team: Team, framework_code: str = "", names: int, taakgebied: str = "") -> TeamCounts:
    """Per taakgebied how many ticked it and the first `names` of them by name (everyone for the
    taakgebied with code `taakgebied`), with their present level: the same as `TeamMatrix.coverage()`
    of `team_matrix`, in two queries beyond the shared assessments and the items, however large the
    team. `team` comes from `teams_with_counts`; access as in `team_matrix_page`."""
    data, assessment_ids, items_by_version = _shared_counts(manager=manager, team=team, framework_code=framework_code)
    if not assessment_ids:
        return data
    data.coverage = coverage_of(items_by_version)
    rows = {row.code: row for group in data.coverage for row in group.rows}
    by_name = [F("assessment__owner__name"), F("assessment__owner__email"), F("assessment__owner_id")]
    ticked = (
        Answer.objects.filter(
            assessment_id__in=assessment_ids, applies=True, item__rateable=True, item__code__in=list(rows)
        )
        .annotate(
            code=F("item__code"),
            place=Window(RowNumber(), partition_by=[F("item__code")], order_by=by_name),
            count=Window(Count("pk"), partition_by=[F("item__code")]),
        )
        .filter(Q(place__lte=names) | Q(code=taakgebied))
        .select_related("assessment__owner")
        .only("current", "assessment__owner__name", "assessment__owner__email")
        .order_by(*by_name)
    )
    for answer in ticked:
        row = rows[answer.code]
        row.count = answer.count
        row.members.append((answer.assessment.owner, answer.current))
    return data


def team_needs(*, manager, team: Team, framework_code: str = "", limit: int | None = NEEDS_LIMIT) -> TeamCounts:
    """The items the team most wants to grow in: the same as `TeamMatrix.needs()` of `team_matrix` with
    goals, in two queries beyond the shared assessments and the items: the database adds the gaps up
    and counts the goals per item. `team` comes from `teams_with_counts`; access as in `team_matrix_page`."""
    data, assessment_ids, items_by_version = _shared_counts(manager=manager, team=team, framework_code=framework_code)
    if not assessment_ids:
        return data
    growing = (
        Answer.objects.filter(
            assessment_id__in=assessment_ids, applies=True, item__rateable=True, desired__gt=F("current")
        )
        .values("item__code")
        .annotate(total=Sum(F("desired") - F("current")), count=Count("pk"))
        .order_by()
        .values_list("item__code", "total", "count")
    )
    gaps = {code: (total, count) for code, total, count in growing}
    # A goal is in the plan of every round it was made in or carried into (its `rounds`): a member counts
    # once per item, however many of their goals are about it.
    links = (
        Goal.items.through.objects.filter(goal__rounds__in=assessment_ids)
        .values("item__code")
        .annotate(members=Count("goal__rounds", distinct=True))
        .order_by()
        .values_list("item__code", "members")
    )
    data.needs = needs_of(items_by_version, gaps, dict(links), limit)
    return data
