"""A corpus: a folder of documents (or a JSON Lines file), listed and read."""
