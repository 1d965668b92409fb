"""backtest layer (see DESIGN.md)."""
