"""Importing a framework file with a dry run first: what would be new, changed or removed.

`read_upload` reads YAML or a CASE 1.1 package (JSON) from bytes and validates it;
`dry_run` compares it with the framework's current version without writing anything. The Django
admin (`catalog.admin`) and `load_framework --dry-run` both use these two.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from .case import CaseError, package_to_data
from .loading import FrameworkFileError, content_hash, decode, parse_yaml, validate
from .models import Framework, FrameworkVersion

# The 2025 profile is 100 kB as YAML and 400 kB as CASE JSON; 5 MB leaves room for far larger ones.
MAX_UPLOAD_BYTES = getattr(settings, "FRAMEWORK_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)


def read_upload(name: str, raw: bytes) -> dict:
    """A framework file's bytes as validated data; raises FrameworkFileError naming every problem."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise FrameworkFileError(too_large_message(len(raw)))
    text = decode(raw, where=name)
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            package = json.loads(text)
        except json.JSONDecodeError as error:
            raise FrameworkFileError(
                f"{name}, "
                + _("regel %(line)s: geen geldige JSON: %(error)s") % {"line": error.lineno, "error": error.msg}
            ) from None
        try:
            data = package_to_data(package)
        except CaseError as error:
            problems = [f"{name}: {problem}" for problem in error.problems]
            raise FrameworkFileError("\n".join(problems), problems) from None
        validate(data, where=name)
        return data
    return parse_yaml(text, where=name)


def too_large_message(size: int) -> str:
    return _("Het bestand is %(size)s MB; de grens is %(limit)s MB. Er is niets gelezen of opgeslagen.") % {
        "size": round(size / 1024 / 1024),
        "limit": round(MAX_UPLOAD_BYTES / 1024 / 1024),
    }


class UploadLimit(FileUploadHandler):
    """Refuses an upload by its size before any of it is kept: a body larger than the limit has its
    files skipped unread (the view then sees `request.upload_too_large`), and so does a file part that
    grows past it."""

    def __init__(self, request, limit: int = MAX_UPLOAD_BYTES):
        super().__init__(request)
        self.limit = limit
        request.upload_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.limit + 64 * 1024:  # room for the form's other fields
            self.request.upload_too_large = True
            self.request.upload_size = content_length
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.request.upload_too_large:
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            self.request.upload_size = start + len(raw_data)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


@dataclass
class Change:
    code: str
    title: str
    fields: list[tuple[str, str, str]]  # (field, before, after)


