"""Tooltips that show text as text: Qt renders a tooltip as rich text when it merely looks like
markup (`Qt::mightBeRichText`), and tooltips here quote documents, file names and corpus labels."""

from __future__ import annotations


def plain_tooltip(text: str) -> str:
    """Rich text that displays `text` exactly, line breaks included."""
    import html  # when first needed: html.entities is 1.5 ms of the window's start

    return "<p style='white-space:pre-wrap'>" + html.escape(text).replace("\n", "<br>") + "</p>"
