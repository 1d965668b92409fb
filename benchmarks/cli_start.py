"""Whole-process start of ``coinpilot --help`` and ``coinpilot spec "GOAL" --json``, from outside.

What a shell user or a script waits for: each run spawns the installed ``coinpilot`` console
script beside this interpreter, and the clock runs from spawn to exit, so interpreter start, every
import, opening the journal and the answer all count. ``python -c pass`` is the floor no command
can beat. The three commands take turns, run by run, so a burst of load on a shared machine hits
all of them alike. CPU seconds (user + system of the child) are shown beside the wall time: on a
busy machine the wall time includes waiting for a core, the CPU time does not.

The journal lives in a throwaway ``COINPILOT_HOME`` created by one unmeasured warm-up run (the very
first run on a machine also creates and migrates the journal). Targets: ``--help`` under 0.3 s,
``spec`` under 1 s (medians).
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
GOAL = "I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%"
TARGETS = {"coinpilot --help": 0.3, "coinpilot spec GOAL --json": 1.0}


def commands() -> dict[str, list[str]]:
    coinpilot = str(Path(sys.executable).with_name("coinpilot"))
    return {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "coinpilot --help": [coinpilot, "--help"],
        "coinpilot spec GOAL --json": [coinpilot, "spec", GOAL, "--json"],
    }


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one process, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}, {max(values):.3f})"


def main() -> None:
    cmds = commands()
    with tempfile.TemporaryDirectory(prefix="coinpilot-bench-") as home:
        env = dict(os.environ, COINPILOT_HOME=home)
        for var in ("COINPILOT_LLM_BASE_URL", "COINPILOT_LLM_MODEL", "COINPILOT_MARKET"):
            env.pop(var, None)
        for argv in cmds.values():  # warm-up: OS file cache, journal created and migrated
            run_once(argv, env)
        walls: dict[str, list[float]] = {name: [] for name in cmds}
        cpus: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(RUNS):
            for name, argv in cmds.items():
                wall, cpu = run_once(argv, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    load = os.getloadavg()[0]
    print(f"python {platform.python_version()}; load average {load:.1f}; {RUNS} runs\n")
    print("| command | wall s, median (min, max) | CPU s, median (min, max) |")
    print("|---|---|---|")
    for name in cmds:
        print(f"| `{name}` | {_summary(walls[name])} | {_summary(cpus[name])} |")
    print()
    for name, target in TARGETS.items():
        median = statistics.median(walls[name])
        verdict = "meets" if median < target else "MISSES"
        print(f"target `{name}` < {target} s: {verdict} ({median:.3f} s)")


if __name__ == "__main__":
    main()