@dataclass
class DryRun:
    framework_code: str
    framework_name: str
    label: str
    current: FrameworkVersion | None
    new: list[tuple[str, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # scale, kinds, context, links, example profiles

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.removed or self.other)

    def summary(self) -> str:
        against = f"against {self.current.label}" if self.current else "a new framework"
        return (
            f"{self.framework_code} {self.label} ({against}): {len(self.new)} new, "
            f"{len(self.changed)} changed, {len(self.removed)} removed"
        )

    def lines(self) -> list[str]:
        out = [self.summary()]
        out += [f"  + {code} {title}" for code, title in self.new]
        for change in self.changed:
            for name, before, after in change.fields:
                out.append(f"  ~ {change.code} {name}: {_short(before)!r} -> {_short(after)!r}")
        out += [f"  - {code} {title}" for code, title in self.removed]
        out += [f"  * {line}" for line in self.other]
        return out


def _short(text: str, length: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _rows_text(options) -> str:
    """(code, label, row) triples as the form shows them: rows apart (" / "), options in a row by commas."""
    rows: dict[int, list[str]] = {}
    for _code, label, row in options:
        rows.setdefault(row, []).append(label)
    return " / ".join(", ".join(rows[row]) for row in sorted(rows))


def _flatten(data: dict) -> dict[str, dict]:
    rateable_by_kind = {kind["code"]: bool(kind.get("rateable", False)) for kind in data["kinds"]}
    flat: dict[str, dict] = {}

    def walk(nodes, parent):
        for node in nodes:
            code = str(node["code"])
            flat[code] = {
                "title": node["title"].strip(),
                "description": (node.get("description") or "").strip(),
                "kind": node["kind"],
                "parent": parent or "",
                "rateable": bool(node.get("rateable", rateable_by_kind[node["kind"]])),
            }
            walk(node.get("children", []), code)

    walk(data["items"], None)
    return flat


def _current_items(version: FrameworkVersion) -> dict[str, dict]:
    return {
        item.code: {
            "title": item.title,
            "description": item.description,
            "kind": item.kind.code,
            "parent": item.parent.code if item.parent_id else "",
            "rateable": item.rateable,
        }
        for item in version.items.select_related("kind", "parent").order_by("position")
    }


FIELDS = ("title", "description", "kind", "parent", "rateable")


def dry_run(data: dict) -> DryRun:
    """What loading `data` would change, against the framework's current version. Writes nothing.

    A label that is already loaded is a problem here, with the same text or not: a new version needs
    a new label (and loading the same text again would change nothing).
    """
    spec = data["framework"]
    label = str(data["version"]["label"])
    framework = Framework.objects.filter(code=spec["code"]).first()
    if framework and framework.versions.filter(label=label).exists():
        existing = framework.versions.get(label=label)
        same = existing.content_hash == content_hash(data)
        values = {"code": spec["code"], "label": label}
        if same:
            message = _("%(code)s %(label)s is al geladen, met precies deze tekst. Er is niets te importeren.")
        else:
            message = _("%(code)s %(label)s is al geladen, met andere tekst. Een nieuwe versie krijgt een nieuw label.")
        raise FrameworkFileError("version, 'label': " + message % values)
    current = None
    if framework:
        current = framework.current_version() or framework.versions.order_by("-loaded_at", "-id").first()
    result = DryRun(framework_code=spec["code"], framework_name=spec["name"], label=label, current=current)
    incoming = _flatten(data)
    if current is None:
        result.new = [(code, item["title"]) for code, item in incoming.items()]
        return result

    existing = _current_items(current)
    result.new = [(code, item["title"]) for code, item in incoming.items() if code not in existing]
    result.removed = [(code, item["title"]) for code, item in existing.items() if code not in incoming]
    for code, item in incoming.items():
        before = existing.get(code)
        if before is None:
            continue
        fields = [(name, str(before[name]), str(item[name])) for name in FIELDS if before[name] != item[name]]
        if fields:
            result.changed.append(Change(code=code, title=item["title"], fields=fields))

    scale_before = list(current.scale_levels.order_by("value").values_list("value", "label", "description"))
    scale_after = [(s["value"], s["label"], s.get("description", "")) for s in data["scale"]]
    if scale_before != scale_after:
        result.other.append(
            "scale: "
            + ", ".join(f"{v} {lbl}" for v, lbl, _ in scale_before)
            + " -> "
            + ", ".join(f"{v} {lbl}" for v, lbl, _ in scale_after)
        )
    kinds_before = list(current.kinds.order_by("position").values_list("code", "name"))
    kinds_after = [(k["code"], k["name"]) for k in data["kinds"]]
    if kinds_before != kinds_after:
        result.other.append("kinds: " + ", ".join(c for c, _ in kinds_after))
    context_before = {
        v.code: (v.name, [(o.code, o.label, o.row) for o in v.options.all()])
        for v in current.context_variables.prefetch_related("options").order_by("position")
    }
    context_after = {
        v["code"]: (v["name"], [(o["code"], o["label"], o.get("row", 1)) for o in v["options"]])
        for v in data.get("context") or []
    }
    if [(code, v[0]) for code, v in context_before.items()] != [(code, v[0]) for code, v in context_after.items()]:
        result.other.append("context variables: " + (", ".join(v[0] for v in context_after.values()) or "none"))
    for code, (name, options) in context_after.items():
        before = context_before.get(code, (name, options))[1]
        if before != options:
            what = "rows" if [o[:2] for o in before] == [o[:2] for o in options] else "options"
            result.other.append(f"context {name}, {what}: {_rows_text(before)} -> {_rows_text(options)}")
    links_before = set(current.links.values_list("origin__code", "destination__code", "link_type"))
    links_after = {(str(k["from"]), str(k["to"]), k.get("type", "isRelatedTo")) for k in data.get("links") or []}
    if links_before != links_after:
        result.other.append(f"links: {len(links_after - links_before)} new, {len(links_before - links_after)} removed")
    profiles_before = {
        p.code: (p.name, sorted(p.items.values_list("code", flat=True))) for p in current.example_profiles.all()
    }
    profiles_after = {p["code"]: (p["name"], sorted(map(str, p["items"]))) for p in data.get("profiles") or []}
    if profiles_before != profiles_after:
        result.other.append("example profiles: " + (", ".join(name for name, _ in profiles_after.values()) or "none"))
    return result
