"""The panels and pickers: the legend, the entity panel, corpus entities and search, quick open."""
