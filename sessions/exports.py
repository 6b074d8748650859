"""The attendance CSV's rows, read a chunk of candidates at a time so that a cohort's rows are never all in
memory at once (the download streams them through `cto_mentor.csv_export.streamed_csv`)."""

from cohorts.models import Cohort
from cto_mentor.dates import moment_text

from . import selectors

CHUNK_SIZE = 500


def attendance_rows(*, cohort: Cohort, chunk_size: int = CHUNK_SIZE):
    """The header, then one row per candidate, by name: e-mail, whether anything short of full attendance is
    recorded, and the status at each meeting of the cohort (headed by its session and local start time).
    One query for the meetings, one for the candidates, one for the marks of each chunk of candidates."""
    meetings = selectors.meetings_of(cohort=cohort)
    yield ["Candidate", "E-mail", "Short of full attendance"] + [
        f"{m.session}, {moment_text(m.starts_at, cohort)}" for m in meetings
    ]
    chunk = []
    for person in selectors.candidates_in(cohort=cohort).iterator(chunk_size=chunk_size):
        chunk.append(person)
        if len(chunk) == chunk_size:
            yield from _rows(chunk, meetings)
            chunk = []
    if chunk:
        yield from _rows(chunk, meetings)


def _rows(people, meetings):
    # The grid's rows (and its rule of "short of full attendance"), for one chunk of people.
    for row in selectors._attendance_rows(people, meetings):
        yield [str(row.person), row.person.email, "yes" if row.short else "no"] + [
            cell.status_label if cell else "" for cell in row.cells
        ]
