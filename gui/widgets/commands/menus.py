"""The menu bar's menus, in order. The window shows their titles from its first paint; the
commands in them (gui/widgets/commands/actions.py) are made a moment after it."""

MENUS = ("&File", "&Edit", "&Go", "&Search", "&Review", "&Correct", "&View", "&Help")
