"""CSV downloads: streamed a row at a time, so an export of any size holds one row in memory, and every text
cell kept from running as a formula when the file is opened in a spreadsheet."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

# A cell starting with one of these is read by Excel, LibreOffice or Google Sheets as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """`value`, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return f"'{value}"
    return value


class _Echo:
    """A file-like object whose write() returns what it is given, for csv.writer to format one row at a time."""

    def write(self, value):
        return value


def streamed_csv(rows: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    """A download of `rows` (the header first), written as the client reads it. `rows` should be a generator
    over a queryset's `.iterator(chunk_size=...)`, so that the rows are never all in memory at once."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([spreadsheet_text(cell) for cell in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
