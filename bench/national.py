"""National-scale benchmark: the demo database beside one with 100,000 coordinators, in one run.

Run: .venv/bin/python bench/national.py [--coordinators 100000] [--rounds 15] [--keep]

1. Creates `bench_national_<stamp>` (migrate, load_framework, demo) and copies it
   (`CREATE DATABASE … TEMPLATE`) to `…_big`, where PostgreSQL COPY (psycopg 3 `cursor.copy`) adds
   the country: `--coordinators` accounts (default 100,000; about a tenth of them leidinggevende of
   a team) in organisations averaging 20 people (5,000 at the default size), three organisations
   of 2,000 members, one of them with a team of 500 coordinators, and one organisation as large
   as its page (231 people in 20 teams, one of them 40 coordinators who all shared: one page of
   the matrix); each person a zelfscan with 80–100 answers, 0–3 goals with their items, half of
   the coordinators sharing with their manager (about 9 million answers at the default size).
   Then VACUUM ANALYZE.
2. Starts Django in this process with the production settings (DEBUG off, PostgreSQL) and asks
   both databases, through Django's test Client, for the same pages: a trivial view (the login
   form, anonymous: the baseline), logging in, the heaviest keuzemodel section, one autosave, the
   overview, the team matrix and its drill-down into that section, the organisation page and the
   data export. On the demo database the team and organisation are the demo's; on the big one,
   the team of 500 and an organisation of 2,000, and for the pages of a team or organisation also
   those of one page (the same rows shown: what is left grows with the team or organisation), and the
   demo's own team and organisation (the same page as on the demo database, with 100,000 more people).
   Each round asks the databases in turn (each first as often), so load on this shared machine
   hits all alike; reported are medians, ratios to the trivial view of the same database,
   big/demo, and large/one page.
3. Counts the queries of every page on both databases (they must be equal: constant query
   counts), and EXPLAINs every query of every page on the big database, listing each sequential
   scan on a table of more than 50,000 rows.
4. Drops both databases (unless --keep) and writes bench/results/national-latest.txt.
"""

import argparse
import datetime
import io
import json
import os
import random
import re
import signal
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_bench import (  # noqa: E402  (bench/ is not a package)
    ROOT,
    SECRET_KEY,
    SERVER,
    admin_connection,
    collect_static,
    drop_databases,
    first_rateable_item,
    heaviest_section,
    log,
    machine,
    manage,
    next_ids,
    rateable_items_and_levels,
    save_results,
    table,
)

RESULTS = ROOT / "bench" / "results" / "national-latest.txt"
LARGE_TABLE = 50_000  # rows: a sequential scan on a table larger than this is reported
PAGED = ("team matrix", "team matrix section", "organisation")  # pages of a team or organisation, a page at a time
BIG_ORGANISATIONS = 3  # of BIG_ORGANISATION members each
BIG_ORGANISATION = 2_000
BIG_TEAM = 500  # coordinators in one team (of the first big organisation), with one manager
TEAM = 10  # other teams: one manager and nine coordinators
# Beside the large team and organisation, one as large as their pages: a team whose PAGE_TEAM
# coordinators all shared (one page of the matrix, teams.views.MATRIX_PAGE_SIZE), in an organisation of
# PAGE_TEAMS teams (one page of team cards, accounts.selectors.TEAMS_PAGE_SIZE) and more than a page
# of people. Page for page against the large ones, what is left is what grows beyond the page.
PAGE_TEAM = 40
PAGE_TEAMS = 20
PAGE_ORGANISATION = PAGE_TEAM + 1 + (PAGE_TEAMS - 1) * TEAM  # 231 people
COORDINATOR = "coordinator@example.org"
PASSWORD = "demo"

TABLES = [
    "accounts_user",
    "accounts_organisation",
    "accounts_organisationmembership",
    "accounts_team",
    "accounts_teammembership",
    "assessments_assessment",
    "assessments_answer",
    "assessments_goal",
    "assessments_goal_rounds",
    "assessments_goal_items",
    "assessments_share",
]


# ---------------------------------------------------------------------------------------
# The country, written with COPY


def text_row(values) -> str:
    """One line of COPY's text format (None is \\N; our values hold no tab, newline or backslash)."""
    return (
        "\t".join(
            "\\N" if value is None else ("t" if value is True else "f" if value is False else str(value))
            for value in values
        )
        + "\n"
    )


