"""Every page a person can reach by following links, once per kind of page: what the widths test
and bench/screenshots.py walk through, so a new page is checked without being listed anywhere.

A kind of page is its path with numbers and tokens replaced (`/assessments/N/plan/`); the first
page of each kind found is visited. Downloads, the admin, logging out and other sites are left
out. Following links only reads (GET): every change in the app is a POST.
"""

import re
from urllib.parse import urlsplit

LEFT_OUT = re.compile(
    r"^/(admin|static|media|i18n)/|/logout/|\.(pdf|xlsx|csv|docx|json|png|svg|zip)$|/(pdf|xlsx|csv|docx|qr)/$"
)

LINKS = """() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"""


def kind_of(path: str) -> str:
    """`/f/Zk3…/` and `/assessments/12/plan/` → `/f/T/` and `/assessments/N/plan/`."""
    path = re.sub(r"/[A-Za-z0-9_-]{16,}(?=/|$)", "/T", path)
    return re.sub(r"\d+", "N", path)


def same_site_path(href: str | None) -> str | None:
    """The path of a link within this site, without query or fragment; None for anything else."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return None if LEFT_OUT.search(parts.path) else parts.path


def crawl(page, starts: list[str], *, limit: int = 80, seen: set | None = None):
    """Visit every one of `starts`, then every new kind of page linked from the pages visited,
    breadth first. Yields each path once the page has loaded (the caller checks it), with the
    response status. `seen`: kinds of page already visited (by someone else), updated."""
    seen = set() if seen is None else seen
    queue = [(path, True) for path in starts]
    visited = 0
    while queue and visited < limit:
        path, always = queue.pop(0)
        kind = kind_of(path)
        if kind in seen and not always:
            continue
        seen.add(kind)
        response = page.goto(path)
        visited += 1
        yield path, response.status if response else None
        if response and response.ok:
            for href in page.evaluate(LINKS):
                found = same_site_path(href)
                if found and kind_of(found) not in seen:
                    queue.append((found, False))
