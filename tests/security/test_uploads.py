"""Hostile file names and contents through every upload view, and how every download is served.

Whatever name a browser sends (folders, NUL bytes, 300 characters), the stored file gets a name made by the
server inside the model's upload folder; the name shown for the download is cleaned. Downloads are attachments
with a fixed type, `nosniff` and a sandboxing policy, so a PDF with HTML inside can never run as a page.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from applications.models import Resume
from cto_mentor.uploads import DOCX, JPEG, PDF, download_name, name_for_kind
from portfolios.models import Artifact
from sessions.models import AssignmentAttachment, SubmissionFile

from ..files import exe_bytes, html_bytes, pdf_bytes, upload

HOSTILE_NAMES = {
    "traversal": "../../x.pdf",
    "absolute": "/etc/passwd.pdf",
    "windows": "..\\..\\boot.ini.pdf",
    "nul byte": "resume\x00.html.pdf",
    "300 characters": "a" * 296 + ".pdf",
    "html name": "<script>alert(1)</script>.pdf",
}
PDF_WITH_HTML = pdf_bytes("x") + b"<html><body><script>alert(document.cookie)</script></body></html>"


def post_resume(client, world, uploaded):
    client.force_login(world.people["applicant"])
    response = client.post(reverse("applications:resume", args=[world.draft.pk]), {"resume": uploaded})
    return response, Resume.objects.get(application=world.draft)


def post_submission(client, world, uploaded):
    client.force_login(world.people["candidate"])
    response = client.post(
        reverse("class_sessions:submit", args=[world.assignment.pk]), {"text": "", "files": [uploaded]}
    )
    return response, SubmissionFile.objects.exclude(pk=world.submission_file.pk).last()


def post_attachment(client, world, uploaded):
    client.force_login(world.people["instructor"])
    due = (world.meeting.starts_at - timedelta(days=1)).astimezone(world.cohort.tz)
    data = {
        "title": "Reading",
        "instructions": "Read it.",
        "due_at": due.strftime("%Y-%m-%dT%H:%M"),
        "attachments": [uploaded],
    }
    response = client.post(reverse("class_sessions:assignment_create", args=[world.session.pk]), data)
    return response, AssignmentAttachment.objects.exclude(pk=world.attachment.pk).last()


def post_artifact(client, world, uploaded):
    client.force_login(world.people["candidate"])
    response = client.post(
        reverse("portfolios:add_artifact", args=[world.portfolio.pk]), {"title": "Plan", "upload": uploaded}
    )
    return response, Artifact.objects.exclude(pk=world.artifact.pk).last()


UPLOAD_VIEWS = {
    "resume": (post_resume, "resumes"),
    "submission": (post_submission, "submissions"),
    "assignment attachment": (post_attachment, "assignments"),
    "portfolio artifact": (post_artifact, "artifacts"),
}


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_upload_with_hostile_name_is_stored_under_a_server_made_name(client, world, view, name):
    post, folder = UPLOAD_VIEWS[view]
    response, stored = post(client, world, upload(HOSTILE_NAMES[name], pdf_bytes()))
    assert response.status_code == 302
    assert re.fullmatch(rf"{folder}/[0-9a-f]{{32}}\.pdf", stored.file.name)
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    on_disk = Path(stored.file.path).resolve()
    assert on_disk.parent == root / folder
    assert on_disk.read_bytes() == pdf_bytes()
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    assert "\x00" not in stored.original_name and "<" not in stored.original_name
    assert len(stored.original_name) <= 120
    assert stored.original_name.endswith(".pdf")


def stored_files(world):
    """What the upload views may have stored, to show that a refused upload stores nothing."""
    return (
        list(Resume.objects.values_list("file", flat=True)),
        list(SubmissionFile.objects.values_list("file", flat=True)),
        list(AssignmentAttachment.objects.values_list("file", flat=True)),
        list(Artifact.objects.values_list("file", flat=True)),
    )


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (html_bytes(), "This file is not one of the accepted types"),
        (exe_bytes(), "This file is not one of the accepted types"),
        (b"", "The submitted file is empty."),
    ],
)
def test_upload_of_a_wrong_kind_is_refused_with_a_message(client, world, view, content, message):
    post = UPLOAD_VIEWS[view][0]
    before = stored_files(world)
    response, _ = post(client, world, upload("innocent.pdf", content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files(world) == before


DOWNLOADS = {
    "resume": ("applications:download_resume", "application", "applicant"),
    "submission file": ("class_sessions:submission_file", "submission_file", "candidate"),
    "assignment attachment": ("class_sessions:attachment", "attachment", "candidate"),
    "portfolio artifact": ("portfolios:download_artifact", "artifact", "candidate"),
}


@pytest.mark.parametrize("download", DOWNLOADS)
def test_download_is_an_attachment_with_fixed_type_and_nosniff(client, world, download):
    name, attribute, role = DOWNLOADS[download]
    client.force_login(world.people[role])
    response = client.get(reverse(name, args=[getattr(world, attribute).pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


STORED = {  # the object of each download whose file the storage holds
    "resume": lambda world: world.application.resume,
    "submission file": lambda world: world.submission_file,
    "assignment attachment": lambda world: world.attachment,
    "portfolio artifact": lambda world: world.artifact,
}


@pytest.mark.parametrize("download", DOWNLOADS)
def test_download_of_a_file_lost_from_storage_says_so(client, world, download, caplog):
    name, attribute, role = DOWNLOADS[download]
    stored = STORED[download](world)
    stored.file.storage.delete(stored.file.name)
    client.force_login(world.people[role])
    response = client.get(reverse(name, args=[getattr(world, attribute).pk]))
    assert response.status_code == 404
    assert "File unavailable" in response.content.decode()
    assert f"Stored file {stored.file.name}" in caplog.text


def download_url(view, world, stored):
    """Where the file just uploaded through `view` is downloaded."""
    return {
        "resume": reverse("applications:download_resume", args=[world.draft.pk]),
        "submission": reverse("class_sessions:submission_file", args=[stored.pk]),
        "assignment attachment": reverse("class_sessions:attachment", args=[stored.pk]),
        "portfolio artifact": reverse("portfolios:download_artifact", args=[stored.pk]),
    }[view]


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
def test_pdf_with_html_inside_is_downloaded_never_rendered(client, world, view):
    post = UPLOAD_VIEWS[view][0]
    response, stored = post(client, world, upload("page.html", PDF_WITH_HTML, "text/html"))
    assert response.status_code == 302
    assert (stored.content_type, stored.file.name.endswith(".pdf")) == ("application/pdf", True)
    response = client.get(download_url(view, world, stored))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_WITH_HTML


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
def test_download_name_ends_with_the_extension_of_the_detected_type(client, world, view):
    post = UPLOAD_VIEWS[view][0]
    response, stored = post(client, world, upload("resume.docx", pdf_bytes()))
    assert response.status_code == 302
    assert (stored.original_name, download_name(stored)) == ("resume.docx", "resume.pdf")
    response = client.get(download_url(view, world, stored))
    assert response["Content-Disposition"] == 'attachment; filename="resume.pdf"'


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("resume.docx", PDF, "resume.pdf"),
        ("page.html", PDF, "page.pdf"),
        ("resume.PDF", PDF, "resume.PDF"),
        ("photo.jpeg", JPEG, "photo.jpeg"),
        ("plan.pdf", DOCX, "plan.docx"),
        ("resume", PDF, "resume.pdf"),
        ("Budget v1.2", PDF, "Budget v1.2.pdf"),
        ("Dr. Smith resume", PDF, "Dr. Smith resume.pdf"),
    ],
)
def test_name_for_kind_replaces_a_wrong_extension_and_keeps_a_right_one(name, kind, expected):
    assert name_for_kind(name, kind) == expected


def test_job_download_is_an_attachment_with_nosniff(client, world):
    client.force_login(world.people["program_manager"])
    response = client.get(reverse("jobs:download", args=[world.job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="applications.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