class Copier:
    """Writes rows to one table through COPY, in chunks of text."""

    def __init__(self, cursor, table_name: str, columns: list[str]):
        self.statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table_name), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        self.cursor = cursor
        self.buffer = io.StringIO()
        self.count = 0
        self.copy = None

    def __enter__(self):
        self._context = self.cursor.copy(self.statement)
        self.copy = self._context.__enter__()
        return self

    def row(self, *values) -> None:
        self.buffer.write(text_row(values))
        self.count += 1
        if self.count % 20_000 == 0:
            self.flush()

    def flush(self) -> None:
        self.copy.write(self.buffer.getvalue())
        self.buffer = io.StringIO()

    def __exit__(self, *exc):
        if exc[0] is None:
            self.flush()
        return self._context.__exit__(*exc)


def organisation_sizes(total: int, rng: random.Random) -> list[int]:
    """The organisation of PAGE_ORGANISATION people (runs of twice that or more), BIG_ORGANISATIONS of
    BIG_ORGANISATION people (a smaller run: one of half of them), the rest in organisations of 5–33
    (19 on average)."""
    page = [PAGE_ORGANISATION] if total >= 2 * PAGE_ORGANISATION else []
    total -= sum(page)
    count = BIG_ORGANISATIONS if total >= 2 * BIG_ORGANISATIONS * BIG_ORGANISATION else 1  # smaller runs: one
    big = [BIG_ORGANISATION] * count if total >= 2 * BIG_ORGANISATION else [total // 2]
    sizes, left = [*page, *big], total - sum(big)
    while left > 0:
        size = min(left, rng.randint(5, 33))
        sizes.append(size)
        left -= size
    return sizes


def generate(url: str, total: int, version: int, seed: int = 2026) -> dict:
    """Add `total` people to the database at `url`; returns counts and the big team and organisation."""
    rng = random.Random(seed)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    written: dict[str, int] = {}
    with psycopg.connect(url) as connection:
        ids = next_ids(connection, TABLES)
        items, low, high = rateable_items_and_levels(connection, version)
        sizes = organisation_sizes(total, rng)
        # The rows are consistent by construction: skip the foreign-key triggers (checked at COMMIT,
        # they doubled the load time). Needs a superuser, as the postgres user here is.
        connection.execute("SET session_replication_role = replica")
        cursor = connection.cursor()
        user, organisation, team = ids["accounts_user"], ids["accounts_organisation"], ids["accounts_team"]
        membership, team_membership = ids["accounts_organisationmembership"], ids["accounts_teammembership"]
        # people: (user id, team id, is manager, manager's user id)
        people: list[tuple[int, int, bool, int]] = []
        organisations, teams = [], []
        big_team = big_organisation = page_team = page_organisation = None
        for index, size in enumerate(sizes):
            organisations.append((organisation, f"Landelijk {index:05d}"))
            members = list(range(user, user + size))
            user += size
            # teams: the page's team first (in the first organisation), the big team first in the next,
            # then teams of TEAM
            groups = []
            rest = members
            if index == 0 and total >= 2 * PAGE_ORGANISATION:  # see organisation_sizes
                groups.append(rest[: PAGE_TEAM + 1])
                rest = rest[PAGE_TEAM + 1 :]
                page_team, page_organisation = team, organisation
            elif big_team is None:
                groups.append(rest[: BIG_TEAM + 1])
                rest = rest[BIG_TEAM + 1 :]
                big_team, big_organisation = team, organisation
            groups += [rest[start : start + TEAM] for start in range(0, len(rest), TEAM)]
            for number, group in enumerate(groups):
                teams.append((team, organisation, f"Team {number + 1}"))
                for position, member in enumerate(group):
                    people.append((member, team, position == 0, group[0]))
                team += 1
            organisation += 1
        orgs_of_user = {}
        for (org_pk, _name), size, start in zip(
            organisations, sizes, _starts(sizes, ids["accounts_user"]), strict=True
        ):
            for member in range(start, start + size):
                orgs_of_user[member] = org_pk

        with Copier(
            cursor,
            "accounts_user",
            [
                "id",
                "password",
                "is_superuser",
                "email",
                "name",
                "is_staff",
                "is_active",
                "date_joined",
                "email_verified_at",
                "language",
            ],
        ) as copy:
            for member, _team, _manager, _boss in people:
                copy.row(
                    member,
                    "!",
                    False,
                    f"land{member}@example.org",
                    f"Coördinator {member}",
                    False,
                    True,
                    now,
                    now,
                    "nl",
                )
            written["users"] = copy.count
        with Copier(cursor, "accounts_organisation", ["id", "name", "created_at"]) as copy:
            for pk, name in organisations:
                copy.row(pk, name, now)
            written["organisations"] = copy.count
        with Copier(cursor, "accounts_team", ["id", "organisation_id", "name", "created_at"]) as copy:
            for pk, org_pk, name in teams:
                copy.row(pk, org_pk, name, now)
        with Copier(
            cursor, "accounts_organisationmembership", ["id", "organisation_id", "user_id", "is_admin", "created_at"]
        ) as copy:
            for n, (member, _team, manager, _boss) in enumerate(people):
                copy.row(membership + n, orgs_of_user[member], member, manager, now)
        with Copier(cursor, "accounts_teammembership", ["id", "team_id", "user_id", "role", "created_at"]) as copy:
            for n, (member, team_pk, manager, _boss) in enumerate(people):
                copy.row(team_membership + n, team_pk, member, "manager" if manager else "coordinator", now)

        assessment = ids["assessments_assessment"]
        assessment_of = {}
        with Copier(
            cursor,
            "assessments_assessment",
            [
                "id",
                "status",
                "role_title",
                "created_at",
                "updated_at",
                "finalised_at",
                "owner_id",
                "version_id",
                "visited_sections",
            ],
        ) as copy:
            for member, _team, _manager, _boss in people:
                final = rng.random() < 0.2
                copy.row(
                    assessment,
                    "final" if final else "draft",
                    "Coördinator vrijwilligers",
                    now,
                    now,
                    now if final else None,
                    member,
                    version,
                    "[]",
                )
                assessment_of[member] = assessment
                assessment += 1
            written["assessments"] = copy.count

        answered: dict[int, list[int]] = {}
        answer = ids["assessments_answer"]
        with Copier(
            cursor,
            "assessments_answer",
            ["id", "assessment_id", "item_id", "applies", "current", "desired", "note", "revision", "updated_at"],
        ) as copy:
            for pk in assessment_of.values():
                ticked = answered[pk] = []
                for index in sorted(rng.sample(range(len(items)), rng.randint(80, 100))):
                    applies = rng.random() < 0.85
                    current = rng.randint(low, high) if applies else None
                    desired = min(high, current + rng.choice((0, 0, 1, 1, 2))) if applies else None
                    note = "Een voorbeeld uit mijn werk van de afgelopen maanden." if rng.random() < 0.1 else ""
                    if applies:
                        ticked.append(items[index])
                    copy.row(answer, pk, items[index], applies, current, desired, note, 1, now)
                    answer += 1
            written["answers"] = copy.count

        # A goal belongs to its owner and is in the plan of the rounds it was made in (`rounds`).
        goal, goal_items, goal_rounds = ids["assessments_goal"], [], []
        with Copier(
            cursor,
            "assessments_goal",
            [
                "id",
                "owner_id",
                "title",
                "actions",
                "support",
                "status",
                "closed_at",
                "revision",
                "created_at",
                "updated_at",
            ],
        ) as copy:
            for member, pk in assessment_of.items():
                for n in range(rng.randint(0, 3)):
                    pool = answered[pk]
                    for item in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
                        goal_items.append((goal, item))
                    goal_rounds.append((goal, pk))
                    status = rng.choice(("planned", "active", "done"))
                    closed = now if status == "done" else None
                    copy.row(goal, member, f"Doel {n + 1}", "Een cursus volgen.", "Tijd.", status, closed, 1, now, now)
                    goal += 1
            written["goals"] = copy.count
        with Copier(cursor, "assessments_goal_rounds", ["id", "goal_id", "assessment_id"]) as copy:
            for n, (goal_pk, round_pk) in enumerate(goal_rounds):
                copy.row(ids["assessments_goal_rounds"] + n, goal_pk, round_pk)
        with Copier(cursor, "assessments_goal_items", ["id", "goal_id", "item_id"]) as copy:
            for n, (goal_pk, item) in enumerate(goal_items):
                copy.row(ids["assessments_goal_items"] + n, goal_pk, item)
            written["goal items"] = copy.count
        with Copier(cursor, "assessments_share", ["id", "assessment_id", "viewer_id", "created_at"]) as copy:
            for member, team_pk, manager, boss in people:
                if not manager and (member % 2 or team_pk == page_team):  # half; the page's team all
                    copy.row(ids["assessments_share"] + copy.count, assessment_of[member], boss, now)
            written["shares"] = copy.count
        for name in TABLES:
            connection.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence({name}, 'id'), (SELECT max(id) FROM {table}))").format(
                    name=sql.Literal(name), table=sql.Identifier(name)
                )
            )

    def manager_of(team_pk):
        return next((member for member, pk, manager, _boss in people if pk == team_pk and manager), None)

    def size_of(team_pk):
        return sum(1 for _member, pk, _m, _b in people if pk == team_pk)

    return {
        "written": written,
        "team": big_team,
        "team_members": size_of(big_team),
        "manager": manager_of(big_team),
        "organisation": big_organisation,
        "page_team": page_team,
        "page_team_members": size_of(page_team),
        "page_manager": manager_of(page_team),
        "page_organisation": page_organisation,
        "organisations": len(sizes),
        "largest": max(sizes),
    }


