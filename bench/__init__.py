"""Benchmark harness: ``python -m bench`` runs every ``bench/bench_*.py``; ``--only NAME`` one.

Each benchmark module defines ``run(ctx) -> Iterable[Result]`` (or a list of such functions in
``BENCHMARKS``). Results print as one JSON object per line:
``{"name", "value", "unit", "limit", "ok"}`` after a header line describing the machine.
"""
