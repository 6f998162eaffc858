"""End-to-end HTTP benchmark: gunicorn (2 sync workers) against a fresh PostgreSQL database.

Run: .venv/bin/python bench/http_bench.py [--users 10000] [--requests 60] [--warmup 10]

It creates a database named with a timestamp, migrates it, loads the catalog and the demo
data, serves the app with gunicorn as production does (DEBUG off, collected static files) and
measures over HTTP: the login page (the trivial baseline), the heaviest keuzemodel page and a
single htmx autosave; then 4 logged-in clients at once; then the same again beside a copy with
10,000 more users. The databases are dropped at the end, also when something fails. Figures
go to the terminal and to bench/results/http-latest.txt.

Everything the app sees comes over HTTP from this process: it never imports Django. The
database is set up with manage.py in subprocesses; the 10,000 extra users are written with
PostgreSQL COPY through psycopg.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import http.cookies
import math
import os
import platform
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "http-latest.txt"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "demo"
CLIENTS = ("coordinator@example.org", "coordinator2@example.org", "coordinator3@example.org", "manager@example.org")
WORKERS = 2
TEAM_SIZE = 10  # generated users: one manager and nine coordinators per organisation
SECRET_KEY = secrets.token_urlsafe(50)  # a fresh, long key per run


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------------------
# The database and the server


def app_env(database_url: str, *, debug: bool = False) -> dict:
    """Production-like settings from the environment; DEBUG only for the demo command."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "WHITENOISE_USE_FINDERS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="profiel.settings",
        DEBUG="1" if debug else "0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )
    return env


def manage(database_url: str, *args: str, debug: bool = False) -> None:
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=app_env(database_url, debug=debug), capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def collect_static(database_url: str) -> str:
    """With DEBUG off the manifest storage needs collected files (finders alone do not give a
    manifest). STATIC_ROOT is fixed in the settings (./staticfiles, git-ignored); collecting
    takes ~20 s, so it only runs when static/ changed since the last time."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return "up to date"
    manage(database_url, "collectstatic", "--noinput", "-v0")
    return "collected"


def admin_connection():
    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def drop_databases(databases) -> None:
    """Drop the benchmark's databases, even with a connection still open (the end of every run)."""
    with admin_connection() as connection:
        for database in databases:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            log(f"dropped database {database}")


