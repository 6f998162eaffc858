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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    """The file cannot be loaded as it is; each problem says where (line, item, field) and why."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


@dataclass(frozen=True)
class LoadResult:
    version: FrameworkVersion
    outcome: str  # "created", "unchanged" or "replaced"


class Located(dict):
    """A mapping from a YAML file that remembers the line it starts on."""

    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        # An alias repeats a whole subtree: a few lines could expand into gigabytes. Frameworks need none.
        if self.check_event(yaml.events.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, _("verwijzingen (*naam) zijn niet toegestaan"), self.peek_event().start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        mapping = Located(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
# Data read from a file can be written out again as plain YAML.
yaml.SafeDumper.add_representer(Located, yaml.representer.SafeRepresenter.represent_dict)


def parse_yaml(text: str, *, where: str) -> dict:
    """YAML text as data whose mappings know their line, validated; raises FrameworkFileError."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader that records lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = _(", regel %(line)s") % {"line": mark.line + 1} if mark else ""
        problem = getattr(error, "problem", None) or error
        raise FrameworkFileError(
            f"{where}{at}: " + _("geen geldige YAML: %(problem)s") % {"problem": problem}
        ) from None
    validate(data, where=where)
    return data


def decode(raw: bytes, *, where: str) -> str:
    """Bytes as UTF-8 text; text in another encoding is refused with the line it goes wrong on."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FrameworkFileError(
            f"{where}, "
            + _(
                "regel %(line)s: de tekst is geen UTF-8 (byte 0x%(byte)02x). "
                "Sla het bestand op als UTF-8 en probeer het opnieuw."
            )
            % {"line": line, "byte": raw[error.start]}
        ) from None


def read_framework_file(path: Path) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise FrameworkFileError(f"{path}: " + _("kan het bestand niet lezen: %(error)s") % {"error": error}) from None
    return parse_yaml(decode(raw, where=str(path)), where=str(path))


KIND_NAMES = {
    str: gettext_lazy("een niet-lege tekst"),
    int: gettext_lazy("een geheel getal"),
    list: gettext_lazy("een lijst"),
    dict: gettext_lazy("een blok met velden"),
}


def no_such_item(code) -> str:
    return _("er is geen onderdeel met code %(code)r") % {"code": code}


class _Problems(list):
    def add(self, where: str, node, message: str) -> None:
        line = getattr(node, "line", None)
        at = _(", regel %(line)s") % {"line": line} if line else ""
        self.append(f"{where}{at}: {message}")


def _require(problems, mapping, key, where, kind=str):
    """The value, or None after noting what is wrong with it."""
    if not isinstance(mapping, dict) or key not in mapping:
        problems.add(where, mapping, _("'%(key)s' ontbreekt") % {"key": key})
        return None
    value = mapping[key]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        problems.add(where, mapping, _("'%(key)s' moet %(kind)s zijn") % {"key": key, "kind": KIND_NAMES[kind]})
        return None
    return value


def _row(problems, option, where, previous: int) -> int | None:
    """The option's row (1 when it names none), or None after noting what is wrong. Rows follow
    each other in the list without gaps: every option of row 1, then of row 2, and so on."""
    if not isinstance(option, dict):
        return None
    row = option.get("row", 1)
    if isinstance(row, bool) or not isinstance(row, int) or row < 1:
        problems.add(where, option, _("'row' moet een geheel getal vanaf 1 zijn, nu: %(row)r") % {"row": row})
        return None
    if previous == 0 and row != 1:
        problems.add(where, option, _("'row': de eerste keuze hoort in rij 1, niet in rij %(row)s") % {"row": row})
    elif previous and row not in (previous, previous + 1):
        problems.add(
            where,
            option,
            _(
                "'row': rij %(row)s na rij %(previous)s; zet de keuzes rij voor rij onder elkaar "
                "(eerst rij 1, dan rij 2, …), zonder een rij over te slaan"
            )
            % {"row": row, "previous": previous},
        )
    return row


def _no_duplicates(problems, entries, where):
    """`entries`: (code, node) pairs; every second occurrence of a code is a problem."""
    seen = {}
    for code, node in entries:
        if code is None:
            continue
        if code in seen:
            first = getattr(seen[code], "line", None)
            message = _("code %(code)r komt twee keer voor") % {"code": code}
            if first:
                message += " " + _("(eerst op regel %(line)s)") % {"line": first}
            problems.add(where, node, message)
        seen.setdefault(code, node)


def _nest_flat_items(problems, data, where) -> None:
    """Top-level items may name their `parent` instead of sitting in its `children` (a flat list
    is easier to keep in a spreadsheet); move them under it, or say that the parent is missing."""
    items = data.get("items")
    if not isinstance(items, list) or not any(isinstance(n, dict) and "parent" in n for n in items):
        return
    by_code = {}

    def index(nodes):
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict) and isinstance(node.get("code"), str):
                by_code.setdefault(node["code"], node)
                index(node.get("children", []))

    index(items)
    roots = []
    for node in items:
        parent_code = node.get("parent") if isinstance(node, dict) else None
        if parent_code is None:
            roots.append(node)
            continue
        parent = by_code.get(str(parent_code))
        code = node.get("code")
        if parent is None:
            problems.add(f"{where}: item {code}", node, "'parent': " + no_such_item(parent_code))
            continue
        ancestor, steps = parent, 0
        while ancestor is not None and steps < len(by_code) + 1:
            if ancestor is node:
                break
            ancestor, steps = by_code.get(str(ancestor.get("parent"))), steps + 1
        if ancestor is node:
            problems.add(
                f"{where}: item {code}",
                node,
                _("'parent': %(code)r ligt binnen dit onderdeel zelf") % {"code": parent_code},
            )
            continue
        node.pop("parent")
        parent.setdefault("children", []).append(node)
    data["items"] = roots


def validate(data, *, where: str) -> None:
    """Check the whole file before anything touches the database; report every problem at once."""
    problems = _Problems()
    if not isinstance(data, dict):
        raise FrameworkFileError(
            f"{where}: " + _("het bestand moet velden met waarden bevatten (framework, version, …)")
        )
    framework = _require(problems, data, "framework", where, dict)
    if framework is not None:
        _require(problems, framework, "code", f"{where}: framework")
        _require(problems, framework, "name", f"{where}: framework")
    version = _require(problems, data, "version", where, dict)
    if version is not None:
        label = version.get("label")
        if isinstance(label, int | float):
            version["label"] = str(label)
        _require(problems, version, "label", f"{where}: version")

    kinds = _require(problems, data, "kinds", where, list) or []
    kind_codes = []
    for kind in kinds:
        code = _require(problems, kind, "code", f"{where}: kinds")
        kind_codes.append((code, kind))
        _require(problems, kind, "name", f"{where}: kind {code}")
    _no_duplicates(problems, kind_codes, f"{where}: kinds")
    known_kinds = {code for code, _ in kind_codes}

    scale = _require(problems, data, "scale", where, list) or []
    values = []
    for level in scale:
        value = _require(problems, level, "value", f"{where}: scale", int)
        values.append(value)
        _require(problems, level, "label", f"{where}: scale level {value}")
    if scale and None not in values and sorted(values) != list(range(1, len(values) + 1)):
        missing = sorted(set(range(1, max(values) + 1)) - set(values))
        problems.add(
            f"{where}: scale",
            data["scale"][0],
            _("de waarden moeten 1 tot en met n zijn, zonder gaten; nu: %(values)s") % {"values": values}
            + (" " + _("(ontbreekt: %(missing)s)") % {"missing": missing} if missing else ""),
        )

    variables = data.get("context") or []
    variable_codes = []
    for variable in variables:
        code = _require(problems, variable, "code", f"{where}: context")
        variable_codes.append((code, variable))
        _require(problems, variable, "name", f"{where}: context {code}")
        options = _require(problems, variable, "options", f"{where}: context {code}", list) or []
        option_codes = [(_require(problems, o, "code", f"{where}: context {code}"), o) for o in options]
        _no_duplicates(problems, option_codes, f"{where}: context {code}")
        previous_row = 0
        for option_code, option in option_codes:
            option_where = f"{where}: context {code} option {option_code}"
            _require(problems, option, "label", option_where)
            row = _row(problems, option, option_where, previous_row)
            previous_row = row or previous_row
    _no_duplicates(problems, variable_codes, f"{where}: context")

    _nest_flat_items(problems, data, where)
    codes = []

    def walk(nodes, parent_where, parent):
        if not isinstance(nodes, list):
            problems.add(parent_where, parent, _("'children' moet een lijst zijn"))
            return
        for node in nodes:
            code = _require(problems, node, "code", parent_where)
            node_where = f"{where}: item {code}"
            codes.append((code, node))
            kind = _require(problems, node, "kind", node_where)
            if kind is not None and kind not in known_kinds:
                problems.add(node_where, node, _("'kind': onbekende soort %(kind)r") % {"kind": kind})
            _require(problems, node, "title", node_where)
            if isinstance(node, dict):
                walk(node.get("children", []), node_where, node)

    walk(_require(problems, data, "items", where, list) or [], where, data)
    _no_duplicates(problems, codes, f"{where}: items")

    known = {code for code, _ in codes}
    link_types = {code for code, _ in ItemLink.TYPES}
    seen_links = set()
    for link in data.get("links") or []:
        origin = _require(problems, link, "from", f"{where}: links")
        destination = _require(problems, link, "to", f"{where}: link from {origin}")
        if origin is None or destination is None:
            continue
        link_where = f"{where}: link {origin} -> {destination}"
        for field, end in (("from", origin), ("to", destination)):
            if end not in known:
                problems.add(link_where, link, f"'{field}': " + no_such_item(end))
        if origin == destination:
            problems.add(link_where, link, _("een onderdeel kan niet met zichzelf verbonden zijn"))
        link_type = link.get("type", "isRelatedTo")
        if link_type not in link_types:
            problems.add(link_where, link, _("'type': onbekend soort verband %(type)r") % {"type": link_type})
        if (origin, destination, link_type) in seen_links:
            problems.add(link_where, link, _("dit verband komt twee keer voor"))
        seen_links.add((origin, destination, link_type))

    profiles = data.get("profiles") or []
    profile_codes = []
    for profile in profiles:
        code = _require(problems, profile, "code", f"{where}: profiles")
        profile_codes.append((code, profile))
        profile_where = f"{where}: profile {code}"
        _require(problems, profile, "name", profile_where)
        for item_code in _require(problems, profile, "items", profile_where, list) or []:
            if item_code not in known:
                problems.add(profile_where, profile, "'items': " + no_such_item(item_code))
    _no_duplicates(problems, profile_codes, f"{where}: profiles")

    if problems:
        raise FrameworkFileError("\n".join(problems), list(problems))


def content_hash(data: dict) -> str:
    """A fingerprint of everything that belongs to the version (not the framework's name)."""
    content = {key: data.get(key) for key in ("version", "kinds", "scale", "context", "items")}
    # Rows came later too: an option in row 1 says so or not, and a file without rows keeps its fingerprint.
    content["context"] = [
        {**variable, "options": [{k: v for k, v in o.items() if (k, v) != ("row", 1)} for o in variable["options"]]}
        for variable in content["context"] or []
    ] or content["context"]
    # Links and example profiles came later: a file without them keeps the fingerprint it had.
    content.update({key: data[key] for key in ("links", "profiles") if data.get(key)})
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def load_framework(data: dict, *, publish: bool = True, replace: bool = False) -> LoadResult:
    """Create the version described by `data`, or confirm that it is already there unchanged."""
    fingerprint = content_hash(data)
    spec = data["framework"]
    framework, _created = Framework.objects.get_or_create(
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
                _(
                    "%(code)s %(label)s is al geladen, met andere tekst. Veranderde tekst is een nieuwe versie: "
                    "geef hem een nieuw label. Alleen een versie die nog niets gebruikt, kun je vervangen (--replace)."
                )
                % {"code": framework.code, "label": label}
            )
        try:
            with transaction.atomic():
                existing.items.all().delete()  # items first: they protect their kinds
                existing.delete()
        except (ProtectedError, RestrictedError):
            raise FrameworkFileError(
                _(
                    "%(code)s %(label)s wordt gebruikt door zelfscans en kan niet herschreven worden. "
                    "Laad de veranderde tekst als een nieuwe versie."
                )
                % {"code": framework.code, "label": label}
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
            ContextOption(
                variable=variable,
                code=option["code"],
                label=option["label"],
                position=index,
                row=option.get("row", 1),
            )
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
