"""Uploaded files: the type is decided from the content, the size is capped, the stored name is made by the
server, and a download is streamed as an attachment only after the caller has checked permission.

Resumes, assignment submissions and portfolio artifacts all use this module.
"""

import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    extension: str
    mime: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"
)
DOC = FileKind("doc", "application/msword", "Word (.doc)")
PPTX = FileKind(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"
)
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PNG = FileKind("png", "image/png", "PNG image")
JPEG = FileKind("jpg", "image/jpeg", "JPEG image")

DOCUMENTS = (PDF, DOCX, DOC)
WORK_PRODUCTS = (PDF, DOCX, DOC, PPTX, XLSX, PNG, JPEG)
KINDS_BY_MIME = {kind.mime: kind for kind in WORK_PRODUCTS}
MAX_UPLOAD_BYTES = settings.MAX_UPLOAD_BYTES


def detect_kind(uploaded, kinds) -> FileKind | None:
    """The kind among `kinds` that the file's content shows, whatever its name says."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    guess = filetype.guess(head)
    # .docx, .pptx and .xlsx are zip files: their kind shows in the archive's entries, past the first bytes.
    if guess is None or guess.mime == "application/zip":
        guess = filetype.guess(uploaded.read())
        uploaded.seek(0)
    kind = KINDS_BY_MIME.get(guess.mime) if guess else None
    return kind if kind in kinds else None


def check_upload(uploaded, *, kinds=DOCUMENTS, max_bytes: int = MAX_UPLOAD_BYTES) -> FileKind:
    """Raise a ValidationError that says what is wrong, or return the file's kind."""
    allowed = ", ".join(kind.label for kind in kinds)
    if uploaded.size == 0:
        raise ValidationError("The file is empty. Choose the file again.", code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            f"The file is {filesizeformat(uploaded.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="too_large",
        )
    kind = detect_kind(uploaded, kinds)
    if kind is None:
        raise ValidationError(
            f"This file is not one of the accepted types ({allowed}), whatever its name says.",
            code="file_type",
        )
    return kind


class UploadField(forms.FileField):
    """A file field that accepts only `kinds`, checked from the content; the cleaned file carries `.kind`."""

    def __init__(self, *, kinds=DOCUMENTS, max_bytes: int = MAX_UPLOAD_BYTES, **kwargs):
        self.kinds, self.max_bytes = kinds, max_bytes
        kwargs.setdefault(
            "help_text",
            f"{', '.join(k.label for k in kinds)}; at most {filesizeformat(max_bytes)}.",
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(f".{k.extension}" for k in kinds) + ",.jpeg" * (JPEG in kinds)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial:
            uploaded.kind = check_upload(uploaded, kinds=self.kinds, max_bytes=self.max_bytes)
        return uploaded


def safe_name(name: str, limit: int = 120) -> str:
    """A display name without folders, control characters or odd punctuation, kept for the download only."""
    name = unicodedata.normalize("NFKC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", name).strip(" .") or "file"
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return name[:limit]
    return f"{stem[: limit - len(extension) - 1]}.{extension[:10]}"


# Extensions that name the same kind as its own one.
_SAME_EXTENSIONS = {"jpg": {"jpg", "jpeg"}}


def name_for_kind(name: str, kind: FileKind) -> str:
    """`name` ending with the extension of the kind found in the file: a PDF uploaded as `resume.docx` is
    downloaded as `resume.pdf`, so the computer opens it with the right program. The wrong extension is replaced,
    not kept before the right one (`resume.docx.pdf`): a system that hides known extensions would show that
    as `resume.docx`, the very name that misleads. A suffix that is no extension (`Budget v1.2`) is kept."""
    stem, dot, extension = name.rpartition(".")
    if dot and extension.lower() in _SAME_EXTENSIONS.get(kind.extension, {kind.extension}):
        return name
    if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,5}", extension) and not extension.isdigit():
        return f"{stem}.{kind.extension}"
    return f"{name}.{kind.extension}"


def private_path(instance, filename: str) -> str:
    """A name made by the server: the model's folder, a random id and the extension of the detected kind."""
    return f"{instance.upload_folder}/{uuid.uuid4().hex}.{KINDS_BY_MIME[instance.content_type].extension}"


class PrivateFile(models.Model):
    """An uploaded file kept in private storage, with the name and type it was uploaded with."""

    upload_folder = "files"

    file = models.FileField(upload_to=private_path, max_length=200)
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def set_upload(self, uploaded) -> None:
        """Take a file cleaned by an UploadField; saving the model stores it."""
        self.content_type = uploaded.kind.mime
        self.original_name = safe_name(uploaded.name)
        self.size = uploaded.size
        self.file = uploaded


def download_name(stored: PrivateFile) -> str:
    """The name a stored file is downloaded under: the uploaded one, with the extension of its detected kind
    (a file of another type, such as a job's CSV export named by the server, keeps its name)."""
    kind = KINDS_BY_MIME.get(stored.content_type)
    return name_for_kind(stored.original_name, kind) if kind else stored.original_name


def download_response(request, stored: PrivateFile):
    """The file as an attachment with a fixed type; on S3 a redirect to a short-lived signed URL.

    Call only after checking that the user may see the object the file belongs to.
    """
    if not isinstance(stored.file.storage, FileSystemStorage):
        disposition = content_disposition_header(as_attachment=True, filename=download_name(stored))
        return HttpResponseRedirect(
            stored.file.storage.url(
                stored.file.name,
                parameters={
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": stored.content_type,
                },
            )
        )
    try:
        content = stored.file.open("rb")
    except OSError:
        logger.exception("Stored file %s of %r cannot be read", stored.file.name, stored)
        return render(request, "file_missing.html", {"name": stored.original_name}, status=404)
    response = FileResponse(
        content,
        as_attachment=True,
        filename=download_name(stored),
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