def _starts(sizes: list[int], first: int):
    start = first
    for size in sizes:
        yield start
        start += size


# ---------------------------------------------------------------------------------------
# Measuring, in this process, with Django


def setup_django(url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="profiel.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=url,
        CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("WHITENOISE_USE_FINDERS", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


_connections: dict = {}  # database name: its own Django connection, kept open between requests


def use(database: str) -> None:
    """Make `database` the one Django's "default" alias talks to (the two databases have the same catalog
    ids). Each database keeps a connection of its own, open, as an app server with CONN_MAX_AGE does:
    switching never reconnects, so no request pays for a new PostgreSQL backend and its cold caches (an
    earlier version closed and reopened on every switch, about 7 ms that fell on whichever page came first
    after one)."""
    from django.db import connections

    current = connections["default"]
    if current.settings_dict["NAME"] == database:
        return
    _connections[current.settings_dict["NAME"]] = current
    wrapper = _connections.get(database)
    if wrapper is None:
        wrapper = connections.create_connection("default")
        wrapper.settings_dict = {**wrapper.settings_dict, "NAME": database}
    connections["default"] = wrapper


class Site:
    """One database: who looks at what there."""

    def __init__(self, name: str, database: str, team: int, manager: int, organisation: int):
        from django.test import Client

        from accounts.models import OrganisationMembership, User
        from assessments.models import Assessment

        use(database)
        self.name, self.database = name, database
        coordinator = User.objects.get(email=COORDINATOR)
        # The round in progress: the demo's coordinator also has earlier rounds, made final.
        self.assessment = Assessment.objects.self_assessments().filter(owner=coordinator).order_by("-created_at")[0]
        self.coordinator = Client()
        self.coordinator.force_login(coordinator)
        self.manager = Client()
        self.manager.force_login(User.objects.get(pk=manager))
        admin = OrganisationMembership.objects.filter(organisation_id=organisation, is_admin=True).first().user
        self.admin = Client()
        self.admin.force_login(admin)
        self.team, self.organisation = team, organisation
        self.anonymous = Client()  # one client (a new one builds Django's middleware again)
        self.revision = 0
        self.saves = 0
        self.response = None  # the last one
        self.shown: dict[str, str] = {}  # page: what it showed (see `shown`)

    def pages(self, section: str, item: str) -> dict:
        base = f"/assessments/{self.assessment.pk}"

        def trivial():
            self.anonymous.cookies.clear()  # a new visitor
            return self.anonymous.get("/account/login/")

        def login():
            self.anonymous.cookies.clear()
            return self.anonymous.post("/account/login/", {"username": COORDINATOR, "password": PASSWORD})

        def keuzemodel():
            response = self.coordinator.get(f"{base}/keuzemodel/{section}/")
            found = re.search(
                rf'name="revision" value="(\d+)" id="revision-{re.escape(item)}"', response.content.decode()
            )
            if found:
                self.revision = int(found.group(1))
            return response

        def autosave():
            self.saves += 1
            data = {
                "applies": "1",
                "current": str(2 + self.saves % 2),
                "desired": str(3 + self.saves % 2),
                "note": f"Benchmark, opslag {self.saves}.",
                "revision": str(self.revision),
            }
            response = self.coordinator.post(f"{base}/answers/{item}/", data, HTTP_HX_REQUEST="true")
            found = re.search(rf'value="(\d+)" id="revision-{re.escape(item)}" hx-swap-oob', response.content.decode())
            if found:
                self.revision = int(found.group(1))
            elif response.status_code == 200:
                response.status_code = 599  # answered, but not with a saved fragment
            return response

        return {
            "trivial": (trivial, 200),
            "login": (login, 302),
            "keuzemodel": (keuzemodel, 200),
            "autosave": (autosave, 200),
            "overview": (lambda: self.coordinator.get(f"{base}/overview/"), 200),
            "team matrix": (lambda: self.manager.get(f"/teams/{self.team}/matrix/"), 200),
            "team matrix section": (lambda: self.manager.get(f"/teams/{self.team}/matrix/{section}/"), 200),
            "organisation": (lambda: self.admin.get(f"/account/organisations/{self.organisation}/"), 200),
            "data export": (lambda: self.coordinator.get("/assessments/my-data.json"), 200),
        }


def call(site: Site, name: str, step) -> float:
    function, status = step
    use(site.database)
    start = time.perf_counter()
    response = function()
    seconds = time.perf_counter() - start
    if response.status_code != status:
        raise RuntimeError(f"{site.name} {name}: HTTP {response.status_code} (expected {status})")
    site.response = response
    return seconds


def large_tables() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return {name: rows for name, rows in cursor.fetchall() if rows > LARGE_TABLE}


def seq_scans(plan: dict, large: dict[str, int]) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in large:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += seq_scans(child, large)
    return found


def explain(queries: list[str], large: dict[str, int]) -> list[tuple[str, str]]:
    """(table, query) for every sequential scan on a large table in the plans of `queries`."""
    from django.db import connection, transaction

    found = []
    for query in queries:
        if not query.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE", "WITH")):
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + query)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for name in seq_scans(plan[0]["Plan"], large):
                found.append((name, " ".join(query.split())[:240]))
            transaction.set_rollback(True)
    return found


def capture(site: Site, steps: dict) -> dict[str, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    captured = {}
    for name, step in steps.items():
        use(site.database)
        if name in PAGED:
            call(site, name, step)  # a second view, as timed (see `run`)
        with CaptureQueriesContext(connection) as context:
            call(site, name, step)
        captured[name] = [query["sql"] for query in context.captured_queries]
        site.shown[name] = shown(name, site.response.content.decode())
    return captured


def shown(page: str, html: str) -> str:
    """What a page of a team or organisation shows: members in the matrix, people and team cards."""
    if page.startswith("team matrix"):
        members = html.count('class="matrix-member"')
        return f"{members} members"
    if page == "organisation":
        return f"{html.count('list-group-item py-3')} people, {html.count('team-card')} team cards"
    return ""


# ---------------------------------------------------------------------------------------


def prepare(args, databases: dict[str, str]) -> dict:
    """Both databases, filled; what the measurements need to know about them."""
    urls = {name: f"{SERVER}/{database}" for name, database in databases.items()}
    context = {}
    log(f"database {databases['demo']}: migrate, load_framework, demo")
    manage(urls["demo"], "migrate", "--noinput")
    manage(urls["demo"], "load_framework")
    manage(urls["demo"], "demo", debug=True)
    log(f"static files: {collect_static(urls['demo'])}")
    with psycopg.connect(urls["demo"]) as connection:
        version = connection.execute(
            "SELECT a.version_id FROM assessments_assessment a JOIN accounts_user u ON u.id = a.owner_id "
            "WHERE u.email = %s ORDER BY a.id LIMIT 1",
            (COORDINATOR,),
        ).fetchone()[0]
        section, count = heaviest_section(connection, version)
        item = first_rateable_item(connection, version, section)
        demo_team, demo_manager = connection.execute(
            "SELECT tm.team_id, tm.user_id FROM accounts_teammembership tm JOIN accounts_user u ON u.id = tm.user_id "
            "WHERE u.email = 'manager@example.org' AND tm.role = 'manager' ORDER BY tm.id LIMIT 1"
        ).fetchone()
        demo_organisation = connection.execute(
            "SELECT organisation_id FROM accounts_team WHERE id = %s", (demo_team,)
        ).fetchone()[0]
        demo_members = connection.execute(
            "SELECT count(*) FROM accounts_teammembership WHERE team_id = %s", (demo_team,)
        ).fetchone()[0]
    log(f"database {databases['big']}: a copy of the demo database, plus {args.coordinators:,} people (COPY)")
    start = time.perf_counter()
    with admin_connection() as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(databases["big"]), sql.Identifier(databases["demo"])
            )
        )
    made = generate(urls["big"], args.coordinators, version)
    copied = time.perf_counter() - start
    log(f"written in {copied:.0f} s: {made['written']}; VACUUM ANALYZE")
    for database, url in zip(databases.values(), urls.values(), strict=True):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")
            # As docs/deploy.md asks of production: the planner told that random reads cost little
            # more than sequential ones (SSD, data in memory). With the default 4.0 it joined a team
            # of 500 or an organisation of 2,000 to their users by reading all 100,000 (25-30 ms).
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET random_page_cost = {}").format(
                    sql.Identifier(database), sql.Literal(args.random_page_cost)
                )
            )
    context["generated"] = (
        ", ".join(f"{value:,} {key}" for key, value in made["written"].items())
        + f" in {made['organisations']:,} organisations; COPY {copied:.0f} s, with VACUUM ANALYZE"
        f" {time.perf_counter() - start:.0f} s"
    )
    with psycopg.connect(urls["big"]) as connection:
        for key, organisation in (
            ("big_org_members", made["organisation"]),
            ("page_org_members", made["page_organisation"]),
        ):
            context[key] = connection.execute(
                "SELECT count(*) FROM accounts_organisationmembership WHERE organisation_id = %s", (organisation,)
            ).fetchone()[0]

    context.update(
        version=version,
        section=section,
        items=count,
        item=item,
        demo_team=demo_team,
        demo_manager=demo_manager,
        demo_organisation=demo_organisation,
        demo_members=demo_members,
        made=made,
    )
    return context


