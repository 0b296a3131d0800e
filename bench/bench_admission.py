"""Benchmark of the admission check (准入审查) against a plain baseline, in the same run.

Run from the repository root:  python bench/bench_admission.py [--items 50000] [--checks 300]

Quality: the labelled development data against the demo county lists in fixtures/linyuan:
bench/data/assign-dev.csv (a copy of ../shared/eval/assign-dev.csv) and bench/data/assign-fresh.csv
(written as a held-out file, reported on once, and since then DEVELOPMENT data: its failures were
studied, so it no longer measures generalisation).  Every tunable is chosen by k-fold
cross-validation on the two together.  A new held-out file (``--heldout``) is evaluated once with
the shipped tuning; nothing here is tuned on it.  Baseline: BM25 over jieba tokens of item name + content, verdict = kind of
the top hit, ``unlisted`` under a score threshold (the threshold is picked on the same file, so the
baseline is, if anything, flattered).  Figures are also given on the odd and even ids separately,
the halves used for development and for checking.

Latency: a synthetic province-sized index (deterministic seed) built by recombining the demo
items' words; per-check p50/p95 of ``check_task`` against a plain rapidfuzz scan over all items.
Ratios first, absolute figures for context.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.admission_eval.latency import run_latency  # noqa: E402
from bench.admission_eval.quality import run_quality  # noqa: E402
from bench.admission_eval.reports import run_heldout, run_honest  # noqa: E402


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=50_000, help="synthetic items for latency")
    ap.add_argument("--checks", type=int, default=300, help="checks timed for latency")
    ap.add_argument("--seed", type=int, default=20240806)
    ap.add_argument("--verbose", action="store_true", help="list the dev rows we get wrong")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--skip-cv", action="store_true", help="skip cross-validation and replay")
    ap.add_argument(
        "--heldout",
        type=Path,
        default=None,
        help="a held-out file (same columns) evaluated once with the shipped tuning",
    )
    ap.add_argument(
        "--write-calibration",
        action="store_true",
        help="write the cross-validated calibration to registry/admission_calibration_weights.py",
    )
    args = ap.parse_args(argv)
    run_quality(args.verbose)
    if not args.skip_cv:
        print()
        run_honest(write_calibration=args.write_calibration)
    if args.heldout is not None:
        print()
        run_heldout(args.heldout)
    if not args.skip_latency:
        print()
        run_latency(args.items, args.checks, args.seed)


if __name__ == "__main__":
    main()
