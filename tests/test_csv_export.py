import csv
import io

from cto_mentor.csv_export import csv_text


def test_rows_come_in_chunks_and_read_back_whole():
    rows = [["name", "note"]] + [[f"person {n}", "line one\nline two"] for n in range(449)]
    chunks = list(csv_text(iter(rows), rows_per_chunk=200))
    assert len(chunks) == 3  # 200, 200 and the last 50 rows: written as read, never the whole file at once
    assert list(csv.reader(io.StringIO("".join(chunks)))) == rows


def test_text_a_spreadsheet_would_run_is_kept_as_text():
    (chunk,) = csv_text([["=SUM(A1:A9)", "+1", "-2", "@x", "plain", 3]])
    assert next(csv.reader(io.StringIO(chunk))) == ["'=SUM(A1:A9)", "'+1", "'-2", "'@x", "plain", "3"]
