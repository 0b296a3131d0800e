"""The tunables of the admission check's rules (pure: no Django).

bench/bench_admission.py chooses them by cross-validation (docs/admission.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    """The tunables of the decision; bench/bench_admission.py chooses them by cross-validation.

    * ``accept_score``: a listed verdict needs at least this score to be taken automatically;
    * ``margin``: … and its top item must lead the best item of another verdict by this share;
    * ``prohibited_doubt``: an allowed verdict goes to a reviewer when a prohibited item scores
      at least this share of it;
    * ``unlisted_doubt``: 清单外 goes to a reviewer when the nearest item scores above this;
    * ``precedent_similarity``: a decided task this similar counts as evidence;
    * ``precedent_corroborated``: less similar decided tasks, down to this, count only when at
      least two agree and none of the closest disagrees (``admission_precedents.precedent_hits``);
    * ``certificate_doubt``: as ``prohibited_doubt``, for a not-to-be-issued certificate near
      an allowed one;
    * ``low_score_evidence``: a low score is no doubt when the task and the item share at least
      this much distinctive topic evidence (a long task dilutes the score, not the topic).
    * ``certificate_dominance``: the most of an allowed certificate's topic evidence a generic
      not-to-be-issued sibling may hold and still give way to it (``admission_certificates``).
    """

    accept_score: float = 0.32
    margin: float = 0.25
    prohibited_doubt: float = 0.75
    unlisted_doubt: float = 0.25
    precedent_similarity: float = 0.4
    precedent_corroborated: float = 0.25
    low_score_evidence: float = 2.5
    certificate_doubt: float = 0.5
    certificate_dominance: float = 0.5


DEFAULT_TUNING = Tuning()
