"""How long the development profile PDF takes, and what our code adds to WeasyPrint.

Run: DEBUG=1 .venv/bin/python bench/pdf.py [rounds]

Creates a throw-away SQLite database in a temporary folder, loads the catalog and the demo data,
and makes two more profiles: one with every item ticked, rated and given a note plus four goals
(the largest PDF there can be), and one with three items and a goal (a 5-page profile, the
"comparable 5-page document" the targets are set against). Then, round after round, it
downloads through Django's test Client, as a browser would:

- the login page (the trivial page every benchmark here compares with);
- the 5-page profile, the full profile and the demo coordinator's profile, each as a first
  download (no stored copy: WeasyPrint renders it);
- the demo coordinator's and the full profile downloaded again (the stored copy is served);

and renders the full profile's HTML with WeasyPrint on its own (what our code adds is the
difference). The measurements are interleaved, so a slow moment of a shared machine hits all of
them alike. Reported: median and fastest of the rounds, the ratios the targets are written in,
pages, and the peak memory (RSS) of this process. The output is also written to
bench/results/pdf-latest.txt.
"""

import io
import logging
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profiel.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from accounts.models import User  # noqa: E402
from assessments import pdf, services  # noqa: E402
from assessments.models import Assessment, RenderedPdf  # noqa: E402
from catalog.models import Framework  # noqa: E402

PROFILE = "competentieprofiel-coordinator-vrijwilligerswerk"  # of the two frameworks loaded, the 2025 profile

RESULTS = ROOT / "bench" / "results" / "pdf-latest.txt"


def full_profile():
    user = User.objects.create_user("vol@bench.example", password="x", name="Fleur van der Veen-Oosterhuis")
    assessment = services.assessment_start(owner=user, framework=Framework.objects.get(code=PROFILE))
    levels = services.scale_values(assessment.version)
    for index, item in enumerate(assessment.version.items.filter(rateable=True).order_by("position")):
        current = 1 + index % 4
        changes = {"applies": "1", "current": current, "desired": min(4, current + index % 2)}
        changes["note"] = "Dit doe ik vooral bij de inloop op dinsdag, samen met twee vaste vrijwilligers."
        services.answer_save(assessment=assessment, item=item, changes=changes, levels=levels)
    for n in range(4):
        services.goal_save(
            assessment=assessment,
            data={"title": f"Doel {n + 1}", "actions": "Intervisie met collega's.", "support": "Tijd en een coach."},
        )
    return assessment


def small_profile():
    user = User.objects.create_user("klein@bench.example", password="x", name="Kees Klein")
    assessment = services.assessment_start(owner=user, framework=Framework.objects.get(code=PROFILE))
    levels = services.scale_values(assessment.version)
    for code, current, desired in [("9.1.3", 3, 3), ("10.3.5", 1, 4), ("10.2.k4", 2, 3)]:
        item = assessment.version.items.get(code=code)
        changes = {"applies": "1", "current": current, "desired": desired}
        services.answer_save(assessment=assessment, item=item, changes=changes, levels=levels)
    services.goal_save(assessment=assessment, data={"title": "Veerkracht vergroten", "actions": "Intervisie"})
    return assessment