def run(args, databases: dict[str, str]) -> str:
    urls = {name: f"{SERVER}/{database}" for name, database in databases.items()}
    prepared = Path(f"/tmp/{databases['demo']}.json")
    if args.existing:
        context = json.loads(prepared.read_text())
        log(f"static files: {collect_static(urls['demo'])}")
    else:
        context = prepare(args, databases)
        if args.keep:
            prepared.write_text(json.dumps(context))
    context.update(date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), machine=machine())
    made, section, item = context["made"], context["section"], context["item"]
    demo_team, demo_manager, demo_organisation = (
        context["demo_team"],
        context["demo_manager"],
        context["demo_organisation"],
    )
    setup_django(urls["demo"])
    from accounts.selectors import TEAMS_PAGE_SIZE
    from teams.views import MATRIX_PAGE_SIZE

    if (MATRIX_PAGE_SIZE, TEAMS_PAGE_SIZE) != (PAGE_TEAM, PAGE_TEAMS):
        raise RuntimeError("PAGE_TEAM and PAGE_TEAMS are no longer the sizes of the pages")
    sites = {
        "demo": Site("demo", databases["demo"], demo_team, demo_manager, demo_organisation),
        "big": Site("big", databases["big"], made["team"], made["manager"], made["organisation"]),
    }
    if made["page_team"] is not None:  # the big database again, with the team and organisation of one page each
        page_site = made["page_team"], made["page_manager"], made["page_organisation"]
        sites["page"] = Site("page", databases["big"], *page_site)
    # The big database once more, as the demo's own leidinggevende and admin: the very pages of the demo
    # database, with 100,000 more people around them.
    sites["home"] = Site("home", databases["big"], demo_team, demo_manager, demo_organisation)
    steps = {name: site.pages(section, item) for name, site in sites.items()}
    for name in ("page", "home"):
        if name in steps:
            steps[name] = {page: step for page, step in steps[name].items() if page in PAGED}

    log("warming up, counting the queries of every page, EXPLAIN on the big database")
    for name, site in sites.items():  # caches filled (catalog, templates) before counting
        for page, step in steps[name].items():
            call(site, page, step)
    queries = {name: capture(site, steps[name]) for name, site in sites.items()}
    use(databases["big"])
    large = large_tables()
    scans = {page: explain(found, large) for page, found in queries["big"].items()}
    scans.update({f"{page}, the demo's": explain(found, large) for page, found in queries["home"].items()})

    log(f"timing: {args.warmup} + {args.rounds} rounds, the databases in turn")
    times = {name: {page: [] for page in steps[name]} for name in sites}
    for round_ in range(args.warmup + args.rounds):
        for page in steps["demo"]:
            order = [name for name in sites if page in steps[name]]
            shift = round_ % len(order)  # each goes first as often
            for name in order[shift:] + order[:shift]:
                if page in PAGED:
                    # A second view on every database: the autosave just before changed the demo's
                    # coordinator, who shares with the demo team, so its first view would re-add the team's
                    # cells while the large team's are kept. The first view after a change has a benchmark
                    # of its own: bench/team_cells_miss.py.
                    call(sites[name], page, steps[name][page])
                seconds = call(sites[name], page, steps[name][page])
                if round_ >= args.warmup:
                    times[name][page].append(seconds)
    context["shown"] = {name: site.shown for name, site in sites.items()}
    context.update(large=large, rounds=args.rounds, warmup=args.warmup, random_page_cost=args.random_page_cost)
    return report(context, times, queries, scans)


