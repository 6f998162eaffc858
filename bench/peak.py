"""The season's peak: Locust against gunicorn with the production settings, 1 and then 2 workers.

Run: .venv/bin/python bench/peak.py [--requests 2400] [--users 24] [--people 1000]

1. Creates `bench_peak_<stamp>` (migrate, load_framework, demo; DEBUG off for all but `demo`),
   adds `--people` accounts with a zelfscan each with PostgreSQL COPY (bench/national.py's
   generator), gives them the demo password and picks `--users` coordinators with a draft round.
2. For 1 and then 2 gunicorn sync workers (`profiel.wsgi`, DEBUG=0, PostgreSQL, a fresh copy of
   that database each time, so no stored PDF carries over): Locust (bench/locustfile.py) runs
   headless with `--users` simulated coordinators, each logging in as their own account, until
   `--requests` requests are done: page views, autosaves and PDF downloads in the proportions of
   a busy week (see the locustfile). Reported per kind: requests, errors, median and p95; the
   throughput; the peak resident memory (VmHWM) of every worker.
3. Drops the databases and writes bench/results/peak-latest.txt.

Locust, gunicorn and PostgreSQL share this machine's cores: the figures are what one such
machine does in all. Only 127.0.0.1 is addressed; the run is bounded by its request count.
"""

import argparse
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
import http_bench  # noqa: E402  (bench/ is not a package)
import national  # noqa: E402
from http_bench import (  # noqa: E402
    ROOT,
    SERVER,
    admin_connection,
    collect_static,
    drop_databases,
    log,
    machine,
    manage,
    save_results,
    table,
)

RESULTS = ROOT / "bench" / "results" / "peak-latest.txt"
LOCUST = str(Path(sys.executable).parent / "locust")
KINDS = ("page", "autosave", "pdf", "login form", "login")


def prepare(database: str, people: int, users: int) -> list[dict]:
    url = f"{SERVER}/{database}"
    log(f"database {database}: migrate, load_framework, demo, {people:,} more people")
    manage(url, "migrate", "--noinput")
    manage(url, "load_framework")
    manage(url, "demo", debug=True)
    log(f"static files: {collect_static(url)}")
    with psycopg.connect(url) as connection:
        version = connection.execute(
            "SELECT version_id FROM assessments_assessment WHERE subject_id IS NULL ORDER BY id LIMIT 1"
        ).fetchone()[0]
        section, _count = http_bench.heaviest_section(connection, version)
        item = http_bench.first_rateable_item(connection, version, section)
    national.generate(url, people, version)
    with psycopg.connect(url, autocommit=True) as connection:
        # Every generated account gets the demo accounts' password ("demo"), hashed as Django did.
        connection.execute(
            "UPDATE accounts_user SET password = (SELECT password FROM accounts_user WHERE email = %s) "
            "WHERE password = '!'",
            (national.COORDINATOR,),
        )
        connection.execute("VACUUM (ANALYZE)")
        connection.execute(sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(database)))
        rows = connection.execute(
            "SELECT u.email, a.id FROM accounts_user u JOIN assessments_assessment a ON a.owner_id = u.id "
            "JOIN accounts_teammembership tm ON tm.user_id = u.id "
            "WHERE u.email LIKE 'land%%' AND a.status = 'draft' AND a.subject_id IS NULL AND tm.role = 'coordinator' "
            "ORDER BY u.id LIMIT %s",
            (users,),
        ).fetchall()
    return [{"email": email, "assessment": pk, "section": section, "item": item} for email, pk in rows]


def locust(server, accounts: Path, requests: int, users: int, prefix: Path) -> tuple[float, float]:
    """Run Locust until `requests` are done: (seconds, % of the CPUs other processes used meanwhile)."""
    port = server.port
    env = {
        **os.environ,
        "PEAK_ACCOUNTS": str(accounts),
        "PEAK_REQUESTS": str(requests),
        "PEAK_PASSWORD": national.PASSWORD,
    }
    command = [
        LOCUST,
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--run-time",
        "15m",  # a bound; the request count ends it long before
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    log_path = Path(f"{prefix}.log")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection, log_path.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)

        def ours():
            backends = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname LIKE 'bench_peak_%'")
            return [os.getpid(), process.pid, server.process.pid, *server.worker_pids(), *(row[0] for row in backends)]

        meter = http_bench.CpuMeter(ours)
        meter.start()
        start = time.perf_counter()
        try:
            returncode = process.wait(timeout=20 * 60)
        finally:
            if process.poll() is None:
                process.kill()
        seconds = time.perf_counter() - start
        others = meter.stop()
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust wrote no statistics (exit {returncode}):\n{log_path.read_text()[-3000:]}")
    return seconds, others


def read_stats(prefix: Path) -> dict[str, dict]:
    stats = {}
    with open(f"{prefix}_stats.csv") as file:
        for row in csv.DictReader(file):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
    failures = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with path.open() as file:
            failures = [f"{row['Name']}: {row['Error']} ({row['Occurrences']}x)" for row in csv.DictReader(file)]
    stats["_failures"] = failures
    return stats


