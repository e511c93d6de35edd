"""JSON Lines: Seedview's export, spaCy/displaCy's and doccano's records."""
