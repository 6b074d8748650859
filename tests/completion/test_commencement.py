import base64
import io
import re
import zipfile
import zlib
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from completion import services
from completion.certificates import certificate_pdf, filled_text
from completion.models import Completion, CompletionSettings
from cto_mentor.notifications.models import Message

from ..files import pdf_bytes
from ..portfolios.factories import ArtifactFactory, PortfolioFactory, ReflectionFactory


def test_mark_completed_records_and_emails_the_certificate(
    cohort, people, give_evidence, django_capture_on_commit_callbacks
):
    give_evidence(people["candidate"])

    with django_capture_on_commit_callbacks(execute=True):
        completion = services.mark_completed(
            cohort=cohort, candidate=people["candidate"], actor=people["program_manager"]
        )

    assert completion.completed_on == timezone.localdate(timezone.now(), cohort.tz)
    [email] = mail.outbox
    assert email.to == [people["candidate"].email]
    assert email.subject == f"You completed the {cohort}: your certificate"
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype, content[:5]) == ("certificate.pdf", "application/pdf", b"%PDF-")
    assert people["candidate"].display_name.encode() in content  # the document's title names them


def test_mark_completed_refused_while_anything_is_missing(cohort, people, give_evidence):
    give_evidence(people["candidate"], skip={"final"})

    with pytest.raises(ValidationError) as refusal:
        services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])

    assert "9. Complete the final oral presentation" in refusal.value.messages[0]
    assert (Completion.objects.count(), Message.objects.count()) == (0, 0)


@pytest.mark.parametrize("actor", ["mentor", "candidate", "manager_of_other_cohort"])
def test_mark_completed_refused_to_anyone_but_the_program_manager(cohort, people, give_evidence, actor):
    give_evidence(people["candidate"])

    with pytest.raises(ValidationError):
        services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people[actor])

    assert Completion.objects.count() == 0


def test_mark_completed_twice_is_refused(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])

    with pytest.raises(ValidationError, match="already"):
        services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])

    assert Message.objects.filter(notice="program_completed").count() == 1


def test_certificate_text_placeholders_filled(cohort, people):
    cohort.classes_start, cohort.commencement = date(2018, 2, 2), date(2018, 11, 12)
    text = filled_text(
        text="{name} · {cohort} · {program} · {classes_start} to {commencement}",
        cohort=cohort,
        name="Ada Lovelace",
        completed_on=cohort.commencement,
    )
    assert text == (
        f"Ada Lovelace · {cohort.name} · {cohort.program.name} · Fri, Feb 2, 2018 to Mon, Nov 12, 2018"
    )


def drawn_text(pdf: bytes) -> str:
    """What the certificate's page draws: ReportLab's content stream, ASCII85 over Flate."""
    [stream] = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
    return zlib.decompress(base64.a85decode(stream.strip(), adobe=True)).decode("latin-1")


def test_certificate_pdf_writes_the_completion_day_as_pages_do(cohort):
    pdf = certificate_pdf(
        text="{name}\n\nCompleted on {completed_on}.",
        cohort=cohort,
        name="Ada Lovelace",
        completed_on=date(2018, 11, 12),
    )

    assert "(Completed on Mon, Nov 12, 2018.) Tj" in drawn_text(pdf)


def test_settings_unknown_placeholder_refused_on_the_page_with_the_text_kept(client, cohort, people):
    client.force_login(people["program_manager"])

    response = client.post(
        reverse("completion:settings", args=[cohort.slug]),
        {"mentor_meetings_per_month": "2", "certificate_text": "Well done, {nickname}!"},
    )

    assert response.status_code == 200
    assert "Unknown placeholder(s): {nickname}." in response.text
    assert "Well done, {nickname}!" in response.text
    assert not CompletionSettings.objects.exists()


