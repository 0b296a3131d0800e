"""Load test of 码上减 submissions on loopback: gunicorn + PostgreSQL, concurrent reporters.

Run from the repository root:  python bench/bench_mashangjian.py [--seconds 60] [--clients 32]

It creates a throwaway PostgreSQL database, migrates it, seeds a small county, starts gunicorn
(production settings, DEBUG off; the rate limits stay on but are raised through the environment,
since every reporter shares 127.0.0.1), then lets ``--clients`` reporters POST to the Open311
endpoint for ``--seconds``. The reporters run in ``--client-procs`` processes separate from the
server, each thread on one persistent HTTP/1.1 connection. Baseline, in the same run and the same
way: GET services.json (a read of the categories, no write).

Afterwards it checks every receipt against the database (the number exists and the token matches
its hash) and that no case exists without a receipt. It also reports where the CPU went: the
gunicorn processes, the PostgreSQL backends serving them and the load generator, per request,
next to the whole machine's busy time (other jobs on a shared box show up as "other").
Then it stops gunicorn and drops the database. Nothing here asserts a time; the exit code is
non-zero only if receipts and cases disagree or a 5xx was answered.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from _common import REPO, wait_for_port

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
        # Limits on, but far above the load: every simulated reporter shares 127.0.0.1.
        "MASHANGJIAN_SUBMIT_LIMIT": "100000000/3600",
        "MASHANGJIAN_LOOKUP_LIMIT": "100000000/600",
        "PYTHONWARNINGS": "ignore:No directory at",  # no collectstatic for an API-only run
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


HZ = os.sysconf("SC_CLK_TCK")
# Categories that also run the admission check (no list is in force in the seeded county, so the
# check ends in “未能审查”); their share of the submissions is --checked-share (set before forking).
CHECKED = ["QDWSX", "WZRTP", "ZMSX", "JZPZ"]
CHECKED_SHARE = 0.0


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by one process; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / HZ


def tree_pids(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return pids


def machine_busy() -> float:
    """Busy CPU seconds of the whole machine so far (all cores)."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / HZ


class CpuMeter:
    """CPU used by the gunicorn tree and the PostgreSQL backends of the bench database."""

    def __init__(self, server_pid: int, db: str):
        self.server_pid, self.db = server_pid, db

    def _backends(self) -> list[int]:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.db,)
            ).fetchall()
        return [r[0] for r in rows]

    def sample(self) -> dict:
        return {
            "server": {p: proc_cpu(p) for p in tree_pids(self.server_pid)},
            "db": {p: proc_cpu(p) for p in self._backends()},
            "machine": machine_busy(),
            "wall": time.perf_counter(),
        }

    @staticmethod
    def delta(a: dict, b: dict) -> dict:
        def used(key):
            return sum(cpu - a[key].get(pid, 0.0) for pid, cpu in b[key].items())

        return {
            "server": used("server"),
            "db": used("db"),
            "machine": b["machine"] - a["machine"],
            "wall": b["wall"] - a["wall"],
        }


def _request(conn, rnd: random.Random, regions: list[str], write: bool):
    if write:
        body = json.dumps(
            {
                "service_code": rnd.choice(
                    CHECKED
                    if rnd.random() < CHECKED_SHARE
                    else ["TBBS", "ZJXS", "WSHH", "DJK", "QT"]
                ),
                "jurisdiction_id": rnd.choice(regions),
                # Distinct reports: identical ones from one source would be one case (issue 10).
                "description": rnd.choice(TEXTS) + f"（{rnd.getrandbits(48):x}）",
            },
            ensure_ascii=False,
        ).encode()
        # Idempotency on, as a careful client sends it: a fresh key per report.
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{rnd.getrandbits(64):016x}",
        }
        conn.request("POST", "/api/open311/v2/requests.json", body, headers)
    else:
        conn.request("GET", "/api/open311/v2/services.json")
    resp = conn.getresponse()
    return resp.status, resp.read()


def _thread(port, start, stop, regions, write, seed, out) -> None:
    rnd = random.Random(seed)
    lat: list[float] = []
    receipts: list[tuple[str, str]] = []
    errors: dict[str, int] = {}
    while time.time() < start:
        time.sleep(0.001)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # reused: keep-alive
    while time.time() < stop:
        t0 = time.perf_counter()
        try:
            status, data = _request(conn, rnd, regions, write)
        except (OSError, http.client.HTTPException) as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        lat.append(time.perf_counter() - t0)
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
            continue
        if write:
            item = json.loads(data)[0]
            receipts.append((item["service_request_id"], item["token"]))
    conn.close()
    out.append((lat, receipts, errors))


def _client_process(port, start, stop, regions, write, seed, threads, queue) -> None:
    """One load-generating process: ``threads`` reporters, each on its own connection."""
    out: list = []
    workers = [
        threading.Thread(
            target=_thread, args=(port, start, stop, regions, write, seed * 1000 + i, out)
        )
        for i in range(threads)
    ]
    cpu0 = time.process_time()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    lat = [x for o in out for x in o[0]]
    receipts = [x for o in out for x in o[1]]
    errors: dict[str, int] = {}
    for o in out:
        for k, v in o[2].items():
            errors[k] = errors.get(k, 0) + v
    queue.put((lat, receipts, errors, time.process_time() - cpu0))


class Result:
    def __init__(self):
        self.latencies: list[float] = []
        self.receipts: list[tuple[str, str]] = []
        self.errors: dict[str, int] = {}
        self.client_cpu = 0.0
        self.elapsed = 0.0
        self.cpu: dict = {}

    @property
    def count(self) -> int:
        return len(self.latencies)


