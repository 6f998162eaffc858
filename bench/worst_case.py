"""The largest zelfscan the app accepts, and what its PDF costs a worker (issue 11, finding 4).

Run: DEBUG=1 .venv/bin/python bench/worst_case.py [rounds]

Builds, on a throw-away SQLite database, through the services (so every limit of
assessments/limits.py is enforced exactly as for a user):

- every context option chosen and a role title of the maximal length;
- every rateable item ticked and rated, each with a note of the maximal length; the notes take
  turns between three shapes: prose with a line break every ~90 characters, one word per line,
  and one unbroken "word" of the whole length;
- as many goals as allowed, each with the maximal title, actions and support text (the same three
  shapes) and as many linked items as allowed;
- a manager's view of the member with every item rated, shared with the member (the PDF then has
  the manager's column and chart too).

Then, in a fresh Python process (a worker that has only started Django), it asks for the login
page (the trivial view), downloads the PDF `rounds` times through Django's test Client (wall and
CPU time, and a fixed piece of pure Python before each to show how busy the machine was), and
reads the process's resident memory (VmRSS in /proc/self/status) before the first PDF, after each,
and its peak. Targets: PDF <= 10 s, the worker <= 300 MB afterwards. The report is printed and written
to bench/results/worst-case-latest.txt.
"""

import io
import json
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "worst-case-latest.txt"
TARGET_SECONDS = 10.0
TARGET_MB = 300.0
QUIET_CALIBRATION = 0.045  # s: calibration() on this 2-core machine with nothing else running


def setup_django(database: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profiel.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    logging.disable(logging.INFO)  # WeasyPrint's progress and django-axes' log-ins


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------
# Building the worst case (the parent process)

WORDS = (
    "vrijwilligers begeleiden gesprek inloop buurthuis coördinatie netwerk gemeente intervisie "
    "waardering werving afspraken samenwerking scholing ontwikkeling begeleiding".split()
)


def text(length: int, shape: int) -> str:
    """Exactly `length` characters in one of three shapes (see the module's docstring)."""
    if shape == 0:
        words, line, lines = iter(WORDS * length), [], []
        while sum(len(part) + 1 for part in lines) < length:
            line.append(next(words))
            if len(" ".join(line)) > 90:
                lines.append(" ".join(line))
                line = []
        body = "\n".join(lines)
    elif shape == 1:
        body = "\n".join(WORDS * length)
    else:
        body = "".join(WORDS) * length
    return body[:length]


def build() -> tuple[int, int, dict]:
    from django.core.management import call_command

    from accounts.models import User
    from assessments import limits, services
    from catalog.models import ContextOption, Framework

    profile = "competentieprofiel-coordinator-vrijwilligerswerk"  # of the two frameworks loaded, the 2025 one
    from tests.factories import team_with

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0, stdout=io.StringIO())
    owner = User.objects.create_user("max@bench.example", password="x", name="Maximiliaan van der Veen-Oosterhuis")
    manager = User.objects.create_user("leiding@bench.example", password="x", name="Ilse Bakker-de Groot")
    team_with(coordinators=[owner], managers=[manager], name="Team " + "x" * 90, organisation="Organisatie " * 12)
    assessment = services.assessment_start(owner=owner, framework=Framework.objects.get(code=profile))
    version = assessment.version
    levels = services.scale_values(version)
    services.situation_save(
        assessment=assessment,
        role_title=text(limits.ROLE_TITLE_MAX_LENGTH, 0),
        option_ids=list(ContextOption.objects.filter(variable__version=version).values_list("pk", flat=True)),
    )
    items = list(version.items.filter(rateable=True).order_by("position"))
    for index, item in enumerate(items):
        current = 1 + index % 4
        changes = {
            "applies": "1",
            "current": current,
            "desired": min(4, current + 1),
            "note": text(limits.NOTE_MAX_LENGTH, index % 3),
        }
        services.answer_save(assessment=assessment, item=item, changes=changes, levels=levels)
    for number in range(limits.GOALS_PER_ASSESSMENT):
        linked = [items[(number * limits.ITEMS_PER_GOAL + n) % len(items)].pk for n in range(limits.ITEMS_PER_GOAL)]
        services.goal_save(
            assessment=assessment,
            data={
                "title": text(limits.GOAL_TITLE_MAX_LENGTH, number % 3),
                "items": linked,
                "actions": text(limits.GOAL_TEXT_MAX_LENGTH, number % 3),
                "support": text(limits.GOAL_TEXT_MAX_LENGTH, (number + 1) % 3),
                "target_date": "2027-06-30",
                "status": "active",
            },
        )
    services.share_set(assessment=assessment, viewer=manager, shared=True)
    view = services.manager_view_start(manager=manager, counterpart=assessment)
    for index, item in enumerate(items):
        changes = {"applies": "1", "current": 1 + (index + 1) % 4, "desired": 4, "note": text(200, 0)}
        services.answer_save(assessment=view, item=item, changes=changes, levels=levels)
    services.share_set(assessment=view, viewer=owner, shared=True)
    try:  # a goal more than allowed, and a goal with a link more than allowed: both refused
        services.goal_save(assessment=assessment, data={"title": "een te veel"})
        raise AssertionError("a goal beyond the limit was accepted")
    except services.InvalidInput:
        pass
    content = {
        "items": assessment.answers.count(),
        "note_chars": sum(len(answer.note) for answer in assessment.answers.all()),
        "goals": assessment.goals.count(),
        "links": sum(goal.items.count() for goal in assessment.goals.all()),
        "goal_chars": sum(len(goal.title + goal.actions + goal.support) for goal in assessment.goals.all()),
        "limits": {name: getattr(limits, name) for name in dir(limits) if name.isupper()},
    }
    return assessment.pk, owner.pk, content