def report(context: dict, times: dict, queries: dict, scans: dict) -> str:
    made, shown = context["made"], context["shown"]
    team = f"{context['demo_members']} / {made['team_members']} members"
    labels = {
        "trivial": "trivial view (login form, GET)",
        "login": "login (POST, password hash)",
        "keuzemodel": f"keuzemodel section {context['section']}",
        "autosave": "autosave (htmx POST)",
        "overview": "overview",
        "team matrix": f"team matrix ({team})",
        "team matrix section": f"team matrix section {context['section']} ({team})",
        "organisation": f"organisation page (demo / {context['big_org_members']:,} members)",
        "data export": "data export (my-data.json)",
    }
    median = {
        name: {page: statistics.median(samples) * 1000 for page, samples in pages.items()}
        for name, pages in times.items()
    }
    lines = [
        f"Profielwijzer national benchmark, {context['date']}",
        f"machine: {context['machine']}",
        "method: Django's test Client in one process, production settings (DEBUG=0, PostgreSQL, persistent",
        f"        connection); {context['warmup']} warm-up + {context['rounds']} rounds, each page asked of every",
        "        site in turn (each first as often); medians; 'x triv' = the page's median over the trivial",
        "        view's median on the same database; big/demo = big median / demo median (both measured in",
        "        the same rounds; the target: <= 1.2); the pages of a team or organisation are timed on a",
        "        second view (the team's cells kept; the first view after a change: bench/team_cells_miss.py)",
        f"PostgreSQL random_page_cost = {context['random_page_cost']} on both databases (see docs/deploy.md)",
        f"big database: the demo data plus {context['generated']}",
        "",
    ]
    rows = [["", "demo ms", "x triv", "big ms", "x triv", "big/demo", "queries demo/big"]]
    for page, label in labels.items():
        demo, big = median["demo"][page], median["big"][page]
        demo_ratio, big_ratio = demo / median["demo"]["trivial"], big / median["big"]["trivial"]
        rows.append(
            [
                label,
                f"{demo:.1f}",
                f"{demo_ratio:.1f}",
                f"{big:.1f}",
                f"{big_ratio:.1f}",
                f"{big / demo:.2f}",
                _query_counts(queries, "demo", "big", page),
            ]
        )
    lines += table(rows)
    lines += ["", "what the pages above show, demo / big:"]
    lines += [f"  {labels[page]}: {shown['demo'][page]} / {shown['big'][page]}" for page in PAGED]
    lines += _same_pages(context, median, queries)
    if "page" in median:
        lines += _page_for_page(context, median, queries)
    lines += ["", f"sequential scans on tables of more than {LARGE_TABLE:,} rows (EXPLAIN of every query above, big):"]
    lines += ["  tables: " + ", ".join(f"{name} {rows:,}" for name, rows in sorted(context["large"].items()))]
    total = 0
    for page, found in scans.items():
        for name, query in found:
            lines.append(f"  {page}: Seq Scan on {name}: {query}")
            total += 1
    if not total:
        lines.append("  none")
    return "\n".join(lines) + "\n"


