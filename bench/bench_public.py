"""Public site throughput and latency, measured against a baseline in the same run.

    .venv/bin/python bench/bench_public.py [--seconds 6] [--threads 4]

1. Builds a throwaway SQLite database (temporary directory, removed at the end) with a county,
   a 300-item list and a second list with two 1,000-item versions.
2. Starts gunicorn on 127.0.0.1 (production settings, 2 workers × 4 threads) and, with a few
   client threads over keep-alive-less http.client connections, measures requests per second
   and p95 latency of the current-version page of the 300-item list and of a static file served
   by the same server (WhiteNoise). Target: page ≥ half the static figure, p95 < 50 ms.
3. Times, in-process with the cache cleared before each run (server-side time, no cache), the
   as-of view and the compare view of the two 1,000-item versions. Target: < 100 ms each.

Prints ratios and absolute figures; asserts nothing about wall-clock time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import REPO, wait_for_port

PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_data(env: dict) -> dict:
    """Runs in a child interpreter so that this process stays free of Django state."""
    script = r"""
import datetime, json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
from django.utils import timezone
from wagtail.models import Page, Site
from cms.models import HomePage
from registry.enums import ListKind
from registry.services.regions import duty_list_get_or_create
from registry.services.versions import ItemData
from tests.factories import make_county_tree, make_department, publish
from tests.cms.public_site import list_page, region_page

tree = make_county_tree()
dept = make_department(tree["county"], "县民政局")
today = timezone.localdate()
def items(n, salt=""):
    return [ItemData(seq=i, code=f"XZ-{i:04d}", domain=f"领域{i % 12}", name=f"协助开展第{i}项工作{salt if i % 10 == 0 else ''}",
                     content=f"协助做好第{i}项工作的宣传、摸排、信息采集和上报，配合开展入户走访。" + (salt if i % 7 == 0 else ""),
                     basis="《中华人民共和国村民委员会组织法》第三十六条", department=dept) for i in range(1, n + 1)]
publish(tree["county"], ListKind.TOWNSHIP_BASIC, today - datetime.timedelta(days=10),
        [ItemData(seq=i, code=f"JB-{i:03d}", domain=f"领域{i % 12}", name=f"基本履职事项{i}",
                  content="组织开展辖区内相关工作，落实属地管理责任，做好政策宣传和信息报送。" * 2,
                  basis="《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》") for i in range(1, 301)])
publish(tree["county"], ListKind.VILLAGE_ASSIST, today - datetime.timedelta(days=400), items(1000))
publish(tree["county"], ListKind.VILLAGE_ASSIST, today - datetime.timedelta(days=10), items(1000, "（修订）"))
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="基准", slug="bench-home"))
Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "127.0.0.1"})
county = region_page(region_page(home, tree["city"]), tree["county"])
basic = list_page(county, duty_list_get_or_create(region=tree["county"], kind=ListKind.TOWNSHIP_BASIC), "基本清单")
assist = list_page(county, duty_list_get_or_create(region=tree["county"], kind=ListKind.VILLAGE_ASSIST), "协助清单")
as_of = (today - datetime.timedelta(days=100)).isoformat()
print(json.dumps({"page": basic.url, "asof": f"{assist.url}{as_of}/", "compare": f"{assist.url}compare/1/2/"}))
"""
    out = subprocess.run(
        [PY, "-c", script], env=env, cwd=REPO, check=True, capture_output=True, text=True
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def load(port: int, path: str, seconds: float, threads: int) -> tuple[float, float, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(response.status)
            except Exception:
                with lock:
                    errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    latencies.sort()
    rps = len(latencies) / seconds
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan")
    return rps, p95, errors


def server_side(env: dict, paths: dict, runs: int) -> dict:
    script = r"""
import json, statistics, sys, time
import django
django.setup()
from django.core.cache import cache
from django.test import Client
paths = json.loads(sys.argv[1]); runs = int(sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
result = {}
for name in ("asof", "compare"):
    client.get(paths[name])  # warm up imports and templates
    times = []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        response = client.get(paths[name])
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    result[name] = {"median": statistics.median(times), "max": max(times), "bytes": len(response.content)}
print(json.dumps(result))
"""
    import json

    out = subprocess.run(
        [PY, "-c", script, json.dumps(paths), str(runs)],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="duration of each load run")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--runs", type=int, default=15, help="runs of each server-side timing")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench_public_"))
    server = None
    try:
        (tmp / "bench_public_settings.py").write_text(
            "from cms.settings.production import *  # noqa\n"
            f"STATIC_REPO = {str(tmp / 'static')!r}\n"
            "DEBUG = False\n"
        )
        env = {
            **os.environ,
            "PYTHONPATH": f"{tmp}{os.pathsep}{REPO}",
            "DJANGO_SETTINGS_MODULE": "bench_public_settings",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-only",
            "ALLOWED_HOSTS": "127.0.0.1",
            "COOKIE_SECURE": "0",
            "CACHE_LOCATION": str(tmp / "cache"),  # the workers share it; removed at the end
        }
        started = time.perf_counter()
        paths = build_data(env)
        print(f"setup: database and data built in {time.perf_counter() - started:.1f} s")
        static = "/static/" + next(
            p.relative_to(tmp / "static").as_posix()
            for p in (tmp / "static" / "css").glob("site.*.css")
        )
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        wait_for_port(port, pause=0.1)
        # Warm every worker (imports, jieba-free page render, cache fill).
        load(port, paths["page"], 1.0, args.threads)
        load(port, static, 1.0, args.threads)

        s_rps, s_p95, s_err = load(port, static, args.seconds, args.threads)
        p_rps, p_p95, p_err = load(port, paths["page"], args.seconds, args.threads)
        print(f"static file {static}: {s_rps:8.0f} req/s  p95 {s_p95:6.1f} ms  errors {s_err}")
        print(
            f"current-version page (300 items): {p_rps:8.0f} req/s  p95 {p_p95:6.1f} ms  errors {p_err}"
        )
        ratio = p_rps / s_rps if s_rps else float("nan")
        print(
            f"ratio page/static rps: {ratio:.2f} (target >= 0.50) · page p95 {p_p95:.1f} ms (target < 50)"
        )
        timings = server_side(env, paths, args.runs)
        for name, label in (
            ("asof", "as-of view, 1,000 items"),
            ("compare", "compare of two 1,000-item versions"),
        ):
            t = timings[name]
            print(
                f"{label}: median {t['median']:.1f} ms, max {t['max']:.1f} ms "
                f"({t['bytes'] // 1024} KiB, uncached; target < 100 ms)"
            )
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
