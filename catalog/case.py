"""A framework version as a 1EdTech CASE 1.1 package, and back.

Out: `export_package(version)` gives the CFPackage as a dict: a CFDocument for the version, a
CFItem per item (humanCodingScheme = our code, fullStatement = the title, notes = the
description), an isChildOf CFAssociation for every step of the tree (top-level items are children
of the document) plus one per `ItemLink`, the kinds as CFItemTypes, and the rating scale as a
CFRubric with one criterion whose CFRubricCriterionLevels are the levels. Identifiers are UUIDs
derived from the framework code, the version label and the item code (uuid5), so exporting the
same version twice gives the same file, and the same code keeps its identifier within a version.

What CASE has no place for (rateable or not, plural names, context variables with their options
and rows, example profiles) travels in `extensions` under "profielwijzer"; a package from elsewhere loads without them.

In: `package_to_data(package)` turns a package into the same dict a YAML fixture gives, so both
formats go through one validation and one loader (`catalog.loading`).
"""

import json
import uuid
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import FrameworkVersion

CASE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://profielwijzer.nl/case/")
EXTENSION = "profielwijzer"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "case-1.1.schema.json"


def case_uuid(*parts: str) -> str:
    return str(uuid.uuid5(CASE_NAMESPACE, "/".join(parts)))


def item_identifier(item) -> str:
    """The CASE identifier of an item, as in its version's package (for exports that name it)."""
    return code_identifier(item.version, item.code)


def code_identifier(version, code: str) -> str:
    """The CASE identifier of the item with `code` in `version` (no query when the version is at hand)."""
    return case_uuid(version.framework.code, version.label, "item", code)


def _uri(identifier: str) -> str:
    return f"urn:uuid:{identifier}"


