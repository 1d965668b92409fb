"""Widgets, one per module: chat log, cards, portfolio pane, weights chart, status bar."""
