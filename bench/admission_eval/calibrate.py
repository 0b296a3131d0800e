"""The calibration of the admission check (registry.admission_calibration), fitted honestly.

For each of the k folds of the development rows: a logistic model is fitted on the other k−1
folds (what the rules saw → was their reading right), the threshold is chosen on those folds'
inner out-of-fold probabilities (the most useful one: a wrong automatic verdict costs four right
ones, a prohibited task judged allowed twenty), and both are measured on the held-out fold. The
shipped calibration is the mean of the five fold fits' weights and the median of the fold
thresholds, not a single fit to the whole file. ``--write-calibration`` writes it to
registry/admission_calibration_weights.py — only when its out-of-fold utility beats the utility
of the calibration shipped now on the same rows (the one objective the thresholds are chosen by:
a refit that decides fewer tasks alone at the same accuracy is not an improvement; a log-loss fit
need not maximise the utility).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from pathlib import Path

from registry.admission_calibration import FEATURE_NAMES, Calibration, Signals, features, shipped
from registry.kinds import PROHIBITED_VERDICTS

from .cv import (
    ALLOWED_VERDICTS,
    PROHIBITED_AS_ALLOWED_COST,
    WRONG_COST,
    Evaluator,
    Outcome,
    folds,
    print_score,
    score,
)
from .data import REPO

INNER_K = 4  # inner folds for choosing a threshold on unseen-like probabilities
L2 = 1.0  # ridge penalty of the fit (the features are on comparable 0–1 scales)
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
WEIGHTS_FILE = REPO / "registry" / "admission_calibration_weights.py"


def rule_signals(ev: Evaluator, rows: Sequence[dict[str, str]]) -> list[Signals]:
    """What the rules saw for each row, without any calibration."""
    out = []
    for r in rows:
        res = ev.check(r, calibration=None)
        assert res.signals is not None
        out.append(res.signals)
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems are 18 × 18)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            if f:
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit(xs: Sequence[Sequence[float]], ys: Sequence[float], l2: float = L2) -> list[float]:
    """Ridge-penalised logistic regression by Newton's method (the bias is penalised too)."""
    d = len(xs[0])
    w = [0.0] * d
    for _ in range(50):
        grad = [l2 * wi for wi in w]
        hess = [[l2 if i == j else 0.0 for j in range(d)] for i in range(d)]
        for x, y in zip(xs, ys, strict=True):
            z = max(-30.0, min(30.0, sum(wi * xi for wi, xi in zip(w, x, strict=True))))
            p = 1.0 / (1.0 + math.exp(-z))
            g, h = p - y, p * (1.0 - p)
            for i in range(d):
                if x[i]:
                    grad[i] += g * x[i]
                    hx = h * x[i]
                    row = hess[i]
                    for j in range(d):
                        if x[j]:
                            row[j] += hx * x[j]
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def _utility(rows, sigs, probs, ids, threshold: float) -> float:
    total = 0.0
    for i in ids:
        s = sigs[i]
        if s.firm_doubt or probs[i] < threshold:
            continue
        gold = rows[i]["verdict"]
        if s.reading == gold:
            total += 1
        elif gold in PROHIBITED_VERDICTS and s.reading in ALLOWED_VERDICTS:
            total -= PROHIBITED_AS_ALLOWED_COST
        else:
            total -= WRONG_COST
    return total


def _oof_probabilities(rows, sigs, xs, ys, ids: Sequence[int]) -> dict[int, float]:
    """Probabilities for ``ids`` from models that did not see them (an inner cross-validation),
    so that a threshold is chosen on probabilities like those of unseen rows."""
    inner = folds([rows[i] for i in ids], k=INNER_K)
    out: dict[int, float] = {}
    for g, test in enumerate(inner):
        train = [ids[j] for h, js in enumerate(inner) if h != g for j in js]
        cal = Calibration(tuple(fit([xs[i] for i in train], [ys[i] for i in train])), 0.5)
        for j in test:
            out[ids[j]] = cal.probability(sigs[ids[j]])
    return out


