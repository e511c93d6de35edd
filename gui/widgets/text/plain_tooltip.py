"""Tooltips that show text as text: Qt renders a tooltip as rich text when it merely looks like
markup (`Qt::mightBeRichText`), and tooltips here quote documents, file names and corpus labels."""

from __future__ import annotations

# Each line is a paragraph of its own: a <br> only breaks the line, and a right-to-left override
# (U+202E) in a file name would reverse the lines after it. An empty one is marked as Qt marks it.
_LINE = "<p style='white-space:pre-wrap; margin:0'>{}</p>"
_EMPTY_LINE = "<p style='-qt-paragraph-type:empty; margin:0'><br></p>"


def plain_tooltip(text: str) -> str:
    """Rich text that displays `text` exactly, line breaks included."""
    import html  # when first needed: html.entities is not needed for the window's start

    return "".join(_LINE.format(html.escape(line)) if line else _EMPTY_LINE for line in text.split("\n"))
