"""Benchmark of the stored, DB-backed admission check (``registry.services.checks.check_run``).

Run from the repository root:  python bench/bench_checks.py [--rounds 3]

Sets up a throwaway SQLite database in a temporary directory, loads the demo county (lists with
their history), then runs every row of ../shared/eval/assign-dev.csv through ``check_run``:

* baseline, in the same run: the same checks with the index cache cleared before each one
  (what a naive "build the index per request" implementation would cost);
* cached path: index built once per (unit type, versions in force), then p50/p95 per check_run
  including the database writes of the stored check;
* the same checks split into ``check_compute`` (input resolution, index lookup, rules, result
  JSON: reads only) and ``check_store`` (the INSERT of the immutable record and its versions, and
  the COMMIT), so the cost of the write is visible on its own;
* verdict accuracy and top-1 cited item of the DB path, to show the wiring loses nothing against
  the CSV-based figures of bench_admission.py.

``--postgres postgres://user@host:port`` runs the same on PostgreSQL instead, in a throwaway
database created on that server for the run and dropped at the end.

Ratios first, absolute figures for context. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time

from _common import REPO, pct, throwaway_database

EVAL = REPO / "bench" / "data" / "assign-dev.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="cached passes over the dev file")
    parser.add_argument("--baseline-rows", type=int, default=20, help="rows for the uncached run")
    parser.add_argument(
        "--postgres",
        default="",
        help="PostgreSQL server URL without a database name (postgres://user@127.0.0.1:5432); "
        "the bench creates a throwaway database there and drops it at the end",
    )
    args = parser.parse_args()

    with throwaway_database("bench_checks", args.postgres) as engine:
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        from registry.admission import check_task
        from registry.admission_index import index_cache_clear, index_cache_stats, region_index
        from registry.demo_county import load_demo_county
        from registry.selectors import region_get
        from registry.services.checks import check_compute, check_run, check_store

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        load_demo_county()
        setup_s = time.perf_counter() - t0
        today = timezone.localdate()
        with open(EVAL, encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))

        # Baseline: index rebuilt for every check.
        naive: list[float] = []
        for row in rows[: args.baseline_rows]:
            index_cache_clear()
            t = time.perf_counter()
            check_run(
                region=row["region"], text=row["text"], department=row["department"], source="batch"
            )
            naive.append((time.perf_counter() - t) * 1000)

        index_cache_clear()
        builds_before = index_cache_stats()["builds"]
        t = time.perf_counter()
        check_run(region=rows[0]["region"], text=rows[0]["text"], source="batch")
        first_ms = (time.perf_counter() - t) * 1000

        # Accuracy pass; it also warms the cache (one index per unit type and set of versions).
        correct = top1 = top1_total = 0
        for row in rows:
            check = check_run(
                region=row["region"], text=row["text"], department=row["department"], source="batch"
            )
            correct += check.verdict == row["verdict"]
            if row["seq"]:
                top1_total += 1
                matches = check.result["matches"]
                top1 += bool(
                    matches
                    and matches[0]["list_kind"] == row["list_kind"]
                    and str(matches[0]["seq"]) == row["seq"]
                )

        timings: list[float] = []
        pure: list[float] = []
        computed: list[float] = []
        stored: list[float] = []
        regions = {code: region_get(code=code) for code in {r["region"] for r in rows}}
        for _ in range(args.rounds):
            for row in rows:
                t = time.perf_counter()
                check_run(
                    region=row["region"],
                    text=row["text"],
                    department=row["department"],
                    source="batch",
                )
                timings.append((time.perf_counter() - t) * 1000)
                region = regions[row["region"]]
                t = time.perf_counter()
                built = region_index(region=region, on=today)
                level = "township" if region.level == "township" else "village"
                check_task(text=row["text"], target_level=level, index=built.index)
                pure.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                outcome = check_compute(
                    region=row["region"], text=row["text"], department=row["department"]
                )
                computed.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                check_store(outcome=outcome, source="batch")
                stored.append((time.perf_counter() - t) * 1000)
        builds = index_cache_stats()["builds"] - builds_before
        p50, p95 = pct(timings, 0.5), pct(timings, 0.95)
        naive_p50 = statistics.median(naive)
        print(f"bench_checks: DB-backed check_run on the demo county ({engine})")
        print(f"  ratio uncached/cached p50: {naive_p50 / p50:.1f}x")
        print(
            f"  cached   p50 {p50:.2f} ms  p95 {pct(timings, 0.95):.2f} ms  ({len(timings)} checks)"
        )
        print(
            f"  check_compute (resolve + index lookup + rules + JSON, no write)"
            f" p50 {pct(computed, 0.5):.2f} ms  p95 {pct(computed, 0.95):.2f} ms"
        )
        print(
            f"  check_store (INSERT + versions + COMMIT)"
            f" p50 {pct(stored, 0.5):.2f} ms  p95 {pct(stored, 0.95):.2f} ms"
        )
        print(
            f"  of which lookup + rules (no write) p50 {pct(pure, 0.5):.2f} ms"
            f"  p95 {pct(pure, 0.95):.2f} ms"
        )
        print(f"  uncached p50 {naive_p50:.2f} ms  ({len(naive)} checks, index rebuilt each time)")
        print(f"  first check (cold index build + check) {first_ms:.1f} ms; index builds: {builds}")
        print(f"  p95 target < 20 ms: {'met' if p95 < 20 else 'NOT met'}")
        print(
            f"  accuracy via DB path: verdict {correct / len(rows):.3f} ({correct}/{len(rows)}),"
            f" top-1 item {top1 / max(top1_total, 1):.3f} ({top1}/{top1_total})"
        )
        print(f"  setup (migrate + demo county) {setup_s:.1f} s")


if __name__ == "__main__":
    main()
