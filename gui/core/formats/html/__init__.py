"""HTML export: self-contained pages with the entities highlighted."""