def run(args, base: str, made: list[str]) -> str:
    accounts = prepare(base, args.people, args.users)
    if len(accounts) < args.users:
        raise RuntimeError(f"only {len(accounts)} coordinators with a draft round")
    context = {"date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "machine": machine()}
    runs = {}
    with tempfile.TemporaryDirectory(prefix="bench-peak-") as folder:
        accounts_file = Path(folder) / "accounts.json"
        accounts_file.write_text(json.dumps(accounts))
        for workers in args.workers:
            database = f"{base}_{workers}w"
            with admin_connection() as connection:
                connection.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(database), sql.Identifier(base))
                )
            made.append(database)
            http_bench.WORKERS = workers
            server = http_bench.Gunicorn(f"{SERVER}/{database}", Path(folder) / f"gunicorn-{workers}.log")
            try:
                log(f"{workers} worker(s) on 127.0.0.1:{server.port}: {args.users} users, {args.requests} requests")
                http_bench.wait_until_quiet(args.wait_quiet)
                seconds, others = locust(server, accounts_file, args.requests, args.users, Path(folder) / f"w{workers}")
                stats = read_stats(Path(folder) / f"w{workers}")
                runs[workers] = {"stats": stats, "seconds": seconds, "rss": server.peak_rss_mb(), "others": others}
                if server.worker_pids() != server.workers:
                    runs[workers]["note"] = f"workers changed: {server.workers} -> {server.worker_pids()}"
            except Exception:
                print(f"--- gunicorn log:\n{server.log_tail()}", file=sys.stderr)
                raise
            finally:
                server.stop()
    return report(context, runs, args)


def report(context: dict, runs: dict, args) -> str:
    lines = [
        f"Profielwijzer peak benchmark, {context['date']}",
        f"machine: {context['machine']}",
        "server: gunicorn profiel.wsgi, sync workers, DEBUG=0, PostgreSQL on 127.0.0.1 (random_page_cost 1.1);",
        "        Locust on the same machine (it competes for the same 2 cores)",
        f"load: Locust {args.users} users at once, each logged in as their own coordinator, no think time beyond",
        f"      0-0.2 s; {args.requests:,} requests per run (logins included); 2 of 3 users edit (page views and",
        "      autosaves 60:40), 1 of 3 prepare the talk (page views and PDF downloads 60:40; the first download",
        "      of each renders the PDF, later ones are served from the stored copy); a fresh copy of the database",
        f"      per run: the demo data plus {args.people:,} people",
        "",
    ]
    rows = [["", "requests", "errors", "median ms", "p95 ms"]]
    for workers, data in runs.items():
        stats = data["stats"]
        total = stats.get("Aggregated", {})
        rows.append(
            [
                f"{workers} worker{'s' if workers > 1 else ''}: all",
                str(total.get("requests", 0)),
                str(total.get("failures", 0)),
                f"{total.get('median', 0):.0f}",
                f"{total.get('p95', 0):.0f}",
            ]
        )
        for kind in KINDS:
            if kind in stats:
                row = stats[kind]
                rows.append(
                    [
                        f"  {kind}",
                        str(row["requests"]),
                        str(row["failures"]),
                        f"{row['median']:.0f}",
                        f"{row['p95']:.0f}",
                    ]
                )
    lines += table(rows)
    lines.append("")
    rows = [["", "throughput req/s", "run s", "others' CPU", "worker peak RSS (VmHWM)"]]
    for workers, data in runs.items():
        total = data["stats"].get("Aggregated", {})
        rows.append(
            [
                f"{workers} worker{'s' if workers > 1 else ''}",
                f"{total.get('rps', 0):.1f}",
                f"{data['seconds']:.0f}",
                f"{data['others']:.0f}%",
                ", ".join(f"{value:.0f}" for value in data["rss"].values()) + " MB",
            ]
        )
    lines += table(rows)
    lines.append("others' CPU: the share of the machine's CPUs that processes other than this run used meanwhile")
    if len(runs) == 2:
        one, two = (runs[w]["stats"].get("Aggregated", {}).get("rps", 0) for w in sorted(runs))
        lines.append(f"2 workers / 1 worker: {two / one:.2f}x the throughput" if one else "")
    for workers, data in runs.items():
        for failure in data["stats"]["_failures"][:10]:
            lines.append(f"error ({workers} worker): {failure}")
        if "note" in data:
            lines.append(f"NOTE ({workers} worker): {data['note']}")
    peak = max(value for data in runs.values() for value in data["rss"].values())
    errors = sum(data["stats"].get("Aggregated", {}).get("failures", 0) for data in runs.values())
    lines += [
        "",
        f"targets: 0 errors at the peak: {errors} {'met' if errors == 0 else 'NOT MET'};"
        f" workers <= 300 MB: {peak:.0f} MB {'met' if peak <= 300 else 'NOT MET'}",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The season's peak: Locust against gunicorn (1 and 2 workers).")
    parser.add_argument("--requests", type=int, default=2400, help="requests per run (default 2,400)")
    parser.add_argument("--users", type=int, default=24, help="simulated coordinators at once (default 24)")
    parser.add_argument("--people", type=int, default=1000, help="accounts added to the demo data (default 1,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run (default 1 2)")
    parser.add_argument("--wait-quiet", type=float, default=30, help="wait up to this long for a quiet machine")
    parser.add_argument("--no-save", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    base = f"bench_peak_{datetime.datetime.now():%Y%m%d_%H%M%S}"
    made = [base]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with admin_connection() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(base)))
    started = time.perf_counter()
    try:
        text = run(args, base, made)
    finally:
        drop_databases(made)
    text += f"\nwhole run {time.perf_counter() - started:.0f} s: .venv/bin/python bench/peak.py"
    text += f" --requests {args.requests} --users {args.users}\n"
    save_results(text, RESULTS, save=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