def save_results(text: str, results: Path, *, save: bool = True) -> None:
    """Print a run's report and (unless --no-save) write it to bench/results/."""
    print()
    print(text, end="")
    if save:
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(text)
        log(f"written to {results.relative_to(ROOT)}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, database_url: str, logfile: Path):
        self.port = free_port()
        self.logfile = logfile
        command = [
            GUNICORN,
            "profiel.wsgi:application",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{self.port}",
            "--timeout=60",
            "--graceful-timeout=10",
            "--log-level=warning",
        ]
        with logfile.open("ab") as output:  # gunicorn's and Django's logs (tracebacks of 500s) go to stderr
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=app_env(database_url), stdout=output, stderr=subprocess.STDOUT
            )
        try:
            self.workers = self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> list[int]:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status = Client(self.port).request("GET", "/account/login/").status
            except OSError:
                status = None
            workers = self.worker_pids()
            if status == 200 and len(workers) == WORKERS:
                return workers
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The master's children: from /proc/<pid>/task/<pid>/children, else by scanning /proc."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            return sorted(int(child) for child in children.read_text().split())
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def peak_rss_mb(self) -> dict[int, float]:
        """VmHWM (peak resident set) of every worker, in MB."""
        peaks = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = int(line.split()[1]) / 1024
        return peaks

    def log_tail(self) -> str:
        try:
            return "\n".join(self.logfile.read_text().splitlines()[-30:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: graceful shutdown of master and workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# ---------------------------------------------------------------------------------------
# An HTTP client with its own cookies (the app's cookies are Secure; we are on plain HTTP
# to 127.0.0.1, so http.cookiejar would not send them back)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str
    seconds: float


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        send = dict(headers or {})
        body = None
        if data is not None:
            body = urlencode(data)
            send["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            send["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            start = time.perf_counter()
            connection.request(method, path, body=body, headers=send)
            response = connection.getresponse()
            content = response.read()
            seconds = time.perf_counter() - start
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, response.headers, content.decode("utf-8", "replace"), seconds)

    def login(self, email: str, password: str) -> None:
        form = self.request("GET", "/account/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or not token:
            raise RuntimeError(f"login form: HTTP {form.status}")
        data = {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
        response = self.request("POST", "/account/login/", data)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: HTTP {response.status}")


@dataclass
class Session:
    """One logged-in person working on the heaviest section of one assessment."""

    client: Client
    email: str
    assessment: int
    section: str
    item: str  # the item its autosaves go to
    revision: int = 0
    saves: int = 0

    @property
    def page_path(self) -> str:
        return f"/assessments/{self.assessment}/keuzemodel/{self.section}/"

    def page(self) -> Response:
        response = self.client.request("GET", self.page_path)
        if response.status == 200:
            found = re.search(rf'name="revision" value="(\d+)" id="revision-{re.escape(self.item)}"', response.body)
            if found:
                self.revision = int(found.group(1))
        return response

    def autosave(self) -> Response:
        self.saves += 1
        data = {
            "applies": "1",
            "current": str(2 + self.saves % 2),
            "desired": str(3 + self.saves % 2),
            "note": f"Benchmark, opslag {self.saves}: een voorbeeld uit mijn werk.",
            "revision": str(self.revision),
        }
        headers = {"HX-Request": "true", "X-CSRFToken": self.client.cookies["csrftoken"]}
        response = self.client.request("POST", f"/assessments/{self.assessment}/answers/{self.item}/", data, headers)
        found = re.search(rf'value="(\d+)" id="revision-{re.escape(self.item)}" hx-swap-oob', response.body)
        if response.status == 200 and found and "save-ok" in response.body:
            self.revision = int(found.group(1))
        elif response.status == 200:
            response.status = 0  # answered, but not the fragment an autosave returns: an error
        return response


# ---------------------------------------------------------------------------------------
# Measuring


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest rank: the smallest sample with at least `fraction` of the samples at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Figures:
    samples: list[float] = field(default_factory=list)  # seconds, as the client saw them
    cpu: list[float] = field(default_factory=list)  # seconds of server CPU per request

    @property
    def cpu_ms(self) -> float:
        return statistics.mean(self.cpu) * 1000 if self.cpu else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.samples) * 1000 if self.samples else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95) * 1000 if self.samples else float("nan")


def expect(response: Response, status: int, what: str) -> Response:
    if response.status != status:
        raise RuntimeError(f"{what}: HTTP {response.status} (expected {status})\n{response.body[:500]}")
    return response


def cpu_ns(pid: int) -> int:
    """CPU time of a (single-threaded) process so far, from the scheduler, in nanoseconds."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


class ServerCpu:
    """The CPU time the server spent on one request: the gunicorn workers and the PostgreSQL
    backends of our database. It changes much less than latency when others load the machine."""

    def __init__(self, server: "Gunicorn", connection):
        self.server = server
        self.connection = connection

    def snapshot(self) -> dict[int, int]:
        backends = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid: cpu_ns(pid) for pid in [*self.server.worker_pids(), *(row[0] for row in backends)]}

    def since(self, before: dict[int, int]) -> float:
        after = self.snapshot()
        return sum(value - before.get(pid, 0) for pid, value in after.items()) / 1e9


@dataclass
class Site:
    """One database with its own gunicorn, and the people logged in to it."""

    name: str
    database: str
    server: "Gunicorn"
    connection: psycopg.Connection
    sessions: list[Session]

    @property
    def cpu(self) -> ServerCpu:
        return ServerCpu(self.server, self.connection)


def measure(sites: list[Site], requests: int, warmup: int) -> dict[str, dict[str, Figures]]:
    """Sequential requests, one at a time. Each round asks every site for the three pages in
    turn (the sites' order alternates), so a change in the machine's load hits all alike and
    the ratio between the sites stays fair."""
    figures = {site.name: {name: Figures() for name in ("trivial", "page", "autosave")} for site in sites}
    for round_ in range(warmup + requests):
        for site in sites if round_ % 2 == 0 else reversed(sites):
            session, cpu = site.sessions[0], site.cpu
            anonymous = Client(site.server.port)  # a fresh visitor, no cookies
            steps = {
                "trivial": lambda client=anonymous: client.request("GET", "/account/login/"),
                "page": session.page,
                "autosave": session.autosave,
            }
            for name, step in steps.items():
                before = cpu.snapshot()
                response = expect(step(), 200, f"{site.name} {name}")
                used = cpu.since(before)
                if round_ >= warmup:
                    figures[site.name][name].samples.append(response.seconds)
                    figures[site.name][name].cpu.append(used)
    return figures


def cpu_ticks() -> tuple[int, int]:
    """All CPUs since boot, in clock ticks: (total, busy)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal (guest is inside user)
    return total, total - values[3] - values[4]


def process_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


class CpuMeter:
    """How much of the CPUs other people's processes used while we measured: on a shared
    machine that is the first thing to know about a figure. `ours` lists our pids (this
    client, gunicorn, the PostgreSQL backends of our database)."""

    def __init__(self, ours):
        self.ours = ours

    def start(self) -> None:
        self.pids = set(self.ours())
        self.cpu = cpu_ticks()
        self.own = {pid: process_ticks(pid) for pid in self.pids}

    def stop(self) -> float:
        total, busy = cpu_ticks()
        pids = self.pids | set(self.ours())
        own = sum(process_ticks(pid) - self.own.get(pid, 0) for pid in pids)
        return 100 * max(0, busy - self.cpu[1] - own) / max(1, total - self.cpu[0])


def wait_until_quiet(limit: float, threshold: float = 25.0) -> float:
    """Wait (up to `limit` seconds) until other processes use less than `threshold` % of the CPUs."""
    deadline = time.monotonic() + limit
    while True:
        total, busy = cpu_ticks()
        time.sleep(2)
        total2, busy2 = cpu_ticks()
        load = 100 * (busy2 - busy) / max(1, total2 - total)
        if load < threshold or time.monotonic() >= deadline:
            return load
        log(f"the machine is busy ({load:.0f}% CPU used by others), waiting up to {deadline - time.monotonic():.0f} s")


@dataclass
class Load:
    seconds: float
    requests: int
    errors: int
    page: Figures
    autosave: Figures
    rss: dict[int, float]


def concurrency(server: Gunicorn, sessions: list[Session], per_client: int) -> Load:
    """Every session in its own thread, alternating a page view and an autosave."""
    lock = threading.Lock()
    page, autosave, errors = Figures(), Figures(), []

    def work(session: Session) -> None:
        for n in range(per_client):
            kind, call = ("page", session.page) if n % 2 == 0 else ("autosave", session.autosave)
            try:
                response = call()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(f"{session.email} {kind}: {error}")
                continue
            with lock:
                if response.status != 200:
                    errors.append(f"{session.email} {kind}: HTTP {response.status}")
                else:
                    (page if kind == "page" else autosave).samples.append(response.seconds)

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        list(pool.map(work, sessions))
    seconds = time.perf_counter() - start
    for error in errors[:10]:
        log(f"error: {error}")
    return Load(seconds, per_client * len(sessions), len(errors), page, autosave, server.peak_rss_mb())


# ---------------------------------------------------------------------------------------
# The data: what the demo made, and 10,000 more users


def rateable_items_and_levels(connection, version: int) -> tuple[list[int], int, int]:
    """The ids of the version's rateable items in document order, and its lowest and highest level."""
    items = [
        row[0]
        for row in connection.execute(
            "SELECT id FROM catalog_item WHERE version_id = %s AND rateable ORDER BY position", (version,)
        )
    ]
    levels = [
        row[0] for row in connection.execute("SELECT value FROM catalog_scalelevel WHERE version_id = %s", (version,))
    ]
    return items, min(levels), max(levels)


def _tree(connection, version: int) -> list[tuple]:
    """(id, parent id, code, rateable) of the version's items, in document order."""
    return connection.execute(
        "SELECT id, parent_id, code, rateable FROM catalog_item WHERE version_id = %s ORDER BY position", (version,)
    ).fetchall()


def heaviest_section(connection, version: int) -> tuple[str, int]:
    """The top-level item with the most rateable items below it (each is a form on the page)."""
    rows = _tree(connection, version)
    root_of, counts, codes = {}, {}, {}
    for pk, parent, code, rateable in rows:
        root_of[pk] = root_of[parent] if parent else pk
        codes[pk] = code
        counts[root_of[pk]] = counts.get(root_of[pk], 0) + rateable
    root = max(counts, key=lambda pk: counts[pk])  # the first of equals, in document order
    return codes[root], counts[root]


def first_rateable_item(connection, version: int, section: str) -> str:
    rows = _tree(connection, version)
    inside = set()
    for pk, parent, code, rateable in rows:
        if code == section or parent in inside:
            inside.add(pk)
            if rateable and code != section:
                return code
    raise RuntimeError(f"section {section} has no rateable item")


def assessment_of(connection, email: str) -> int:
    """The person's own zelfscan; for the manager: their own view of a member (same pages)."""
    row = connection.execute(
        "SELECT a.id FROM assessments_assessment a JOIN accounts_user u ON u.id = a.owner_id "
        "WHERE u.email = %s ORDER BY a.subject_id IS NOT NULL DESC, a.created_at LIMIT 1"
        if email.startswith("manager")
        else "SELECT a.id FROM assessments_assessment a JOIN accounts_user u ON u.id = a.owner_id "
        "WHERE u.email = %s AND a.subject_id IS NULL ORDER BY a.created_at LIMIT 1",
        (email,),
    ).fetchone()
    if row is None:
        raise RuntimeError(f"no assessment for {email}")
    return row[0]


def next_ids(connection, tables: list[str]) -> dict[str, int]:
    return {
        table: connection.execute(
            sql.SQL("SELECT coalesce(max(id), 0) + 1 FROM {}").format(sql.Identifier(table))
        ).fetchone()[0]
        for table in tables
    }


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def generate_users(database_url: str, count: int, version: int, seed: int = 2025) -> dict[str, int]:
    """`count` users in organisations of TEAM_SIZE (one manager each), each with a zelfscan on
    `version` with 80–100 answers, 0–3 goals, and five of the nine coordinators of a team sharing
    with their manager. Ids are given explicitly (then the identity sequences are moved past them)."""
    rng = random.Random(seed)
    now = datetime.datetime.now(datetime.UTC)
    tables = [
        "accounts_user",
        "accounts_organisation",
        "accounts_organisationmembership",
        "accounts_team",
        "accounts_teammembership",
        "assessments_assessment",
        "assessments_answer",
        "assessments_goal",
        "assessments_goal_items",
        "assessments_goal_rounds",
        "assessments_share",
    ]
    written = {}
    with psycopg.connect(database_url) as connection:
        ids = next_ids(connection, tables)
        items, low, high = rateable_items_and_levels(connection, version)
        users = range(ids["accounts_user"], ids["accounts_user"] + count)
        organisations = range(ids["accounts_organisation"], ids["accounts_organisation"] + math.ceil(count / TEAM_SIZE))
        teams = range(ids["accounts_team"], ids["accounts_team"] + len(organisations))
        assessments = range(ids["assessments_assessment"], ids["assessments_assessment"] + count)

        def team_of(n):
            return n // TEAM_SIZE

        def is_manager(n):
            return n % TEAM_SIZE == 0

        cursor = connection.cursor()
        written["users"] = copy_rows(
            cursor,
            "accounts_user",
            ["id", "password", "is_superuser", "email", "name", "is_staff", "is_active", "date_joined"],
            (
                (pk, "!", False, f"bench{n:05d}@example.org", f"Bench {n:05d}", False, True, now)
                for n, pk in enumerate(users)
            ),
        )
        copy_rows(
            cursor,
            "accounts_organisation",
            ["id", "name", "created_at"],
            ((pk, f"Bench organisatie {n}", now) for n, pk in enumerate(organisations)),
        )
        copy_rows(
            cursor,
            "accounts_team",
            ["id", "organisation_id", "name", "created_at"],
            ((pk, organisations[n], "Vrijwilligers", now) for n, pk in enumerate(teams)),
        )
        copy_rows(
            cursor,
            "accounts_organisationmembership",
            ["id", "organisation_id", "user_id", "is_admin", "created_at"],
            (
                (ids["accounts_organisationmembership"] + n, organisations[team_of(n)], pk, is_manager(n), now)
                for n, pk in enumerate(users)
            ),
        )
        copy_rows(
            cursor,
            "accounts_teammembership",
            ["id", "team_id", "user_id", "role", "created_at"],
            (
                (
                    ids["accounts_teammembership"] + n,
                    teams[team_of(n)],
                    pk,
                    "manager" if is_manager(n) else "coordinator",
                    now,
                )
                for n, pk in enumerate(users)
            ),
        )
        written["assessments"] = copy_rows(
            cursor,
            "assessments_assessment",
            ["id", "status", "role_title", "created_at", "updated_at", "owner_id", "version_id", "visited_sections"],
            (
                (
                    pk,
                    "draft",
                    "Coördinator vrijwilligers",
                    now - datetime.timedelta(days=rng.randint(0, 700)),
                    now,
                    users[n],
                    version,
                    "[]",
                )
                for n, pk in enumerate(assessments)
            ),
        )

        answered: dict[int, list[int]] = {}

        def answers():
            pk = ids["assessments_answer"]
            for assessment in assessments:
                chosen = sorted(rng.sample(range(len(items)), rng.randint(80, 100)))
                answered[assessment] = []
                for index in chosen:
                    applies = rng.random() < 0.85
                    current = rng.randint(low, high) if applies else None
                    desired = min(high, current + rng.choice((0, 0, 1, 1, 2))) if applies else None
                    note = "Een voorbeeld uit mijn werk van de afgelopen maanden." if rng.random() < 0.1 else ""
                    if applies:
                        answered[assessment].append(items[index])
                    yield pk, assessment, items[index], applies, current, desired, note, rng.randint(1, 3), now
                    pk += 1

        written["answers"] = copy_rows(
            cursor,
            "assessments_answer",
            ["id", "assessment_id", "item_id", "applies", "current", "desired", "note", "revision", "updated_at"],
            answers(),
        )

        goal_items, goal_rounds = [], []

        def goals():
            pk = ids["assessments_goal"]
            for owner, assessment in zip(users, assessments, strict=True):
                for n in range(rng.randint(0, 3)):
                    pool = answered[assessment]
                    for item in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
                        goal_items.append((pk, item))
                    goal_rounds.append((pk, assessment))
                    status = rng.choice(("planned", "active", "done"))
                    closed = now if status == "done" else None
                    yield pk, owner, f"Doel {n + 1}", "Een cursus volgen.", "Tijd.", status, closed, 1, now, now
                    pk += 1

        written["goals"] = copy_rows(
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
            goals(),
        )
        copy_rows(
            cursor,
            "assessments_goal_rounds",
            ["id", "goal_id", "assessment_id"],
            ((ids["assessments_goal_rounds"] + n, goal, round_) for n, (goal, round_) in enumerate(goal_rounds)),
        )
        copy_rows(
            cursor,
            "assessments_goal_items",
            ["id", "goal_id", "item_id"],
            ((ids["assessments_goal_items"] + n, goal, item) for n, (goal, item) in enumerate(goal_items)),
        )
        written["shares"] = copy_rows(
            cursor,
            "assessments_share",
            ["id", "assessment_id", "viewer_id", "created_at"],
            (
                (ids["assessments_share"] + n, assessments[member], users[team_of(member) * TEAM_SIZE], now)
                for n, member in enumerate(m for m in range(count) if not is_manager(m) and m % 2)
            ),
        )
        for table in tables:
            connection.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence({name}, 'id'), (SELECT max(id) FROM {table}))").format(
                    name=sql.Literal(table), table=sql.Identifier(table)
                )
            )
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")  # what autovacuum would have done by the time users arrive
    return written


