"""Charts of a corpus (issue 16): a query's timeline, an entity's connections and the network of a
query's top entities, and the corpus overview, in a pane that docks or floats."""
