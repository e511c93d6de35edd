"""The main window: it composes the panes, connects them, and draws the session."""
