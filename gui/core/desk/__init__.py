"""The reader's desk: what the user has made of a corpus (corrections, reading state, notes,
saved views), kept apart from the corpus store, which can always be rebuilt from the folder."""
