"""One assessment with everything its pages show, loaded in a fixed number of queries."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from catalog.cache import version_content
from catalog.models import Item

from . import chart, scoring
from .models import Answer, Assessment


@dataclass
class Workspace:
    """Everything a page of one assessment shows, loaded in a fixed number of queries."""

    assessment: Assessment
    items: list
    sections: list  # scoring.SectionScore, in document order
    scale_levels: list
    ticked: frozenset = frozenset()  # ids of items ticked, rated or not (a taakgebied's kerntaken too)

    @property
    def progress(self):
        return scoring.progress(self.sections)

    @property
    def max_level(self) -> int:
        return max(level.value for level in self.scale_levels)

    def section(self, code: str):
        for section in self.sections:
            if section.section.code == code:
                return section
        raise Http404("No such section in this assessment.")

    def section_for(self, item: Item):
        for section in self.sections:
            if any(score.item.pk == item.pk for score in section.items):
                return section
        raise Http404("No such item in this assessment.")

    @property
    def item_scores(self) -> list:
        """Every rateable item's score in document order: the order of the focused mode."""
        return scoring.all_items(self.sections)

    def children_of(self, item: Item) -> list:
        """The items right below `item` (a taakgebied's kerntaken), in document order."""
        return [child for child in self.items if child.parent_id == item.pk]

    def neighbours(self, code: str):
        codes = [section.section.code for section in self.sections]
        index = codes.index(code)
        previous = self.sections[index - 1] if index > 0 else None
        following = self.sections[index + 1] if index + 1 < len(self.sections) else None
        return previous, following


def load_workspace(assessment: Assessment) -> Workspace:
    """One query for the answers; the version's items and scale come from the process cache."""
    return _workspace(assessment, list(assessment.answers.all()))


def _workspace(assessment: Assessment, answers: list) -> Workspace:
    content = version_content(assessment.version)
    sections = scoring.score_items(content.items, answers)
    visited = set(assessment.visited_sections)
    for section in sections:
        section.visited = section.section.code in visited or section.touched > 0
    return Workspace(
        assessment=assessment,
        items=list(content.items),
        sections=sections,
        scale_levels=list(content.scale_levels),
        ticked=frozenset(answer.item_id for answer in answers if answer.applies),
    )


def section_chart(workspace: Workspace, *, narrow: bool = False):
    series = [
        chart.Series("current", _("Nu"), "#0b6e4f"),
        chart.Series("desired", _("Gewenst"), "#1f6f54", fill="#ffffff"),
    ]
    rows = [
        (
            f"{section.section.code} {section.section.title}",
            {"current": section.average_current, "desired": section.average_desired},
        )
        for section in workspace.sections
    ]
    layout = chart.narrow_bar_chart if narrow else chart.bar_chart
    return layout(rows, series=series, max_level=workspace.max_level)


def pair_chart(own_workspace, manager_workspace, *, narrow: bool = False):
    manager_sections = {section.section.code: section for section in manager_workspace.sections}
    series = [
        chart.Series("current", _("Nu (zelf)"), "#0b6e4f"),
        chart.Series("desired", _("Gewenst (zelf)"), "#1f6f54", fill="#ffffff"),
        chart.Series("manager", _("Nu (leidinggevende)"), "#5b3f8c", fill="#d9cdec"),
    ]
    rows = []
    for section in own_workspace.sections:
        theirs = manager_sections.get(section.section.code)
        rows.append(
            (
                f"{section.section.code} {section.section.title}",
                {
                    "current": section.average_current,
                    "desired": section.average_desired,
                    "manager": theirs.average_current if theirs else None,
                },
            )
        )
    layout = chart.narrow_bar_chart if narrow else chart.bar_chart
    return layout(rows, series=series, max_level=own_workspace.max_level)


def load_workspaces(assessments: list[Assessment]) -> list[Workspace]:
    """Several assessments at once (the growth page): one query for all their answers."""
    by_assessment: dict[int, list] = {assessment.pk: [] for assessment in assessments}
    for answer in Answer.objects.filter(assessment__in=list(by_assessment)):
        by_assessment[answer.assessment_id].append(answer)
    return [_workspace(assessment, by_assessment[assessment.pk]) for assessment in assessments]


# Rounds oldest to newest: light to dark. "Nu" bars are solid, "Gewenst" bars white with a border.
GROWTH_COLOURS = ["#8aa89b", "#4f8a70", "#0b6e4f", "#074a35", "#2d3f8c"]


def growth_chart(workspaces: list[Workspace], *, narrow: bool = False):
    """Per part of the profile, now and desired in each round (oldest first), matched by code."""
    series, rows = [], []
    for index, workspace in enumerate(workspaces):
        colour = GROWTH_COLOURS[index % len(GROWTH_COLOURS)]
        when = workspace.assessment.created_at.strftime("%d-%m-%Y")
        series.append(chart.Series(f"current{index}", _("Nu %(date)s") % {"date": when}, colour))
        series.append(chart.Series(f"desired{index}", _("Gewenst %(date)s") % {"date": when}, colour, fill="#ffffff"))
    newest = workspaces[-1]
    for section in newest.sections:
        values = {}
        for index, workspace in enumerate(workspaces):
            match = next((s for s in workspace.sections if s.section.code == section.section.code), None)
            values[f"current{index}"] = match.average_current if match else None
            values[f"desired{index}"] = match.average_desired if match else None
        rows.append((f"{section.section.code} {section.section.title}", values))
    layout = chart.narrow_bar_chart if narrow else chart.bar_chart
    return layout(rows, series=series, max_level=max(workspace.max_level for workspace in workspaces))
