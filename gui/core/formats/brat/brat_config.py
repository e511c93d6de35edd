"""brat's configuration files: the entity types of `annotation.conf`, the names and colours of
`visual.conf`; read into TypeDisplay values, written for an export."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from gui.core.colours.palette import Palette, TypeDisplay, TypeStyle
from gui.core.model.document import decode_bytes
from gui.core.model.regular_file import open_regular

ANNOTATION_CONF = "annotation.conf"
VISUAL_CONF = "visual.conf"
# A corpus's own types get a colour and a place in the legend each; more than this many is not a
# set of types anyone reads, and colouring them costs the window time.
MAX_TYPES = 1_000
# A real configuration file is a few kilobytes: beyond this size only its beginning is read.
MAX_CONF_BYTES = 1_000_000
# Unusable colours are reported one by one up to this many, then counted.
MAX_COLOUR_PROBLEMS = 5
_ANNOTATION_SECTIONS = frozenset({"entities", "relations", "events", "attributes"})
# Older names of sections that brat still reads (its TDT example corpus has [spans]).
_SECTION_ALIASES = {"spans": "entities"}
_VISUAL_SECTIONS = frozenset({"labels", "drawing", "options"})
# [drawing] entries that style every span, arc or attribute rather than one type.
_DRAWING_DEFAULTS = frozenset({"SPAN_DEFAULT", "ARC_DEFAULT", "ATTRIBUTE_DEFAULT"})
# Drawing properties only relations and attributes have: their entries are not span types.
_NOT_SPAN_PROPERTIES = frozenset({"arrowHead", "arrowColor", "dashArray", "glyph", "position", "box"})
# Patterns are compiled when first used (`re` keeps them): a start that never needs one never
# compiles it.
_SECTION = r"\[\s*([^\]]*?)\s*\]\s*$"
_SEPARATOR = r"-+"  # a line of hyphens: brat draws a line between groups of types
_HEX_COLOUR = r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})"

# The CSS named colours (CSS Color Module Level 4), which brat's visual.conf may use.
_CSS_COLOURS = dict(
    pair.split(":")
    for pair in """
    aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc
    bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a
    burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50
    cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b
    darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b
    darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000
    darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f
    darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff
    dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0
    forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700
    goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0
    hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa
    lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080
    lightcyan:e0ffff lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3
    lightpink:ffb6c1 lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa
    lightslategray:778899 lightslategrey:778899 lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00
    limegreen:32cd32 linen:faf0e6 magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa
    mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371
    mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585
    midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead
    navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500 orangered:ff4500
    orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093
    papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6
    purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1
    saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee
    sienna:a0522d silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090
    snow:fffafa springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8
    tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5
    yellow:ffff00 yellowgreen:9acd32
    """.split()
)


def parse_colour(value: str) -> str | None:
    """A brat colour ('#rgb', '#rrggbb' or a CSS name) as '#rrggbb'; None if it is none of these."""
    value = value.strip()
    match = re.compile(_HEX_COLOUR).fullmatch(value)
    if match:
        digits = match.group(1).lower()
        return "#" + (digits if len(digits) == 6 else "".join(digit * 2 for digit in digits))
    name = _CSS_COLOURS.get(value.lower())
    return f"#{name}" if name else None


def _conf_lines(path: Path, problems: list[str]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, section, stripped line) of a configuration file's meaningful lines; an
    unreadable file adds a problem and gives nothing."""
    try:
        with open_regular(path) as file:  # a named pipe in its place must not block the reader
            data = file.read(MAX_CONF_BYTES + 1)
            size = os.fstat(file.fileno()).st_size
    except FileNotFoundError:
        return
    except OSError as error:
        problems.append(f"Cannot read {path.name}: {error.strerror or type(error).__name__}; it is ignored.")
        return
    if len(data) > MAX_CONF_BYTES:
        # Up to the last whole line: no type name or UTF-8 character is cut in two.
        data = data[: data.rfind(b"\n", 0, MAX_CONF_BYTES) + 1]
        problems.append(
            f"{path.name} is {size / 1e6:,.1f} MB, too big for a configuration file: only its first "
            f"{MAX_CONF_BYTES / 1e6:,.0f} MB is read."
        )
    text, notices = decode_bytes(data)
    problems.extend(f"{path.name}: {notice}" for notice in notices)
    section: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        # brat's comments are whole lines starting with '#'.
        if not line or line.startswith("#"):
            continue
        header = re.compile(_SECTION).match(line)
        if header:
            section = header.group(1).lower()
            section = _SECTION_ALIASES.get(section, section)
            continue
        if re.compile(_SEPARATOR).fullmatch(line):
            continue
        yield number, section, line


