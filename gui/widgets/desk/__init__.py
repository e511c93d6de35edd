"""The reader's desk on the Qt side: the marks on the open corpus, the notes pane, the tags dialog."""
