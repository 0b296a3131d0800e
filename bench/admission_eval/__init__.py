"""The admission check benchmark (bench/bench_admission.py is the runner).

Modules: data (the demo lists and the labelled files), baseline (BM25 and the quality metrics),
quality (the development data against the baseline), cv (cross-validation of the tuning and the
rule constants), reports (confusion, confidence bands, replay, the held-out file), latency (a
synthetic province).
"""
