"""Latency on a synthetic province-sized index against a plain rapidfuzz scan."""

from __future__ import annotations

import math
import os
import random
import statistics
import time
from collections import defaultdict

import jieba

from registry.admission import check_task
from registry.admission_precedents import MAX_PRECEDENTS
from registry.matching import IndexItem, MatchIndex

from .data import as_decided, load_dev, load_lists


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
    rows = load_dev()
    items = synthetic_items(lists, n_items, seed)
    t0 = time.perf_counter()
    index = MatchIndex.build(items)
    build_s = time.perf_counter() - t0

    rng = random.Random(seed + 1)
    queries = [rng.choice(rows) for _ in range(n_checks)]
    choices = [f"{it.name} {it.content}" for it in items]

    load_before = os.getloadavg()[0]
    ours: list[float] = []
    ours_cpu: list[float] = []
    for r in queries:
        t, c = time.perf_counter(), time.thread_time()
        check_task(
            text=r["text"], target_level=r["target_level"], index=index, department=r["department"]
        )
        ours.append(time.perf_counter() - t)
        ours_cpu.append(time.thread_time() - c)
    # The same checks with a county's full history of decided tasks (MAX_PRECEDENTS, the dev
    # texts and variants of them) compared with each task, as registry.services.checks does.
    decided = as_decided(
        [
            {**r, "text": f"{r['text']}（{k}）" if k else r["text"]}
            for k in range(MAX_PRECEDENTS // len(rows) + 1)
            for r in rows
        ][:MAX_PRECEDENTS]
    )
    t = time.perf_counter()
    check_task(text=queries[0]["text"], target_level="village", index=index, precedents=decided)
    first_decided = time.perf_counter() - t  # tokenises every decided task once
    with_decided: list[float] = []
    for r in queries:
        t = time.perf_counter()
        check_task(
            text=r["text"],
            target_level=r["target_level"],
            index=index,
            department=r["department"],
            precedents=decided,
        )
        with_decided.append(time.perf_counter() - t)
    load_after = os.getloadavg()[0]
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
    print(
        f"  ours      check_task CPU time  p50 {percentile(ours_cpu, 0.5) * 1000:7.2f} ms  "
        f"p95 {percentile(ours_cpu, 0.95) * 1000:7.2f} ms  (this thread only: what a quiet "
        "machine would show as wall time)"
    )
    print(
        f"  machine load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores "
        "(wall times above include waiting for the CPU when the load exceeds the cores)"
    )
    print(
        f"  ours      with {len(decided):,} decided tasks p50 "
        f"{percentile(with_decided, 0.5) * 1000:7.2f} ms  p95 "
        f"{percentile(with_decided, 0.95) * 1000:7.2f} ms  (类似的已审事项 compared with each; "
        f"the first check of a process tokenises them once: {first_decided * 1000:.0f} ms)"
    )
    print(f"  index build {build_s:.1f} s ({n_items / build_s:,.0f} items/s)")