def cross_validate_calibration(ev: Evaluator, write: bool = False) -> Calibration:
    rows = ev.rows
    sigs = rule_signals(ev, rows)
    xs = [features(s) for s in sigs]
    ys = [1.0 if s.reading == r["verdict"] else 0.0 for s, r in zip(sigs, rows, strict=True)]
    fold_ids = folds(rows)
    weights: list[list[float]] = []
    thresholds: list[float] = []
    per_fold: list[dict[str, float]] = []
    oof: list[Outcome | None] = [None] * len(rows)
    print(f"== Calibration ({len(fold_ids)} folds, logistic over {len(FEATURE_NAMES)} signals) ==")
    for f, test in enumerate(fold_ids):
        train = [i for g, ids in enumerate(fold_ids) if g != f for i in ids]
        # The threshold: chosen on the training folds' inner out-of-fold probabilities.
        probs = _oof_probabilities(rows, sigs, xs, ys, train)
        best = max(THRESHOLDS, key=lambda t: (_utility(rows, sigs, probs, train, t), t))
        w = fit([xs[i] for i in train], [ys[i] for i in train])
        weights.append(w)
        thresholds.append(best)
        test_rows = [rows[i] for i in test]
        outs = ev.run(test_rows, calibration=Calibration(tuple(w), best))
        for i, o in zip(test, outs, strict=True):
            oof[i] = o
        m = score(test_rows, outs)
        per_fold.append(m)
        print_score(f"fold {f + 1} (held out), threshold {best}", m)
    refit = Calibration(
        tuple(statistics.mean(ws) for ws in zip(*weights, strict=True)),
        statistics.median(thresholds),
    )
    for key in ("accuracy", "auto_rate", "auto_accuracy", "prohibited_recall", "top1", "top3"):
        vals = [m[key] for m in per_fold]
        print(f"  CV {key:<18} mean {statistics.mean(vals):.3f}  worst fold {min(vals):.3f}")
    print(
        f"  CV prohibited judged allowed: {sum(int(m['prohibited_as_allowed']) for m in per_fold)}"
    )
    print_score("out-of-fold, calibrated (all rows)", score(rows, oof))  # type: ignore[arg-type]
    print_score(
        "same rows, rules alone (no calibration)", score(rows, ev.run(rows, calibration=None))
    )
    print(
        f"  refit: threshold {refit.threshold} (median of the folds'), weights the mean of the "
        "five fold fits (each saw four fifths of the rows; no single fit to the whole file)"
    )
    refit_utility = score(rows, oof)["utility"]  # type: ignore[arg-type]
    current = shipped()
    current_utility = None
    if current is not None:
        m = score(rows, ev.run(rows, calibration=current))
        current_utility = m["utility"]
        print_score(f"same rows, the shipped calibration (threshold {current.threshold})", m)
    print(
        f"  utility (right automatic − {WRONG_COST}× wrong − {PROHIBITED_AS_ALLOWED_COST}× "
        f"prohibited judged allowed): refit out of fold {refit_utility:,.0f}, shipped "
        + ("—" if current_utility is None else f"{current_utility:,.0f}")
        + " (the shipped fit saw only the rows of its own day; on the rest it is out of sample)"
    )
    if write:
        if current_utility is None or refit_utility > current_utility:
            write_weights(refit, len(rows))
        else:
            print("  not written: the refit does not beat the shipped calibration")
    return refit


def write_weights(cal: Calibration, n_rows: int, path: Path = WEIGHTS_FILE) -> None:
    lines = [
        '"""Written by ``bench/bench_admission.py --write-calibration``; do not edit by hand.',
        "",
        "The calibration of the admission check (registry.admission_calibration): the mean of the",
        "weights fitted on each k−1 folds of the development rows, the median of their thresholds",
        f'({n_rows} rows; see docs/admission.md, "Calibrated confidence").',
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{n}": {w:.6f},' for n, w in zip(FEATURE_NAMES, cal.weights, strict=True)),
        "}",
        f"THRESHOLD = {cal.threshold}",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"  written to {path.relative_to(REPO)}")
