"""End-to-end HTTP benchmark: gunicorn (2 sync workers) against a fresh PostgreSQL database.

Run: .venv/bin/python bench/http.py [--users 10000] [--requests 60] [--warmup 10]

Creates a database named with a timestamp, migrates it, loads the catalog and the demo data,
serves the app with gunicorn the way production does (DEBUG off, collected static files) and
measures over HTTP, as a browser would: the login page (the trivial baseline), the heaviest
keuzemodel page and a single htmx autosave; then 4 logged-in clients at once; then the same
again after adding 10,000 users with filled-in assessments. The database is dropped at the end,
also when something fails. Figures go to the terminal and to bench/results/http-latest.txt.
The work is done in bench/http_bench.py.

Why this file also contains an import shim: Python puts a script's folder first on sys.path, so
a file called http.py in bench/ hides the standard library's `http` package from every script
run from here (Django itself does `from http import cookies`, so bench/pdf.py would break). Run
as a script, this file takes bench/ off sys.path before anything imports `http`; imported *as*
`http` (by another script in bench/), it loads the standard library's package in its place.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    _BENCH = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _BENCH]
    sys.path.insert(0, str(_BENCH.parent))
    from bench.http_bench import main

    sys.exit(main())
elif __name__ == "http":
    import importlib.util
    import os

    _folder = Path(os.__file__).parent / "http"
    _spec = importlib.util.spec_from_file_location(
        "http", _folder / "__init__.py", submodule_search_locations=[str(_folder)]
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["http"] = _module  # the import system hands out whatever sys.modules holds
    _spec.loader.exec_module(_module)
