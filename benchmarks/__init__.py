"""Performance benchmarks, each compared with the strongest library in the same run.

Every module here (not starting with ``_``) is one benchmark and defines ``main() -> None``, which
prints a markdown table with times and ratios. ``python -m benchmarks`` runs them all;
``python -m benchmarks hrp`` runs one. Results worth keeping go to ``RESULTS.md`` with the
machine and date. Benchmarks never run in the test suite: timings depend on the machine.
"""
