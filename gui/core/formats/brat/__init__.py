"""brat standoff: `.txt` with `.ann` beside it, and brat's configuration files."""
