"""The document's text: the view, its highlighter, bars, label cues, find bar and header."""
