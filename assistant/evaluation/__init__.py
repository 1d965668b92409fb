"""Eval suites for prompts and models: cases, scoring, the runner, reports and comparisons.

Suites live in ``evals/`` (shipped in the wheel). The runner takes the subject as an object, so
this layer never imports the agent: ``assistant.agent.eval_subject`` is the assistant as a
subject, and the CLI (``assistant.cli.eval_commands``) wires the two.
"""

from .goals import GoalCase, check_answer, load_goal_cases, pass_threshold
from .runner import EvalRun, run_sets
from .suites import SUITES, CaseSet, discover

__all__ = [
    "SUITES",
    "CaseSet",
    "EvalRun",
    "GoalCase",
    "check_answer",
    "discover",
    "load_goal_cases",
    "pass_threshold",
    "run_sets",
]
