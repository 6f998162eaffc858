"""Load a framework version from a YAML file in `fixtures/`.

The rule: a version's text never changes under an assessment. Loading the same file
twice changes nothing; a file whose text differs from a version that is already loaded
is refused, unless the caller asks to replace it and nothing uses that version yet.
Changed text in a version that is in use means a new version label.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from .models import (
    ContextOption,
    ContextVariable,
    ExampleProfile,
    Framework,
    FrameworkVersion,
    Item,
    ItemKind,
    ItemLink,
    ScaleLevel,
)


class FrameworkFileError(Exception):
    """The file cannot be loaded as it is; the message says where and why."""


@dataclass(frozen=True)
class LoadResult:
    version: FrameworkVersion
    outcome: str  # "created", "unchanged" or "replaced"


def read_framework_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FrameworkFileError(f"{path}: cannot read: {error}") from None
    validate(data, where=str(path))
    return data


def _require(mapping, key, where, kind=str):
    if not isinstance(mapping, dict) or key not in mapping:
        raise FrameworkFileError(f"{where}: '{key}' is missing")
    value = mapping[key]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise FrameworkFileError(f"{where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def validate(data, *, where: str) -> None:
    """Check the whole file before anything touches the database."""
    if not isinstance(data, dict):
        raise FrameworkFileError(f"{where}: the file must hold a mapping")
    framework = _require(data, "framework", where, dict)
    _require(framework, "code", f"{where}: framework")
    _require(framework, "name", f"{where}: framework")
    _require(_require(data, "version", where, dict), "label", f"{where}: version")

    kinds = _require(data, "kinds", where, list)
    kind_codes = [_require(kind, "code", f"{where}: kinds") for kind in kinds]
    for kind in kinds:
        _require(kind, "name", f"{where}: kind {kind['code']}")
    _no_duplicates(kind_codes, f"{where}: kinds")

    scale = _require(data, "scale", where, list)
    values = [_require(level, "value", f"{where}: scale", int) for level in scale]
    for level in scale:
        _require(level, "label", f"{where}: scale level {level['value']}")
    if sorted(values) != list(range(1, len(values) + 1)):
        raise FrameworkFileError(f"{where}: scale values must be 1..n without gaps, got {values}")

    variables = data.get("context", [])
    _no_duplicates([_require(v, "code", f"{where}: context") for v in variables], f"{where}: context")
    for variable in variables:
        _require(variable, "name", f"{where}: context {variable['code']}")
        options = _require(variable, "options", f"{where}: context {variable['code']}", list)
        codes = [_require(option, "code", f"{where}: context {variable['code']}") for option in options]
        _no_duplicates(codes, f"{where}: context {variable['code']}")
        for option in options:
            _require(option, "label", f"{where}: context {variable['code']} option {option['code']}")

    codes = []

    def walk(nodes, parent_where):
        if not isinstance(nodes, list):
            raise FrameworkFileError(f"{parent_where}: 'children' must be a list")
        for node in nodes:
            code = _require(node, "code", parent_where)
            node_where = f"{where}: item {code}"
            codes.append(code)
            if _require(node, "kind", node_where) not in kind_codes:
                raise FrameworkFileError(f"{node_where}: unknown kind {node['kind']!r}")
            _require(node, "title", node_where)
            walk(node.get("children", []), node_where)

    walk(_require(data, "items", where, list), where)
    _no_duplicates(codes, f"{where}: items")

    known = set(codes)
    link_types = {code for code, _ in ItemLink.TYPES}
    seen_links = set()
    for link in data.get("links", []) or []:
        origin = _require(link, "from", f"{where}: links")
        destination = _require(link, "to", f"{where}: link from {origin}")
        link_where = f"{where}: link {origin} -> {destination}"
        for end in (origin, destination):
            if end not in known:
                raise FrameworkFileError(f"{link_where}: there is no item with code {end!r}")
        if origin == destination:
            raise FrameworkFileError(f"{link_where}: an item cannot be linked to itself")
        link_type = link.get("type", "isRelatedTo")
        if link_type not in link_types:
            raise FrameworkFileError(f"{link_where}: unknown type {link_type!r}")
        if (origin, destination, link_type) in seen_links:
            raise FrameworkFileError(f"{link_where}: occurs twice")
        seen_links.add((origin, destination, link_type))

    profiles = data.get("profiles", []) or []
    _no_duplicates([_require(p, "code", f"{where}: profiles") for p in profiles], f"{where}: profiles")
    for profile in profiles:
        profile_where = f"{where}: profile {profile['code']}"
        _require(profile, "name", profile_where)
        for code in _require(profile, "items", profile_where, list):
            if code not in known:
                raise FrameworkFileError(f"{profile_where}: there is no item with code {code!r}")


def _no_duplicates(codes, where):
    seen = set()
    for code in codes:
        if code in seen:
            raise FrameworkFileError(f"{where}: code {code!r} occurs twice")
        seen.add(code)


def content_hash(data: dict) -> str:
    """A fingerprint of everything that belongs to the version (not the framework's name)."""
    content = {key: data.get(key) for key in ("version", "kinds", "scale", "context", "items")}
    # Links and example profiles came later: a file without them keeps the fingerprint it had.
    content.update({key: data[key] for key in ("links", "profiles") if data.get(key)})
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def load_framework(data: dict, *, publish: bool = True, replace: bool = False) -> LoadResult:
    """Create the version described by `data`, or confirm that it is already there unchanged."""
    fingerprint = content_hash(data)
    spec = data["framework"]
    framework, _ = Framework.objects.get_or_create(
        code=spec["code"],
        defaults={
            "name": spec["name"],
            "publisher": spec.get("publisher", ""),
            "description": spec.get("description", ""),
        },
    )
    label = str(data["version"]["label"])
    existing = FrameworkVersion.objects.select_for_update().filter(framework=framework, label=label).first()
    if existing and existing.content_hash == fingerprint:
        return LoadResult(existing, "unchanged")
    if existing:
        if not replace:
            raise FrameworkFileError(
                f"{framework.code} {label} is already loaded with different text. "
                "Changed text means a new version: give it a new label. "
                "Only a version that nothing uses yet can be replaced (--replace)."
            )
        try:
            with transaction.atomic():
                existing.items.all().delete()  # items first: they protect their kinds
                existing.delete()
        except (ProtectedError, RestrictedError):
            raise FrameworkFileError(
                f"{framework.code} {label} is in use by assessments and cannot be rewritten. "
                "Load the changed text as a new version."
            ) from None

    version = FrameworkVersion.objects.create(
        framework=framework,
        label=label,
        source=data["version"].get("source", ""),
        content_hash=fingerprint,
        published_at=timezone.now() if publish else None,
    )
    _create_content(version, data)
    return LoadResult(version, "replaced" if existing else "created")


def _create_content(version: FrameworkVersion, data: dict) -> None:
    kinds = ItemKind.objects.bulk_create(
        ItemKind(
            version=version,
            code=kind["code"],
            name=kind["name"],
            name_plural=kind.get("name_plural", kind["name"]),
            position=position,
        )
        for position, kind in enumerate(data["kinds"], start=1)
    )
    kind_by_code = {kind.code: kind for kind in kinds}
    rateable_by_kind = {kind["code"]: bool(kind.get("rateable", False)) for kind in data["kinds"]}

    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            version=version, value=level["value"], label=level["label"], description=level.get("description", "")
        )
        for level in data["scale"]
    )

    for position, spec in enumerate(data.get("context", []), start=1):
        variable = ContextVariable.objects.create(
            version=version,
            code=spec["code"],
            name=spec["name"],
            description=spec.get("description", ""),
            position=position,
        )
        ContextOption.objects.bulk_create(
            ContextOption(variable=variable, code=option["code"], label=option["label"], position=index)
            for index, option in enumerate(spec["options"], start=1)
        )

    # Number the items in document order, then create them one tree level at a time so
    # that every parent has its primary key before its children are inserted.
    levels: list[list[Item]] = []
    counter = 0

    def number(nodes, depth, parent):
        nonlocal counter
        for node in nodes:
            counter += 1
            item = Item(
                version=version,
                parent=parent,
                kind=kind_by_code[node["kind"]],
                code=str(node["code"]),
                title=node["title"].strip(),
                description=(node.get("description") or "").strip(),
                position=counter,
                rateable=node.get("rateable", rateable_by_kind[node["kind"]]),
            )
            if len(levels) <= depth:
                levels.append([])
            levels[depth].append(item)
            number(node.get("children", []), depth + 1, item)

    number(data["items"], 0, None)
    for level in levels:
        Item.objects.bulk_create(level)  # parents got their keys with the level above

    item_by_code = {item.code: item for level in levels for item in level}
    ItemLink.objects.bulk_create(
        ItemLink(
            version=version,
            origin=item_by_code[str(link["from"])],
            destination=item_by_code[str(link["to"])],
            link_type=link.get("type", "isRelatedTo"),
            position=position,
        )
        for position, link in enumerate(data.get("links") or [], start=1)
    )
    for position, spec in enumerate(data.get("profiles") or [], start=1):
        profile = ExampleProfile.objects.create(
            version=version,
            code=spec["code"],
            name=spec["name"],
            description=(spec.get("description") or "").strip(),
            position=position,
        )
        profile.items.set([item_by_code[str(code)] for code in spec["items"]])
