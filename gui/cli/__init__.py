"""The corpus store's commands: `seedview index`, `seedview search` and `seedview entities`."""