def test_settings_saved_text_is_the_certificate(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    client.force_login(people["program_manager"])
    client.post(
        reverse("completion:settings", args=[cohort.slug]),
        {"mentor_meetings_per_month": "1", "certificate_text": "Bravo {name}, {cohort}"},
    )
    completion = services.mark_completed(
        cohort=cohort, candidate=people["candidate"], actor=people["program_manager"]
    )

    assert CompletionSettings.objects.get().certificate_text == "Bravo {name}, {cohort}"
    assert (
        filled_text(
            text=services.settings_of(completion.cohort).certificate_text,
            cohort=cohort,
            name="X",
            completed_on=completion.completed_on,
        )
        == f"Bravo X, {cohort.name}"
    )


def test_outbox_attachment_kept_as_base64_is_sent_as_bytes(cohort, people, give_evidence):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])

    [attachment] = Message.objects.get(notice="program_completed").attachments

    assert base64.b64decode(attachment["content_base64"])[:5] == b"%PDF-"


def test_commencement_page_lists_ready_and_what_others_miss(client, cohort, people, give_evidence):
    give_evidence(people["candidate"], skip={"final"})
    give_evidence(people["other_candidate"], skip={"final", "mentor", "feedback"})
    client.force_login(people["program_manager"])

    page = client.get(reverse("completion:commencement", args=[cohort.slug])).text

    ready = page[page.index("Ready for the final presentation (1)") : page.index("Not ready")]
    not_ready = page[page.index("Not ready") : page.index("Completed (0)")]
    assert str(people["candidate"]) in ready
    assert str(people["other_candidate"]) in not_ready
    assert "2. Communicate consistently with the mentor: No mentor is paired yet" in not_ready
    assert "10. Give constructive feedback to the program: Feedback on the program as a whole" in not_ready


def test_complete_page_asks_first_then_marks(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    client.force_login(people["program_manager"])
    url = reverse("completion:complete", args=[cohort.slug, people["candidate"].pk])

    assert "has met all ten responsibilities" in client.get(url).text
    assert Completion.objects.count() == 0
    response = client.post(url, follow=True)

    assert f"{people['candidate']} completed the program" in response.text
    assert Completion.objects.get().candidate == people["candidate"]


def test_complete_page_refusal_shown_and_nothing_changes(client, cohort, people, give_evidence):
    give_evidence(people["candidate"], skip={"portfolio"})
    client.force_login(people["program_manager"])

    response = client.post(reverse("completion:complete", args=[cohort.slug, people["candidate"].pk]))

    assert "has not met every responsibility yet: 7. Build a professional portfolio" in response.text
    assert Completion.objects.count() == 0


@pytest.mark.parametrize("role", ["candidate", "mentor", "program_manager"])
def test_certificate_downloaded_by_candidate_mentor_and_manager(client, cohort, people, give_evidence, role):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])
    client.force_login(people[role])

    response = client.get(reverse("completion:certificate", args=[cohort.slug, people["candidate"].pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


@pytest.mark.parametrize("role", ["other_candidate", "other_mentor", "instructor", "manager_of_other_cohort"])
def test_certificate_refused_to_others(client, cohort, people, give_evidence, role):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])
    client.force_login(people[role])

    assert (
        client.get(reverse("completion:certificate", args=[cohort.slug, people["candidate"].pk])).status_code
        == 404
    )


def test_certificate_of_a_candidate_not_completed_is_404(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    client.force_login(people["candidate"])

    assert (
        client.get(reverse("completion:certificate", args=[cohort.slug, people["candidate"].pk])).status_code
        == 404
    )


def test_progress_page_of_completed_candidate_offers_the_certificate(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])
    client.force_login(people["candidate"])

    page = client.get(reverse("completion:progress", args=[cohort.slug, people["candidate"].pk])).text

    assert "Completed the program on" in page
    assert reverse("completion:certificate", args=[cohort.slug, people["candidate"].pk]) in page
    assert f'<th scope="col">{cohort.classes_start:%B %Y}</th>' in page  # the mentor meetings of each month


def test_archive_lists_the_graduates(client, cohort, people, give_evidence):
    give_evidence(people["candidate"])
    give_evidence(people["other_candidate"], skip={"final"})
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])
    client.force_login(people["program_manager"])

    page = client.get(reverse("cohorts:archive", args=[cohort.slug])).text

    graduates = page[page.index("Candidates and completion") :]
    assert (
        "1 of 2 candidates met all ten responsibilities and completed the program: its graduates."
        in graduates
    )
    assert str(people["candidate"]) in graduates
    assert str(people["other_candidate"]) not in graduates


