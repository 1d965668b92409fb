"""App start to first paint: ``coinpilot``'s Textual app beside a bare Textual app, same run.

Each run is a fresh Python process (what a person waits for after typing ``coinpilot``): the clock
starts before the process is spawned and stops when Textual's ``Ready`` event says the first frame
was drawn. The app is headless at 120x40 on the demo market with the offline parser, in a
throwaway COINPILOT_HOME. A second figure is the time until services are open (journal, market,
agent session: the status bar leaves "loading market…"), which happens after the first paint in a
worker. The baseline is the smallest Textual app (one Static), so the ratio shows what CoinPilot
adds on top of Textual itself. Target: first paint under 1.5 s (median).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 7
TARGET_S = 1.5

_COINPILOT = """
import sys, time
t0 = float(sys.argv[1])
from assistant.tui import CoinPilotApp

class Timed(CoinPilotApp):
    def on_ready(self) -> None:  # Textual also runs CoinPilotApp.on_ready (MRO dispatch)
        print("paint", time.time() - t0, flush=True)

    def _backend_ready(self, *args) -> None:
        super()._backend_ready(*args)
        print("loaded", time.time() - t0, flush=True)
        self.exit()

    def _backend_failed(self, message, hint, keep=False) -> None:
        print("failed", message, flush=True)
        self.exit()

Timed().run(headless=True, size=(120, 40))
"""

_BARE = """
import sys, time
t0 = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("hello")

    def on_ready(self) -> None:
        print("paint", time.time() - t0, flush=True)
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""


def run_once(code: str, home: str) -> dict[str, float]:
    env = dict(os.environ, COINPILOT_HOME=home, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    for var in ("COINPILOT_LLM_BASE_URL", "COINPILOT_LLM_MODEL", "COINPILOT_MARKET"):
        env.pop(var, None)
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, repr(start)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    marks: dict[str, float] = {}
    for line in out.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name == "failed":
            raise RuntimeError(f"the app could not open its services: {value}")
        if name in ("paint", "loaded"):
            marks[name] = float(value)
    if "paint" not in marks:
        raise RuntimeError(f"no first paint reported; stderr: {out.stderr[-2000:]}")
    return marks


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="coinpilot-bench-") as home:
        run_once(_COINPILOT, home)  # warm the OS file cache and create the journal once
        ours = [run_once(_COINPILOT, home) for _ in range(RUNS)]
        bare = [run_once(_BARE, home) for _ in range(RUNS)]
    paint = [r["paint"] for r in ours]
    loaded = [r["loaded"] for r in ours if "loaded" in r]
    bare_paint = [r["paint"] for r in bare]
    ratio = statistics.median(paint) / statistics.median(bare_paint)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"python {platform.python_version()}; {RUNS} fresh processes each, headless 120x40\n")
    print("| measure | median (min, max) |")
    print("|---|---|")
    print(f"| CoinPilot app: start to first paint | {_summary(paint)} |")
    print(f"| CoinPilot app: start to services ready | {_summary(loaded)} |")
    print(f"| bare Textual app: start to first paint | {_summary(bare_paint)} |")
    print(f"\nfirst paint: CoinPilot / bare Textual = {ratio:.2f}x")
    verdict = "meets" if statistics.median(paint) < TARGET_S else "MISSES"
    print(f"target first paint < {TARGET_S} s: {verdict}")


if __name__ == "__main__":
    main()
