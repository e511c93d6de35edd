"""Seedview's core: documents, corpora, the entity engine and cache. Plain Python, no Qt."""
