"""The document model: documents, entries, offsets, and reading and writing files safely."""
