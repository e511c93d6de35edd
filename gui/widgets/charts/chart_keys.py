"""The keys the chart pane handles while it has the focus, declared once: the pane makes its
actions from these rows, and the command table lists them for F1 and the README.

Each row is (id, what it does, keys); the keys are portable QKeySequence strings.
"""

from __future__ import annotations

# Every chart.
TOGGLE_TABLE = ("toggle_table", "Show the Chart's Numbers as a Table, or the Chart Again", ("Ctrl+D",))
SAVE_CHART = ("save_chart", "Save the Chart as PNG or SVG, or Its Numbers as CSV…", ("Ctrl+Alt+S",))

# The timeline's period cursor (in the chart).
PREVIOUS_PERIOD = ("previous_period", "Previous Period", ("Left",))
NEXT_PERIOD = ("next_period", "Next Period", ("Right",))
WIDEN_LEFT = ("widen_left", "Take In the Period Before", ("Shift+Left",))
WIDEN_RIGHT = ("widen_right", "Take In the Period After", ("Shift+Right",))
FIRST_PERIOD = ("first_period", "First Period", ("Home",))
LAST_PERIOD = ("last_period", "Last Period (the Undated Documents, If Any)", ("End",))
FILTER_PERIOD = ("filter_period", "List the Documents of the Chosen Periods", ("Return", "Enter"))
SHORTER_PERIODS = ("shorter_periods", "Shorter Bars (Year, Month, Week, Day)", ("[",))
LONGER_PERIODS = ("longer_periods", "Longer Bars (Day, Week, Month, Year)", ("]",))

TIMELINE_KEYS = (PREVIOUS_PERIOD, NEXT_PERIOD, WIDEN_LEFT, WIDEN_RIGHT, FIRST_PERIOD, LAST_PERIOD,
                 FILTER_PERIOD, SHORTER_PERIODS, LONGER_PERIODS)

# The network (in the chart).
NEXT_NODE = ("next_node", "Next Entity", ("Tab", "Right", "Down"))
PREVIOUS_NODE = ("previous_node", "Previous Entity", ("Shift+Tab", "Left", "Up"))
NEXT_EDGE = ("next_edge", "Next Link of the Entity", ("PgDown",))
PREVIOUS_EDGE = ("previous_edge", "Previous Link of the Entity", ("PgUp",))
OPEN_ITEM = ("open_item", "The Entity's Connections, or the Documents of the Link", ("Return", "Enter"))
BACK_TO_NODE = ("back_to_node", "From a Link Back to Its Entity", ("Escape",))

NETWORK_KEYS = (NEXT_NODE, PREVIOUS_NODE, NEXT_EDGE, PREVIOUS_EDGE, OPEN_ITEM, BACK_TO_NODE)

# What F1 and the README list: (menu, command (where), keys), the keys spelt as every row's are
# (widget_keys.key_names).
CHART_KEY_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    [("Search", f"{text} (in a chart)", keys) for _, text, keys in (TOGGLE_TABLE, SAVE_CHART)]
    + [("Search", f"{text} (in the timeline)", keys) for _, text, keys in TIMELINE_KEYS]
    + [("Search", f"{text} (in the network)", keys) for _, text, keys in NETWORK_KEYS]
)
