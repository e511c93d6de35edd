"""The fixed parts of the HTML export: the style sheet and the page skeletons, apart from the logic.

Fields are `string.Template` placeholders (`$name`), so the CSS needs no brace doubling. Every
value put into them is already escaped HTML, built by `gui.core.formats.html.export_html`.
"""

from __future__ import annotations

from string import Template

PAGE_BACKGROUND = "#ffffff"

# The bars under overlapping spans: a BAR_PX-high bar per layer, one ROW_PX row apart.
BAR_PX = 3
ROW_PX = 4
TEXT_LINE_HEIGHT = 1.6  # em: the text container's lines, before room for bars

STYLE_SHEET = """\
:root { color-scheme: light; }
body {
  margin: 0 auto; max-width: 75rem; padding: 0.75rem 1.5rem 3rem;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5;
  color: #1b1b1b; background: #ffffff;
}
.top { display: inline-block; margin: 0 1.5rem 0.25rem 0; }
a { color: #0b57a4; }
#labels { margin: 0 0.35em 0 0; vertical-align: -0.1em; }
h1 { font-size: 1.45rem; line-height: 1.3; margin: 0.5rem 0 0.2rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
.meta, .summary { margin: 0.1rem 0; color: #474747; }
.notices {
  margin: 0.5rem 0; padding: 0.4rem 0.8rem 0.4rem 2rem;
  background: #fff4ce; border-left: 4px solid #8a6d00;
}
.layout {
  display: grid; grid-template-columns: minmax(0, 1fr) minmax(14rem, 20rem);
  gap: 2rem; align-items: start; margin-top: 1rem;
}
@media (max-width: 50rem) { .layout { grid-template-columns: minmax(0, 1fr); } }
.text {
  white-space: pre-wrap; overflow-wrap: anywhere;
  overflow: hidden; /* a letter with thousands of combining marks stays inside the text */
  font-size: 1.05rem; line-height: TEXT_LINE_HEIGHTem;
}
.label {
  display: inline-block; margin: 0 0.1em 0 0.2em; padding: 0 0.3em; line-height: 1.25;
  border: 1px solid; border-radius: 0.3em; font-size: 0.7em; font-weight: 600;
  font-variant: all-small-caps; letter-spacing: 0.04em; vertical-align: 0.1em; white-space: nowrap;
  user-select: none; -webkit-user-select: none;
}
/* The label is generated content: never selected, never copied with the text. */
.label::after { content: attr(data-label); }
.label.more { border-style: dashed; } /* counts the spans nested too deep to label */
#labels:not(:checked) ~ * .label { display: none; }
.legend, .documents { border-collapse: collapse; }
.legend { width: 100%; }
.legend th, .legend td, .documents th, .documents td {
  text-align: left; vertical-align: top; padding: 0.25rem 0.4rem;
}
.legend thead th, .documents thead th { border-bottom: 1px solid #8c8c8c; }
.documents tbody tr:nth-child(even) { background: #f3f3f3; }
.count { text-align: right; font-variant-numeric: tabular-nums; }
.legend td.count, .documents td.count { text-align: right; }
.swatch {
  display: inline-block; width: 1.1em; height: 1.1em; vertical-align: -0.2em;
  border: 1px solid #5c5c5c; border-radius: 3px;
}
.tag { padding: 0 0.3em; border-radius: 3px; white-space: nowrap; }
.types .tag { display: inline-block; margin: 0 0.3em 0.2em 0; font-size: 0.85em; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap;
}
.review { color: #444; }
.note-text { white-space: pre-wrap; border-left: 3px solid #ccc; padding-left: 0.6em; }
@media print {
  #labels, label[for="labels"], .top { display: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
""".replace("TEXT_LINE_HEIGHT", str(TEXT_LINE_HEIGHT))

# The checkbox comes before the header and the text: the CSS hides the labels in the elements after
# it (`~`), so it must be their sibling, not inside a paragraph.
# The start of every page: both kinds share it.
PAGE_HEAD = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Seedview">
<title>$title</title>
<style>
$style</style>
</head>
<body>
"""

DOCUMENT_PAGE = Template(PAGE_HEAD + """\
$back<input type="checkbox" id="labels" checked> <label for="labels">Show entity labels</label>
<header>
<h1><bdi>$title</bdi></h1>
<p class="meta">$date · <bdi>$file</bdi></p>
<p class="summary">$summary</p>
$review$notices</header>
<div class="layout">
<main>
<h2 class="visually-hidden">Text</h2>
<div class="text" id="text">$text</div>
</main>
<aside aria-labelledby="legend-heading">
<h2 id="legend-heading">Entity types</h2>
$legend</aside>
</div>
</body>
</html>
""")

BACK_LINK = Template('<nav class="top"><a href="$href">← All documents</a></nav>\n')

NOTICES = Template('<ul class="notices" aria-label="Notices about the file">\n$items</ul>\n')

LEGEND_TABLE = Template("""\
<table class="legend">
<thead><tr><th><span class="visually-hidden">Colour</span></th><th>Type</th>\
<th>Description</th><th class="count">Count</th></tr></thead>
<tbody>
$rows</tbody>
</table>
""")

LEGEND_ROW = Template(
    '<tr><td><span class="swatch $css_class"></span></td><td><span class="tag $css_class">$label</span></td>'
    '<td>$description</td><td class="count">$count</td></tr>\n'
)

NO_ENTITIES = '<p>No entities in this document.</p>\n'

INDEX_PAGE = Template(PAGE_HEAD + """\
<header>
<h1><bdi>$title</bdi></h1>
<p class="summary">$summary</p>
</header>
<main>
<table class="documents">
<thead><tr><th>Title</th><th>Date</th><th class="count">Entities</th><th>Types</th></tr></thead>
<tbody>
$rows</tbody>
</table>
</main>
</body>
</html>
""")

INDEX_ROW = Template(
    '<tr><td><a href="$href"><bdi>$title</bdi></a>$review</td><td>$date</td><td class="count">$count</td>'
    '<td class="types">$types</td></tr>\n'
)

# The reader's marks (read, starred, tags) and note, when the export carries them.
REVIEW = Template('<p class="review">$marks</p>\n')
NOTE = Template('<section class="note" aria-labelledby="note-heading"><h2 id="note-heading">Note</h2>\n'
                '<p class="note-text">$note</p></section>\n')
INDEX_REVIEW = Template(' <span class="review">$marks</span>')