def run(
    port: int,
    seconds: float,
    clients: int,
    procs: int,
    regions: list[str],
    write: bool,
    meter: CpuMeter | None = None,
    seed_base: int = 0,
) -> Result:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start = time.time() + 0.5
    stop = start + seconds
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    children = [
        ctx.Process(
            target=_client_process,
            # Distinct seeds per run: the warm-up must not replay the load's idempotency keys.
            args=(
                port,
                start,
                stop,
                regions,
                write,
                seed_base + i + (100 if write else 0),
                n,
                queue,
            ),
        )
        for i, n in enumerate(per)
        if n
    ]
    for c in children:
        c.start()
    time.sleep(max(0.0, start - time.time()))
    before = meter.sample() if meter else None
    result = Result()
    for _ in children:
        lat, receipts, errors, cpu = queue.get()
        result.latencies.extend(lat)
        result.receipts.extend(receipts)
        result.client_cpu += cpu
        for k, v in errors.items():
            result.errors[k] = result.errors.get(k, 0) + v
    if meter:
        result.cpu = CpuMeter.delta(before, meter.sample())
    for c in children:
        c.join()
    result.elapsed = seconds
    return result


def cpu_line(result: Result) -> str:
    n = max(result.count, 1)
    cpu = result.cpu
    other = cpu["machine"] - cpu["server"] - cpu["db"] - result.client_cpu
    cores = cpu["machine"] / cpu["wall"]
    return (
        f"CPU per request: gunicorn {cpu['server'] / n * 1000:.2f} ms, "
        f"PostgreSQL backends {cpu['db'] / n * 1000:.2f} ms, load generator "
        f"{result.client_cpu / n * 1000:.2f} ms; machine busy {cores:.2f} of {os.cpu_count()} "
        f"cores (other jobs {max(other, 0) / cpu['wall']:.2f} cores)"
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) >= 20 else max(values or [0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="duration of the submission run")
    parser.add_argument(
        "--baseline-seconds", type=float, default=10, help="duration of the read baseline"
    )
    parser.add_argument("--clients", type=int, default=32, help="concurrent reporters")
    parser.add_argument(
        "--client-procs", type=int, default=2, help="load-generator processes sharing the clients"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 2) + 1,
        help="gunicorn worker processes (gthread)",
    )
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per gunicorn worker (gthread)"
    )
    parser.add_argument(
        "--checked-share",
        type=float,
        default=0.0,
        help="share of submissions in the four categories that run the admission check (0–1)",
    )
    args = parser.parse_args()
    global CHECKED_SHARE
    CHECKED_SHARE = args.checked_share

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
                str(args.threads),
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "--keep-alive",
                "75",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        wait_for_port(port)
        meter = CpuMeter(server.pid, db)
        procs = max(1, args.client_procs)
        # Warm-up: imports, database connections and caches in every worker.
        run(port, 3, args.clients, procs, regions, write=False)
        warm = run(port, 3, args.clients, procs, regions, write=True, seed_base=500)
        base = run(port, args.baseline_seconds, args.clients, procs, regions, False, meter)
        load = run(port, args.seconds, args.clients, procs, regions, True, meter)

        os.environ.update(env)
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from mashangjian.models import Case
        from mashangjian.protection import query_code_matches

        stored = dict(Case.objects.values_list("number", "token_hash"))
        receipts = warm.receipts + load.receipts
        got = dict(receipts)
        missing = [n for n in got if n not in stored]
        bad_token = [
            n for n, code in got.items() if n in stored and not query_code_matches(code, stored[n])
        ]
        unreceipted = [n for n in stored if n not in got]
        duplicates = len(receipts) - len(got)
        from django.db import connections

        connections.close_all()

        base_rate = base.count / base.elapsed
        rate = len(load.receipts) / load.elapsed
        fivexx = sum(v for k, v in load.errors.items() if k.startswith("5"))
        print(
            f"码上减 submissions via POST /api/open311/v2/requests.json: {args.clients} reporters "
            f"in {procs} processes (keep-alive), gunicorn {args.workers} workers × "
            f"{args.threads} threads, PostgreSQL, {load.elapsed:.0f} s, "
            f"admission-checked categories {args.checked_share:.0%}"
        )
        print(
            f"  ratio submissions/s ÷ baseline reads/s (GET services.json): {rate / base_rate:.2f}"
        )
        print(
            "  ratio p95 submit ÷ p95 baseline read:                        "
            f"{p95(load.latencies) / max(p95(base.latencies), 1e-9):.2f}"
        )
        print(
            f"  submissions: {len(load.receipts)} in {load.elapsed:.1f} s = {rate:.0f}/s "
            f"(target ≥ 200/s); p50 {statistics.median(load.latencies) * 1000:.1f} ms, "
            f"p95 {p95(load.latencies) * 1000:.1f} ms"
        )
        print(f"    {cpu_line(load)}")
        print(
            f"  baseline reads: {base_rate:.0f}/s, p50 "
            f"{statistics.median(base.latencies) * 1000:.1f} ms, p95 {p95(base.latencies) * 1000:.1f} ms"
        )
        print(f"    {cpu_line(base)}")
        print(f"  errors: {load.errors or 'none'} (5xx: {fivexx})")
        print(
            f"  verify (warm-up included): {len(stored)} cases stored, {len(got)} receipts; "
            f"missing {len(missing)}, token mismatch {len(bad_token)}, "
            f"cases without receipt {len(unreceipted)}, duplicate numbers {duplicates}"
        )
        return 1 if (missing or bad_token or unreceipted or duplicates or fivexx) else 0
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