# Portfolio export -------------------------------------------------------------------------------------


def test_portfolio_export_zip_holds_the_files_and_an_index_by_topic(
    client, cohort, people, give_evidence, year
):
    from django.core.files.base import ContentFile

    from cto_mentor.uploads import PDF

    portfolio = give_evidence(people["candidate"])
    ArtifactFactory(
        portfolio=portfolio,
        title="Budget <draft>",
        link="",
        file=ContentFile(pdf_bytes(), name="budget.pdf"),
        original_name="budget.pdf",
        content_type=PDF.mime,
        size=len(pdf_bytes()),
    )
    ReflectionFactory(portfolio=portfolio, title="On the program", body="A year well spent.")
    client.force_login(people["candidate"])

    response = client.get(reverse("portfolios:export", args=[portfolio.pk]))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["files/01-budget.pdf", "index.html"]
    assert archive.read("files/01-budget.pdf") == pdf_bytes()
    index = archive.read("index.html").decode()
    session_part = index[index.index("<h2>Session 1 — Leadership and Strategic Planning</h2>") :]
    assert "District technology plan" in session_part.split("<h2>")[1]
    assert "What the plan taught me" in session_part.split("<h2>")[1]
    assert '<a href="files/01-budget.pdf">budget.pdf</a>' in index
    assert "Budget &lt;draft&gt;" in index
    whole = index[index.index("<h2>The program as a whole</h2>") :]
    assert "A year well spent." in whole


@pytest.mark.parametrize(
    ("role", "status"), [("program_manager", 200), ("mentor", 404), ("other_candidate", 404)]
)
def test_portfolio_export_for_the_candidate_and_the_manager_only(client, cohort, people, role, status):
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    client.force_login(people[role])

    assert client.get(reverse("portfolios:export", args=[portfolio.pk])).status_code == status


# Undoing a completion ---------------------------------------------------------------------------------


def test_undo_page_asks_first_then_the_certificate_is_no_longer_offered(
    client, cohort, people, give_evidence
):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])
    client.force_login(people["program_manager"])
    url = reverse("completion:uncomplete", args=[cohort.slug, people["candidate"].pk])
    certificate = reverse("completion:certificate", args=[cohort.slug, people["candidate"].pk])

    completed_on = Completion.objects.get().completed_on
    assert url in client.get(reverse("completion:commencement", args=[cohort.slug])).text
    asked = client.get(url).text
    assert "Undo the completion" in asked
    assert (
        f"completed the program on {completed_on:%a, %b} {completed_on.day}, {completed_on.year}. Undone"
        in asked
    )
    assert Completion.objects.count() == 1
    response = client.post(url, follow=True)

    assert f"{people['candidate']} is no longer marked as having completed the program" in response.text
    assert Completion.objects.count() == 0
    assert Completion.history.latest().history_user == people["program_manager"]
    client.force_login(people["candidate"])
    progress = client.get(reverse("completion:progress", args=[cohort.slug, people["candidate"].pk])).text
    assert "Completed the program on" not in progress
    assert certificate not in progress
    assert client.get(certificate).status_code == 404


def test_undo_without_a_completion_is_refused_on_the_page(client, cohort, people):
    client.force_login(people["program_manager"])

    response = client.post(reverse("completion:uncomplete", args=[cohort.slug, people["candidate"].pk]))

    assert f"{people['candidate']} is not marked as having completed the program." in response.text


@pytest.mark.parametrize("actor", ["mentor", "candidate", "manager_of_other_cohort"])
def test_undo_refused_to_anyone_but_the_program_manager(cohort, people, give_evidence, actor):
    give_evidence(people["candidate"])
    services.mark_completed(cohort=cohort, candidate=people["candidate"], actor=people["program_manager"])

    with pytest.raises(ValidationError):
        services.unmark_completed(cohort=cohort, candidate=people["candidate"], actor=people[actor])

    assert Completion.objects.count() == 1
