import pytest
from django.core.exceptions import ValidationError

from cto_mentor.uploads import DOCUMENTS, DOCX, PDF, WORK_PRODUCTS, check_upload, safe_name

from .files import docx_bytes, exe_bytes, html_bytes, pdf_bytes, upload


def test_check_upload_accepts_pdf_and_docx_by_content():
    assert check_upload(upload("cv.pdf", pdf_bytes())) == PDF
    assert check_upload(upload("cv.docx", docx_bytes())) == DOCX
    assert check_upload(upload("no-extension", pdf_bytes())) == PDF


@pytest.mark.parametrize("content", [exe_bytes(), html_bytes(), b"just text"])
def test_check_upload_refuses_other_content_renamed_to_pdf(content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload("resume.pdf", content))
    assert error.value.code == "file_type"
    assert "whatever its name says" in error.value.message


def test_check_upload_refuses_oversize_and_empty_files():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("big.pdf", pdf_bytes() + b"0" * 2048), max_bytes=1024)
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        check_upload(upload("empty.pdf", b""))
    assert error.value.code == "empty"


def test_work_products_accept_more_kinds_than_documents():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert check_upload(upload("chart.png", png, "image/png"), kinds=WORK_PRODUCTS).extension == "png"
    with pytest.raises(ValidationError):
        check_upload(upload("chart.png", png, "image/png"), kinds=DOCUMENTS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("re\x00sume.pdf", "resume.pdf"),
        ("", "file"),
        ('a"b<c>.pdf', "abc.pdf"),
    ],
)
def test_safe_name_strips_folders_and_control_characters(name, expected):
    assert safe_name(name) == expected


def test_safe_name_shortens_long_names_and_keeps_the_extension():
    name = safe_name("x" * 300 + ".pdf")
    assert len(name) == 120
    assert name.endswith(".pdf")
