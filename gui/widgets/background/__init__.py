"""Work off the UI thread: annotation, loading, listing, exporting and watching."""
