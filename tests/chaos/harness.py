"""Running a confirm in a real child process, and killing it for real.

Children come from a ``forkserver`` that imported the engine once, so each of the hundreds of
processes the suite starts and kills costs milliseconds to start, not seconds, and none is forked
from this multi-threaded test process (the fake exchange's threads live here and survive every
kill). A child's exit code says how it ended: ``-9`` for SIGKILL.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["assistant.cli", "tests.chaos.driver", "tests.chaos.warm"])

KILLED = -signal.SIGKILL


def run_child(
    target: Callable[..., None],
    *args: Any,
    kill_after: float | None = None,
    timeout: float = 120.0,
    **kwargs: Any,
) -> int:
    """Run ``target(*args, **kwargs)`` in a child; SIGKILL it after ``kill_after`` seconds if it
    is still running. Returns its exit code, once it has been reaped."""
    child = _CONTEXT.Process(target=target, args=args, kwargs=kwargs, daemon=False)
    child.start()
    if kill_after is not None:
        child.join(kill_after)
        if child.is_alive() and child.pid is not None:
            os.kill(child.pid, signal.SIGKILL)
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        raise AssertionError(f"the child {target.__name__} hung for {timeout} s")
    assert child.exitcode is not None
    return child.exitcode


def start_child(target: Callable[..., None], *args: Any, **kwargs: Any) -> Any:
    """Start a child without waiting (two confirms racing); join it yourself."""
    child = _CONTEXT.Process(target=target, args=args, kwargs=kwargs, daemon=False)
    child.start()
    return child


def read_json(path: Path) -> dict[str, Any]:
    """The JSON a child wrote, or {} when it was killed before writing it."""
    try:
        data = json.loads(path.read_text() or "{}")
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {"value": data}
