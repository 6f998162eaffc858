"""How long the team matrix takes for a big team, against a trivial page in the same run.

Run: DEBUG=1 .venv/bin/python bench/team_matrix.py [members] [rounds]
Uses a throw-away SQLite database in a temporary folder (or DATABASE_URL if set: give it an
empty database), loads the catalog, builds a team of `members` (default 200) coordinators who
each rated every item and shared with the manager, then reports the median time and the query
count of the matrix pages and the exports through Django's test Client, and the ratio to the
login page (GET) measured the same way.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profiel.settings")
os.environ.setdefault("DEBUG", "1")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Organisation, Team, TeamMembership, TeamRole, User  # noqa: E402
from assessments.models import Answer, Assessment, Goal, Share  # noqa: E402
from catalog.models import Framework  # noqa: E402

PROFILE = "competentieprofiel-coordinator-vrijwilligerswerk"  # of the two frameworks loaded, the 2025 profile

TARGET_MS = 300


def build_team(size: int) -> tuple[User, Team]:
    version = Framework.objects.get(code=PROFILE).current_version()
    items = list(version.items.filter(rateable=True).order_by("position"))
    organisation = Organisation.objects.create(name="Bench")
    team = Team.objects.create(organisation=organisation, name="Grote groep")
    manager = User.objects.create_user("manager@bench.example", password="x", name="Manager")
    TeamMembership.objects.create(team=team, user=manager, role=TeamRole.MANAGER)
    for n in range(size):
        user = User.objects.create_user(f"lid{n}@bench.example", password=None, name=f"Lid {n:03d}")
        TeamMembership.objects.create(team=team, user=user, role=TeamRole.COORDINATOR)
        assessment = Assessment.objects.create(owner=user, version=version, role_title="Coördinator")
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                item=item,
                applies=(n + index) % 5 != 0,
                current=1 + (n + index) % 4,
                desired=min(4, 2 + (n * index) % 3),
                note="Een voorbeeld uit de praktijk." if index % 7 == 0 else "",
            )
            for index, item in enumerate(items)
        )
        goal = Goal.objects.create(owner=assessment.owner, title="Groeien")
        goal.rounds.add(assessment)
        goal.items.set(items[n % len(items) : n % len(items) + 2])
        Share.objects.create(assessment=assessment, viewer=manager)
    return manager, team


def measure(client: Client, url: str, rounds: int) -> tuple[float, int, int]:
    client.get(url)  # warm up templates and caches
    reset_queries()  # each request starts a fresh log (request_started)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(queries), len(response.content)


def main(size: int = 200, rounds: int = 15) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0, stdout=open(os.devnull, "w"))
    start = time.perf_counter()
    manager, team = build_team(size)
    print(f"database             {connection.vendor}")
    built = time.perf_counter() - start
    print(f"team of              {size} members, {Answer.objects.count()} answers (built in {built:.1f} s)")

    anonymous = Client()
    baseline, baseline_queries, _size = measure(anonymous, reverse("accounts:login"), rounds)
    print(f"login page (GET)     {baseline * 1000:7.1f} ms  {baseline_queries:2d} queries")

    client = Client()
    client.force_login(manager)
    pages = [
        ("matrix", "teams:matrix", {}),
        ("drill-down 10.3", "teams:matrix_section", {"code": "10.3"}),
        ("taakgebieden", "teams:coverage", {}),
        ("ontwikkelwensen", "teams:needs", {}),
        ("team overview", "teams:overview", {}),
        ("xlsx", "teams:matrix_xlsx", {}),
        ("csv", "teams:matrix_csv", {}),
    ]
    for label, name, kwargs in pages:
        median, queries, length = measure(client, reverse(name, kwargs={"team_pk": team.pk, **kwargs}), rounds)
        mark = ""
        if name == "teams:matrix":
            mark = "  ok" if median * 1000 <= TARGET_MS else f"  SLOWER THAN {TARGET_MS} ms"
        print(
            f"{label:<20} {median * 1000:7.1f} ms  {queries:2d} queries  "
            f"{median / baseline:6.1f}x login  {length / 1024:7.0f} KB{mark}"
        )
    print(f"(median of {rounds} rounds each)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
