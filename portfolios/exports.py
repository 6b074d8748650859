"""The whole portfolio as one zip, for the candidate to keep after the program: each artifact's file, read
through the storage API (the private folder or S3 alike), and an index.html of the artifacts and reflections
by topic."""

import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from cto_mentor.uploads import download_name

from . import selectors
from .models import Artifact, Portfolio

SPOOL_BYTES = 10 * 1024 * 1024  # a larger zip is written to a temporary file, not kept in memory


@dataclass
class TopicEntries:
    tag: str
    artifacts: list = field(default_factory=list)  # (artifact, its path in the zip or "" if not a file)
    reflections: list = field(default_factory=list)


def _place(entry) -> tuple:
    """Where an entry's tag stands: session by number, its topics in order, the program as a whole last."""
    session = entry.session or (entry.topic.session if entry.topic_id else None)
    number = session.number if session is not None and session.number else 0
    topic = (entry.topic.order, entry.topic.name) if entry.topic_id else (-1, "")
    return (session is None, number, *topic)


def by_topic(artifacts, reflections, paths: dict) -> list[TopicEntries]:
    groups: dict[str, TopicEntries] = {}
    places = {}
    for artifact in artifacts:
        group = groups.setdefault(artifact.tag, TopicEntries(artifact.tag))
        group.artifacts.append((artifact, paths.get(artifact.pk, "")))
        places.setdefault(artifact.tag, _place(artifact))
    for reflection in reflections:
        groups.setdefault(reflection.tag, TopicEntries(reflection.tag)).reflections.append(reflection)
        places.setdefault(reflection.tag, _place(reflection))
    return sorted(groups.values(), key=lambda group: places[group.tag])


def _add_file(archive: zipfile.ZipFile, artifact: Artifact, path: str) -> bool:
    """Copy the stored file into the zip a chunk at a time; False when storage no longer has it."""
    try:
        with artifact.file.open("rb") as stored, archive.open(path, "w") as copy:
            shutil.copyfileobj(stored, copy)
    except FileNotFoundError:
        return False
    return True


def export_name(portfolio: Portfolio) -> str:
    return f"portfolio-{slugify(portfolio.candidate.display_name) or 'candidate'}-{portfolio.cohort.slug}.zip"


def portfolio_zip(*, portfolio: Portfolio, viewer, now=None):
    """A file object at its start holding the zip of what `viewer` may see: the whole portfolio for the
    candidate, the entries marked ready for review for the program manager."""
    artifacts = selectors.artifacts_of(portfolio, viewer=viewer)
    reflections = selectors.reflections_of(portfolio, viewer=viewer)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    paths = {}
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, artifact in enumerate((a for a in artifacts if a.is_file), start=1):
            path = f"files/{number:02d}-{download_name(artifact)}"
            if _add_file(archive, artifact, path):
                paths[artifact.pk] = path
        context = {
            "portfolio": portfolio,
            "cohort": portfolio.cohort,
            "topics": by_topic(artifacts, reflections, paths),
            "exported_at": now or timezone.now(),
        }
        archive.writestr("index.html", render_to_string("portfolios/export_index.html", context))
    spool.seek(0)
    return spool
