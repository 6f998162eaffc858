"""The embedded default takes saves from several workers at once (issue 11, finding 6).

Two gunicorn workers saving at the same moment gave "database is locked" (HTTP 500). Here two
processes, started on the same instant against one SQLite file, each save 40 answers through the
service; both must finish. Runs in fresh interpreters: the test database itself lives in memory.
"""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

SCRIPT = """
import sys, time
import django
django.setup()
from django.core.management import call_command
from accounts.models import User
from assessments import services
from assessments.models import Assessment
from catalog.models import Framework

mode = sys.argv[1]
if mode == "setup":
    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    user = User.objects.create_user("sqlite@example.org", password="x")
    framework = Framework.objects.get(code="competentieprofiel-coordinator-vrijwilligerswerk")
    print(services.assessment_start(owner=user, framework=framework).pk)
else:
    assessment = Assessment.objects.get(pk=int(sys.argv[2]))
    items = list(assessment.version.items.filter(rateable=True).order_by("position"))[int(mode) :: 2][:40]
    levels = services.scale_values(assessment.version)
    start = float(sys.argv[3])
    time.sleep(max(0.0, start - time.time()))
    changes = {"current": "2", "note": "x" * 500}
    for item in items:
        services.answer_save(assessment=assessment, item=item, changes=changes, levels=levels)
    print(len(items))
"""


def run(args, database, **kwargs):
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    environment.update(
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY="x",
        DJANGO_SETTINGS_MODULE="profiel.settings",
        PYTHONPATH=str(settings.BASE_DIR),
    )
    command = [sys.executable, "-c", SCRIPT, *args]
    return subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR, text=True, **kwargs)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="about the SQLite default"
)
def test_it_takes_saves_from_two_workers_at_once_on_sqlite(tmp_path):
    database = tmp_path / "db.sqlite3"
    setup = run(["setup"], database, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = setup.communicate(timeout=120)
    assert setup.returncode == 0, err
    pk = out.split()[-1]
    start = str(time.time() + 3)  # both interpreters are up and waiting by then
    workers = [run([str(n), pk, start], database, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in (0, 1)]
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err[-2000:]
        assert out.split()[-1] == "40"
