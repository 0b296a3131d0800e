"""The plain baseline (BM25 over jieba tokens of name + content) and the quality metrics that
compare it with the check."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import jieba

from registry.kinds import KIND_TO_VERDICT, PROHIBITED_VERDICTS, VERDICT_UNLISTED
from registry.matching import IndexItem


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


def baseline_pred(item: IndexItem | None, score: float, thr: float) -> Pred:
    if item is None or score < thr:
        return Pred(VERDICT_UNLISTED, "", None)
    return Pred(KIND_TO_VERDICT[item.list_kind], item.list_kind, item.seq)


def best_threshold(
    rows: Sequence[dict[str, str]], raw: Sequence[tuple[IndexItem | None, float]]
) -> float:
    """The score threshold at which the baseline's verdicts are most accurate on ``rows`` (the
    smallest of equals), as trying every score the rows reached would find it — in one sorted
    pass instead of one pass per score (22,000 rows: seconds, not hours)."""
    below_ok = [r["verdict"] == VERDICT_UNLISTED for r in rows]
    # A row predicted at threshold t: its item's verdict if it has one and its score >= t.
    above_ok = [
        it is not None and r["verdict"] == KIND_TO_VERDICT[it.list_kind]
        for r, (it, _) in zip(rows, raw, strict=True)
    ]
    scored = sorted((sc, i) for i, (it, sc) in enumerate(raw) if it is not None)
    # At the lowest threshold every row with an item is above it.
    correct = sum(above_ok[i] if raw[i][0] is not None else below_ok[i] for i in range(len(rows)))
    best_thr, best = 0.0, -1
    j = 0
    for thr in sorted({sc for _, sc in raw}):
        while j < len(scored) and scored[j][0] < thr:  # these fall below the threshold now
            i = scored[j][1]
            correct += below_ok[i] - above_ok[i]
            j += 1
        if correct > best:
            best_thr, best = thr, correct
    return best_thr
