"""The Qt layer: widgets and item models that adapt the core for the window."""