# ---------------------------------------------------------------------------------------
# Measuring (the child process: a fresh worker)


def calibration() -> int:
    """A fixed piece of pure Python (as in bench/pdf.py): how fast the machine is at this moment."""
    total = 0
    for number in range(1_000_000):
        total += number % 7
    return total


def measure(pk: int, owner_pk: int, rounds: int) -> dict:
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from accounts.models import User
    from assessments.models import RenderedPdf

    anonymous, browser = Client(), Client()
    browser.force_login(User.objects.get(pk=owner_pk))
    login_url, pdf_url = reverse("accounts:login"), reverse("assessments:pdf", args=[pk])
    trivial = []
    for _ in range(25):
        start = time.perf_counter()
        assert anonymous.get(login_url).status_code == 200
        trivial.append(time.perf_counter() - start)
    before = rss_mb()
    renders, cpu, after, calibrations = [], [], [], []
    pages = 0
    for _ in range(rounds):
        start = time.perf_counter()
        calibration()
        calibrations.append(time.perf_counter() - start)
        RenderedPdf.objects.all().delete()  # every download renders: a stored copy would be served in ms
        start, start_cpu = time.perf_counter(), time.process_time()
        response = browser.get(pdf_url)
        renders.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
        pages = len(PdfReader(io.BytesIO(response.content)).pages)
        size = len(response.content)
        del response
        after.append(rss_mb())
    return {
        "trivial": statistics.median(trivial[5:]),
        "renders": renders,
        "cpu": cpu,
        "calibrations": calibrations,
        "pages": pages,
        "pdf_bytes": size,
        "rss_before": before,
        "rss_after": after,
        "rss_peak": peak_mb(),
    }


def main(rounds: int) -> None:
    database = f"{tempfile.mkdtemp()}/worst.sqlite3"
    setup_django(database)
    import weasyprint

    started = time.perf_counter()
    pk, owner_pk, content = build()
    built_in = time.perf_counter() - started
    child = subprocess.run(
        [sys.executable, __file__, "--measure", database, str(pk), str(owner_pk), str(rounds)],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        sys.exit(child.stderr)
    result = json.loads(child.stdout.strip().splitlines()[-1])

    renders, after = result["renders"], result["rss_after"]
    slowest, settled = max(renders), after[-1]
    verdict = {True: "met", False: "NOT met"}
    limits = content["limits"]
    lines = [
        f"Worst-case PDF benchmark, {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}, {os.cpu_count()} CPUs",
        "limits: " + ", ".join(f"{name} {value}" for name, value in sorted(limits.items())),
        f"content: {content['items']} items rated, notes {content['note_chars']:,} characters; "
        f"{content['goals']} goals with {content['links']} links and {content['goal_chars']:,} characters; "
        "a shared manager's view of every item (built in {:.0f} s)".format(built_in),
        f"PDF: {result['pages']} pages, {result['pdf_bytes'] / 1024:.0f} KB",
        "",
        "a fresh worker (Django started, then:)",
        f"  trivial view (login page), median of 20:  {result['trivial'] * 1000:8.1f} ms",
        *(
            f"  worst-case PDF, download {n + 1}:           {seconds * 1000:8.0f} ms ({cpu_s * 1000:.0f} ms CPU),"
            f" worker {mb:.0f} MB after it; calibration {calibrated * 1000:.0f} ms"
            for n, (seconds, cpu_s, mb, calibrated) in enumerate(
                zip(renders, result["cpu"], after, result["calibrations"], strict=True)
            )
        ),
        f"  worker before the first PDF {result['rss_before']:.0f} MB, peak {result['rss_peak']:.0f} MB",
        "",
        "targets:",
        f"  slowest PDF {max(result['cpu']):.2f} s of CPU, target <= {TARGET_SECONDS:.0f} s:"
        f" {verdict[max(result['cpu']) <= TARGET_SECONDS]}",
        f"  slowest PDF {slowest:.2f} s on the clock, target <= {TARGET_SECONDS:.0f} s:"
        f" {verdict[slowest <= TARGET_SECONDS]}"
        f" (the machine {max(result['calibrations']) / QUIET_CALIBRATION:.1f}x slower than when quiet)",
        f"  worker after the last PDF {settled:.0f} MB, target <= {TARGET_MB:.0f} MB: {verdict[settled <= TARGET_MB]}"
        f" (peak {result['rss_peak']:.0f} MB)",
        f"  median PDF / trivial view = {statistics.median(renders) / result['trivial']:.0f}x",
        "",
        "The CPU time is what the PDF costs; the clock adds whatever else the machine was doing. The calibration",
        f"(a fixed piece of pure Python, ~{QUIET_CALIBRATION * 1000:.0f} ms on this machine when quiet) shows how busy"
        " it was just before each download.",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        database, pk, owner_pk, rounds = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        setup_django(database)
        print(json.dumps(measure(pk, owner_pk, rounds)))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
