"""Reads of takenpakketten and functieprofielen. Who may see which assessment is decided by
`assessments.selectors` and `accounts.selectors`; these functions take what those let through."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import TeamRole
from accounts.selectors import teams_managed_by
from assessments.models import Answer, Assessment, NormProfile
from catalog.cache import version_content
from catalog.models import ContextOption

from .compare import Comparison, compare
from .models import Functieomschrijving, NormTask, Takenpakket, Task
from .package import Package, build_package, task_items


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
    return build_package(items, ticked, tasks, takenpakket.agreed_hours if takenpakket else None)


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


def comparisons_for_manager(manager, assessment: Assessment, package: Package) -> list[Comparison]:
    """A member's shared takenpakket (the caller got `assessment` from `shared_with(manager)`)
    against the functieprofielen of the teams `manager` leads and the member is coordinator in."""
    profiles = NormProfile.objects.filter(
        team__in=teams_managed_by(manager),
        team__memberships__user_id=assessment.owner_id,
        team__memberships__role=TeamRole.COORDINATOR,
    )
    return _comparisons(assessment, package, _profiles_with_tasks(profiles, assessment))


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
