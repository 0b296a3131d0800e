"""Quality on the development data: the check against the BM25 baseline, in the same run."""

from __future__ import annotations

import time

import jieba

from registry.admission import check_task
from registry.matching import MatchIndex

from .baseline import BM25Baseline, Pred, baseline_pred, best_threshold, metrics, print_metrics
from .data import DEV_FILES, items_for, load_dev, load_lists, load_regions


def run_quality(verbose: bool) -> None:
    lists = load_lists()
    regions = load_regions()
    rows = load_dev()

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
    best_thr = best_threshold(rows, raw)
    base = [baseline_pred(it, s, best_thr) for it, s in raw]

    mo, mb = metrics(rows, ours), metrics(rows, base)
    names = " + ".join(p.name for p in DEV_FILES if p.exists())
    print(f"== Quality on the development data ({names}; rules written with sight of it) ==")
    print(
        f"  ratios (ours / baseline): verdict accuracy {mo['accuracy'] / mb['accuracy']:.3f}, "
        f"prohibited recall {mo['prohibited_recall'] / mb['prohibited_recall']:.3f}, "
        f"top-1 item {mo['top1'] / mb['top1']:.3f}"
    )
    print_metrics("ours", mo)
    print_metrics(f"baseline BM25 (thr={best_thr:.2f})", mb)
    for path in DEV_FILES:
        idx = [i for i, r in enumerate(rows) if r["_file"] == path.name]
        if not idx:
            continue
        sub = [rows[i] for i in idx]
        print_metrics(f"ours, {path.name}", metrics(sub, [ours[i] for i in idx]), detail=False)
        print_metrics(f"baseline, {path.name}", metrics(sub, [base[i] for i in idx]), detail=False)
    print(
        f"  (index builds {build_s:.2f}s for {len(indexes)} target types; "
        f"{len(rows)} checks {check_s * 1000:.0f} ms)"
    )
