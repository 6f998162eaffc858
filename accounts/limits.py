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
    """Count one mail against every (limit name, subject) pair; False if that is over any limit.

    Counting first and then looking makes it hold under concurrent requests (`incr` is atomic
    in Redis and in locmem): twenty requests in the same second cannot all see "19". A refused
    attempt counts too, so whoever keeps trying stays refused until the window ends.
    """
    limits = _limits()
    over = False
    for name, subject in checks:
        limit = limits[name]
        key = _key(limit, subject)
        cache.add(key, 0, timeout=limit.window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window starts with this mail
            cache.add(key, 1, timeout=limit.window)
            count = 1
        over = over or count > limit.count
    return not over
