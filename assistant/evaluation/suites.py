"""The eval suites and their case files: which suite, which set, development or holdout, floor.

A suite is a folder of ``evals/`` (shipped in the wheel): ``goals`` (goal -> spec),
``trajectories`` (which tools, in which order, with which arguments), ``safety`` (refusals,
injected instructions, lying narration, previews that differ from the proposal), ``grounding``
("why" answers from the decision record, concept answers citing the note) and ``retrieval``
(question -> note). Each ``*.jsonl`` file in it is a set; a file whose name starts with
``holdout`` is a holdout set, written once and never tuned on, and is reported apart from the
development sets. ``thresholds.toml`` beside the files holds each set's floor (a pass rate); a set
not listed there must pass every case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.domain import UserInputError

from .files import evals_dir
from .goals import pass_threshold

Kind = Literal["goal", "conversation", "retrieval"]
SUITES: dict[str, Kind] = {
    "goals": "goal",
    "trajectories": "conversation",
    "safety": "conversation",
    "grounding": "conversation",
    "retrieval": "retrieval",
}


@dataclass(frozen=True)
class CaseSet:
    suite: str
    name: str  # the file's stem: "dev", "holdout", "cases"...
    path: Path
    threshold: float

    @property
    def kind(self) -> Kind:
        return SUITES[self.suite]

    @property
    def role(self) -> str:
        return "holdout" if self.name.startswith("holdout") else "dev"

    @property
    def label(self) -> str:
        return f"{self.suite}/{self.name}"


def discover(names: list[str], root: Path | None = None) -> list[CaseSet]:
    """The sets of the suites ``names`` (all suites when empty), in a stable order.

    A name may also be a path to a JSONL file; it belongs to the suite named just before it
    (``goals my_cases.jsonl``), as `coinpilot eval goals FILE` always allowed.
    """
    base = root or evals_dir()
    chosen: list[CaseSet] = []
    suite = None
    wanted = names or list(SUITES)
    for n, name in enumerate(wanted):
        if name in SUITES:
            suite = name
            if not wanted[n + 1 : n + 2] or not wanted[n + 1].endswith(".jsonl"):
                chosen += _sets(name, base / name)
            continue
        path = Path(name)
        if suite is None or not path.suffix == ".jsonl":
            raise UserInputError(
                f"'{name}' is neither a suite ({', '.join(SUITES)}) nor a .jsonl case file "
                "after one.",
                hint="For example: coinpilot eval goals safety, or coinpilot eval goals my.jsonl",
            )
        if not path.is_file():
            raise UserInputError(f"There is no case file {path}.")
        chosen.append(CaseSet(suite, path.stem, path, pass_threshold(path)))
    return chosen


def _sets(suite: str, folder: Path) -> list[CaseSet]:
    files = sorted(folder.glob("*.jsonl"), key=lambda p: (p.stem.startswith("holdout"), p.stem))
    if not files:
        raise UserInputError(f"The suite '{suite}' has no case files in {folder}.")
    return [CaseSet(suite, p.stem, p, pass_threshold(p)) for p in files]
