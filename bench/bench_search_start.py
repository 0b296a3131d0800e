"""The first search after a start against the later ones (issue 13: "the first search after a
restart is as fast as later ones").

    .venv/bin/python bench/bench_search_start.py [--processes 3] [--code DIR]

1. Builds a throwaway SQLite database with the demo data (``migrate`` + ``load_demo_data``,
   dev settings, a temporary directory removed at the end).
2. Starts ``--processes`` fresh interpreters one after the other. Each imports ``cms.wsgi`` as a
   server does at start-up (timed: that is where start-up work belongs), then sends anonymous
   GETs of the home page's search through that WSGI application, as a server hands them on:
   the first search, then eight others (different queries, so no answer is a repeat of another).
3. Prints, per process and as medians: the start-up import, the first search and the median of
   the later searches, and their ratio.

``--code DIR`` runs the same measurement against another checkout (e.g. a ``git archive`` of the
commit before a change) with this script's data set-up, for a before/after in the same window.
Asserts nothing about wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

QUERIES = ["低保", "医保", "安全生产", "消防", "退役军人", "防汛", "人口普查", "环境卫生", "农村"]

CHILD = r"""
import json, sys, time
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults
import django
django.setup()
started = time.perf_counter()
import cms.wsgi  # what a server imports at start-up (cms.wsgi warms there)
startup = time.perf_counter() - started
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
url = site.root_page.url + "search/"
times = []
for q in json.loads(sys.argv[1]):
    environ = {"PATH_INFO": url, "QUERY_STRING": urlencode({"q": q}), "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    status = []
    t = time.perf_counter()
    response = cms.wsgi.application(environ, lambda s, h, e=None: status.append(s))
    body = b"".join(response)
    response.close()
    times.append(time.perf_counter() - t)
    assert status[0].startswith("200") and q.encode() in body, status
print(json.dumps({"startup": startup, "times": times}))
"""


def run(cmd: list[str], env: dict, cwd: Path) -> str:
    out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(out.returncode)
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3, help="fresh processes to measure")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument(
        "--data", type=Path, help="keep the database in this directory (reused when it exists)"
    )
    args = parser.parse_args()
    code = args.code.resolve()
    tmp = args.data or Path(tempfile.mkdtemp(prefix="bench_search_start_"))
    fresh = not (tmp / "bench.sqlite3").exists()
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        env = {
            **os.environ,
            "PYTHONPATH": str(code),
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "CACHE_LOCATION": str(tmp / "cache"),
        }
        manage = [PY, str(code / "manage.py")]
        if fresh:
            run([*manage, "migrate", "--noinput", "-v", "0"], env, code)
            run([*manage, "load_demo_data", "--quiet-accounts"], env, code)
        rows = []
        for n in range(args.processes):
            out = run([PY, "-c", CHILD, json.dumps(QUERIES)], env, code)
            got = json.loads(out.strip().splitlines()[-1])
            first, later = got["times"][0], statistics.median(got["times"][1:])
            rows.append((got["startup"], first, later))
            print(
                f"process {n + 1}: start-up import {got['startup'] * 1000:7.0f} ms   "
                f"first search {first * 1000:7.1f} ms   later searches (median) "
                f"{later * 1000:6.1f} ms   first/later {first / later:5.1f}×"
            )
        startup = statistics.median(r[0] for r in rows)
        first = statistics.median(r[1] for r in rows)
        later = statistics.median(r[2] for r in rows)
        print(
            f"median: start-up import {startup * 1000:.0f} ms, first search {first * 1000:.1f} ms, "
            f"later searches {later * 1000:.1f} ms, ratio {first / later:.1f}×"
        )
    finally:
        if args.data is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
