from types import SimpleNamespace

from catalog.tree import build_tree, rateable_summary


def item(pk, parent_id=None, kind="k", rateable=False, description=""):
    return SimpleNamespace(
        pk=pk, parent_id=parent_id, kind=kind, kind_id=kind, rateable=rateable, description=description
    )


def test_it_builds_the_tree_in_document_order():
    roots = build_tree([item(1), item(2, 1), item(3, 2), item(4, 1), item(5)])
    assert [node.item.pk for node in roots] == [1, 5]
    assert [node.item.pk for node in roots[0].children] == [2, 4]
    assert roots[0].children[0].children[0].depth == 2


def test_it_groups_consecutive_list_entries_of_one_kind():
    roots = build_tree(
        [
            item(1, description="Area"),
            item(2, 1, kind="competentie"),
            item(3, 1, kind="competentie"),
            item(4, 1, kind="kennis"),
            item(5, 4, kind="kennisgebied"),
            item(6, 1, kind="competentie"),
        ]
    )
    groups = roots[0].groups
    assert [(group.kind, group.is_section, len(group.nodes)) for group in groups] == [
        ("competentie", False, 2),
        ("kennis", True, 1),
        ("competentie", False, 1),
    ]


def test_it_summarises_rateable_items_per_kind_in_kind_order():
    kinds = [SimpleNamespace(pk="a", name_plural="Aspecten"), SimpleNamespace(pk="b", name_plural="Bouwstenen")]
    items = [item(1, kind="b", rateable=True), item(2, kind="a", rateable=True), item(3, kind="a")]
    assert rateable_summary(kinds, items) == [{"name": "Aspecten", "count": 1}, {"name": "Bouwstenen", "count": 1}]
