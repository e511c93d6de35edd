"""Dialogs: export, notices, shortcuts and the crash report."""
