"""Plain helpers (not fixtures: fixtures live only in tests/conftest.py) that write
small test inputs into a test's ``tmp_path``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfWriter

ENGLISH = (
    "The group claimed responsibility for the attack on the army base near Mosul on "
    "Friday, and officials said that at least twelve soldiers were killed in the assault."
)
ENGLISH_2 = (
    "Security forces later arrested three men who were suspected of planning the raid, "
    "according to a statement from the interior ministry."
)
GERMAN = (
    "Die Gruppe bekannte sich zu dem Anschlag auf den Armeestützpunkt bei Mossul im "
    "Norden des Landes, wie die Behörden mitteilten."
)


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
) -> Path:
    """A PDF with one page per list; each string is a paragraph (wrapped by fpdf2)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(created or datetime(2021, 10, 8, tzinfo=UTC))
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    pdf.output(str(path))
    return path


def make_blank_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold only a drawn shape: what a scan looks like to a text reader."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 150, style="F")
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str) -> Path:
    """A copy of ``source`` encrypted with pypdf (an empty user password opens freely)."""
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    with target.open("wb") as handle:
        writer.write(handle)
    return target
