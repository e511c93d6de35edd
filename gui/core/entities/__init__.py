"""Entities: mention groups, post-processing, the corpus entity index, span layers."""