def _check_section(
    name: str, number: int, section: str | None, known: frozenset[str], problems: list[str], seen: set[str]
) -> bool:
    """Whether a line's section is one the file may have; says once per section when it is not."""
    if section in known:
        return True
    key = section or ""
    if key not in seen:
        seen.add(key)
        where = f"the section [{section}] is not one brat knows" if section else "lines before any section"
        problems.append(f"{name} line {number}: {where}; its lines are ignored.")
    return False


def _read_annotation_conf(path: Path, problems: list[str]) -> tuple[list[str], set[str]]:
    """The span types of annotation.conf ([entities], then event triggers of [events]) in order,
    and the names of its relations and attributes, which are not span types."""
    entities: list[str] = []
    events: list[str] = []
    others: set[str] = set()
    unknown: set[str] = set()
    for number, section, line in _conf_lines(path, problems):
        if not _check_section(path.name, number, section, _ANNOTATION_SECTIONS, problems, unknown):
            continue
        # The first word names the type; `<MACRO>=...` definitions and `<OVERLAP>` rules start
        # with '<', and '!' marks an abstract type that only groups others and is never annotated.
        name = line.split()[0].split("|")[0]
        if not name or name.startswith(("<", "!")):
            continue
        if section == "entities":
            entities.append(name)
        elif section == "events":
            events.append(name)
        else:
            others.add(name.rstrip(":"))
    return list(dict.fromkeys(entities + events)), others


def _read_visual_conf(
    path: Path, problems: list[str]
) -> tuple[dict[str, str], dict[str, str | None], list[str]]:
    """The long names of visual.conf's [labels], the background colours of its [drawing] (None
    when an entry has none or an unusable one), and the span types it names, in order."""
    names: dict[str, str] = {}
    colours: dict[str, str | None] = {}
    order: list[str] = []
    unknown: set[str] = set()
    bad_colours = 0
    for number, section, line in _conf_lines(path, problems):
        if not _check_section(path.name, number, section, _VISUAL_SECTIONS, problems, unknown):
            continue
        if section == "labels":
            parts = [part.strip() for part in line.split("|")]
            label = parts[0]
            # The first form after the type is the full name; the others are abbreviations.
            names.setdefault(label, parts[1] if len(parts) > 1 else "")
            order.append(label)
        elif section == "drawing":
            label, *rest = line.split(None, 1)
            properties = dict(_properties(rest[0] if rest else ""))
            if _NOT_SPAN_PROPERTIES & properties.keys():
                continue
            colour = properties.get("bgColor")
            background = parse_colour(colour) if colour is not None else None
            if colour is not None and background is None and colour.lower() != "transparent":
                bad_colours += 1
                if bad_colours <= MAX_COLOUR_PROBLEMS:
                    problems.append(
                        f"{path.name} line {number}: the colour {colour!r} of {label} is not a colour "
                        "Seedview knows (use #rrggbb or a CSS colour name); it is ignored."
                    )
            colours.setdefault(label, background)
            if label not in _DRAWING_DEFAULTS:
                order.append(label)
    if bad_colours > MAX_COLOUR_PROBLEMS:
        problems.append(
            f"{path.name}: {bad_colours - MAX_COLOUR_PROBLEMS:,} more colours Seedview does not know "
            "are ignored."
        )
    return names, colours, list(dict.fromkeys(order))


