"""Small server-rendered SVG charts: legible without JavaScript, each with its numbers as a table.

A chart is built from plain numbers and labels; the SVG is written with `format_html`/`format_html_join`, so
every label is escaped. It carries `role="img"` with a <title> and <desc>, and each mark has its own <title>
(a tooltip for the mouse). The same numbers go into `Chart.rows`, which `templates/dashboard/_chart.html`
shows as a table for screen readers and for anyone who would rather read.
"""

from dataclasses import dataclass, field
from uuid import uuid4

from django.core.paginator import Page, Paginator
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

BAR = "#0b5ed7"  # Bootstrap's primary, darkened: 4.5:1 against white for the labels drawn on it
TRACK = "#e9ecef"
TEXT = "#212529"
LABEL_WIDTH = 190
BAR_WIDTH = 300
ROW_HEIGHT = 28


@dataclass
class Chart:
    """An SVG picture and the same numbers as a table (`columns` are the headers, `rows` the cells)."""

    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    description: str = ""
    # A chart of a long list pictures one page of it; the page and its query parameter give the pager.
    page: Page | None = None
    page_param: str = "page"

    @property
    def is_empty(self):
        return not self.rows

    def __getstate__(self):
        """A paged chart is kept (`cto_mentor.figures`) with the number of rows, not the query that listed
        them all."""
        state = self.__dict__.copy()
        if self.page is not None:
            listed = self.page.paginator
            state["page"] = Page(
                self.page.object_list,
                self.page.number,
                Paginator(range(listed.count), listed.per_page, listed.orphans),
            )
        return state

    @property
    def table(self) -> list[tuple]:
        """The table's body as (row header, other cells) for the template: each row's first cell heads it."""
        return [(row[0], row[1:]) for row in self.rows]


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
    'width="{width}" preserveAspectRatio="xMinYMin meet" aria-labelledby="chart-{n}-title chart-{n}-desc">'
    '<title id="chart-{n}-title">{title}</title><desc id="chart-{n}-desc">{description}</desc>{body}</svg>'
)


def _svg(*, title: str, description: str, width: int, height: int, body: SafeString) -> SafeString:
    # A random id: unique on a page that shows charts kept by other processes (`cto_mentor.figures`).
    n = uuid4().hex[:12]
    return format_html(SVG, width=width, height=height, n=n, title=title, description=description, body=body)


def _clip(label: str, limit: int = 28) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


# One row of a bar or progress chart: its label, the grey track, the bar filled to `length`, and what it says.
BAR_ROW = (
    "<g><title>{label}: {shown}</title>"
    '<text x="{label_x}" y="{text_y}" text-anchor="end" fill="{text}" font-size="13">{clipped}</text>'
    '<rect x="{left}" y="{bar_y}" width="{track}" height="{bar_height}" fill="{track_colour}"/>'
    '<rect x="{left}" y="{bar_y}" width="{length}" height="{bar_height}" fill="{bar_colour}"/>'
    '<text x="{said_x}" y="{text_y}" fill="{text}" font-size="13">{said}</text></g>'
)


def _bar_rows(bars) -> SafeString:
    """`bars`: (label, length of the bar, the tooltip's words, the words beside the bar, where they start)."""
    return format_html_join(
        "",
        BAR_ROW,
        (
            {
                "label": label,
                "shown": shown,
                "label_x": LABEL_WIDTH - 8,
                "text_y": 4 + i * ROW_HEIGHT + 18,
                "text": TEXT,
                "clipped": _clip(label),
                "left": LABEL_WIDTH,
                "bar_y": 4 + i * ROW_HEIGHT + 4,
                "track": BAR_WIDTH,
                "bar_height": ROW_HEIGHT - 8,
                "track_colour": TRACK,
                "length": length,
                "bar_colour": BAR,
                "said_x": said_x,
                "said": said,
            }
            for i, (label, length, shown, said, said_x) in enumerate(bars)
        ),
    )


def bar_chart(rows: list[tuple[str, float]], *, title: str, unit: str = "", description: str = "") -> Chart:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 70
    bars = []
    for label, value in rows:
        length = round(BAR_WIDTH * value / top)
        shown = f"{value:g}{(' ' + unit) if unit else ''}"
        bars.append((label, length, shown, f"{value:g}", LABEL_WIDTH + length + 6))
    svg = _svg(
        title=title, description=description or title, width=width, height=height, body=_bar_rows(bars)
    )
    return Chart(title, svg, ["", unit.capitalize() or "Number"], [[label, value] for label, value in rows])


