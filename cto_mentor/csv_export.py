"""CSV downloads: streamed a chunk of rows at a time, so an export of any size holds little in memory, and every
text cell kept from running as a formula when the file is opened in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# A cell starting with one of these is read by Excel, LibreOffice or Google Sheets as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """`value`, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return f"'{value}"
    return value


def spreadsheet_row(row: Iterable) -> list:
    return [spreadsheet_text(cell) for cell in row]


def csv_text(rows: Iterable[list], *, rows_per_chunk: int = 200) -> Iterator[str]:
    """`rows` as CSV text, a chunk of rows at a time: few enough writes to the client, little in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, row in enumerate(rows, start=1):
        writer.writerow(spreadsheet_row(row))
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def streamed_csv(rows: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    """A download of `rows` (the header first), written as the client reads it. `rows` should be a generator
    over a queryset's `.iterator(chunk_size=...)`, so that the rows are never all in memory at once."""
    response = StreamingHttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
