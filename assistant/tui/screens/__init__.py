"""Full screens: the chat (main), the journal and the settings."""
