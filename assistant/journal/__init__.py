"""journal layer (see DESIGN.md)."""
