"""The backup and restore commands of docs/deploy.md, run for real against PostgreSQL."""

import shutil
import subprocess

import pytest
from django.db import connection

from assessments import services
from tests.assessments.conftest import rate
from tests.conftest import framework_data
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are made of the PostgreSQL database"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
]

TABLES = ["accounts_user", "catalog_item", "assessments_assessment", "assessments_answer", "assessments_goal"]


def counts(dsn):
    import psycopg

    with psycopg.connect(dsn) as db:
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}  # noqa: S608


def test_a_dump_restores_into_an_empty_database_with_every_row(tmp_path):
    from catalog.loading import load_framework

    version = load_framework(framework_data()).version
    assessment = services.assessment_start(owner=UserFactory(), framework=version.framework)
    rate(assessment, "9.1.3", 2, 3, note="bewaard in de backup")
    services.goal_save(assessment=assessment, data={"title": "Doel"})

    settings = connection.settings_dict
    base = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    source = f"{base}/{settings['NAME']}"
    restored = f"{settings['NAME']}_restored"
    dump = tmp_path / "profielwijzer.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True)
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f'DROP DATABASE IF EXISTS "{restored}"'], check=True)
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f'CREATE DATABASE "{restored}"'], check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={base}/{restored}", str(dump)], check=True)
        assert counts(f"{base}/{restored}") == counts(source)
        assert counts(source)["assessments_answer"] == 1
    finally:
        subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f'DROP DATABASE IF EXISTS "{restored}"'], check=True)
