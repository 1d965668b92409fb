"""The Textual app (DESIGN.md, "Surfaces"): chat, portfolio, preview and confirm, journal, settings.

This is the only package that imports textual. It calls the engine and the agent through
:mod:`assistant.tui.backend`, imported lazily so the first paint does not wait for them. Nothing
imports this package except the launcher.
"""

from .app import CoinPilotApp

__all__ = ["CoinPilotApp"]
