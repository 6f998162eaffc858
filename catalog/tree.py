"""Turn a version's flat, document-ordered item list into a tree. Pure: no queries."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Node:
    item: object
    depth: int
    children: list["Node"] = field(default_factory=list)

    @property
    def is_section(self) -> bool:
        """Items with content of their own get a heading; bare leaves are list entries."""
        return bool(self.children or self.item.description)

    @property
    def groups(self) -> list["Group"]:
        """Children in runs: consecutive list entries of one kind, or a single section."""
        groups: list[Group] = []
        for child in self.children:
            last = groups[-1] if groups else None
            if not child.is_section and last and not last.is_section and last.kind == child.item.kind:
                last.nodes.append(child)
            else:
                groups.append(Group(kind=child.item.kind, is_section=child.is_section, nodes=[child]))
        return groups


@dataclass
class Group:
    kind: object
    is_section: bool
    nodes: list[Node]


def build_tree(items) -> list["Node"]:
    """`items` in document order, each with `pk` and `parent_id`; returns the root nodes."""
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for item in items:
        parent = nodes.get(item.parent_id)
        node = Node(item=item, depth=parent.depth + 1 if parent else 0)
        nodes[item.pk] = node
        (parent.children if parent else roots).append(node)
    return roots


def rateable_summary(kinds, items) -> list[dict]:
    """Per kind that has rateable items, in the kinds' order: its plural name and count."""
    counts = Counter(item.kind_id for item in items if item.rateable)
    return [{"name": kind.name_plural, "count": counts[kind.pk]} for kind in kinds if counts[kind.pk]]
