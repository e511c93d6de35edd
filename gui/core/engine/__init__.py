"""The entity engine: spaCy's pipeline verified on disk, the cache, and the runners."""
