"""Small server-rendered SVG charts: legible without JavaScript, each with its numbers as a table.

A chart is built from plain numbers and labels; every label is escaped, the SVG carries `role="img"` with a
<title> and <desc>, and each mark has its own <title> (a tooltip for the mouse). The same numbers go into
`Chart.rows` so the page can show them in a table for screen readers and for anyone who would rather read.
"""

import html
from dataclasses import dataclass, field
from itertools import count

from django.core.paginator import Page
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b5ed7"  # Bootstrap's primary, darkened: 4.5:1 against white for the labels drawn on it
TRACK = "#e9ecef"
TEXT = "#212529"
LABEL_WIDTH = 190
BAR_WIDTH = 300
ROW_HEIGHT = 28
_ids = count(1)


def escape(text) -> str:
    """The text as Django's escape() writes it, without that function's check for lazy strings and its SafeString:
    the cohort dashboard escapes some 1,300 labels and cells, and those cost about 1 ms of its CPU."""
    return html.escape(str(text))


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

    @property
    def table_rows(self) -> SafeString:
        """The table's body: each row's first cell is its header. Built here rather than by template tags per
        cell: the heat map's table alone has 25 × 18 cells."""
        return mark_safe(  # noqa: S308 - every cell went through escape()
            "".join(
                f'<tr><th scope="row">{escape(row[0])}</th>'
                + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
                + "</tr>"
                for row in self.rows
            )
        )


def _svg(*, title: str, description: str, width: int, height: int, body: list[str]) -> SafeString:
    n = next(_ids)
    return mark_safe(  # noqa: S308 - every piece of text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="chart-{n}-title chart-{n}-desc">'
        f'<title id="chart-{n}-title">{escape(title)}</title><desc id="chart-{n}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _clip(label: str, limit: int = 28) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, float]], *, title: str, unit: str = "", description: str = "") -> Chart:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 70
    body = []
    for i, (label, value) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        length = round(BAR_WIDTH * value / top)
        shown = f"{value:g}{(' ' + unit) if unit else ''}"
        body.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" fill="{TEXT}" font-size="13">'
            f"{escape(_clip(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH}" height="{ROW_HEIGHT - 8}" fill="{TRACK}"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW_HEIGHT - 8}" fill="{BAR}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 18}" fill="{TEXT}" font-size="13">{value:g}</text>'
            "</g>"
        )
    svg = _svg(title=title, description=description or title, width=width, height=height, body=body)
    return Chart(title, svg, ["", unit.capitalize() or "Number"], [[label, value] for label, value in rows])


def progress_chart(
    rows: list[tuple[str, int, int]], *, title: str, done_label: str = "Done", description: str = ""
) -> Chart:
    """One bar per (label, done, total), filled to done/total, with "done of total" written beside it."""
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 110
    body = []
    table = []
    for i, (label, done, total) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        share = done / total if total else 0
        length = round(BAR_WIDTH * share)
        shown = f"{done} of {total} ({share:.0%})"
        body.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" fill="{TEXT}" font-size="13">'
            f"{escape(_clip(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH}" height="{ROW_HEIGHT - 8}" fill="{TRACK}"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW_HEIGHT - 8}" fill="{BAR}"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 18}" fill="{TEXT}" font-size="13">'
            f"{escape(shown)}</text></g>"
        )
        table.append([label, done, total, f"{share:.0%}"])
    svg = _svg(title=title, description=description or title, width=width, height=height, body=body)
    return Chart(title, svg, ["", done_label, "Out of", "Share"], table)


# Heat map shades from none to full, each paired with a word so colour is never the only signal.
HEAT = ["#f8d7da", "#fde5b4", "#d1e7dd", "#75b798", "#198754"]


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
    size = 22
    left = LABEL_WIDTH
    top = 110
    width = left + size * max(len(column_labels), 1) + 70  # the last rotated labels reach past the grid
    grid_bottom = top + size * max(len(row_labels), 1)
    height = grid_bottom + (40 if legend else 10)
    body = []
    x = 0
    for level, word in legend:
        body.append(
            f'<rect x="{x + 1}" y="{grid_bottom + 14}" width="14" height="14" fill="{_shade(level)}" '
            f'stroke="#adb5bd"/><text x="{x + 20}" y="{grid_bottom + 26}" fill="{TEXT}" font-size="12">'
            f"{escape(word)}</text>"
        )
        x += 30 + 7 * len(word)
    width = max(width, x)
    column_titles = [escape(label) for label in column_labels]
    for c, label in enumerate(column_labels):
        x = left + c * size + size / 2
        body.append(
            f'<text transform="translate({x + 4},{top - 6}) rotate(-60)" fill="{TEXT}" font-size="11">'
            f"{escape(_clip(label, 18))}</text>"
        )
    for r, label in enumerate(row_labels):
        y = top + r * size
        row_title = escape(label)
        body.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="{TEXT}" font-size="13">'
            f"{escape(_clip(label))}</text>"
        )
        for c, cell in enumerate(cells[r]):
            x = left + c * size
            level, word = cell if cell is not None else (None, "not recorded")
            body.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{size - 2}" height="{size - 2}" fill="{_shade(level)}" '
                f'stroke="#adb5bd"><title>{row_title}, {column_titles[c]}: {escape(word)}</title></rect>'
            )
    svg = _svg(title=title, description=description or title, width=width, height=height, body=body)
    rows = [
        [label] + ["—" if cell is None else cell[1] for cell in cells[r]]
        for r, label in enumerate(row_labels)
    ]
    if not column_labels:
        rows = []  # nothing recorded can be pictured before the first meeting is scheduled
    return Chart(title, svg, [""] + list(column_labels), rows)
