"""Searching: full text over the corpus, find in a document, fuzzy quick open."""