def _link(identifier: str, title: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": _uri(identifier)}


def export_package(version: FrameworkVersion) -> dict:
    framework = version.framework
    base = (framework.code, version.label)
    changed = version.loaded_at.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    document_id = case_uuid(*base)
    document_link = _link(document_id, f"{framework.name} {version.label}")

    items = list(version.items.select_related("kind").order_by("position"))
    kinds = list(version.kinds.order_by("position"))
    item_ids = {item.pk: case_uuid(*base, "item", item.code) for item in items}
    kind_ids = {kind.pk: case_uuid(*base, "type", kind.code) for kind in kinds}
    by_pk = {item.pk: item for item in items}

    variables = version.context_variables.prefetch_related("options").order_by("position")
    document = {
        "identifier": document_id,
        "uri": _uri(document_id),
        "creator": framework.publisher or framework.name,
        "title": framework.name,
        "lastChangeDateTime": changed,
        "publisher": framework.publisher,
        "description": framework.description,
        "version": version.label,
        "language": "nl",
        "adoptionStatus": "Adopted" if version.is_published else "Draft",
        "notes": version.source,
        "extensions": {
            EXTENSION: {
                "frameworkCode": framework.code,
                "contextVariables": [
                    {
                        "code": variable.code,
                        "name": variable.name,
                        "description": variable.description,
                        "options": [{"code": o.code, "label": o.label, "row": o.row} for o in variable.options.all()],
                    }
                    for variable in variables
                ],
                "exampleProfiles": [
                    {
                        "code": profile.code,
                        "name": profile.name,
                        "description": profile.description,
                        "items": [item.code for item in sorted(profile.items.all(), key=lambda i: i.position)],
                    }
                    for profile in version.example_profiles.prefetch_related("items").order_by("position")
                ],
            }
        },
    }

    cf_items = []
    for item in items:
        cf_item = {
            "identifier": item_ids[item.pk],
            "uri": _uri(item_ids[item.pk]),
            "fullStatement": item.title,
            "humanCodingScheme": item.code,
            "CFItemType": item.kind.name,
            "CFItemTypeURI": _link(kind_ids[item.kind_id], item.kind.name),
            "listEnumeration": str(item.position),
            "language": "nl",
            "CFDocumentURI": document_link,
            "lastChangeDateTime": changed,
            "extensions": {EXTENSION: {"kind": item.kind.code, "rateable": item.rateable}},
        }
        if item.description:
            cf_item["notes"] = item.description
        cf_items.append(cf_item)

    associations = []
    sequence: dict[int | None, int] = {}
    for item in items:
        sequence[item.parent_id] = sequence.get(item.parent_id, 0) + 1
        if item.parent_id:
            parent_id = item_ids[item.parent_id]
            parent_link = _link(parent_id, by_pk[item.parent_id].code)
        else:
            parent_id, parent_link = document_id, document_link
        identifier = case_uuid(*base, "isChildOf", item.code, parent_id)
        associations.append(
            _association(
                identifier, "isChildOf", _link(item_ids[item.pk], item.code), parent_link, document_link, changed
            )
            | {"sequenceNumber": sequence[item.parent_id]}
        )
    for link in version.links.order_by("position"):
        origin, destination = by_pk[link.origin_id], by_pk[link.destination_id]
        identifier = case_uuid(*base, link.link_type, origin.code, destination.code)
        associations.append(
            _association(
                identifier,
                link.link_type,
                _link(item_ids[origin.pk], origin.code),
                _link(item_ids[destination.pk], destination.code),
                document_link,
                changed,
            )
        )

    item_types = [
        {
            "identifier": kind_ids[kind.pk],
            "uri": _uri(kind_ids[kind.pk]),
            "title": kind.name,
            "description": kind.name_plural,
            "hierarchyCode": str(kind.position),
            "typeCode": kind.code,
            "lastChangeDateTime": changed,
            "extensions": {EXTENSION: {"namePlural": kind.name_plural}},
        }
        for kind in kinds
    ]

    rubric_id = case_uuid(*base, "scale")
    criterion_id = case_uuid(*base, "scale", "criterion")
    levels = [
        {
            "identifier": case_uuid(*base, "scale", str(level.value)),
            "uri": _uri(case_uuid(*base, "scale", str(level.value))),
            "quality": level.label,
            "description": level.description,
            "score": level.value,
            "position": level.value,
            "rubricCriterionId": criterion_id,
            "lastChangeDateTime": changed,
        }
        for level in version.scale_levels.order_by("value")
    ]
    rubric = {
        "identifier": rubric_id,
        "uri": _uri(rubric_id),
        "title": "Schaal",
        "description": "De niveaus waarop een aangevinkt onderdeel gescoord wordt (nu en gewenst).",
        "lastChangeDateTime": changed,
        "CFRubricCriteria": [
            {
                "identifier": criterion_id,
                "uri": _uri(criterion_id),
                "category": "Niveau",
                "description": "Geldt voor elk onderdeel dat je kunt aanvinken en scoren.",
                "position": 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": changed,
                "CFRubricCriterionLevels": levels,
            }
        ],
    }
    return {
        "CFDocument": document,
        "CFItems": cf_items,
        "CFAssociations": associations,
        "CFDefinitions": {"CFItemTypes": item_types},
        "CFRubrics": [rubric],
    }


def _association(identifier, association_type, origin, destination, document_link, changed) -> dict:
    return {
        "identifier": identifier,
        "uri": _uri(identifier),
        "associationType": association_type,
        "originNodeURI": origin,
        "destinationNodeURI": destination,
        "CFDocumentURI": document_link,
        "lastChangeDateTime": changed,
    }


def export_json(version: FrameworkVersion) -> str:
    return json.dumps(export_package(version), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------
# In


class CaseError(Exception):
    """The package cannot be loaded; `problems` name each place (JSON path) and what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_problems(package) -> list[str]:
    """Every way the package departs from the vendored CASE 1.1 schema, each with its JSON path."""
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema(), format_checker=FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(package), key=lambda e: list(map(str, e.absolute_path))):
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
        problems.append(f"{where or '(package)'}: {error.message}")
    return problems


def package_to_data(package) -> dict:
    """The package as the dict a framework YAML file gives; raises CaseError naming every problem."""
    problems = schema_problems(package)
    if problems:
        raise CaseError(problems[:50])

    document = package["CFDocument"]
    ours = (document.get("extensions") or {}).get(EXTENSION, {})
    items = package.get("CFItems", [])
    by_id = {item["identifier"]: item for item in items}

    problems = []
    seen = set()
    for index, item in enumerate(items):
        if item["identifier"] in seen:
            problems.append(
                f"CFItems[{index}] ({item.get('humanCodingScheme', '')}): " + _("deze identifier komt twee keer voor")
            )
        seen.add(item["identifier"])

    parent_of: dict[str, str] = {}
    order: dict[str, float] = {}
    links = []
    for index, association in enumerate(package.get("CFAssociations", [])):
        where = f"CFAssociations[{index}] ({association['identifier']})"
        origin = association["originNodeURI"]["identifier"]
        destination = association["destinationNodeURI"]["identifier"]
        if origin not in by_id:
            problems.append(f"{where}: originNodeURI {origin} " + _("is geen onderdeel van dit pakket"))
            continue
        if association["associationType"] == "isChildOf":
            if destination != document["identifier"] and destination not in by_id:
                problems.append(f"{where}: destinationNodeURI {destination} " + _("is geen onderdeel van dit pakket"))
                continue
            if origin in parent_of:
                problems.append(f"{where}: " + _("onderdeel %(id)s hoort al ergens anders bij") % {"id": origin})
                continue
            parent_of[origin] = destination
            order[origin] = association.get("sequenceNumber", index)
        else:
            if destination not in by_id:
                problems.append(f"{where}: destinationNodeURI {destination} " + _("is geen onderdeel van dit pakket"))
                continue
            links.append((origin, destination, association["associationType"]))
    if problems:
        raise CaseError(problems)

    def code_of(item) -> str:
        return item.get("humanCodingScheme") or item["identifier"]

    kind_specs: dict[str, dict] = {}
    type_plural = {
        t.get("typeCode") or slugify(t["title"]): ((t.get("extensions") or {}).get(EXTENSION) or {}).get(
            "namePlural", t["title"]
        )
        for t in (package.get("CFDefinitions") or {}).get("CFItemTypes", [])
    }
    children: dict[str, list[dict]] = {}
    nodes: dict[str, dict] = {}
    has_children = set(parent_of.values())
    for item in sorted(items, key=lambda i: (_number(i.get("listEnumeration")), order.get(i["identifier"], 0))):
        extension = (item.get("extensions") or {}).get(EXTENSION, {})
        kind_name = item.get("CFItemType") or "Onderdeel"
        kind = extension.get("kind") or slugify(kind_name) or "onderdeel"
        rateable = extension.get("rateable", item["identifier"] not in has_children)
        if kind not in kind_specs:
            kind_specs[kind] = {
                "code": kind,
                "name": kind_name,
                "name_plural": type_plural.get(kind, kind_name),
                "rateable": bool(rateable),
            }
        node = {"code": code_of(item), "kind": kind, "title": item["fullStatement"]}
        if item.get("notes"):
            node["description"] = item["notes"]
        if bool(rateable) != kind_specs[kind]["rateable"]:
            node["rateable"] = bool(rateable)
        nodes[item["identifier"]] = node
        children.setdefault(parent_of.get(item["identifier"], document["identifier"]), []).append(node)
    for identifier, node in nodes.items():
        if identifier in children:
            node["children"] = children[identifier]

    scale = []
    for rubric in package.get("CFRubrics", [])[:1]:
        for criterion in rubric.get("CFRubricCriteria", [])[:1]:
            for level in sorted(criterion.get("CFRubricCriterionLevels", []), key=lambda lv: lv.get("position", 0)):
                spec = {"value": level.get("score"), "label": level.get("quality") or level.get("description", "")}
                if level.get("description") and level.get("quality"):
                    spec["description"] = level["description"]
                scale.append(spec)

    framework = {
        "code": ours.get("frameworkCode") or slugify(document["title"])[:100],
        "name": document["title"],
    }
    if document.get("publisher"):
        framework["publisher"] = document["publisher"]
    if document.get("description"):
        framework["description"] = document["description"]
    data = {
        "framework": framework,
        "version": {"label": str(document.get("version") or "1")},
        "kinds": list(kind_specs.values()),
        "scale": scale,
        "items": children.get(document["identifier"], []),
    }
    if document.get("notes"):
        data["version"]["source"] = document["notes"]
    if ours.get("contextVariables"):
        data["context"] = ours["contextVariables"]
    if links:
        data["links"] = [
            {"from": code_of(by_id[origin]), "to": code_of(by_id[destination]), "type": link_type}
            for origin, destination, link_type in links
        ]
    if ours.get("exampleProfiles"):
        data["profiles"] = ours["exampleProfiles"]
    return data


def _number(text) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("inf")
