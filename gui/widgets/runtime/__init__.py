"""The application's runtime: crash handling, the garbage collector, themes and style."""
