"""A framework version's content, read once per process.

A loaded version never changes: changed text is a new version, and `load_framework --replace`
recreates the version, which gives it a new `loaded_at`. So the content can be kept in memory
keyed by (id, loaded_at), and every page and autosave skips reading 160 items again.
"""

from dataclasses import dataclass
from functools import lru_cache

from .models import FrameworkVersion, Item, ScaleLevel


@dataclass(frozen=True)
class VersionContent:
    items: tuple  # Item objects in document order, with their kind; treat as read-only
    scale_levels: tuple  # ScaleLevel objects by value

    @property
    def scale_values(self) -> set[int]:
        return {level.value for level in self.scale_levels}


def version_content(version: FrameworkVersion) -> VersionContent:
    return _content(version.pk, version.loaded_at)


@lru_cache(maxsize=64)
def _content(version_id: int, loaded_at) -> VersionContent:
    return VersionContent(
        items=tuple(Item.objects.filter(version_id=version_id).select_related("kind").order_by("position")),
        scale_levels=tuple(ScaleLevel.objects.filter(version_id=version_id).order_by("value")),
    )
