"""Benchmark of the admission check (准入审查) against a plain baseline, in the same run.

Run from the repository root:  python bench/bench_admission.py [--items 50000] [--checks 300]

Quality: the labelled dev file ../shared/eval/assign-dev.csv against the demo county lists in
../shared/data/linyuan.  Baseline: BM25 over jieba tokens of item name + content, verdict = kind of
the top hit, ``unlisted`` under a score threshold (the threshold is picked on the same file, so the
baseline is, if anything, flattered).  Figures are also given on the odd and even ids separately,
the halves used for development and for checking.

Latency: a synthetic province-sized index (deterministic seed) built by recombining the demo
items' words; per-check p50/p95 of ``check_task`` against a plain rapidfuzz scan over all items.
Ratios first, absolute figures for context.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import jieba  # noqa: E402

from registry.admission import (  # noqa: E402
    KIND_TO_VERDICT,
    LEVEL_KINDS,
    PROHIBITED_VERDICTS,
    VERDICT_UNLISTED,
    check_task,
)
from registry.matching import IndexItem, MatchIndex  # noqa: E402

DATA = REPO / "fixtures" / "linyuan"

EVAL = REPO / "bench" / "data" / "assign-dev.csv"

APPLIES_TO_UNIT_TYPES = {
    "全部": {"街道", "镇", "乡", "社区", "村"},
    "乡镇": {"镇", "乡"},
    "街道": {"街道"},
    "村": {"村"},
    "社区": {"社区"},
}


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def item_from_row(kind: str, row: dict[str, str]) -> IndexItem:
    """How each CSV maps onto ``IndexItem`` (the database wiring should do the same)."""
    seq = int(row["seq"])
    common = {"list_kind": kind, "code": f"{kind}-{seq:04d}", "seq": seq, "name": row["name"]}
    if kind in ("township_basic", "village_selfgov"):
        return IndexItem(**common, content=row["content"], extra=_join(row["domain"], row["basis"]))
    if kind == "township_cooperate":
        return IndexItem(
            **common,
            content=row["township_duty"],
            department=row["lead_department"],
            extra=_join(row["domain"], row["department_duty"], row["basis"]),
        )
    if kind == "township_withdrawn":
        return IndexItem(
            **common, content=row["note"], department=row["department"], extra=row["domain"]
        )
    if kind == "village_assist":
        return IndexItem(
            **common,
            content=row["content"],
            department=row["department"],
            extra=_join(row["domain"], row["basis"]),
        )
    if kind == "village_negative":
        return IndexItem(**common, extra=row["category"], document_no=row.get("source", ""))
    if kind == "village_certificates":
        return IndexItem(
            **common, content=row["purpose"], extra=_join(row["note"], row["issuer"], row["basis"])
        )
    if kind == "village_no_certificates":
        return IndexItem(**common, alternative=row["alternative"])
    raise ValueError(kind)


def load_lists() -> dict[str, list[tuple[IndexItem, str]]]:
    lists: dict[str, list[tuple[IndexItem, str]]] = {}
    for kind in KIND_TO_VERDICT:
        with open(DATA / f"{kind}.csv", encoding="utf-8-sig") as fh:
            lists[kind] = [
                (item_from_row(kind, row), row.get("applies_to") or "全部")
                for row in csv.DictReader(fh)
            ]
    return lists


def load_regions() -> dict[str, dict[str, str]]:
    with open(DATA / "regions.csv", encoding="utf-8-sig") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def load_eval() -> list[dict[str, str]]:
    with open(EVAL, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def items_for(lists, level: str, unit_type: str) -> list[IndexItem]:
    return [
        item
        for kind in LEVEL_KINDS[level]
        for item, applies_to in lists[kind]
        if unit_type in APPLIES_TO_UNIT_TYPES.get(applies_to, set())
    ]


# ---------------------------------------------------------------------------------------------
# Baseline: BM25 over jieba tokens of name + content
# ---------------------------------------------------------------------------------------------
class BM25Baseline:
    def __init__(self, items: Sequence[IndexItem], tok: jieba.Tokenizer, k1=1.5, b=0.75) -> None:
        self.items = list(items)
        self.tok = tok
        self.k1, self.b = k1, b
        self.docs = [self._tokens(f"{it.name} {it.content}") for it in self.items]
        self.avgdl = sum(map(len, self.docs)) / max(len(self.docs), 1)
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(set(d))
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - v + 0.5) / (v + 0.5)) for t, v in df.items()}
        self.tf = [Counter(d) for d in self.docs]

    def _tokens(self, text: str) -> list[str]:
        return [w for w in self.tok.lcut(text) if w.strip() and len(w) > 1]

    def search(self, text: str) -> tuple[IndexItem | None, float]:
        q = set(self._tokens(text))
        best, best_s = None, 0.0
        for item, tf, doc in zip(self.items, self.tf, self.docs, strict=True):
            s = 0.0
            norm = self.k1 * (1 - self.b + self.b * len(doc) / self.avgdl)
            for t in q:
                f = tf.get(t)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + norm)
            if s > best_s:
                best, best_s = item, s
        return best, best_s


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------
@dataclass
class Pred:
    verdict: str
    kind: str
    seq: int | None


def metrics(rows: list[dict[str, str]], preds: list[Pred]) -> dict[str, object]:
    n = len(rows)
    correct = sum(r["verdict"] == p.verdict for r, p in zip(rows, preds, strict=True))
    per: dict[str, tuple[float, float, int]] = {}
    verdicts = sorted({r["verdict"] for r in rows} | {p.verdict for p in preds})
    for v in verdicts:
        tp = sum(r["verdict"] == v and p.verdict == v for r, p in zip(rows, preds, strict=True))
        npred = sum(p.verdict == v for p in preds)
        ngold = sum(r["verdict"] == v for r in rows)
        per[v] = (
            tp / npred if npred else float("nan"),
            tp / ngold if ngold else float("nan"),
            ngold,
        )
    proh = [(r, p) for r, p in zip(rows, preds, strict=True) if r["verdict"] in PROHIBITED_VERDICTS]
    proh_rec = sum(p.verdict in PROHIBITED_VERDICTS for _, p in proh) / len(proh) if proh else 1
    proh_exact = sum(r["verdict"] == p.verdict for r, p in proh) / len(proh) if proh else 1
    labelled = [(r, p) for r, p in zip(rows, preds, strict=True) if r["list_kind"]]
    top1 = (
        sum(r["list_kind"] == p.kind and str(p.seq) == r["seq"] for r, p in labelled)
        / len(labelled)
        if labelled
        else 1
    )
    return {
        "n": n,
        "accuracy": correct / n if n else 0,
        "per_verdict": per,
        "prohibited_recall": proh_rec,
        "prohibited_exact": proh_exact,
        "top1": top1,
    }


def print_metrics(title: str, m: dict[str, object], detail: bool = True) -> None:
    print(
        f"  {title:<28} n={m['n']:<4} verdict acc {m['accuracy']:.3f}  "
        f"prohibited recall {m['prohibited_recall']:.3f} (exact {m['prohibited_exact']:.3f})  "
        f"top-1 item {m['top1']:.3f}"
    )
    if detail:
        for v, (p, r, ng) in m["per_verdict"].items():  # type: ignore[union-attr]
            print(f"      {v:<24} precision {p:.3f}  recall {r:.3f}  (n={ng})")


def run_quality(verbose: bool) -> None:
    lists = load_lists()
    regions = load_regions()
    rows = load_eval()

    t0 = time.perf_counter()
    indexes: dict[tuple[str, str], MatchIndex] = {}
    baselines: dict[tuple[str, str], BM25Baseline] = {}
    base_tok = jieba.Tokenizer()
    for r in rows:
        key = (r["target_level"], regions[r["region"]]["unit_type"])
        if key not in indexes:
            items = items_for(lists, *key)
            indexes[key] = MatchIndex.build(items)
            baselines[key] = BM25Baseline(items, base_tok)
    build_s = time.perf_counter() - t0

    ours: list[Pred] = []
    t0 = time.perf_counter()
    for r in rows:
        key = (r["target_level"], regions[r["region"]]["unit_type"])
        res = check_task(
            text=r["text"],
            target_level=r["target_level"],
            index=indexes[key],
            department=r["department"],
        )
        top = res.matches[0].item if res.matches else None
        ours.append(Pred(res.verdict, top.list_kind if top else "", top.seq if top else None))
        if verbose and (
            res.verdict != r["verdict"]
            or (
                r["list_kind"]
                and (not top or (top.list_kind, str(top.seq)) != (r["list_kind"], r["seq"]))
            )
        ):
            hits = ", ".join(
                f"{m.item.list_kind.split('_', 1)[1]}#{m.item.seq}:{m.score:.2f}"
                for m in res.matches[:4]
            )
            print(
                f"  MISS {r['id']} gold={r['verdict']}/{r['list_kind'][8:]}#{r['seq']} "
                f"got={res.verdict} [{hits}] {r['text'][:40]}"
            )
    check_s = time.perf_counter() - t0

    # Baseline: threshold chosen on the same data (generous to the baseline).
    raw = []
    for r in rows:
        key = (r["target_level"], regions[r["region"]]["unit_type"])
        raw.append(baselines[key].search(r["text"]))
    best_thr, best_acc = 0.0, -1.0
    for thr in sorted({s for _, s in raw}):
        preds = [_baseline_pred(it, s, thr) for it, s in raw]
        acc = metrics(rows, preds)["accuracy"]
        if acc > best_acc:  # type: ignore[operator]
            best_thr, best_acc = thr, acc  # type: ignore[assignment]
    base = [_baseline_pred(it, s, best_thr) for it, s in raw]

    mo, mb = metrics(rows, ours), metrics(rows, base)
    print("== Quality on the dev file (assign-dev.csv) ==")
    print(
        f"  ratios (ours / baseline): verdict accuracy {mo['accuracy'] / mb['accuracy']:.3f}, "
        f"prohibited recall {mo['prohibited_recall'] / mb['prohibited_recall']:.3f}, "
        f"top-1 item {mo['top1'] / mb['top1']:.3f}"
    )
    print_metrics("ours", mo)
    print_metrics(f"baseline BM25 (thr={best_thr:.2f})", mb)
    for half, parity in (("odd ids (dev half)", 1), ("even ids (check half)", 0)):
        idx = [i for i, r in enumerate(rows) if int(r["id"][1:]) % 2 == parity]
        sub = [rows[i] for i in idx]
        print_metrics(f"ours, {half}", metrics(sub, [ours[i] for i in idx]), detail=False)
        print_metrics(f"baseline, {half}", metrics(sub, [base[i] for i in idx]), detail=False)
    print(
        f"  (index builds {build_s:.2f}s for {len(indexes)} target types; "
        f"{len(rows)} checks {check_s * 1000:.0f} ms)"
    )


def _baseline_pred(item: IndexItem | None, score: float, thr: float) -> Pred:
    if item is None or score < thr:
        return Pred(VERDICT_UNLISTED, "", None)
    return Pred(KIND_TO_VERDICT[item.list_kind], item.list_kind, item.seq)


# ---------------------------------------------------------------------------------------------
# Latency on a synthetic province
# ---------------------------------------------------------------------------------------------
def synthetic_items(lists, n: int, seed: int) -> list[IndexItem]:
    """Recombine demo words into ``n`` plausible items spread over all eight kinds."""
    rng = random.Random(seed)
    tok = jieba.Tokenizer()
    by_kind: dict[str, list[IndexItem]] = {k: [it for it, _ in v] for k, v in lists.items()}
    vocab_name: dict[str, list[str]] = defaultdict(list)
    vocab_body: dict[str, list[str]] = defaultdict(list)
    for kind, items in by_kind.items():
        for it in items:
            vocab_name[kind].extend(w for w in tok.lcut(it.name) if len(w) > 1)
            vocab_body[kind].extend(w for w in tok.lcut(it.content or it.name) if len(w) > 1)
    kinds = list(by_kind)
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        tmpl = rng.choice(by_kind[kind])
        name = "".join(rng.sample(vocab_name[kind], k=min(4, len(vocab_name[kind]))))
        body = "，".join(
            "".join(rng.sample(vocab_body[kind], k=min(5, len(vocab_body[kind]))))
            for _ in range(rng.randint(1, 3))
        )
        out.append(
            IndexItem(
                list_kind=kind,
                code=f"{kind}-s{i:06d}",
                seq=i // len(kinds) + 1,
                name=name,
                content=body + "。",
                department=tmpl.department,
                alternative=tmpl.alternative,
            )
        )
    return out


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))
    return s[k]


def run_latency(n_items: int, n_checks: int, seed: int) -> None:
    from rapidfuzz import fuzz, process

    lists = load_lists()
    rows = load_eval()
    items = synthetic_items(lists, n_items, seed)
    t0 = time.perf_counter()
    index = MatchIndex.build(items)
    build_s = time.perf_counter() - t0

    rng = random.Random(seed + 1)
    queries = [rng.choice(rows) for _ in range(n_checks)]
    choices = [f"{it.name} {it.content}" for it in items]

    ours: list[float] = []
    for r in queries:
        t = time.perf_counter()
        check_task(
            text=r["text"], target_level=r["target_level"], index=index, department=r["department"]
        )
        ours.append(time.perf_counter() - t)
    fuzzy: list[float] = []
    for r in queries:
        t = time.perf_counter()
        process.extract(r["text"], choices, scorer=fuzz.partial_ratio, limit=10)
        fuzzy.append(time.perf_counter() - t)

    o50, o95 = percentile(ours, 0.5), percentile(ours, 0.95)
    f50, f95 = percentile(fuzzy, 0.5), percentile(fuzzy, 0.95)
    print(f"== Latency: synthetic province of {n_items:,} items, {n_checks} checks, seed {seed} ==")
    print(f"  ratios (rapidfuzz scan / ours): p50 {f50 / o50:.1f}x, p95 {f95 / o95:.1f}x faster")
    print(
        f"  ours      check_task           p50 {o50 * 1000:7.2f} ms  p95 {o95 * 1000:7.2f} ms  "
        f"mean {statistics.mean(ours) * 1000:7.2f} ms"
    )
    print(
        f"  baseline  rapidfuzz full scan  p50 {f50 * 1000:7.2f} ms  p95 {f95 * 1000:7.2f} ms  "
        f"mean {statistics.mean(fuzzy) * 1000:7.2f} ms  (partial_ratio, limit 10)"
    )
    print(f"  index build {build_s:.1f} s ({n_items / build_s:,.0f} items/s)")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=50_000, help="synthetic items for latency")
    ap.add_argument("--checks", type=int, default=300, help="checks timed for latency")
    ap.add_argument("--seed", type=int, default=20240806)
    ap.add_argument("--verbose", action="store_true", help="list the dev rows we get wrong")
    ap.add_argument("--skip-latency", action="store_true")
    args = ap.parse_args(argv)
    run_quality(args.verbose)
    if not args.skip_latency:
        print()
        run_latency(args.items, args.checks, args.seed)


if __name__ == "__main__":
    main()
