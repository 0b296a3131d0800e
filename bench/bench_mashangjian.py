"""Load test of 码上减 submissions on loopback: gunicorn + PostgreSQL, concurrent reporters.

Run from the repository root:  python bench/bench_mashangjian.py [--seconds 60] [--clients 24]

It creates a throwaway PostgreSQL database, migrates it, seeds a small county, starts gunicorn
(production settings, rate limits switched off for the run since every reporter shares 127.0.0.1),
then lets ``--clients`` reporters POST to the Open311 endpoint for ``--seconds``. Baseline, in the
same run and the same way: GET services.json (a read of the categories, no write). Afterwards it
checks every receipt against the database (the number exists and the token matches its hash) and
that no case exists without a receipt. Then it stops gunicorn and drops the database.
Nothing here asserts a time; the exit code is non-zero only if receipts and cases disagree.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SECRET = "bench-only-secret-key-not-for-production"  # noqa: S105

TEXTS = [
    "县教育局一周内三次要求村里填报留守儿童情况表，内容与上月报送的一致。",
    "要求村干部每天在巡查APP打卡签到三次并上传照片，没打卡就在群里通报。",
    "一个月召开五次视频会议要求村支书全程陪会，会上只是传达文件。",
    "要求社区给外出务工人员开具无犯罪记录证明和亲属关系证明。",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": f"{PG}/{db}",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "COOKIE_SECURE": "0",
        "MASHANGJIAN_SUBMIT_LIMIT": "0/60",
        "MASHANGJIAN_LOOKUP_LIMIT": "0/60",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DB_CONN_MAX_AGE": "600",
    }


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


SEED = """
import django; django.setup()
from pathlib import Path
from django.conf import settings
from mashangjian.services import setup
from mashangjian.services.calendar import calendar_seed
from tests.factories import make_county_tree, make_department
tree = make_county_tree()
for name in ("县教育局", "县民政局", "县统计局"):
    make_department(tree["county"], name)
setup.categories_load(path=Path(settings.BASE_DIR) / "fixtures/linyuan/mashangjian_categories.csv")
setup.routing_rules_from_categories(county=tree["county"])
calendar_seed(years=range(2024, 2027))
print(",".join(r.code for k, r in tree.items() if k != "city"))
"""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.receipts: list[tuple[str, str]] = []

    def error(self, key: str) -> None:
        with self.lock:
            self.errors[key] = self.errors.get(key, 0) + 1


def worker(
    port: int, stop: float, regions: list[str], stats: Stats, write: bool, seed: int
) -> None:
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    lat: list[float] = []
    receipts: list[tuple[str, str]] = []
    while time.perf_counter() < stop:
        t0 = time.perf_counter()
        try:
            if write:
                body = json.dumps(
                    {
                        "service_code": rnd.choice(["TBBS", "ZJXS", "WSHH", "DJK", "QT"]),
                        "jurisdiction_id": rnd.choice(regions),
                        "description": rnd.choice(TEXTS) + f"（{rnd.randrange(10**6)}）",
                    },
                    ensure_ascii=False,
                ).encode()
                conn.request(
                    "POST",
                    "/api/open311/v2/requests.json",
                    body,
                    {"Content-Type": "application/json"},
                )
            else:
                conn.request("GET", "/api/open311/v2/services.json")
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            stats.error(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        lat.append(time.perf_counter() - t0)
        if resp.status != 200:
            stats.error(str(resp.status))
            continue
        if write:
            item = json.loads(data)[0]
            receipts.append((item["service_request_id"], item["token"]))
    conn.close()
    with stats.lock:
        stats.latencies.extend(lat)
        stats.receipts.extend(receipts)


def run(
    port: int, seconds: float, clients: int, regions: list[str], write: bool
) -> tuple[Stats, float]:
    stats = Stats()
    start = time.perf_counter()
    stop = start + seconds
    threads = [
        threading.Thread(target=worker, args=(port, stop, regions, stats, write, i))
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats, time.perf_counter() - start


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) >= 20 else max(values or [0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="duration of the submission run")
    parser.add_argument(
        "--baseline-seconds", type=float, default=10, help="duration of the read baseline"
    )
    parser.add_argument("--clients", type=int, default=24, help="concurrent reporters")
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1, help="gunicorn workers"
    )
    args = parser.parse_args()

    db = f"msj_bench_{os.getpid()}"
    env = env_for(db)
    psql(f'CREATE DATABASE "{db}"')
    server = None
    try:
        subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True
        )
        seeded = subprocess.run(
            [PY, "-c", SEED], cwd=REPO, env=env, check=True, capture_output=True, text=True
        )
        regions = seeded.stdout.strip().splitlines()[-1].split(",")
        port = free_port()
        server = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--log-level",
                "warning",
                "--keep-alive",
                "30",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        run(port, 3, args.clients, regions, write=False)  # warm-up: connections, imports
        base, base_elapsed = run(port, args.baseline_seconds, args.clients, regions, write=False)
        load, elapsed = run(port, args.seconds, args.clients, regions, write=True)

        os.environ.update(env)
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from mashangjian.models import Case
        from mashangjian.protection import query_code_matches

        stored = dict(Case.objects.values_list("number", "token_hash"))
        got = dict(load.receipts)
        missing = [n for n in got if n not in stored]
        bad_token = [
            n for n, code in got.items() if n in stored and not query_code_matches(code, stored[n])
        ]
        unreceipted = [n for n in stored if n not in got]
        duplicates = len(load.receipts) - len(got)
        from django.db import connections

        connections.close_all()

        base_rate = len(base.latencies) / base_elapsed
        rate = len(load.receipts) / elapsed
        fivexx = sum(v for k, v in load.errors.items() if k.startswith("5"))
        print(
            f"码上减 submissions via POST /api/open311/v2/requests.json, {args.clients} clients, "
            f"gunicorn {args.workers} workers × 4 threads, PostgreSQL, {elapsed:.0f} s"
        )
        print(
            f"  ratio submissions/s ÷ baseline reads/s (GET services.json): {rate / base_rate:.2f}"
        )
        print(
            f"  ratio p95 submit ÷ p95 baseline read:                        {p95(load.latencies) / max(p95(base.latencies), 1e-9):.2f}"
        )
        print(
            f"  submissions: {len(load.receipts)} in {elapsed:.1f} s = {rate:.0f}/s (target ≥ 200/s); "
            f"p50 {statistics.median(load.latencies) * 1000:.1f} ms, p95 {p95(load.latencies) * 1000:.1f} ms"
        )
        print(f"  baseline reads: {base_rate:.0f}/s, p95 {p95(base.latencies) * 1000:.1f} ms")
        print(f"  errors: {load.errors or 'none'} (5xx: {fivexx})")
        print(
            f"  verify: {len(stored)} cases stored, {len(got)} receipts; missing {len(missing)}, "
            f"token mismatch {len(bad_token)}, cases without receipt {len(unreceipted)}, duplicate numbers {duplicates}"
        )
        return 1 if (missing or bad_token or unreceipted or duplicates) else 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        time.sleep(0.5)
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
