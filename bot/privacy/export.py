"""What /mydata sends: everything stored about the person, as JSON (complete, machine-readable) and as a PDF
(to read)."""

from datetime import datetime

from bot.privacy.export_json import export_personal_json
from bot.storage.records import PersonalData


def export_personal_pdf(data: PersonalData, language: str, *, generated_at: datetime | None = None) -> bytes:
    """bot.privacy.export_pdf's, imported on first use: fpdf and its fonts need not sit in memory before."""
    from bot.privacy.export_pdf import export_personal_pdf as render

    return render(data, language, generated_at=generated_at)


__all__ = ["export_personal_json", "export_personal_pdf"]
