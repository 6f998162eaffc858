"""How long the PDF of a fully rated profile takes, and what our code adds to WeasyPrint.

Run: DEBUG=1 .venv/bin/python bench/pdf.py [rounds]
Creates a throw-away SQLite database in a temporary folder, loads the catalog, rates every
item, then times (a) building the HTML (queries + template), (b) WeasyPrint rendering that
same HTML on its own, (c) the whole download path; and reports peak memory (ru_maxrss).
"""

import os
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

from django.core.management import call_command  # noqa: E402

from accounts.models import User  # noqa: E402
from assessments import pdf, services  # noqa: E402
from catalog.models import Framework  # noqa: E402


def timed(function, rounds):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(rounds: int = 5) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0, stdout=open(os.devnull, "w"))
    user = User.objects.create_user("bench@example.org", password="x", name="Bench Mark")
    assessment = services.assessment_start(owner=user, framework=Framework.objects.get())
    levels = services.scale_values(assessment.version)
    for index, item in enumerate(assessment.version.items.filter(rateable=True)):
        current = 1 + index % 4
        services.answer_save(
            assessment=assessment,
            item=item,
            changes={"applies": "1", "current": current, "desired": min(4, current + index % 2), "note": "Voorbeeld."},
            levels=levels,
        )
    for n in range(4):
        services.goal_save(assessment=assessment, data={"title": f"Doel {n + 1}", "actions": "Iets doen."})

    html = pdf.profile_html(assessment)
    data = pdf.html_to_pdf(html)  # warm up fonts and caches
    html_time = timed(lambda: pdf.profile_html(assessment), rounds)
    weasy_time = timed(lambda: pdf.html_to_pdf(html), rounds)
    total_time = timed(lambda: pdf.profile_pdf(assessment), rounds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"items rated          {assessment.answers.count()}")
    print(f"pages                {pages}")
    print(f"html (ours)          {html_time * 1000:7.1f} ms (median of {rounds})")
    print(f"weasyprint alone     {weasy_time * 1000:7.1f} ms")
    print(f"whole pdf            {total_time * 1000:7.1f} ms")
    print(f"ratio to weasyprint  {total_time / weasy_time:7.2f}x")
    print(f"peak memory (rss)    {peak_mb:7.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