def _query_counts(queries: dict, first: str, second: str, page: str) -> str:
    """The query counts of a page on two sites: 7/7, or 7/9 GROWS when one asks more."""
    counts = len(queries[first][page]), len(queries[second][page])
    return f"{counts[0]}/{counts[1]}" + ("" if counts[0] == counts[1] else " GROWS")


def _same_pages(context: dict, median: dict, queries: dict) -> list[str]:
    """The demo's own team and organisation on both databases: the same page, 100,000 people apart."""
    paged = {
        "team matrix": f"team matrix ({context['demo_members']} members)",
        "team matrix section": f"team matrix section {context['section']} ({context['demo_members']} members)",
        "organisation": "organisation page (the demo's)",
    }
    lines = [
        "",
        "the same page, a country apart: the demo's own team and organisation, on the demo database and on the",
        "big one (the same rows; the big database holds them too); big/demo = big median / demo median",
        "",
    ]
    rows = [["", "demo ms", "big ms", "big/demo", "queries demo/big"]]
    for page, label in paged.items():
        demo, big = median["demo"][page], median["home"][page]
        rows.append(
            [
                label,
                f"{demo:.1f}",
                f"{big:.1f}",
                f"{big / demo:.2f}",
                _query_counts(queries, "demo", "home", page),
            ]
        )
    return lines + table(rows)


