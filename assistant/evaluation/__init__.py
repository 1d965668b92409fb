"""Eval suites for prompts and models: case loading, scoring and reports (suites live in evals/).

The runner takes the subject as a function, so this layer never imports the agent: the CLI wires
the offline model or an LLM into it.
"""

from .goals import GoalCase, check_answer, load_goal_cases, pass_threshold
from .report import EvalReport

__all__ = ["EvalReport", "GoalCase", "check_answer", "load_goal_cases", "pass_threshold"]