# ---------------------------------------------------------------------------------------
# The report


def machine() -> str:
    with psycopg.connect(f"{SERVER}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    versions = {}
    for package in ("django", "gunicorn", "psycopg"):
        result = subprocess.run(
            [PYTHON, "-c", f"import {package}; print({package}.__version__)"], capture_output=True, text=True
        )
        versions[package] = result.stdout.strip() or "?"
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"nproc {os.cpu_count()} ({cpu}), Python {platform.python_version()}, PostgreSQL {postgres}, "
        f"Django {versions['django']}, gunicorn {versions['gunicorn']}, psycopg {versions['psycopg']}"
    )


def table(rows: list[list[str]]) -> list[str]:
    """Left-align the first column, right-align the rest."""
    widths = [max(len(row[n]) for row in rows if n < len(row)) for n in range(max(map(len, rows)))]
    return [
        "  ".join(cell.ljust(widths[n]) if n == 0 else cell.rjust(widths[n]) for n, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(context: dict, runs: dict, loads: dict, args) -> str:
    names = {"demo": "demo data", "scale": f"+{args.users:,} users"}
    labels = {
        "trivial": "login page  GET /account/login/",
        "page": f"keuzemodel  GET .../keuzemodel/{context['section']}/",
        "autosave": f"autosave    POST .../answers/{context['item']}/",
    }
    lines = [
        f"Profielwijzer HTTP benchmark, {context['date']}",
        f"machine: {context['machine']}",
        f"server: gunicorn profiel.wsgi, {WORKERS} sync workers,"
        " DEBUG=0, PostgreSQL on 127.0.0.1; client on this machine",
        f"method: {args.requests} requests per page after {args.warmup} warm-up, one at a time; each round asks each",
        "        database (each has its own gunicorn) for the three pages in turn, so load changes hit them alike;",
        "        a new connection per request (sync workers close it); p95 is the nearest-rank percentile",
        f"other processes on this machine used {context['others']:.0f}% of its CPUs during the page measurements",
        "",
    ]
    rows = [[""] + [names[name] for name in runs], ["ms"] + ["median    p95  x login    cpu" for _ in runs]]
    for name, label in labels.items():
        row = [label]
        for figures in runs.values():
            ratio = figures[name].median / figures["trivial"].median
            row.append(
                f"{figures[name].median:6.1f} {figures[name].p95:6.1f} {ratio:6.1f}x {figures[name].cpu_ms:6.1f}"
            )
        if "scale" in runs:
            row.append(f"{runs['scale'][name].median / runs['demo'][name].median:.2f}")
        rows.append(row)
    if "scale" in runs:
        rows[0].append("big/demo")
        rows[1].append("median")
    lines += table(rows)
    lines += [
        "cpu: mean server CPU time per request (gunicorn worker + PostgreSQL backend, from /proc/<pid>/schedstat)",
        f"keuzemodel page: section {context['section']}, the heaviest ({context['items']} rateable items), "
        f"{context['page_kb']:.0f} kB of HTML",
        "",
        f"concurrency: {len(CLIENTS)} clients (3 coordinators, the manager in their own view of a member), "
        f"{args.per_client} requests each, alternating page and autosave",
    ]
    rows = [["", "errors", "req/s", "page median/p95", "autosave median/p95", "worker peak RSS (VmHWM)"]]
    for name, load in loads.items():
        rows.append(
            [
                names[name],
                str(load.errors),
                f"{load.requests / load.seconds:.1f}",
                f"{load.page.median:.0f} / {load.page.p95:.0f} ms",
                f"{load.autosave.median:.0f} / {load.autosave.p95:.0f} ms",
                ", ".join(f"{value:.0f}" for value in load.rss.values()) + " MB",
            ]
        )
    lines += table(rows)
    if "generated" in context:
        lines.append(f"data: {context['generated']}")

    rows = [["targets"] + [names[name] for name in runs]]
    checks = [
        ("keuzemodel median <= 60 ms", lambda f: (f["page"].median, f["page"].median <= 60, "ms")),
        ("keuzemodel <= 20x login page", lambda f: (f["page"].median / f["trivial"].median, None, "x")),
        ("autosave p95 <= 25 ms", lambda f: (f["autosave"].p95, f["autosave"].p95 <= 25, "ms")),
    ]
    for title, check in checks:
        row = [title]
        for figures in runs.values():
            value, ok, unit = check(figures)
            ok = value <= 20 if ok is None else ok
            row.append(f"{value:.1f} {unit} {verdict(ok)}")
        rows.append(row)
    row = ["concurrency errors = 0"]
    for load in loads.values():
        row.append(f"{load.errors} {verdict(load.errors == 0)}")
    rows.append(row)
    row = ["worker peak RSS <= 300 MB"]
    for load in loads.values():
        peak = max(load.rss.values())
        row.append(f"{peak:.0f} MB {verdict(peak <= 300)}")
    rows.append(row)
    if "scale" in runs:
        for name in labels:
            ratio = runs["scale"][name].median / runs["demo"][name].median
            rows.append([f"{name} median big/demo <= 1.2", "", f"{ratio:.2f} {verdict(ratio <= 1.2)}"])
    lines += [""] + table(rows)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------


def sessions_for(port: int, connection, section: str, item: str) -> list[Session]:
    sessions = []
    for email in CLIENTS:
        client = Client(port)
        client.login(email, PASSWORD)
        session = Session(client, email, assessment_of(connection, email), section, item)
        expect(session.page(), 200, f"keuzemodel page of {email}")
        sessions.append(session)
    return sessions


def run(args, databases: dict[str, str]) -> str:
    """`databases`: {"demo": name, "scale": name}; the first exists (empty), the second is made here."""
    urls = {name: f"{SERVER}/{database}" for name, database in databases.items()}
    context = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "others": {},
    }
    log(f"database {databases['demo']}: migrate, load_framework, demo")
    manage(urls["demo"], "migrate", "--noinput")
    manage(urls["demo"], "load_framework")
    manage(urls["demo"], "demo", debug=True)
    log(f"static files: {collect_static(urls['demo'])}")
    with psycopg.connect(urls["demo"]) as connection:
        version = connection.execute("SELECT version_id FROM assessments_assessment ORDER BY id LIMIT 1").fetchone()[0]
        section, count = heaviest_section(connection, version)
        item = first_rateable_item(connection, version, section)
    context.update(section=section, items=count, item=item)
    if "scale" in databases:
        log(f"database {databases['scale']}: a copy of the demo database, plus {args.users:,} users (COPY)")
        start = time.perf_counter()
        with admin_connection() as connection:
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(databases["scale"]), sql.Identifier(databases["demo"])
                )
            )
        written = generate_users(urls["scale"], args.users, version)
        context["generated"] = (
            ", ".join(f"{value:,} {key}" for key, value in written.items())
            + f" added in {time.perf_counter() - start:.0f} s"
        )
        log(context["generated"])
    with psycopg.connect(urls["demo"], autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")  # both databases start with fresh statistics

    sites: list[Site] = []
    logs = tempfile.TemporaryDirectory(prefix="bench-http-")
    try:
        for name, url in urls.items():
            connection = psycopg.connect(url, autocommit=True)
            logfile = Path(logs.name) / f"gunicorn-{name}.log"
            try:
                server = Gunicorn(url, logfile)
            except Exception:
                connection.close()
                raise
            sites.append(Site(name, databases[name], server, connection, []))
            log(f"{name}: gunicorn on 127.0.0.1:{server.port}, workers {server.workers}; logging in {len(CLIENTS)}")
            sites[-1].sessions = sessions_for(server.port, connection, section, item)
        context["page_kb"] = len(sites[0].sessions[0].page().body.encode()) / 1024

        def ours():
            backends = sites[0].connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = ANY(%s)", ([site.database for site in sites],)
            )
            servers = [pid for site in sites for pid in (site.server.process.pid, *site.server.worker_pids())]
            return [os.getpid(), *servers, *(row[0] for row in backends)]

        meter = CpuMeter(ours)
        wait_until_quiet(args.wait_quiet)
        log(f"measuring pages, {' and '.join(urls)} interleaved ({args.warmup} + {args.requests} requests each)")
        meter.start()
        runs = measure(sites, args.requests, args.warmup)
        context["others"] = meter.stop()
        loads = {}
        for site in sites:
            wait_until_quiet(args.wait_quiet / 2)
            log(f"{site.name}: {len(site.sessions)} concurrent clients x {args.per_client} requests")
            loads[site.name] = concurrency(site.server, site.sessions, args.per_client)
            if site.server.worker_pids() != site.server.workers:  # a worker was killed (timeout, memory)
                context["generated"] = context.get("generated", "") + (
                    f"\nNOTE: workers of {site.name} changed: {site.server.workers} -> {site.server.worker_pids()}"
                )
    except Exception:
        for site in sites:
            print(f"--- gunicorn log ({site.name}):\n{site.server.log_tail()}", file=sys.stderr)
        raise
    finally:
        for site in sites:
            site.server.stop()
            site.connection.close()
        logs.cleanup()
    return report(context, runs, loads, args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="End-to-end HTTP benchmark (gunicorn + PostgreSQL).")
    parser.add_argument("--requests", type=int, default=60, help="measured requests per page (default 60)")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up requests per page (default 10)")
    parser.add_argument("--per-client", type=int, default=50, help="requests per concurrent client (default 50)")
    parser.add_argument("--users", type=int, default=10_000, help="extra users for the scale run; 0 skips it")
    parser.add_argument(
        "--wait-quiet", type=float, default=60, help="wait up to this many seconds for a quiet machine (default 60)"
    )
    parser.add_argument("--no-save", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    stamp = f"bench_http_{datetime.datetime.now():%Y%m%d_%H%M%S}"
    databases = {"demo": stamp} | ({"scale": f"{stamp}_{args.users}"} if args.users else {})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally below on kill, too
    with admin_connection() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(databases["demo"])))
    started = time.perf_counter()
    try:
        text = run(args, databases)
    finally:
        drop_databases(databases.values())
    text += f"\nwhole run {time.perf_counter() - started:.0f} s: .venv/bin/python bench/http_bench.py\n"
    save_results(text, RESULTS, save=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
