"""The large team's matrix right after one member saved (the team's cells not in the cache), against a hit.

Run: .venv/bin/python bench/team_cells_miss.py --existing bench_national_<stamp> [--rounds 15]

Needs the databases a `bench/national.py --keep` run left, and the facts it wrote to /tmp/<stamp>.json.
On the big database, as the manager of the team of 500, through Django's test Client with the
production settings (national.py's `setup_django`, `use` and `Site`: one persistent connection, the
embedded cache), each round asks the team matrix and its drill-down into the heaviest section:

- hit: the page again, nothing changed;
- miss: right after one member's shared assessment got a new `updated_at`, as every save gives it
  (the answers stay): the key of the team's cells is new, everyone else is as before;
- cold: right after the whole cache was emptied (a restart, or a cache server that lost everything).

The member changed differs each round. Reported: medians, miss/hit and cold/hit, and the queries of
each. The `updated_at` values changed are put back at the end; nothing else is written.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_bench import SERVER, collect_static, log, machine, table  # noqa: E402  (bench/ is not a package)
from national import Site, setup_django, use  # noqa: E402

KINDS = ("hit", "miss", "cold")
# In this order for each page: the cold view fills the cache, which makes the next one a true miss (the
# cache as it was, one member changed), and the miss fills it for the hit.
ORDER = ("cold", "miss", "hit")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The team's cells on a miss against a hit (PostgreSQL).")
    parser.add_argument("--existing", required=True, metavar="STAMP", help="bench_national_… left by --keep")
    parser.add_argument("--rounds", type=int, default=15, help="measured rounds (default 15)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up rounds (default 3)")
    args = parser.parse_args(argv)

    context = json.loads(Path(f"/tmp/{args.existing}.json").read_text())
    made, section = context["made"], context["section"]
    database = f"{args.existing}_big"
    log(f"static files: {collect_static(f'{SERVER}/{database}')}")  # DEBUG off: the manifest
    setup_django(f"{SERVER}/{database}")
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import Team, User
    from accounts.selectors import team_coordinator_ids
    from assessments.models import Assessment
    from assessments.selectors import shared_latest_index

    site = Site("big", database, made["team"], made["manager"], made["organisation"])
    use(database)
    manager = User.objects.get(pk=made["manager"])
    shared = [row[0] for row in shared_latest_index(manager, team_coordinator_ids(Team.objects.get(pk=made["team"])))]
    changed = dict(Assessment.objects.filter(pk__in=shared).values_list("pk", "updated_at"))
    pages = {
        "team matrix": f"/teams/{made['team']}/matrix/",
        f"drill-down {section}": f"/teams/{made['team']}/matrix/{section}/",
    }
    bumped: list[int] = []

    def get(url: str) -> float:
        start = time.perf_counter()
        response = site.manager.get(url)
        seconds = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return seconds

    def before(kind: str) -> None:
        """Make the next request a cold one, a miss or a hit (see ORDER)."""
        if kind == "miss":
            pk = shared[len(bumped) % len(shared)]
            Assessment.objects.filter(pk=pk).update(updated_at=timezone.now())
            bumped.append(pk)
        elif kind == "cold":
            cache.clear()

    times = {page: {kind: [] for kind in KINDS} for page in pages}
    queries = {page: {} for page in pages}
    try:
        log(f"{database}: team {made['team']} ({len(shared)} shared of {made['team_members']}), manager {manager.pk}")
        for url in pages.values():
            get(url)  # caches filled (catalog, templates)
        for round_ in range(args.warmup + args.rounds):
            for page, url in pages.items():
                for kind in ORDER:
                    before(kind)
                    seconds = get(url)
                    if round_ >= args.warmup:
                        times[page][kind].append(seconds)
        for page, url in pages.items():
            for kind in ORDER:
                before(kind)
                with CaptureQueriesContext(connection) as captured:
                    get(url)
                queries[page][kind] = len(captured)
    finally:
        for pk in bumped:  # as the kept database was
            Assessment.objects.filter(pk=pk).update(updated_at=changed[pk])
        connection.close()

    rows = [["", *(f"{kind} ms" for kind in KINDS), "miss/hit", "cold/hit", "queries hit/miss/cold"]]
    for page in pages:
        median = {kind: statistics.median(times[page][kind]) * 1000 for kind in KINDS}
        rows.append(
            [
                f"{page} ({len(shared)} shared)",
                *(f"{median[kind]:.1f}" for kind in KINDS),
                f"{median['miss'] / median['hit']:.2f}",
                f"{median['cold'] / median['hit']:.2f}",
                "/".join(str(queries[page][kind]) for kind in KINDS),
            ]
        )
    print(f"team cells on a miss, {machine()}; {args.warmup} warm-up + {args.rounds} rounds, medians")
    print("\n".join(table(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