def progress_chart(
    rows: list[tuple[str, int, int]], *, title: str, done_label: str = "Done", description: str = ""
) -> Chart:
    """One bar per (label, done, total), filled to done/total, with "done of total" written beside it."""
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 110
    bars = []
    table = []
    for label, done, total in rows:
        share = done / total if total else 0
        shown = f"{done} of {total} ({share:.0%})"
        bars.append((label, round(BAR_WIDTH * share), shown, shown, LABEL_WIDTH + BAR_WIDTH + 6))
        table.append([label, done, total, f"{share:.0%}"])
    svg = _svg(
        title=title, description=description or title, width=width, height=height, body=_bar_rows(bars)
    )
    return Chart(title, svg, ["", done_label, "Out of", "Share"], table)


# Heat map shades from none to full, each paired with a word so colour is never the only signal.
HEAT = ["#f8d7da", "#fde5b4", "#d1e7dd", "#75b798", "#198754"]
CELL = 22
LEGEND_KEY = (
    '<rect x="{x}" y="{y}" width="14" height="14" fill="{shade}" stroke="#adb5bd"/>'
    '<text x="{text_x}" y="{text_y}" fill="{text}" font-size="12">{word}</text>'
)
COLUMN_LABEL = '<text transform="translate({x},{y}) rotate(-60)" fill="{text}" font-size="11">{label}</text>'
ROW_LABEL = '<text x="{x}" y="{y}" text-anchor="end" fill="{text}" font-size="13">{label}</text>'
HEAT_CELL = (
    '<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{shade}" stroke="#adb5bd">'
    "<title>{row}, {column}: {word}</title></rect>"
)


def _shade(level: float | None) -> str:
    if level is None:
        return "#ffffff"
    return HEAT[min(int(level * (len(HEAT) - 1) + 0.5), len(HEAT) - 1)]


def heat_map(
    row_labels: list[str],
    column_labels: list[str],
    cells: list[list[tuple[float, str] | None]],
    *,
    title: str,
    description: str = "",
    legend: list[tuple[float, str]] = (),
) -> Chart:
    """A grid of shaded squares: `cells[r][c]` is (level from 0 to 1, word for it) or None (nothing yet).

    `legend` lists (level, word) pairs drawn as a key under the grid (level None: nothing recorded).
    """
    left = LABEL_WIDTH
    top = 110
    width = left + CELL * max(len(column_labels), 1) + 70  # the last rotated labels reach past the grid
    grid_bottom = top + CELL * max(len(row_labels), 1)
    height = grid_bottom + (40 if legend else 10)
    keys, x = [], 0
    for level, word in legend:
        keys.append(
            {
                "x": x + 1,
                "y": grid_bottom + 14,
                "shade": _shade(level),
                "text_x": x + 20,
                "text_y": grid_bottom + 26,
                "text": TEXT,
                "word": word,
            }
        )
        x += 30 + 7 * len(word)
    width = max(width, x)
    # Every piece of a cell is escaped once here, not once for each of the grid's hundreds of cells:
    # format_html passes what is already escaped (SafeString) through as it is.
    row_titles = [conditional_escape(label) for label in row_labels]
    column_titles = [conditional_escape(label) for label in column_labels]
    column_x = [conditional_escape(left + c * CELL + 1) for c in range(len(column_labels))]
    looks = {None: (conditional_escape(_shade(None)), conditional_escape("not recorded"))}
    size = conditional_escape(CELL - 2)
    body = [
        format_html_join("", LEGEND_KEY, keys),
        format_html_join(
            "",
            COLUMN_LABEL,
            (
                {"x": left + c * CELL + CELL / 2 + 4, "y": top - 6, "text": TEXT, "label": _clip(label, 18)}
                for c, label in enumerate(column_labels)
            ),
        ),
    ]
    for r, label in enumerate(row_labels):
        y = top + r * CELL
        body.append(format_html(ROW_LABEL, x=left - 8, y=y + 15, text=TEXT, label=_clip(label)))
        cell_y = conditional_escape(y + 1)
        cells_of_row = []
        for c, cell in enumerate(cells[r]):
            if cell not in looks:
                looks[cell] = (conditional_escape(_shade(cell[0])), conditional_escape(cell[1]))
            shade, word = looks[cell]
            cells_of_row.append(
                {
                    "x": column_x[c],
                    "y": cell_y,
                    "size": size,
                    "shade": shade,
                    "row": row_titles[r],
                    "column": column_titles[c],
                    "word": word,
                }
            )
        body.append(format_html_join("", HEAT_CELL, cells_of_row))
    svg = _svg(
        title=title,
        description=description or title,
        width=width,
        height=height,
        body=format_html_join("", "{}", ((part,) for part in body)),
    )
    rows = [
        [label] + ["—" if cell is None else cell[1] for cell in cells[r]]
        for r, label in enumerate(row_labels)
    ]
    if not column_labels:
        rows = []  # nothing recorded can be pictured before the first meeting is scheduled
    return Chart(title, svg, [""] + list(column_labels), rows)