def _page_for_page(context: dict, median: dict, queries: dict) -> list[str]:
    """The large team and organisation beside those of one page, on the big database."""
    made, shown = context["made"], context["shown"]
    page_team = f"{made['page_team_members']} / {made['team_members']} members"
    paged = {
        "team matrix": f"team matrix ({page_team})",
        "team matrix section": f"team matrix section {context['section']} ({page_team})",
        "organisation": f"organisation page ({context['page_org_members']:,} / {context['big_org_members']:,} members)",
    }
    lines = [
        "",
        "the same rows shown, a size apart: on the big database, the team and organisation above beside a team and",
        f"organisation of one page (the matrix: {PAGE_TEAM} members a page, the team of {made['page_team_members']}:"
        f" all {PAGE_TEAM} shared; the organisation page: {PAGE_TEAMS} team",
        "cards and 50 people a page); large/page = large median / one-page median: what grows beyond the page",
        "",
    ]
    rows = [["", "page ms", "shown", "large ms", "shown", "large/page", "queries page/large"]]
    for page, label in paged.items():
        one, big = median["page"][page], median["big"][page]
        rows.append(
            [
                label,
                f"{one:.1f}",
                shown["page"][page],
                f"{big:.1f}",
                shown["big"][page],
                f"{big / one:.2f}",
                _query_counts(queries, "page", "big", page),
            ]
        )
    return lines + table(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="National-scale benchmark (PostgreSQL, COPY).")
    parser.add_argument("--coordinators", type=int, default=100_000, help="people in the big database (100,000)")
    parser.add_argument("--rounds", type=int, default=15, help="measured rounds (default 15)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up rounds (default 3)")
    parser.add_argument(
        "--random-page-cost", type=float, default=1.1, help="PostgreSQL's random_page_cost for both (default 1.1)"
    )
    parser.add_argument("--keep", action="store_true", help="keep both databases (drop them yourself)")
    parser.add_argument(
        "--existing", metavar="STAMP", help="measure the databases a --keep run left (bench_national_…)"
    )
    parser.add_argument("--no-save", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    stamp = args.existing or f"bench_national_{datetime.datetime.now():%Y%m%d_%H%M%S}"
    databases = {"demo": stamp, "big": f"{stamp}_big"}
    args.keep = args.keep or bool(args.existing)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not args.existing:
        with admin_connection() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(databases["demo"])))
    started = time.perf_counter()
    try:
        text = run(args, databases)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_databases(databases.values())
    text += f"\nwhole run {time.perf_counter() - started:.0f} s: .venv/bin/python bench/national.py"
    text += f" --coordinators {args.coordinators}\n"
    save_results(text, RESULTS, save=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