def _properties(text: str) -> Iterator[tuple[str, str]]:
    """The `key:value` pairs of a [drawing] entry."""
    for item in text.split(","):
        key, colon, value = item.partition(":")
        if colon:
            yield key.strip(), value.strip()


def read_type_config(folder: Path) -> tuple[list[TypeDisplay], list[str]]:
    """The span types a brat folder's annotation.conf and visual.conf declare, with their names
    and colours, in annotation.conf's order (then those only visual.conf names); and what was
    wrong with the files, in words. Missing files give nothing; bad ones never raise."""
    problems: list[str] = []
    declared, not_spans = _read_annotation_conf(folder / ANNOTATION_CONF, problems)
    names, colours, visual_order = _read_visual_conf(folder / VISUAL_CONF, problems)
    # SPAN_DEFAULT's colour is not given to each type: Seedview keeps types apart by colour.
    known = set(declared) | not_spans
    only_visual = [label for label in visual_order if label not in known]
    kept = declared[:MAX_TYPES]
    room = MAX_TYPES - len(kept)
    kept += only_visual[:room]
    if len(declared) > MAX_TYPES:
        problems.append(
            _too_many_types(folder / ANNOTATION_CONF, len(declared), "", len(declared) - MAX_TYPES)
        )
    if len(only_visual) > room:
        also, left_out = f" that {ANNOTATION_CONF} does not", len(only_visual) - room
        problems.append(_too_many_types(folder / VISUAL_CONF, len(only_visual), also, left_out))
    displays = [TypeDisplay(label, names.get(label, ""), colours.get(label)) for label in kept]
    return displays, problems


def type_config_bytes(folder: Path) -> int:
    """How many bytes a folder's annotation.conf and visual.conf hold together (0 if none)."""
    size = 0
    for name in (ANNOTATION_CONF, VISUAL_CONF):
        try:
            size += (folder / name).stat().st_size
        except OSError:  # missing or unreadable: reading it will say so
            continue
    return size


def _too_many_types(path: Path, found: int, which: str, left_out: int) -> str:
    """The notice for a configuration file that declares more types than Seedview takes."""
    try:
        # Only the beginning of a file too big was read (MAX_CONF_BYTES): it may declare more.
        more = "at least " if path.stat().st_size > MAX_CONF_BYTES else ""
    except OSError:
        more = ""
    return (
        f"{path.name} declares {more}{found:,} entity {'type' if found == 1 else 'types'}{which}; "
        f"Seedview takes at most "
        f"{MAX_TYPES:,} from a corpus's configuration, so {more}{left_out:,} "
        f"{'is' if left_out == 1 and not more else 'are'} ignored (their entities still show, in "
        "spare colours)."
    )


def _clean(text: str) -> str:
    """Text safe in one field of a configuration line: no '|', tab or line break."""
    return " ".join(text.replace("|", "/").split())


def brat_type(label: str) -> str:
    """A label as a brat type name, which has no whitespace."""
    return "_".join(label.split()) or "Entity"


def annotation_conf_text(labels: Iterable[str]) -> str:
    """annotation.conf for the given entity types; overlapping spans allowed, as Seedview has them."""
    types = dict.fromkeys(brat_type(label) for label in labels)
    lines = ["# Entity types of a Seedview export.", "[entities]", *types, "", "[relations]"]
    # brat refuses overlapping spans unless the configuration allows them.
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "", "[attributes]"]
    return "\n".join(lines) + "\n"


def visual_conf_text(labels: Iterable[str], palette: Palette) -> str:
    """visual.conf giving each type the palette's description as its full name, and its colours."""
    styles: dict[str, TypeStyle] = {}
    for label in labels:
        styles.setdefault(brat_type(label), palette.style(label))
    lines = ["# Names and colours of a Seedview export.", "[labels]"]
    # brat shows the full name where there is room and the type itself where there is not.
    lines += [f"{name} | {_clean(style.description) or name} | {name}" for name, style in styles.items()]
    lines += ["", "[drawing]", "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken"]
    lines += [f"{name}\tbgColor:{style.background}, fgColor:{style.text}" for name, style in styles.items()]
    return "\n".join(lines) + "\n"
