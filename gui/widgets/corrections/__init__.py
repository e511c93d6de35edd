"""Entity corrections on the Qt side (issue 15): the window's corrections and their undo, the
commands that make them, the keyboard dialogs they ask with, the Corrections view and the key to
the mentions whose label disagrees with their entity's."""
