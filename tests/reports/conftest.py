from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from verbinding.reports import ReportData
from verbinding.reports.sample import sample_report_data

# Every character typst or matplotlib could read as markup, in one name.
TRICKY_NAME = 'Anne #1 *x* $y$ [z] \\ "q" _u_ @v <w>'


@pytest.fixture
def report_data() -> ReportData:
    return sample_report_data(person=TRICKY_NAME)


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, with line breaks and repeated spaces folded to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