def calibration():
    """A fixed piece of pure Python: how fast the machine is at this moment."""
    total = 0
    for number in range(1_000_000):
        total += number % 7
    return total


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def main(rounds: int = 7) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    logging.disable(logging.INFO)  # WeasyPrint's progress and django-axes' log-ins
    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0, stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    full, small = full_profile(), small_profile()
    demo = Assessment.objects.self_assessments().get(owner__email="coordinator@example.org")
    clients = {}
    for assessment in (full, small, demo):
        clients[assessment.pk] = Client()
        clients[assessment.pk].force_login(assessment.owner)
    anonymous = Client()
    full_html = pdf.profile_html(full)

    def download(assessment, *, first: bool = True):
        """A download as the owner: `first`, with no stored copy (WeasyPrint renders it), or again."""

        def run():
            if first:
                RenderedPdf.objects.filter(assessment=assessment).delete()
            response = clients[assessment.pk].get(reverse("assessments:pdf", args=[assessment.pk]))
            assert response.status_code == 200, response.status_code
            return response.content

        return run

    def login_page():
        assert anonymous.get(reverse("accounts:login")).status_code == 200

    measures = {
        "login page (trivial)": login_page,
        "5-page profile": download(small),
        "full profile": download(full),
        "full profile, WeasyPrint alone": lambda: pdf.html_to_pdf(full_html),
        "demo coordinator": download(demo),
        "demo coordinator, downloaded again": download(demo, first=False),
        "full profile, downloaded again": download(full, first=False),
        "full profile, our HTML only": lambda: pdf.profile_html(full),
        "calibration (fixed pure Python)": calibration,
    }
    page_counts = {
        "5-page profile": pages(download(small)()),
        "full profile": pages(download(full)()),
        "demo coordinator": pages(download(demo)()),
    }
    for function in measures.values():  # warm up: fonts, templates, the catalog cache
        function()
    samples = {name: [] for name in measures}
    for _ in range(rounds):
        for name, function in measures.items():
            start = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - start)
    median = {name: statistics.median(values) for name, values in samples.items()}
    fastest = {name: min(values) for name, values in samples.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines = [
        f"PDF benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {rounds} rounds, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}, {os.cpu_count()} CPUs",
        f"full profile: {full.answers.count()} items ticked and rated, a note on each, {full.goals.count()} goals",
        "",
        f"{'':36} {'median':>9}{'fastest':>9}{'slowest':>9} {'pages':>6}",
    ]
    for name, values in samples.items():
        times = "".join(f"{value * 1000:7.1f}ms" for value in (median[name], fastest[name], max(values)))
        lines.append(f"{name:36} {times} {page_counts.get(name, ''):>6}")
    full_s, small_s = median["full profile"], median["5-page profile"]
    weasy_s = median["full profile, WeasyPrint alone"]
    slowdown = median["calibration (fixed pure Python)"] / fastest["calibration (fixed pure Python)"]
    verdict = {True: "met", False: "NOT met"}
    again_ratio = median["demo coordinator, downloaded again"] / median["login page (trivial)"]
    full_again_ratio = median["full profile, downloaded again"] / median["login page (trivial)"]
    lines += [
        "",
        "targets (medians):",
        f"  full profile {full_s:.2f} s, target <= 1.0 s: {verdict[full_s <= 1.0]}"
        f" (fastest round {fastest['full profile']:.2f} s)",
        f"  5-page profile {small_s:.2f} s (issue #4: a comparable 5-page document takes ~0.5 s);"
        f" full profile / 5-page profile = {full_s / small_s:.2f}x",
        f"  full profile / WeasyPrint alone = {full_s / weasy_s:.2f}x, target <= 1.3x:"
        f" {verdict[full_s / weasy_s <= 1.3]}",
        f"  peak memory of this process {peak_mb:.0f} MB, target <= 250 MB: {verdict[peak_mb <= 250]}",
        f"  full profile / login page = {full_s / median['login page (trivial)']:.0f}x",
        f"  demo coordinator, first render {median['demo coordinator']:.2f} s, target <= 1.0 s:"
        f" {verdict[median['demo coordinator'] <= 1.0]}",
        f"  demo coordinator downloaded again / login page = {again_ratio:.1f}x, target <= 3x:"
        f" {verdict[again_ratio <= 3]}",
        f"  full profile downloaded again / login page = {full_again_ratio:.1f}x",
        "",
        f"The machine ran the fixed piece of Python {slowdown:.2f}x slower in the median round than in the fastest;",
        "the spread between fastest and slowest shows how much else it was doing.",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
