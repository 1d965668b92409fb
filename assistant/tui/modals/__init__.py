"""Modal dialogs: the confirm dialog, the one place a plan is approved."""
