"""Reading and writing what other tools use: brat standoff, JSON Lines and HTML pages."""
