"""portfolio layer (see DESIGN.md)."""
