"""How many mails one account can make the server send, and how many one address receives.

Counted in Django's cache (locmem by default; Redis through `CACHE_URL` when several app
servers share the work): a counter per key that lives for one window. The first hit in a
window creates it with `cache.add`, later hits `cache.incr` it; when the window is over the
counter expires and counting starts again. A limit of 3 per hour is therefore "at most 3
in any window that started with a hit", which is what a person notices.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60
DAY = 24 * HOUR


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds


def _limits() -> dict[str, Limit]:
    configured = settings.MAIL_LIMITS
    return {name: Limit(name, count, window) for name, (count, window) in configured.items()}


def _key(limit: Limit, subject: str) -> str:
    # Addresses are personal data: the cache holds a hash of them, not the address.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"mail-limit:{limit.name}:{digest}"


def _count(key: str) -> int:
    return cache.get(key) or 0


def allowed(*checks: tuple[str, str]) -> bool:
    """Whether one more mail fits in every (limit name, subject) pair; counts nothing."""
    limits = _limits()
    return all(_count(_key(limits[name], subject)) < limits[name].count for name, subject in checks)


def hit(*checks: tuple[str, str]) -> bool:
    """Count one mail against every pair, if it fits in all of them. False: over a limit, nothing counted."""
    if not allowed(*checks):
        return False
    limits = _limits()
    for name, subject in checks:
        limit = limits[name]
        key = _key(limit, subject)
        if not cache.add(key, 1, timeout=limit.window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr: a new window starts
                cache.add(key, 1, timeout=limit.window)
    return True
